/**
 * A staff member's sign-in, for the kiosk's staff-only jobs (setting it up, leaving kiosk mode).
 * Staff use a physical keyboard or paste; customers never see this form. Nothing typed is kept: the
 * fields are this component's own state, gone when it unmounts, and the browser is told not to
 * remember them (autocomplete off: a lobby device must not offer a staff password to the next person).
 */
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { signInStaff } from '../staff-calls.ts';
import './staff-forms.css';

interface StaffSignInProps {
  /** The heading's level: 1 on a screen of its own, 2 inside a dialog. */
  headingLevel: 1 | 2;
  title: string;
  lead: string;
  onSignedIn: (token: string) => void;
  onCancel: () => void;
}

export function StaffSignIn({ headingLevel, title, lead, onSignedIn, onCancel }: StaffSignInProps) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();
  const emailField = useRef<HTMLInputElement>(null);
  useEffect(() => {
    emailField.current?.focus();
  }, []);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setMessage(null);
    const answer = await signInStaff(email.trim(), password);
    setBusy(false);
    if (answer.ok) {
      setPassword('');
      onSignedIn(answer.token);
    } else {
      setMessage(answer.message);
    }
  }

  const Heading = headingLevel === 1 ? 'h1' : 'h2';
  return (
    <form className="staff-form" onSubmit={submit} aria-labelledby={`${id}-title`} noValidate>
      <Heading id={`${id}-title`} className="staff-form-title">
        {title}
      </Heading>
      <p className="staff-form-lead">{lead}</p>
      <label className="staff-field" htmlFor={`${id}-email`}>
        <span>Staff email</span>
        <input
          ref={emailField}
          id={`${id}-email`}
          type="email"
          inputMode="email"
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          value={email}
          onChange={(event) => setEmail(event.target.value)}
          aria-describedby={message ? `${id}-message` : undefined}
        />
      </label>
      <label className="staff-field" htmlFor={`${id}-password`}>
        <span>Password</span>
        <input
          id={`${id}-password`}
          type="password"
          autoComplete="off"
          value={password}
          onChange={(event) => setPassword(event.target.value)}
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
        <button type="submit" className="button button-primary" disabled={busy || email === '' || password === ''}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </div>
    </form>
  );
}
