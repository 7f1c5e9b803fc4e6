/** "Is this you? Kathleen S." — only the first name and last initial, as identify answers them. */
import { callNameOf } from '../flow.ts';
import { useKiosk } from '../kiosk-context.ts';
import { Screen } from '../parts/screen.tsx';

export function ConfirmScreen() {
  const { state, dispatch } = useKiosk();
  const who = state.identified;
  if (!who) return null;
  return (
    <Screen
      title={`Is this you? ${callNameOf(who)}`}
      lead={<p>If it is not, tap "Not me": nothing is kept and the kiosk starts over.</p>}
      actions={
        <>
          <button type="button" className="button button-secondary" onClick={() => dispatch({ type: 'reset' })}>
            Not me
          </button>
          <button type="button" className="button button-primary" onClick={() => dispatch({ type: 'confirmed' })}>
            Yes, that's me
          </button>
        </>
      }
    />
  );
}
