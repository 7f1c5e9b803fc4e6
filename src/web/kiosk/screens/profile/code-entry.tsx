/**
 * The six-digit one-time code mailed to the email on file, typed on the keypad: the second factor
 * for a copy of the data or a deletion. Its message (a wrong code, how many tries are left) is
 * read out with the code's display.
 */
import { Keypad } from '../../parts/keypad.tsx';
import { Screen } from '../../parts/screen.tsx';

export const CODE_LENGTH = 6;

interface CodeEntryProps {
  title: string;
  sentTo: string;
  digits: string;
  message: string | null;
  busy: boolean;
  onDigits: (digits: string) => void;
  onSubmit: () => void;
  onCancel: () => void;
  submitLabel: string;
}

export function CodeEntry({
  title,
  sentTo,
  digits,
  message,
  busy,
  onDigits,
  onSubmit,
  onCancel,
  submitLabel,
}: CodeEntryProps) {
  const boxes = Array.from({ length: CODE_LENGTH }, (_, i) => digits[i] ?? '');
  const spoken = digits === '' ? 'empty' : [...digits].join(' ');
  return (
    <Screen
      title={title}
      lead={
        <p>
          We emailed a {CODE_LENGTH}-digit code to <strong>{sentTo}</strong>. Enter it here.
        </p>
      }
      actions={
        <>
          <button type="button" className="button button-secondary" onClick={onCancel}>
            Cancel
          </button>
          <button
            type="button"
            className="button button-primary"
            disabled={digits.length < CODE_LENGTH || busy}
            onClick={onSubmit}
          >
            {busy ? 'Checking…' : submitLabel}
          </button>
        </>
      }
    >
      <output
        className="code-display"
        aria-live="polite"
        aria-label={`Code: ${spoken}`}
        aria-describedby={message ? 'code-message' : undefined}
      >
        {boxes.map((digit, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: the boxes are positions, not items
          <span key={i} className={`code-box${i === digits.length ? ' code-box-current' : ''}`} aria-hidden="true">
            {digit || '–'}
          </span>
        ))}
      </output>
      <p id="code-message" className="field-message" role={message ? 'alert' : undefined}>
        {message ?? ''}
      </p>
      <Keypad
        label="code"
        onDigit={(digit) => onDigits(digits.length < CODE_LENGTH ? digits + digit : digits)}
        onBackspace={() => onDigits(digits.slice(0, -1))}
        onClear={() => onDigits('')}
      />
    </Screen>
  );
}
