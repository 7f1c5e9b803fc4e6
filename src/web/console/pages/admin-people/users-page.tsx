/**
 * Admin: the organization's users (GET /users, paged) and its open invitations (GET /invitations).
 * An admin invites (POST /users), changes a role (PATCH /users/{id}) and deactivates (DELETE
 * /users/{id}, confirmed). The last active admin can be neither demoted nor removed: the API answers
 * 409, and the console disables both with the reason before anyone tries.
 */
import { Badge, Button, Flex, Heading, Select, Table, Text, Tooltip } from '@radix-ui/themes';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { apiQueryKey, useApi } from '../../api/use-api.ts';
import { ConfirmAction } from '../../parts/confirm-action.tsx';
import { describeFailure } from '../../parts/describe-failure.ts';
import { PageHeader } from '../../parts/page-header.tsx';
import { EmptyState, LoadingRows, ProblemCallout } from '../../parts/page-states.tsx';
import { itemsOf, usePagedList } from '../../parts/paged-list.ts';
import { ROLE_LABELS, type StaffRole } from '../../roles.ts';
import { useSignedIn } from '../../session/session-context.tsx';
import { shortDateTime } from './dates.ts';
import { DeactivateUserButton } from './deactivate-user-button.tsx';
import { InvitationSent } from './invitation-sent.tsx';
import { type Invitation, InviteUserDialog } from './invite-user-dialog.tsx';
import { LAST_ADMIN_REASON, lastAdminId, type UserRow } from './last-admin.ts';
import './admin-people.css';
import { DataTable } from '../../parts/data-table.tsx';

export function UsersPage() {
  const users = usePagedList<UserRow>('/users');
  const invitations = usePagedList<Invitation>('/invitations');
  const [invited, setInvited] = useState<Invitation | null>(null);
  const queryClient = useQueryClient();
  const { items, complete } = itemsOf(users.data?.pages);
  const lastAdmin = lastAdminId(items, complete);
  const open = itemsOf(invitations.data?.pages).items.filter((i) => i.status === 'invited' || i.status === 'expired');

  return (
    <>
      <PageHeader
        title="Users"
        subtitle="Who signs in to Patron, and with which role."
        actions={
          <InviteUserDialog
            onInvited={(invitation) => {
              setInvited(invitation);
              void queryClient.invalidateQueries({ queryKey: apiQueryKey('/invitations').slice(0, 2) });
            }}
          />
        }
      />
      {invited ? <InvitationSent key={invited.id} invitation={invited} /> : null}
      {users.isPending ? (
        <LoadingRows label="Loading users" />
      ) : users.isError ? (
        <ProblemCallout failure={users.error.failure} onRetry={() => void users.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState title="No users yet">Invite someone to get started.</EmptyState>
      ) : (
        <>
          <DataTable label="Users">
            <Table.Header>
              <Table.Row>
                <Table.ColumnHeaderCell>Name</Table.ColumnHeaderCell>
                <Table.ColumnHeaderCell>Email</Table.ColumnHeaderCell>
                <Table.ColumnHeaderCell>Role</Table.ColumnHeaderCell>
                <Table.ColumnHeaderCell>Status</Table.ColumnHeaderCell>
                <Table.ColumnHeaderCell>
                  <span className="console-visually-hidden">Actions</span>
                </Table.ColumnHeaderCell>
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {items.map((user) => (
                <UserTableRow key={user.id} user={user} isLastAdmin={user.id === lastAdmin} />
              ))}
            </Table.Body>
          </DataTable>
          {users.hasNextPage ? (
            <Flex justify="center" mt="3">
              <Button
                highContrast
                variant="soft"
                loading={users.isFetchingNextPage}
                onClick={() => void users.fetchNextPage()}
              >
                Show more users
              </Button>
            </Flex>
          ) : null}
          {lastAdmin ? (
            <Text as="p" size="2" color="gray" mt="2" id="admin-users-last-admin">
              {LAST_ADMIN_REASON} The last admin's role can't be changed and they can't be deactivated.
            </Text>
          ) : null}
        </>
      )}

      <Heading as="h2" size="4" mt="6" mb="2">
        Open invitations
      </Heading>
      {invitations.isPending ? (
        <LoadingRows rows={2} label="Loading invitations" />
      ) : invitations.isError ? (
        <ProblemCallout failure={invitations.error.failure} onRetry={() => void invitations.refetch()} />
      ) : open.length === 0 ? (
        <EmptyState title="No open invitations">Invited people show here until they accept.</EmptyState>
      ) : (
        <DataTable label="Open invitations">
          <Table.Header>
            <Table.Row>
              <Table.ColumnHeaderCell>Name</Table.ColumnHeaderCell>
              <Table.ColumnHeaderCell>Email</Table.ColumnHeaderCell>
              <Table.ColumnHeaderCell>Role</Table.ColumnHeaderCell>
              <Table.ColumnHeaderCell>Status</Table.ColumnHeaderCell>
              <Table.ColumnHeaderCell>Expires</Table.ColumnHeaderCell>
              <Table.ColumnHeaderCell>
                <span className="console-visually-hidden">Actions</span>
              </Table.ColumnHeaderCell>
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {open.map((invitation) => (
              <Table.Row key={invitation.id}>
                <Table.RowHeaderCell>{invitation.name}</Table.RowHeaderCell>
                <Table.Cell>{invitation.email}</Table.Cell>
                <Table.Cell>{ROLE_LABELS[invitation.role]}</Table.Cell>
                <Table.Cell>
                  <Badge highContrast color={invitation.status === 'invited' ? 'blue' : 'gray'}>
                    {invitation.status === 'invited' ? 'Invited' : 'Expired'}
                  </Badge>
                </Table.Cell>
                <Table.Cell>{shortDateTime(invitation.expiresAt)}</Table.Cell>
                <Table.Cell>
                  <WithdrawInvitationButton invitation={invitation} />
                </Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </DataTable>
      )}
    </>
  );
}

function UserTableRow({ user, isLastAdmin }: { user: UserRow; isLastAdmin: boolean }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const { user: me } = useSignedIn();
  const [problem, setProblem] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const changeRole = async (role: StaffRole) => {
    setSaving(true);
    setProblem(null);
    const answer = await api.call<UserRow>(`/users/${user.id}`, { method: 'PATCH', body: { role } });
    setSaving(false);
    if (!answer.ok) {
      setProblem(
        answer.failure.kind === 'problem' && answer.failure.errors[0]
          ? answer.failure.errors[0].message
          : describeFailure(answer.failure),
      );
      return;
    }
    await queryClient.invalidateQueries({ queryKey: apiQueryKey('/users').slice(0, 2) });
  };

  const roleId = `admin-users-role-${user.id}`;
  return (
    <Table.Row align="center">
      <Table.RowHeaderCell>
        {user.name}
        {me.id === user.id ? (
          <Text size="1" color="gray">
            {' '}
            (you)
          </Text>
        ) : null}
      </Table.RowHeaderCell>
      <Table.Cell>{user.email}</Table.Cell>
      <Table.Cell>
        <Flex direction="column" gap="1">
          <Select.Root
            value={user.role}
            onValueChange={(value) => void changeRole(value as StaffRole)}
            disabled={isLastAdmin || saving}
          >
            <Select.Trigger
              aria-label={`Role of ${user.name}`}
              id={roleId}
              aria-describedby={isLastAdmin ? 'admin-users-last-admin' : problem ? `${roleId}-problem` : undefined}
            />
            <Select.Content>
              {(['staff', 'manager', 'admin'] as const).map((role) => (
                <Select.Item key={role} value={role}>
                  {ROLE_LABELS[role]}
                </Select.Item>
              ))}
            </Select.Content>
          </Select.Root>
          {problem ? (
            <Text size="1" color="red" role="alert" id={`${roleId}-problem`}>
              {problem}
            </Text>
          ) : null}
        </Flex>
      </Table.Cell>
      <Table.Cell>
        <Flex gap="1" wrap="wrap">
          <Badge highContrast color="green">
            Active
          </Badge>
          {isLastAdmin ? (
            <Tooltip content={LAST_ADMIN_REASON}>
              <Badge highContrast color="amber" tabIndex={0}>
                Last admin
              </Badge>
            </Tooltip>
          ) : null}
        </Flex>
      </Table.Cell>
      <Table.Cell justify="end">
        <DeactivateUserButton user={user} isLastAdmin={isLastAdmin} />
      </Table.Cell>
    </Table.Row>
  );
}

function WithdrawInvitationButton({ invitation }: { invitation: Invitation }) {
  const api = useApi();
  const queryClient = useQueryClient();
  return (
    <ConfirmAction
      trigger="Withdraw"
      triggerLabel={`Withdraw ${invitation.name}'s invitation`}
      title={`Withdraw the invitation to ${invitation.name}?`}
      description={`The link mailed to ${invitation.email} stops working. You can invite the address again later.`}
      confirm="Withdraw invitation"
      onConfirm={async () => {
        const answer = await api.call(`/invitations/${invitation.id}`, { method: 'DELETE' });
        if (answer.ok) await queryClient.invalidateQueries({ queryKey: apiQueryKey('/invitations').slice(0, 2) });
        return answer;
      }}
    />
  );
}
