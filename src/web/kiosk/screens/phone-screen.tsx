/** The start: "Check in" with the phone keypad; the number is formatted as it is typed. */
import { useKiosk } from '../kiosk-context.ts';
import { Keypad } from '../parts/keypad.tsx';
import { Screen } from '../parts/screen.tsx';
import { formatPhone, isCompletePhone, pressPhoneDigit } from '../phone-entry.ts';

export function PhoneScreen() {
  const { state, dispatch, store } = useKiosk();
  const digits = state.phoneDigits;
  const setDigits = (next: string) => dispatch({ type: 'setPhone', digits: next });
  return (
    <Screen
      title="Check in"
      lead={
        <>
          <p>Welcome to {store.store.name}.</p>
          <p>Enter your mobile number.</p>
        </>
      }
      actions={
        <>
          <button
            type="button"
            className="button button-secondary"
            onClick={() => dispatch({ type: 'show', screen: { name: 'signup' } })}
          >
            New here? Sign up
          </button>
          <button
            type="button"
            className="button button-primary"
            disabled={!isCompletePhone(digits)}
            onClick={() => dispatch({ type: 'show', screen: { name: 'birthDate' } })}
          >
            Next
          </button>
        </>
      }
    >
      <output className="entry-display" aria-live="polite" aria-label="Phone number">
        {digits === '' ? <span className="placeholder">(555) 555-5555</span> : formatPhone(digits)}
      </output>
      <Keypad
        label="phone number"
        onDigit={(digit) => setDigits(pressPhoneDigit(digits, digit))}
        onBackspace={() => setDigits(digits.slice(0, -1))}
        onClear={() => setDigits('')}
      />
    </Screen>
  );
}
