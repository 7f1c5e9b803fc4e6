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
    <div className="profile-consent">
      <button
        type="button"
        role="switch"
        className={`profile-consent-switch${granted ? ' profile-consent-switch-on' : ''}`}
        aria-checked={granted}
        aria-labelledby={`${id}-label`}
        aria-describedby={`${id}-wording`}
        disabled={busy}
        onClick={() => onChange(!granted)}
      >
        <span className="profile-consent-track" aria-hidden="true">
          <span className="profile-consent-knob" />
        </span>
        <span className="profile-consent-state" aria-hidden="true">
          {granted ? 'On' : 'Off'}
        </span>
      </button>
      <div className="profile-consent-words">
        <span id={`${id}-label`} className="profile-consent-label">
          {label}
        </span>
        <span id={`${id}-wording`} className="profile-consent-wording">
          {wording}
        </span>
      </div>
    </div>
  );
}
