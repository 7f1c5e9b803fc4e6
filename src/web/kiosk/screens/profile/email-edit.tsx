/** A new email address on the on-screen keyboard; saved as a request staff confirm. */
import { useState } from 'react';
import { looksLikeEmail, typeEmailKey } from '../../email-entry.ts';
import { OnScreenKeyboard } from '../../parts/on-screen-keyboard.tsx';
import type { KeyboardLayout } from '../../signup-form.ts';
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
  const [layout, setLayout] = useState<KeyboardLayout>('email');
  const [shifted, setShifted] = useState(false);
  return (
    <HeldChangeEdit
      title="Change your email"
      onFile={current ? `Now: ${current}` : 'No email on file.'}
      confirmation="A staff member will confirm the new address with you."
      valueLabel="New email address"
      shown={text === '' ? <span className="placeholder">name@example.com</span> : text}
      displayClassName="email-display"
      keys={
        <OnScreenKeyboard
          layout={layout}
          shifted={shifted}
          label="the new email address"
          onText={(key) => setText((now) => typeEmailKey(now, key))}
          onBackspace={() => setText((now) => now.slice(0, -1))}
          onShift={() => setShifted((on) => !on)}
          onSwitchLayout={() => setLayout((now) => (now === 'digits' ? 'email' : 'digits'))}
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
