/**
 * Inviting a user (POST /users): the API mails the address an invitation, and the invited person
 * chooses their password when they accept. The answer is the same whether or not the address has an
 * account elsewhere; a user already in this organization answers 409.
 */
import { Button, Callout, Dialog, Flex, Select, TextField } from '@radix-ui/themes';
import { type FormEvent, useState } from 'react';
import { type ApiFailure, messageFor } from '../../../api/api-client.ts';
import { useApi } from '../../api/use-api.ts';
import { describeFailure } from '../../parts/describe-failure.ts';
import { describedBy, LabelledField } from '../../parts/field-message.tsx';
import { ROLE_LABELS, type StaffRole } from '../../roles.ts';

export interface Invitation {
  id: string;
  email: string;
  name: string;
  role: StaffRole;
  status: 'invited' | 'accepted' | 'expired' | 'revoked';
  createdAt: string;
  expiresAt: string;
}

export function InviteUserDialog({ onInvited }: { onInvited: (invitation: Invitation) => void }) {
  const api = useApi();
  const [open, setOpen] = useState(false);
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<StaffRole>('staff');
  const [failure, setFailure] = useState<ApiFailure | null>(null);
  const [sending, setSending] = useState(false);

  const reset = () => {
    setEmail('');
    setName('');
    setRole('staff');
    setFailure(null);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSending(true);
    const answer = await api.call<Invitation>('/users', { method: 'POST', body: { email, name, role } });
    setSending(false);
    if (!answer.ok) {
      setFailure(answer.failure);
      return;
    }
    onInvited(answer.body);
    setOpen(false);
    reset();
  };

  const fieldMessage = (path: string) => messageFor(failure, path);
  const general =
    failure && (failure.kind === 'network' || failure.errors.length === 0) ? describeFailure(failure) : null;

  return (
    <Dialog.Root
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) reset();
      }}
    >
      <Dialog.Trigger>
        <Button highContrast>Invite a user</Button>
      </Dialog.Trigger>
      <Dialog.Content maxWidth="460px">
        <Dialog.Title>Invite a user</Dialog.Title>
        <Dialog.Description size="2" color="gray" mb="4">
          Patron mails them an invitation; they choose their own password when they accept it.
        </Dialog.Description>
        <form onSubmit={submit} noValidate>
          <Flex direction="column" gap="3">
            <LabelledField id="invite-name" label="Name" message={fieldMessage('name')}>
              <TextField.Root
                {...describedBy('invite-name', fieldMessage('name'))}
                value={name}
                onChange={(e) => setName(e.target.value)}
                autoComplete="off"
              />
            </LabelledField>
            <LabelledField id="invite-email" label="Email" message={fieldMessage('email')}>
              <TextField.Root
                {...describedBy('invite-email', fieldMessage('email'))}
                type="email"
                value={email}
                onChange={(e) => setEmail(e.target.value)}
                autoComplete="off"
              />
            </LabelledField>
            <LabelledField id="invite-role" label="Role" message={fieldMessage('role')}>
              <Select.Root value={role} onValueChange={(value) => setRole(value as StaffRole)}>
                <Select.Trigger {...describedBy('invite-role', fieldMessage('role'))} />
                <Select.Content>
                  {(['staff', 'manager', 'admin'] as const).map((r) => (
                    <Select.Item key={r} value={r}>
                      {ROLE_LABELS[r]}
                    </Select.Item>
                  ))}
                </Select.Content>
              </Select.Root>
            </LabelledField>
            {general ? (
              <Callout.Root highContrast color="red" role="alert" size="1">
                <Callout.Text>{general}</Callout.Text>
              </Callout.Root>
            ) : null}
          </Flex>
          <Flex gap="3" mt="4" justify="end">
            <Dialog.Close>
              <Button highContrast variant="soft" color="gray" type="button">
                Cancel
              </Button>
            </Dialog.Close>
            <Button highContrast type="submit" loading={sending}>
              Send invitation
            </Button>
          </Flex>
        </form>
      </Dialog.Content>
    </Dialog.Root>
  );
}
