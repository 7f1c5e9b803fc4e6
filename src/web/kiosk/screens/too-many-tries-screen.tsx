/**
 * 429 from identify or signup. No count-down and no number of tries left: either would tell someone
 * probing the kiosk how close they are; staff can help the real customer at the counter.
 */
import { useKiosk } from '../kiosk-context.ts';
import { Screen } from '../parts/screen.tsx';

export function TooManyTriesScreen() {
  const { dispatch } = useKiosk();
  return (
    <Screen
      tone="alert"
      title="Too many tries, please ask a staff member"
      lead={<p>A staff member at the counter can check you in.</p>}
      actions={
        <button type="button" className="button button-primary" onClick={() => dispatch({ type: 'reset' })}>
          Back to start
        </button>
      }
    />
  );
}
