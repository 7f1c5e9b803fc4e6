/**
 * One consent as a switch: on or off in one tap. The exact wording the customer agrees to is shown
 * beside it (and is what a grant sends to the ledger); withdrawing needs no wording.
 */
interface ConsentSwitchProps {
  id: string;
  label: string;
  wording: string;
  granted: boolean;
  busy: boolean;
  onChange: (granted: boolean) => void;
}

export function ConsentSwitch({ id, label, wording, granted, busy, onChange }: ConsentSwitchProps) {
  return (
    <div className="consent">
      <button
        type="button"
        role="switch"
        className={`consent-switch${granted ? ' consent-switch-on' : ''}`}
        aria-checked={granted}
        aria-labelledby={`${id}-label`}
        aria-describedby={`${id}-wording`}
        disabled={busy}
        onClick={() => onChange(!granted)}
      >
        <span className="consent-track" aria-hidden="true">
          <span className="consent-knob" />
        </span>
        <span className="consent-state" aria-hidden="true">
          {granted ? 'On' : 'Off'}
        </span>
      </button>
      <div className="consent-words">
        <span id={`${id}-label`} className="consent-label">
          {label}
        </span>
        <span id={`${id}-wording`} className="consent-wording">
          {wording}
        </span>
      </div>
    </div>
  );
}
