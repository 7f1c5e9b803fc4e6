/**
 * A large numeric keypad for a touch screen: three columns of 0–9, backspace and clear, each key a
 * real button (focusable, named for screen readers), big enough for a thumb at arm's length.
 */
interface KeypadProps {
  onDigit: (digit: string) => void;
  onBackspace: () => void;
  onClear: () => void;
  /** What the keys type into, for screen readers ("phone number"). */
  label: string;
}

const DIGITS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'];

export function Keypad({ onDigit, onBackspace, onClear, label }: KeypadProps) {
  return (
    <fieldset className="keypad">
      <legend className="visually-hidden">Keypad for the {label}</legend>
      {DIGITS.map((digit) => (
        <button key={digit} type="button" className="key" onClick={() => onDigit(digit)}>
          {digit}
        </button>
      ))}
      <button type="button" className="key key-action" onClick={onClear}>
        Clear
      </button>
      <button type="button" className="key" onClick={() => onDigit('0')}>
        0
      </button>
      <button type="button" className="key key-action" onClick={onBackspace} aria-label="Delete last digit">
        ⌫
      </button>
    </fieldset>
  );
}
