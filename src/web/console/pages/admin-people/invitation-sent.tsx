/**
 * Where an invitation went. Patron mails it; in the demo, mail goes to the local SMTP sink whose
 * mailbox staff read on GET /api/v1/demo/mailbox, so the console looks there and says it arrived
 * (that endpoint answers only in demo mode; elsewhere the invitation went to the real address).
 */
import { CheckCircledIcon } from '@radix-ui/react-icons';
import { Callout } from '@radix-ui/themes';
import { useApiQuery } from '../../api/use-api.ts';
import type { Invitation } from './invite-user-dialog.tsx';

interface MailboxMessage {
  id: string;
  to: string[];
  subject: string;
  receivedAt: string;
}

export function InvitationSent({ invitation }: { invitation: Invitation }) {
  const mailbox = useApiQuery<{ items: MailboxMessage[] }>('/demo/mailbox?limit=20', {
    retry: false,
    staleTime: 0,
  });
  const delivered = mailbox.data?.items.find((message) =>
    message.to.some((to) => to.toLowerCase() === invitation.email.toLowerCase()),
  );
  return (
    <Callout.Root highContrast color="green" role="status" mb="4">
      <Callout.Icon>
        <CheckCircledIcon />
      </Callout.Icon>
      <Callout.Text>
        Invitation mailed to <strong>{invitation.email}</strong> as {invitation.role}. It stays open for 7 days; they
        appear under Users once they accept it.
        {delivered ? (
          <>
            {' '}
            This is the demo: the mail went to the local SMTP sink, and its mailbox ( GET /api/v1/demo/mailbox) received
            “{delivered.subject}”.
          </>
        ) : null}
      </Callout.Text>
    </Callout.Root>
  );
}
