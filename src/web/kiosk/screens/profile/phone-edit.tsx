/** A new mobile number on the keypad, formatted as typed; saved as a request staff confirm. */
import { useState } from 'react';
import { Keypad } from '../../parts/keypad.tsx';
import { formatPhone, isCompletePhone, pressPhoneDigit } from '../../phone-entry.ts';
import { HeldChangeEdit } from './held-change-edit.tsx';

interface PhoneEditProps {
  current: string | null;
  message: string | null;
  busy: boolean;
  onSave: (phone: string) => void;
  onCancel: () => void;
}

export function PhoneEdit({ current, message, busy, onSave, onCancel }: PhoneEditProps) {
  const [digits, setDigits] = useState('');
  return (
    <HeldChangeEdit
      title="Change your phone number"
      onFile={current ? `Now: ${current}` : 'No phone number on file.'}
      confirmation="A staff member will confirm the new number with you."
      valueLabel="New phone number"
      shown={digits === '' ? <span className="placeholder">(555) 555-5555</span> : formatPhone(digits)}
      keys={
        <Keypad
          label="new phone number"
          onDigit={(digit) => setDigits(pressPhoneDigit(digits, digit))}
          onBackspace={() => setDigits(digits.slice(0, -1))}
          onClear={() => setDigits('')}
        />
      }
      saveLabel="Save number"
      canSave={isCompletePhone(digits)}
      message={message}
      busy={busy}
      onSave={() => onSave(formatPhone(digits))}
      onCancel={onCancel}
    />
  );
}
