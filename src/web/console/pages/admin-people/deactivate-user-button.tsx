/**
 * Deactivating a user (DELETE /users/{id}) after a confirmation: their sessions end at once. The
 * last active admin's button is disabled with the reason; should the API still refuse (another
 * admin was removed meanwhile), its 409 message shows in the dialog.
 */
import { Button, Tooltip } from '@radix-ui/themes';
import { useQueryClient } from '@tanstack/react-query';
import { apiQueryKey, useApi } from '../../api/use-api.ts';
import { ConfirmAction } from '../../parts/confirm-action.tsx';
import { LAST_ADMIN_REASON, type UserRow } from './last-admin.ts';

export function DeactivateUserButton({ user, isLastAdmin }: { user: UserRow; isLastAdmin: boolean }) {
  const api = useApi();
  const queryClient = useQueryClient();

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

  return (
    <ConfirmAction
      trigger="Deactivate"
      triggerLabel={`Deactivate ${user.name}`}
      title={`Deactivate ${user.name}?`}
      description={`${user.email} can no longer sign in, and their open sessions end now. To let them back, invite the address again.`}
      confirm="Deactivate"
      footnote="Their history (audit entries, consents they recorded) stays."
      onConfirm={async () => {
        const answer = await api.call(`/users/${user.id}`, { method: 'DELETE' });
        if (answer.ok) await queryClient.invalidateQueries({ queryKey: apiQueryKey('/users').slice(0, 2) });
        return answer;
      }}
    />
  );
}
