/**
 * Deactivating a user (DELETE /users/{id}) after a confirmation: their sessions end at once. The
 * last active admin's button is disabled with the reason; should the API still refuse (another
 * admin was removed meanwhile), its 409 message shows in the dialog.
 */
import { AlertDialog, Button, Callout, Flex, Text, Tooltip } from '@radix-ui/themes';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { apiQueryKey, useApi } from '../../api/use-api.ts';
import { describeFailure } from '../../parts/describe-failure.ts';
import { LAST_ADMIN_REASON, type UserRow } from './last-admin.ts';

export function DeactivateUserButton({ user, isLastAdmin }: { user: UserRow; isLastAdmin: boolean }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [sending, setSending] = useState(false);

  if (isLastAdmin) {
    return (
      <Tooltip content={LAST_ADMIN_REASON}>
        {/* A disabled button takes no pointer events, so the tooltip hangs on a wrapper; the reason is also text under the table. */}
        <span className="admin-people-disabled-wrap">
          <Button highContrast variant="soft" color="red" size="1" disabled aria-describedby="admin-users-last-admin">
            Deactivate
          </Button>
        </span>
      </Tooltip>
    );
  }

  const confirm = async () => {
    setSending(true);
    const answer = await api.call(`/users/${user.id}`, { method: 'DELETE' });
    setSending(false);
    if (!answer.ok) {
      setProblem(describeFailure(answer.failure));
      return;
    }
    setOpen(false);
    await queryClient.invalidateQueries({ queryKey: apiQueryKey('/users').slice(0, 2) });
  };

  return (
    <AlertDialog.Root
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) setProblem(null);
      }}
    >
      <AlertDialog.Trigger>
        <Button highContrast variant="soft" color="red" size="1" aria-label={`Deactivate ${user.name}`}>
          Deactivate
        </Button>
      </AlertDialog.Trigger>
      <AlertDialog.Content maxWidth="440px">
        <AlertDialog.Title>Deactivate {user.name}?</AlertDialog.Title>
        <AlertDialog.Description size="2">
          {user.email} can no longer sign in, and their open sessions end now. To let them back, invite the address
          again.
        </AlertDialog.Description>
        {problem ? (
          <Callout.Root highContrast color="red" role="alert" size="1" mt="3">
            <Callout.Text>{problem}</Callout.Text>
          </Callout.Root>
        ) : null}
        <Flex gap="3" mt="4" justify="end">
          <AlertDialog.Cancel>
            <Button highContrast variant="soft" color="gray">
              Cancel
            </Button>
          </AlertDialog.Cancel>
          <Button highContrast color="red" loading={sending} onClick={() => void confirm()}>
            Deactivate
          </Button>
        </Flex>
        <Text as="p" size="1" color="gray" mt="2">
          Their history (audit entries, consents they recorded) stays.
        </Text>
      </AlertDialog.Content>
    </AlertDialog.Root>
  );
}
