/**
 * No match for this phone and birthday. The same screen whether the phone is unknown or the date is
 * wrong (the API answers both alike, so the lobby cannot learn who is signed up); it does not repeat
 * the number either, so the screen shows nothing of the person to whoever stands behind them.
 */
import { useKiosk } from '../kiosk-context.ts';
import { Screen } from '../parts/screen.tsx';

export function NotFoundScreen() {
  const { dispatch } = useKiosk();
  return (
    <Screen
      title="We couldn't find you"
      lead={
        <p>
          We have no one with that phone number and date of birth. Check both and try again, or sign up: it takes a
          minute.
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
