/** Date of birth, then identification by phone and birthday together (API.md: POST /kiosk/identify). */
import { useState } from 'react';
import { checkBirthDate, pressBirthDateDigit } from '../birth-date-entry.ts';
import { identify } from '../kiosk-calls.ts';
import { useKiosk } from '../kiosk-context.ts';
import { BirthDateDisplay } from '../parts/birth-date-display.tsx';
import { Keypad } from '../parts/keypad.tsx';
import { Screen } from '../parts/screen.tsx';

export function BirthDateScreen() {
  const { state, dispatch, kioskKey, failed } = useKiosk();
  const digits = state.birthDateDigits;
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const setDigits = (next: string) => {
    setMessage(null);
    dispatch({ type: 'setBirthDate', digits: next });
  };

  async function findMe() {
    const checked = checkBirthDate(digits, new Date());
    if (!checked.ok) {
      setMessage(checked.message);
      return;
    }
    setBusy(true);
    const outcome = await identify(kioskKey, state.phoneDigits, checked.isoDate);
    setBusy(false);
    if ('found' in outcome) dispatch({ type: 'identified', who: outcome.found });
    else if ('notFound' in outcome) dispatch({ type: 'show', screen: { name: 'notFound' } });
    else if (!failed(outcome.failure, findMe)) {
      setMessage(outcome.failure.kind === 'problem' ? outcome.failure.detail || outcome.failure.title : null);
    }
  }

  return (
    <Screen
      title="Your date of birth"
      lead={<p>Month, day and year, for example 04 02 1988.</p>}
      actions={
        <>
          <button
            type="button"
            className="button button-secondary"
            onClick={() => dispatch({ type: 'show', screen: { name: 'phone' } })}
          >
            Back
          </button>
          <button type="button" className="button button-primary" disabled={digits.length < 8 || busy} onClick={findMe}>
            {busy ? 'Looking…' : 'Find me'}
          </button>
        </>
      }
    >
      <BirthDateDisplay digits={digits} describedBy={message ? 'birth-date-message' : undefined} />
      <p id="birth-date-message" className="field-message" role={message ? 'alert' : undefined}>
        {message ?? ''}
      </p>
      <Keypad
        label="date of birth"
        onDigit={(digit) => setDigits(pressBirthDateDigit(digits, digit))}
        onBackspace={() => setDigits(digits.slice(0, -1))}
        onClear={() => setDigits('')}
      />
    </Screen>
  );
}
