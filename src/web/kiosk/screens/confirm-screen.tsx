/**
 * "Is this you? Kathleen S." — only the first name and last initial, as identify answers them.
 * "Yes" reads their profile (GET /me) for one thing: whether their medical card has expired, in
 * which case the kiosk asks for the new expiry before anything else.
 */
import { useState } from 'react';
import { expiredCardOn } from '../card-expiry-entry.ts';
import { callNameOf } from '../flow.ts';
import { useKiosk } from '../kiosk-context.ts';
import { Screen } from '../parts/screen.tsx';
import { loadSelf } from '../profile-calls.ts';

export function ConfirmScreen() {
  const { state, dispatch, failed } = useKiosk();
  const [busy, setBusy] = useState(false);
  const who = state.identified;
  if (!who) return null;

  async function yes() {
    if (!who) return;
    setBusy(true);
    const answer = await loadSelf(who.token);
    setBusy(false);
    if (answer.ok) {
      dispatch({ type: 'confirmed', cardExpiredOn: expiredCardOn(answer.body.self.medical, new Date()) });
    } else if (!failed(answer.failure, yes)) {
      // The card check must not stand between the customer and their order: staff see the card anyway.
      dispatch({ type: 'confirmed' });
    }
  }

  return (
    <Screen
      title={`Is this you? ${callNameOf(who)}`}
      lead={<p>If it is not, tap "Not me": nothing is kept and the kiosk starts over.</p>}
      actions={
        <>
          <button type="button" className="button button-secondary" onClick={() => dispatch({ type: 'reset' })}>
            Not me
          </button>
          <button type="button" className="button button-primary" disabled={busy} onClick={yes}>
            Yes, that's me
          </button>
        </>
      }
    />
  );
}
