/**
 * No match for this phone and birthday. The same screen whether the phone is unknown or the date is
 * wrong (the API answers both alike, so the lobby cannot learn who is signed up).
 */

import { useKiosk } from '../kiosk-context.ts';
import { Screen } from '../parts/screen.tsx';
import { formatPhone } from '../phone-entry.ts';

export function NotFoundScreen() {
  const { state, dispatch } = useKiosk();
  return (
    <Screen
      title="We couldn't find you"
      lead={
        <p>
          No one is signed up with {formatPhone(state.phoneDigits)} and that date of birth. Check both, or sign up: it
          takes a minute.
        </p>
      }
      actions={
        <>
          <button
            type="button"
            className="button button-secondary"
            onClick={() => dispatch({ type: 'show', screen: { name: 'phone' } })}
          >
            Try again
          </button>
          <button
            type="button"
            className="button button-primary"
            onClick={() => dispatch({ type: 'show', screen: { name: 'signup' } })}
          >
            Sign up
          </button>
        </>
      }
    />
  );
}
