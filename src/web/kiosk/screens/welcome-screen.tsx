/** Identified or just signed up: check in for the order, or look after the profile. */
import { useState } from 'react';
import type { WelcomeNote } from '../flow.ts';
import { attachToOrder, newOrderRef } from '../kiosk-calls.ts';
import { useKiosk } from '../kiosk-context.ts';
import { Screen } from '../parts/screen.tsx';

const NOTES: Record<WelcomeNote, string> = {
  signedUp: "You're signed up. Welcome!",
  alreadySignedUp: "You're already signed up, so we found your profile.",
  cardRenewalAsked: 'Thank you. A staff member will check your new card at the counter.',
};

export function WelcomeScreen({ note }: { note: WelcomeNote | null }) {
  const { state, dispatch, kioskKey, failed } = useKiosk();
  // One reference per check-in, kept across retries, so a retry attaches the same order (idempotent).
  const [orderRef] = useState(newOrderRef);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const who = state.identified;
  if (!who) return null;

  async function checkIn() {
    if (!who) return;
    setBusy(true);
    setProblem(null);
    const answer = await attachToOrder(kioskKey, orderRef, who.customerId);
    setBusy(false);
    if (answer.ok) dispatch({ type: 'checkedIn', orderRef });
    else if (!failed(answer.failure, checkIn)) {
      setProblem(answer.failure.kind === 'problem' ? answer.failure.detail || answer.failure.title : null);
    }
  }

  return (
    <Screen
      title={`Hi, ${who.firstName}`}
      lead={
        <>
          {note ? <p className="note-success">{NOTES[note]}</p> : <p>What would you like to do?</p>}
          {problem ? (
            <p className="field-message" role="alert">
              {problem}
            </p>
          ) : null}
          {/* In the lead, not the body: on a landscape screen it stays under the greeting it answers. */}
          <button type="button" className="button button-quiet" onClick={() => dispatch({ type: 'reset' })}>
            Cancel, that's not me
          </button>
        </>
      }
      actions={
        <>
          <button
            type="button"
            className="button button-secondary"
            onClick={() => dispatch({ type: 'show', screen: { name: 'profile' } })}
          >
            My profile
          </button>
          <button type="button" className="button button-primary" disabled={busy} onClick={checkIn}>
            {busy ? 'Checking you in…' : 'Check in for my order'}
          </button>
        </>
      }
    />
  );
}
