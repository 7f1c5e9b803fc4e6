/**
 * The staff-only way out of kiosk mode. Two doors to the same staff sign-in: a 3 s long-press on the
 * store name in the header (for a staff member at the touch screen; customers do not stumble on it),
 * and a small labelled "Staff" button, so a keyboard, switch or screen-reader user reaches it too
 * (nothing is hover- or gesture-only). The API has no staff PIN, so the staff login guards it.
 * Signed in, staff choose "Leave kiosk mode" (the device forgets its key) or "Back to kiosk"; either
 * way the staff session is signed out.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useSignOutWhenDropped } from '../use-sign-out-when-dropped.ts';
import { StaffSignIn } from './staff-sign-in.tsx';
import './staff-exit.css';
import './staff-forms.css';

export const LONG_PRESS_MS = 3_000;

export function StoreHeader({ storeName, onStaff }: { storeName: string; onStaff: () => void }) {
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const cancel = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
  }, []);
  useEffect(() => cancel, [cancel]);
  return (
    <header className="kiosk-header">
      {/* biome-ignore lint/a11y/noStaticElementInteractions: the long-press is a shortcut for staff at the screen; the "Staff" button beside it is the accessible way to the same dialog */}
      <span
        className="kiosk-store"
        onPointerDown={() => {
          cancel();
          timer.current = setTimeout(onStaff, LONG_PRESS_MS);
        }}
        onPointerUp={cancel}
        onPointerLeave={cancel}
        onPointerCancel={cancel}
        onContextMenu={(event) => event.preventDefault()}
      >
        {storeName}
      </span>
      <button type="button" className="staff-button" onClick={onStaff} aria-label="Staff: leave kiosk mode">
        Staff
      </button>
    </header>
  );
}

type Step = { step: 'signIn' } | { step: 'choose'; staffToken: string };

export function StaffExitDialog({ onLeave, onClose }: { onLeave: () => void; onClose: () => void }) {
  const [step, setStep] = useState<Step>({ step: 'signIn' });
  // Closing or leaving unmounts the dialog, which signs the staff session out.
  useSignOutWhenDropped(step.step === 'choose' ? step.staffToken : null);
  return (
    <div className="overlay" role="dialog" aria-modal="true" aria-label="Staff">
      <div className="dialog staff-dialog">
        {step.step === 'signIn' ? (
          <StaffSignIn
            headingLevel={2}
            title="Staff only"
            lead="Sign in with your staff account to leave kiosk mode."
            onSignedIn={(token) => setStep({ step: 'choose', staffToken: token })}
            onCancel={onClose}
          />
        ) : (
          <StaffChoice onLeave={onLeave} onClose={onClose} />
        )}
      </div>
    </div>
  );
}

function StaffChoice({ onLeave, onClose }: { onLeave: () => void; onClose: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
  }, []);
  return (
    <div className="staff-choice">
      <h2 ref={heading} tabIndex={-1} className="staff-form-title">
        Signed in
      </h2>
      <p className="staff-form-lead">
        Leaving kiosk mode makes this device forget its kiosk key: it will need to be set up again.
      </p>
      <button type="button" className="button button-danger" onClick={onLeave}>
        Leave kiosk mode
      </button>
      <button type="button" className="button button-secondary" onClick={onClose}>
        Back to kiosk
      </button>
    </div>
  );
}
