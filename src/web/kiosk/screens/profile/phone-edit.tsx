/** A new mobile number on the keypad, formatted as typed; saved as a request staff confirm. */
import { useState } from 'react';
import { Keypad } from '../../parts/keypad.tsx';
import { Screen } from '../../parts/screen.tsx';
import { formatPhone, isCompletePhone, pressPhoneDigit } from '../../phone-entry.ts';

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
    <Screen
      title="Change your phone number"
      lead={
        <>
          <p>{current ? `Now: ${current}` : 'No phone number on file.'}</p>
          <p>A staff member will confirm the new number with you.</p>
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
            disabled={!isCompletePhone(digits) || busy}
            onClick={() => onSave(formatPhone(digits))}
          >
            {busy ? 'Saving…' : 'Save number'}
          </button>
        </>
      }
    >
      <output
        className="entry-display"
        aria-live="polite"
        aria-label="New phone number"
        aria-describedby={message ? 'phone-edit-message' : undefined}
      >
        {digits === '' ? <span className="placeholder">(555) 555-5555</span> : formatPhone(digits)}
      </output>
      <p id="phone-edit-message" className="field-message" role={message ? 'alert' : undefined}>
        {message ?? ''}
      </p>
      <Keypad
        label="new phone number"
        onDigit={(digit) => setDigits(pressPhoneDigit(digits, digit))}
        onBackspace={() => setDigits(digits.slice(0, -1))}
        onClear={() => setDigits('')}
      />
    </Screen>
  );
}
