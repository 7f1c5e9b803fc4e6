/**
 * The kiosk at /kiosk: finds its key (set up by staff), loads its store, then runs the check-in flow
 * (flow.ts) screen by screen, with the idle timeout and the retry screen over whichever is showing.
 */
import { type Dispatch, useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { type ApiFailure, callApi } from '../api/api-client.ts';
import { holdsPersonalData, initialKioskState, type KioskAction, type KioskScreen, kioskReducer } from './flow.ts';
import { KioskContext, type KioskContextValue, type KioskStore } from './kiosk-context.ts';
import { forgetKioskKey, storedKioskKey, storeKioskKey } from './kiosk-key.ts';
import { IdleWarning } from './parts/idle-warning.tsx';
import { StaffExitDialog, StoreHeader } from './parts/staff-exit.tsx';
import { BirthDateScreen } from './screens/birth-date-screen.tsx';
import { CheckedInScreen } from './screens/checked-in-screen.tsx';
import { ConfirmScreen } from './screens/confirm-screen.tsx';
import { ErasedScreen } from './screens/erased-screen.tsx';
import { NotFoundScreen } from './screens/not-found-screen.tsx';
import { NotSetUpScreen } from './screens/not-set-up-screen.tsx';
import { OfflineScreen } from './screens/offline-screen.tsx';
import { PhoneScreen } from './screens/phone-screen.tsx';
import { ProfileScreen } from './screens/profile-screen.tsx';
import { RenewCardScreen } from './screens/renew-card-screen.tsx';
import { SignupScreen } from './screens/signup-screen.tsx';
import { TooManyTriesScreen } from './screens/too-many-tries-screen.tsx';
import { UnderageScreen } from './screens/underage-screen.tsx';
import { WelcomeScreen } from './screens/welcome-screen.tsx';
import { useIdleTimeout } from './use-idle-timeout.ts';
import '../styles/base.css';
import './kiosk.css';

type Setup =
  | { status: 'loading' }
  | { status: 'notSetUp'; reason: 'noKey' | 'keyRefused' }
  | { status: 'offline' }
  | { status: 'ready'; key: string; store: KioskStore };

export function KioskApp() {
  const [key, setKey] = useState(storedKioskKey);
  const [setup, setSetup] = useState<Setup>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` is the retry button's trigger to load again
  useEffect(() => {
    if (!key) {
      setSetup({ status: 'notSetUp', reason: 'noKey' });
      return;
    }
    let current = true;
    void (async () => {
      const answer = await callApi<KioskStore>('/kiosk/store', { token: key });
      if (!current) return;
      if (answer.ok) setSetup({ status: 'ready', key, store: answer.body });
      else if (answer.failure.kind === 'network' || answer.failure.status >= 500) setSetup({ status: 'offline' });
      else setSetup({ status: 'notSetUp', reason: 'keyRefused' });
    })();
    return () => {
      current = false;
    };
  }, [key, attempt]);

  const configured = useCallback((newKey: string) => {
    storeKioskKey(newKey);
    setKey(newKey);
  }, []);

  return (
    <div className="kiosk">
      {setup.status === 'loading' ? <p className="kiosk-loading">Starting…</p> : null}
      {setup.status === 'notSetUp' ? <NotSetUpScreen reason={setup.reason} onConfigured={configured} /> : null}
      {setup.status === 'offline' ? (
        <OfflineScreen onRetry={() => setAttempt((n) => n + 1)} onStartOver={() => setAttempt((n) => n + 1)} />
      ) : null}
      {setup.status === 'ready' ? (
        <KioskFlow
          kioskKey={setup.key}
          store={setup.store}
          onLeave={() => {
            forgetKioskKey();
            setKey(null);
          }}
          onKeyRefused={() => setSetup({ status: 'notSetUp', reason: 'keyRefused' })}
        />
      ) : null}
    </div>
  );
}

/**
 * One kiosk session after another. Everything a screen is given is bound to the current visit
 * (`forVisit`): an answer arriving after the person left (idle, "Not me", staff exit) changes nothing,
 * shows no retry and no "Too many tries" over the next person's screen. While an overlay shows (retry,
 * staff, idle warning), what is under it is inert, so focus and screen readers stay in the overlay.
 */
function KioskFlow({
  kioskKey,
  store,
  onLeave,
  onKeyRefused,
}: {
  kioskKey: string;
  store: KioskStore;
  onLeave: () => void;
  /** The kiosk key stopped working (revoked while the kiosk ran): back to "not set up". */
  onKeyRefused: () => void;
}) {
  const [state, dispatchAny] = useReducer(kioskReducer, undefined, () => initialKioskState());
  const [retry, setRetry] = useState<{ visit: number; again: () => void } | null>(null);
  const [staffOpen, setStaffOpen] = useState(false);
  const visit = state.visit;
  const currentVisit = useRef(visit);
  currentVisit.current = visit;

  const dispatch = useCallback<Dispatch<KioskAction>>(
    (action) => dispatchAny(action.type === 'reset' ? action : { ...action, forVisit: visit }),
    [visit],
  );

  const failed = useCallback(
    (failure: ApiFailure, again: () => void) => {
      if (currentVisit.current !== visit) return true; // the visit is over: nothing to show
      if (failure.kind === 'network') {
        setRetry({ visit, again });
        return true;
      }
      if (failure.status === 429) {
        dispatchAny({ type: 'show', screen: { name: 'tooManyTries' }, forVisit: visit });
        return true;
      }
      if (failure.status === 401) {
        // A 401 is the kiosk key's or the customer token's (which the screen handles): only the key
        // itself answers whether it still works.
        void callApi('/kiosk/store', { token: kioskKey }).then((check) => {
          if (!check.ok && check.failure.kind === 'problem' && [401, 403].includes(check.failure.status))
            onKeyRefused();
        });
      }
      return false;
    },
    [visit, kioskKey, onKeyRefused],
  );

  const reset = useCallback(() => {
    setRetry(null);
    setStaffOpen(false);
    dispatchAny({ type: 'reset' });
  }, []);
  const { phase, stillHere } = useIdleTimeout(holdsPersonalData(state) || staffOpen, reset);

  const context = useMemo<KioskContextValue>(
    () => ({ state, dispatch, kioskKey, store, failed }),
    [state, dispatch, kioskKey, store, failed],
  );

  const warning = phase.phase === 'warning';
  const shownRetry = retry && retry.visit === visit ? retry : null;
  const covered = warning || staffOpen || shownRetry !== null;
  return (
    <KioskContext.Provider value={context}>
      <div className="kiosk-frame" inert={covered}>
        <StoreHeader storeName={store.store.name} onStaff={() => setStaffOpen(true)} />
        <main className="kiosk-main" key={visit}>
          {screenFor(state.screen)}
        </main>
      </div>
      {shownRetry ? (
        <div className="kiosk-frame" inert={warning || staffOpen}>
          <OfflineScreen
            onRetry={() => {
              setRetry(null);
              shownRetry.again();
            }}
            onStartOver={reset}
          />
        </div>
      ) : null}
      {staffOpen ? (
        <div className="kiosk-frame" inert={warning}>
          <StaffExitDialog onLeave={onLeave} onClose={() => setStaffOpen(false)} />
        </div>
      ) : null}
      {warning ? <IdleWarning secondsLeft={phase.secondsLeft} onStillHere={stillHere} /> : null}
    </KioskContext.Provider>
  );
}

function screenFor(screen: KioskScreen) {
  switch (screen.name) {
    case 'phone':
      return <PhoneScreen />;
    case 'birthDate':
      return <BirthDateScreen />;
    case 'confirm':
      return <ConfirmScreen />;
    case 'notFound':
      return <NotFoundScreen />;
    case 'welcome':
      return <WelcomeScreen note={screen.note} />;
    case 'signup':
      return <SignupScreen />;
    case 'underage':
      return <UnderageScreen customerType={screen.customerType} />;
    case 'profile':
      return <ProfileScreen />;
    case 'renewCard':
      return <RenewCardScreen expiredOn={screen.expiredOn} />;
    case 'erased':
      return <ErasedScreen />;
    case 'checkedIn':
      return <CheckedInScreen callName={screen.callName} orderRef={screen.orderRef} />;
    case 'tooManyTries':
      return <TooManyTriesScreen />;
  }
}
