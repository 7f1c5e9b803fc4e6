/**
 * The kiosk at /kiosk: finds its key (set up by staff), loads its store, then runs the check-in flow
 * (flow.ts) screen by screen, with the idle timeout and the retry screen over whichever is showing.
 */
import { useCallback, useEffect, useMemo, useReducer, useState } from 'react';
import { type ApiFailure, callApi } from '../api/api-client.ts';
import { holdsPersonalData, initialKioskState, type KioskScreen, kioskReducer } from './flow.ts';
import { KioskContext, type KioskContextValue, type KioskStore } from './kiosk-context.ts';
import { forgetKioskKey, storedKioskKey, storeKioskKey } from './kiosk-key.ts';
import { IdleWarning } from './parts/idle-warning.tsx';
import { BirthDateScreen } from './screens/birth-date-screen.tsx';
import { CheckedInScreen } from './screens/checked-in-screen.tsx';
import { ConfirmScreen } from './screens/confirm-screen.tsx';
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
        />
      ) : null}
    </div>
  );
}

/** Leaving kiosk mode (staff exit) forgets the key; `onLeave` is given to the staff exit. */
function KioskFlow({ kioskKey, store }: { kioskKey: string; store: KioskStore; onLeave: () => void }) {
  const [state, dispatch] = useReducer(kioskReducer, undefined, () => initialKioskState());
  const [retry, setRetry] = useState<(() => void) | null>(null);

  const failed = useCallback((failure: ApiFailure, again: () => void) => {
    if (failure.kind === 'network') {
      setRetry(() => again);
      return true;
    }
    if (failure.status === 429) {
      dispatch({ type: 'show', screen: { name: 'tooManyTries' } });
      return true;
    }
    return false;
  }, []);

  const reset = useCallback(() => {
    setRetry(null);
    dispatch({ type: 'reset' });
  }, []);
  const { phase, stillHere } = useIdleTimeout(holdsPersonalData(state), reset);

  const context = useMemo<KioskContextValue>(
    () => ({ state, dispatch, kioskKey, store, failed }),
    [state, kioskKey, store, failed],
  );

  return (
    <KioskContext.Provider value={context}>
      <header className="kiosk-header">
        <span className="kiosk-store">{store.store.name}</span>
      </header>
      <main className="kiosk-main" key={state.visit}>
        {screenFor(state.screen)}
      </main>
      {retry ? (
        <OfflineScreen
          onRetry={() => {
            const again = retry;
            setRetry(null);
            again();
          }}
          onStartOver={reset}
        />
      ) : null}
      {phase.phase === 'warning' ? <IdleWarning secondsLeft={phase.secondsLeft} onStillHere={stillHere} /> : null}
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
      return <RenewCardScreen />;
    case 'checkedIn':
      return <CheckedInScreen callName={screen.callName} orderRef={screen.orderRef} />;
    case 'tooManyTries':
      return <TooManyTriesScreen />;
  }
}
