/**
 * A signup under the minimum age of the type chosen. Refused on the kiosk before anything is sent,
 * so nothing of the person is stored; the words are kind and say what would work instead. The flow
 * keeps nothing either once they leave (Done resets, as does the idle timeout).
 */
import { useKiosk } from '../kiosk-context.ts';
import { Screen } from '../parts/screen.tsx';

export function UnderageScreen({ customerType }: { customerType: 'adult' | 'medical' }) {
  const { dispatch, store } = useKiosk();
  const { adultMinimumAge, medicalMinimumAge } = store.ageRules;
  return (
    <Screen
      tone="alert"
      title="Sorry, we can't sign you up"
      lead={
        customerType === 'adult' ? (
          <>
            <p>Adult-use customers need to be {adultMinimumAge} or older. We haven't kept anything you entered.</p>
            <p>
              If you are {medicalMinimumAge} or older and have a medical card, you can sign up as a medical patient. A
              staff member is happy to help.
            </p>
          </>
        ) : (
          <>
            <p>Medical patients need to be {medicalMinimumAge} or older. We haven't kept anything you entered.</p>
            <p>A staff member is happy to answer any questions.</p>
          </>
        )
      }
      actions={
        <button type="button" className="button button-primary" onClick={() => dispatch({ type: 'reset' })}>
          Done
        </button>
      }
    />
  );
}
