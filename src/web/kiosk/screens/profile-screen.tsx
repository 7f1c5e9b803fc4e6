/**
 * The identified customer's profile (GET and PATCH /me with their token): consents apply at once; a
 * new phone or email is held until a staff member confirms it with them; a copy of their data or a
 * deletion, after a clear question, waits for the one-time code mailed to the email on file (or for
 * staff, when no code can be sent). The copy goes to that email, never onto this lobby screen.
 *
 * One screen, several views (the overview, an edit, the code, what happens next), each a <Screen>
 * of its own so focus and the screen reader start at its heading.
 */
import { useCallback, useEffect, useState } from 'react';
import { type ApiFailure, messageFor } from '../../api/api-client.ts';
import { useKiosk } from '../kiosk-context.ts';
import { ConfirmDialog } from '../parts/confirm-dialog.tsx';
import { Screen } from '../parts/screen.tsx';
import {
  askForErasure,
  askForExport,
  type Channel,
  codeConfirms,
  giveCode,
  loadSelf,
  type OpenedRequest,
  patchSelf,
  type Versioned,
} from '../profile-calls.ts';
import { CODE_LENGTH, CodeEntry } from './profile/code-entry.tsx';
import { EmailEdit } from './profile/email-edit.tsx';
import { PhoneEdit } from './profile/phone-edit.tsx';
import { type Notice, ProfileOverview } from './profile/profile-overview.tsx';
import './profile/profile.css';

type View =
  | { name: 'overview' }
  | { name: 'phone' }
  | { name: 'email' }
  /** A new phone or email, held for staff. */
  | { name: 'held'; field: 'phone' | 'email' }
  | { name: 'code'; request: OpenedRequest }
  /** No code could be mailed (no email on file, too many codes): only staff can confirm. */
  | { name: 'staffOnly'; request: OpenedRequest }
  | { name: 'copySent'; sentTo: string | null };

const CHANGED_ELSEWHERE =
  'Your profile was just changed somewhere else, so we loaded it again. Please check and try again.';

function problemText(failure: ApiFailure): string {
  return failure.kind === 'problem' ? failure.detail || failure.title : 'Something went wrong. Please try again.';
}

export function ProfileScreen() {
  const { state, dispatch, store, failed } = useKiosk();
  const token = state.identified?.token ?? null;
  const [record, setRecord] = useState<Versioned | null>(null);
  const [loadProblem, setLoadProblem] = useState<string | null>(null);
  const [sessionEnded, setSessionEnded] = useState(false);
  const [view, setView] = useState<View>({ name: 'overview' });
  const [dialog, setDialog] = useState<'copy' | 'delete' | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [fieldMessage, setFieldMessage] = useState<string | null>(null);
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    if (!token) return;
    const answer = await loadSelf(token);
    if (answer.ok) {
      setRecord(answer.body);
      setLoadProblem(null);
    } else if (answer.failure.kind === 'problem' && answer.failure.status === 401) setSessionEnded(true);
    else if (!failed(answer.failure, () => void load())) setLoadProblem(problemText(answer.failure));
  }, [token, failed]);

  useEffect(() => {
    void load();
  }, [load]);

  const show = (next: View) => {
    setFieldMessage(null);
    setCode('');
    setView(next);
  };

  /** The failures every call here meets alike; true when handled. */
  async function handledAlike(failure: ApiFailure, retry: () => void): Promise<boolean> {
    if (failure.kind === 'problem' && failure.status === 401) {
      setSessionEnded(true);
      return true;
    }
    if (failure.kind === 'problem' && failure.status === 412) {
      await load();
      setNotice({ tone: 'alert', text: CHANGED_ELSEWHERE });
      show({ name: 'overview' });
      return true;
    }
    return failed(failure, retry);
  }

  async function setConsent(channel: Channel, granted: boolean) {
    if (!token || !record) return;
    // Granting records the very words shown beside the switch; withdrawing is one tap, no words needed.
    const choice = granted ? { granted: true, wording: store.consentWording[channel] } : { granted: false };
    setBusy(true);
    setNotice(null);
    const answer = await patchSelf(token, { consents: { [channel]: choice } }, record.etag);
    setBusy(false);
    if (answer.ok && 'applied' in answer.body) {
      setRecord(answer.body.applied);
      setNotice({
        tone: 'success',
        text: `${channel === 'sms' ? 'Text messages' : 'Emails'} turned ${granted ? 'on' : 'off'}.`,
      });
    } else if (!answer.ok && !(await handledAlike(answer.failure, () => void setConsent(channel, granted)))) {
      setNotice({
        tone: 'alert',
        text: messageFor(answer.failure, `consents.${channel}`) ?? problemText(answer.failure),
      });
    }
  }

  async function changeContact(field: 'phone' | 'email', value: string) {
    if (!token || !record) return;
    setBusy(true);
    setFieldMessage(null);
    const answer = await patchSelf(token, { [field]: value }, record.etag);
    setBusy(false);
    if (answer.ok) {
      if ('held' in answer.body) show({ name: 'held', field });
      else {
        setRecord(answer.body.applied);
        setNotice({ tone: 'success', text: `That is already your ${field === 'phone' ? 'number' : 'email'}.` });
        show({ name: 'overview' });
      }
    } else if (!(await handledAlike(answer.failure, () => void changeContact(field, value)))) {
      setFieldMessage(messageFor(answer.failure, field) ?? problemText(answer.failure));
    }
  }

  async function ask(kind: 'copy' | 'delete') {
    if (!token) return;
    setBusy(true);
    const answer = kind === 'copy' ? await askForExport(token) : await askForErasure(token);
    setBusy(false);
    if (answer.ok) {
      setDialog(null);
      show(
        codeConfirms(answer.body)
          ? { name: 'code', request: answer.body }
          : { name: 'staffOnly', request: answer.body },
      );
    } else if (!(await handledAlike(answer.failure, () => void ask(kind)))) {
      setDialog(null);
      setNotice({ tone: 'alert', text: problemText(answer.failure) });
    }
  }

  async function confirmCode(request: OpenedRequest) {
    if (!token) return;
    setBusy(true);
    setFieldMessage(null);
    const answer = await giveCode(token, request.requestId, code);
    setBusy(false);
    if (answer.ok) {
      if (answer.body.kind === 'erasure') dispatch({ type: 'erased' });
      else show({ name: 'copySent', sentTo: answer.body.sentTo ?? request.codeSentTo });
      return;
    }
    const failure = answer.failure;
    if (failure.kind === 'problem' && failure.status === 409) {
      // Voided (too many wrong codes) or expired: the code can no longer do it, staff still can.
      show({ name: 'staffOnly', request });
      return;
    }
    if (!(await handledAlike(failure, () => void confirmCode(request)))) {
      setCode('');
      setFieldMessage(messageFor(failure, 'code') ?? problemText(failure));
    }
  }

  const backToWelcome = () => dispatch({ type: 'show', screen: { name: 'welcome', note: null } });

  if (!token) return null;
  if (sessionEnded) {
    return (
      <Screen
        title="Your session has ended"
        tone="alert"
        lead={<p>For your privacy, please start again.</p>}
        actions={
          <button type="button" className="button button-primary" onClick={() => dispatch({ type: 'reset' })}>
            Start again
          </button>
        }
      />
    );
  }
  if (!record) {
    return loadProblem ? (
      <Screen
        title="We could not open your profile"
        tone="alert"
        lead={<p>{loadProblem}</p>}
        actions={
          <button type="button" className="button button-secondary" onClick={backToWelcome}>
            Back
          </button>
        }
      />
    ) : (
      <p className="kiosk-loading">Opening your profile…</p>
    );
  }

  // The way out of every outcome screen: back to the profile, or done (the welcome screen).
  const backOrDone = (
    <>
      <button type="button" className="button button-secondary" onClick={() => show({ name: 'overview' })}>
        Back to my profile
      </button>
      <button type="button" className="button button-primary" onClick={backToWelcome}>
        Done
      </button>
    </>
  );
  switch (view.name) {
    case 'phone':
      return (
        <PhoneEdit
          current={record.self.phone}
          message={fieldMessage}
          busy={busy}
          onSave={(phone) => void changeContact('phone', phone)}
          onCancel={() => show({ name: 'overview' })}
        />
      );
    case 'email':
      return (
        <EmailEdit
          current={record.self.email}
          message={fieldMessage}
          busy={busy}
          onSave={(email) => void changeContact('email', email)}
          onCancel={() => show({ name: 'overview' })}
        />
      );
    case 'held':
      return (
        <Screen
          title="A staff member will confirm this change with you"
          lead={
            <>
              <p className="note-success">
                We saved your new {view.field === 'phone' ? 'phone number' : 'email'} as a request.
              </p>
              <p>Please see a staff member at the counter. Until they confirm it, we keep the one on file.</p>
            </>
          }
          actions={backOrDone}
        />
      );
    case 'code':
      return (
        <CodeEntry
          title={view.request.kind === 'erasure' ? 'Confirm the deletion' : 'Confirm your copy'}
          sentTo={view.request.codeSentTo ?? ''}
          digits={code}
          message={fieldMessage}
          busy={busy}
          onDigits={(digits) => {
            setFieldMessage(null);
            setCode(digits.slice(0, CODE_LENGTH));
          }}
          onSubmit={() => void confirmCode(view.request)}
          onCancel={() => show({ name: 'overview' })}
          submitLabel={view.request.kind === 'erasure' ? 'Delete my profile' : 'Send my copy'}
        />
      );
    case 'staffOnly':
      return (
        <Screen
          title="Ask a staff member to confirm"
          lead={
            <>
              <p>
                {view.request.kind === 'erasure'
                  ? 'We cannot delete your profile from this screen.'
                  : 'We cannot send your copy from this screen.'}
              </p>
              <p>A staff member at the counter can confirm your request with you.</p>
            </>
          }
          actions={backOrDone}
        />
      );
    case 'copySent':
      return (
        <Screen
          title="Your copy is on its way"
          lead={
            <>
              <p className="note-success">{view.sentTo ? `Sent to ${view.sentTo}.` : 'Sent to the email on file.'}</p>
              <p>For your privacy it is never shown on this screen.</p>
            </>
          }
          actions={backOrDone}
        />
      );
    case 'overview':
      return (
        <>
          <ProfileOverview
            self={record.self}
            store={store}
            notice={notice}
            busy={busy}
            onConsent={(channel, granted) => void setConsent(channel, granted)}
            onChangePhone={() => {
              setNotice(null);
              show({ name: 'phone' });
            }}
            onChangeEmail={() => {
              setNotice(null);
              show({ name: 'email' });
            }}
            onAskForCopy={() => setDialog('copy')}
            onAskToDelete={() => setDialog('delete')}
            onBack={backToWelcome}
          />
          {dialog === 'copy' ? (
            <ConfirmDialog
              title="Email you a copy of your data?"
              confirmLabel="Email me a copy"
              cancelLabel="Cancel"
              busy={busy}
              onConfirm={() => void ask('copy')}
              onCancel={() => setDialog(null)}
            >
              <p>We will email everything we hold about you to the email on file. It is never shown on this screen.</p>
              <p>First we email you a code to confirm it is you.</p>
            </ConfirmDialog>
          ) : null}
          {dialog === 'delete' ? (
            <ConfirmDialog
              title="Delete your profile?"
              confirmLabel="Delete my profile"
              cancelLabel="Keep my profile"
              danger
              busy={busy}
              onConfirm={() => void ask('delete')}
              onCancel={() => setDialog(null)}
            >
              <p>
                This erases your name, contact details, consents and loyalty points, here and in our stores' registers.
                It cannot be undone.
              </p>
              <p>To confirm it is you, we will email you a code, or a staff member can confirm it.</p>
            </ConfirmDialog>
          ) : null}
        </>
      );
  }
}
