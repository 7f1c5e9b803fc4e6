/**
 * A medical customer whose card on file has expired: "Your medical card expired on 06/30/2025 —
 * enter the new expiry date", typed month / day / year like the date of birth. Sent as
 * `PATCH /me {medical: {expiresOn}}`, which the server checks at once (a date already past: 422
 * on medical.expiresOn) and holds until staff have seen the new card (202). The customer may go on
 * without it: staff look at the card at the counter either way.
 */
import { useState } from 'react';
import { messageFor } from '../../api/api-client.ts';
import { pressBirthDateDigit, usDate } from '../birth-date-entry.ts';
import { checkCardExpiry } from '../card-expiry-entry.ts';
import { useKiosk } from '../kiosk-context.ts';
import { BirthDateDisplay } from '../parts/birth-date-display.tsx';
import { Keypad } from '../parts/keypad.tsx';
import { Screen } from '../parts/screen.tsx';
import { patchSelf } from '../profile-calls.ts';

export function RenewCardScreen({ expiredOn }: { expiredOn: string }) {
  const { state, dispatch, failed } = useKiosk();
  const [digits, setDigits] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const who = state.identified;
  if (!who) return null;

  const type = (next: string) => {
    setMessage(null);
    setDigits(next);
  };

  async function send() {
    if (!who) return;
    const checked = checkCardExpiry(digits, new Date());
    if (!checked.ok) {
      setMessage(checked.message);
      return;
    }
    setBusy(true);
    const answer = await patchSelf(who.token, { medical: { expiresOn: checked.isoDate } }, null);
    setBusy(false);
    if (answer.ok) dispatch({ type: 'cardRenewalDone', asked: 'held' in answer.body });
    else if (!failed(answer.failure, send)) {
      const failure = answer.failure;
      setMessage(
        messageFor(failure, 'medical.expiresOn') ??
          messageFor(failure, 'medical') ??
          (failure.kind === 'problem' ? failure.detail || failure.title : null),
      );
    }
  }

  return (
    <Screen
      title={`Your medical card expired on ${usDate(expiredOn)}`}
      lead={<p>Enter the new expiry date from your card: month, day and year. Staff will check the card.</p>}
      actions={
        <>
          <button
            type="button"
            className="button button-secondary"
            onClick={() => dispatch({ type: 'cardRenewalDone', asked: false })}
          >
            Not now
          </button>
          <button type="button" className="button button-primary" disabled={digits.length < 8 || busy} onClick={send}>
            {busy ? 'Sending…' : 'Send new date'}
          </button>
        </>
      }
    >
      <BirthDateDisplay
        digits={digits}
        label="New expiry date"
        describedBy={message ? 'card-expiry-message' : undefined}
      />
      <p id="card-expiry-message" className="field-message" role={message ? 'alert' : undefined}>
        {message ?? ''}
      </p>
      <Keypad
        label="new expiry date"
        onDigit={(digit) => type(pressBirthDateDigit(digits, digit))}
        onBackspace={() => type(digits.slice(0, -1))}
        onClear={() => type('')}
      />
    </Screen>
  );
}
