/** A new email address on the on-screen keyboard; saved as a request staff confirm. */
import { useState } from 'react';
import { looksLikeEmail, typeEmailKey } from '../../email-entry.ts';
import { EmailKeyboard } from '../../parts/email-keyboard.tsx';
import { Screen } from '../../parts/screen.tsx';

interface EmailEditProps {
  current: string | null;
  message: string | null;
  busy: boolean;
  onSave: (email: string) => void;
  onCancel: () => void;
}

export function EmailEdit({ current, message, busy, onSave, onCancel }: EmailEditProps) {
  const [text, setText] = useState('');
  return (
    <Screen
      title="Change your email"
      lead={
        <>
          <p>{current ? `Now: ${current}` : 'No email on file.'}</p>
          <p>A staff member will confirm the new address with you.</p>
        </>
      }
      actions={
        <>
          <button type="button" className="button button-secondary" onClick={onCancel}>
            Cancel
          </button>
          <button
            type="button"
            className="button button-primary"
            disabled={!looksLikeEmail(text) || busy}
            onClick={() => onSave(text)}
          >
            {busy ? 'Saving…' : 'Save email'}
          </button>
        </>
      }
    >
      <output
        className="entry-display email-display"
        aria-live="polite"
        aria-label="New email address"
        aria-describedby={message ? 'email-edit-message' : undefined}
      >
        {text === '' ? <span className="placeholder">name@example.com</span> : text}
      </output>
      <p id="email-edit-message" className="field-message" role={message ? 'alert' : undefined}>
        {message ?? ''}
      </p>
      <EmailKeyboard
        label="new email address"
        onKey={(key) => setText((now) => typeEmailKey(now, key))}
        onBackspace={() => setText((now) => now.slice(0, -1))}
        onClear={() => setText('')}
      />
    </Screen>
  );
}
