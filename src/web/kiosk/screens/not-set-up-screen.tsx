/**
 * A kiosk without a working key: "This kiosk is not set up", and the staff's way to set it up: sign
 * in (any staff role), enter or paste the kiosk key (`pk_…`, made by an admin with POST /api-keys),
 * which is checked against GET /kiosk/store before it is kept on the device. The staff session is
 * signed out as soon as the key is saved, or when setup is cancelled, left idle or abandoned.
 */
import { type FormEvent, useCallback, useEffect, useId, useRef, useState } from 'react';
import { IdleWarning } from '../parts/idle-warning.tsx';
import { Screen } from '../parts/screen.tsx';
import { StaffSignIn } from '../parts/staff-sign-in.tsx';
import { checkKioskKey } from '../staff-calls.ts';
import { useIdleTimeout } from '../use-idle-timeout.ts';
import { useSignOutWhenDropped } from '../use-sign-out-when-dropped.ts';
import '../parts/staff-forms.css';

type Step = { step: 'intro' } | { step: 'signIn' } | { step: 'key'; staffToken: string };

interface NotSetUpScreenProps {
  reason: 'noKey' | 'keyRefused';
  onConfigured: (key: string) => void;
}

export function NotSetUpScreen({ reason, onConfigured }: NotSetUpScreenProps) {
  const [step, setStep] = useState<Step>({ step: 'intro' });
  const staffToken = step.step === 'key' ? step.staffToken : null;
  useSignOutWhenDropped(staffToken);

  const backToIntro = useCallback(() => setStep({ step: 'intro' }), []);
  // A setup left half done must not leave a signed-in staff session on a lobby screen.
  const { phase, stillHere } = useIdleTimeout(step.step !== 'intro', backToIntro);

  return (
    <>
      {/* No store is known yet: the header names the device instead, so the screen reads as a kiosk's. */}
      <header className="kiosk-header" inert={phase.phase === 'warning'}>
        <span className="kiosk-store">Patron kiosk</span>
      </header>
      <main className="kiosk-main" inert={phase.phase === 'warning'}>
        {step.step === 'intro' ? (
          <Screen
            title="This kiosk is not set up"
            lead={
              <>
                {reason === 'keyRefused' ? <p>Its kiosk key no longer works: it may have been revoked.</p> : null}
                <p>A staff member can set it up with a kiosk key.</p>
              </>
            }
            actions={
              <button type="button" className="button button-primary" onClick={() => setStep({ step: 'signIn' })}>
                Set up (staff)
              </button>
            }
          />
        ) : null}
        {step.step === 'signIn' ? (
          <StaffSignIn
            headingLevel={1}
            title="Set up this kiosk"
            lead="Sign in with your staff account."
            onSignedIn={(token) => setStep({ step: 'key', staffToken: token })}
            onCancel={backToIntro}
          />
        ) : null}
        {step.step === 'key' ? (
          <KioskKeyForm
            // Saving unmounts this screen, which signs the staff session out (useSignOutWhenDropped).
            onSaved={onConfigured}
            onCancel={backToIntro}
          />
        ) : null}
      </main>
      {phase.phase === 'warning' ? <IdleWarning secondsLeft={phase.secondsLeft} onStillHere={stillHere} /> : null}
    </>
  );
}

function KioskKeyForm({ onSaved, onCancel }: { onSaved: (key: string) => void; onCancel: () => void }) {
  const [key, setKey] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();
  const field = useRef<HTMLInputElement>(null);
  useEffect(() => {
    field.current?.focus();
  }, []);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const candidate = key.trim();
    if (busy || candidate === '') return;
    setBusy(true);
    setMessage(null);
    const checked = await checkKioskKey(candidate);
    setBusy(false);
    if (checked.ok) onSaved(candidate);
    else setMessage(checked.message);
  }

  return (
    <form className="staff-form" onSubmit={submit} aria-labelledby={`${id}-title`} noValidate>
      <h1 id={`${id}-title`} className="staff-form-title">
        Kiosk key
      </h1>
      <p className="staff-form-lead">
        Type or paste this kiosk's key (it starts with pk_). An admin makes one under API keys, for one store.
      </p>
      <label className="staff-field" htmlFor={`${id}-key`}>
        <span>Kiosk key</span>
        <input
          ref={field}
          id={`${id}-key`}
          type="text"
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          value={key}
          onChange={(event) => setKey(event.target.value)}
          aria-describedby={message ? `${id}-message` : undefined}
        />
      </label>
      <p id={`${id}-message`} className="field-message" role="alert">
        {message ?? ''}
      </p>
      <div className="staff-form-actions">
        <button type="button" className="button button-secondary" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="button button-primary" disabled={busy || key.trim() === ''}>
          {busy ? 'Checking…' : 'Save key'}
        </button>
      </div>
    </form>
  );
}
