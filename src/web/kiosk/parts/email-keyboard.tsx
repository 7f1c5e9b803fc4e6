/**
 * A small on-screen keyboard for an email address (the kiosk has no physical keyboard): letters,
 * digits and the few marks an address uses, each a real button named for screen readers, as large
 * as a 10-column row allows. Typing an address is the only free text the profile asks for, so this
 * stays a simple keyboard of its own; a general one (parts/on-screen-keyboard.tsx, from the signup
 * work) can replace it.
 */
interface EmailKeyboardProps {
  onKey: (text: string) => void;
  onBackspace: () => void;
  onClear: () => void;
  /** What the keys type into, for screen readers ("new email address"). */
  label: string;
}

const ROWS = ['1234567890', 'qwertyuiop', 'asdfghjkl@', 'zxcvbnm._-'];

/** Spoken names of the marks (a screen reader may say nothing for a lone "."). */
const SPOKEN: Record<string, string> = { '@': 'at sign', '.': 'dot', _: 'underscore', '-': 'dash' };

export function EmailKeyboard({ onKey, onBackspace, onClear, label }: EmailKeyboardProps) {
  return (
    <fieldset className="email-keyboard">
      <legend className="visually-hidden">Keyboard for the {label}</legend>
      {ROWS.map((row) => (
        <div className="email-keyboard-row" key={row}>
          {[...row].map((key) => (
            <button key={key} type="button" className="email-key" aria-label={SPOKEN[key]} onClick={() => onKey(key)}>
              {key}
            </button>
          ))}
        </div>
      ))}
      <div className="email-keyboard-row">
        <button type="button" className="email-key email-key-wide" onClick={() => onKey('.com')}>
          .com
        </button>
        <button type="button" className="email-key email-key-wide email-key-action" onClick={onClear}>
          Clear
        </button>
        <button
          type="button"
          className="email-key email-key-wide email-key-action"
          onClick={onBackspace}
          aria-label="Delete last character"
        >
          ⌫
        </button>
      </div>
    </fieldset>
  );
}
