/** A new email address on the on-screen keyboard; saved as a request staff confirm. */
import { useState } from 'react';
import { looksLikeEmail, typeEmailKey } from '../../email-entry.ts';
import { EmailKeyboard } from '../../parts/email-keyboard.tsx';
import { HeldChangeEdit } from './held-change-edit.tsx';

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
    <HeldChangeEdit
      title="Change your email"
      onFile={current ? `Now: ${current}` : 'No email on file.'}
      confirmation="A staff member will confirm the new address with you."
      valueLabel="New email address"
      shown={text === '' ? <span className="placeholder">name@example.com</span> : text}
      displayClassName="email-display"
      keys={
        <EmailKeyboard
          label="new email address"
          onKey={(key) => setText((now) => typeEmailKey(now, key))}
          onBackspace={() => setText((now) => now.slice(0, -1))}
          onClear={() => setText('')}
        />
      }
      saveLabel="Save email"
      canSave={looksLikeEmail(text)}
      message={message}
      busy={busy}
      onSave={() => onSave(text)}
      onCancel={onCancel}
    />
  );
}
