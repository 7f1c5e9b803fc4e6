/**
 * The profile as the customer sees it: their name and loyalty points, how we reach them (phone and
 * email, each changed through staff), their date of birth (changed only by staff, who check an ID),
 * their consents as switches, and their data: a copy by email, or deletion.
 */
import type { ReactNode } from 'react';
import { usDate } from '../../birth-date-entry.ts';
import type { KioskStore } from '../../kiosk-context.ts';
import { Screen } from '../../parts/screen.tsx';
import { formatPhone, phoneDigitsOf } from '../../phone-entry.ts';
import type { Channel, SelfView } from '../../profile-calls.ts';
import { ConsentSwitch } from './consent-switch.tsx';

export interface Notice {
  tone: 'success' | 'alert';
  text: string;
}

interface ProfileOverviewProps {
  self: SelfView;
  store: KioskStore;
  notice: Notice | null;
  busy: boolean;
  onConsent: (channel: Channel, granted: boolean) => void;
  onChangePhone: () => void;
  onChangeEmail: () => void;
  onAskForCopy: () => void;
  onAskToDelete: () => void;
  onBack: () => void;
}

const CONSENT_LABELS: Record<Channel, string> = { sms: 'Text messages', email: 'Emails' };

export function ProfileOverview(props: ProfileOverviewProps) {
  const { self, store, notice, busy } = props;
  const name = [self.preferredName || self.firstName, self.lastName].filter(Boolean).join(' ');
  const points = self.loyalty.points;
  return (
    <Screen
      title="Your profile"
      lead={
        <>
          <p className="profile-name">{name}</p>
          <p className="loyalty">
            <span className="loyalty-points">{points.toLocaleString('en-US')}</span>{' '}
            {points === 1 ? 'loyalty point' : 'loyalty points'}
          </p>
          {notice ? (
            <p className={notice.tone === 'success' ? 'note-success' : 'note-alert'} role="status">
              {notice.text}
            </p>
          ) : null}
        </>
      }
      actions={
        <button type="button" className="button button-secondary" onClick={props.onBack}>
          Back
        </button>
      }
    >
      <section className="profile-section" aria-labelledby="profile-contact">
        <h2 id="profile-contact">How we reach you</h2>
        <Row
          label="Phone"
          value={self.phone ? formatPhone(phoneDigitsOf(self.phone)) : 'None'}
          action={
            <button type="button" className="button button-secondary" disabled={busy} onClick={props.onChangePhone}>
              Change phone
            </button>
          }
        />
        <Row
          label="Email"
          value={self.email ?? 'None'}
          action={
            <button type="button" className="button button-secondary" disabled={busy} onClick={props.onChangeEmail}>
              Change email
            </button>
          }
        />
        <Row
          label="Date of birth"
          value={self.dateOfBirth ? usDate(self.dateOfBirth) : 'None'}
          note="To change it, ask a staff member: they check your ID."
        />
      </section>
      <section className="profile-section" aria-labelledby="profile-consents">
        <h2 id="profile-consents">Messages from us</h2>
        {(['sms', 'email'] as const).map((channel) => (
          <ConsentSwitch
            key={channel}
            id={`consent-${channel}`}
            label={CONSENT_LABELS[channel]}
            wording={store.consentWording[channel]}
            granted={self.consents[channel].granted}
            busy={busy}
            onChange={(granted) => props.onConsent(channel, granted)}
          />
        ))}
      </section>
      <section className="profile-section" aria-labelledby="profile-data">
        <h2 id="profile-data">Your data</h2>
        <div className="profile-data-actions">
          <button type="button" className="button button-secondary" disabled={busy} onClick={props.onAskForCopy}>
            Email me a copy
          </button>
          <button type="button" className="button button-danger" disabled={busy} onClick={props.onAskToDelete}>
            Delete my profile
          </button>
        </div>
      </section>
    </Screen>
  );
}

function Row({ label, value, action, note }: { label: string; value: string; action?: ReactNode; note?: string }) {
  return (
    <div className="profile-row">
      <div className="profile-row-text">
        <span className="profile-row-label">{label}</span>
        <span className="profile-row-value">{value}</span>
        {note ? <span className="profile-row-note">{note}</span> : null}
      </div>
      {action}
    </div>
  );
}
