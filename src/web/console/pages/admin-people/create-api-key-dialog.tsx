/**
 * Creating an API key (POST /api-keys {name, role, storeId?}). The answer's key is shown once: this
 * dialog holds it in its own state until it closes, then forgets it. The copy button uses the
 * clipboard; where that is refused, it selects the key for the person to copy.
 */
import { CopyIcon, ExclamationTriangleIcon } from '@radix-ui/react-icons';
import { Button, Callout, Dialog, Flex, SegmentedControl, Select, Text, TextField } from '@radix-ui/themes';
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useRef, useState } from 'react';
import { type ApiFailure, messageFor } from '../../../api/api-client.ts';
import { apiQueryKey, useApi } from '../../api/use-api.ts';
import { describeFailure } from '../../parts/describe-failure.ts';
import { describedBy, LabelledField } from '../../parts/field-message.tsx';

type KeyRole = 'kiosk' | 'integration';
const NO_STORE = 'none';

export interface StoreRow {
  id: string;
  name: string;
}

export function CreateApiKeyDialog({ stores }: { stores: readonly StoreRow[] }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [role, setRole] = useState<KeyRole>('kiosk');
  const [storeId, setStoreId] = useState<string>(NO_STORE);
  const [failure, setFailure] = useState<ApiFailure | null>(null);
  const [sending, setSending] = useState(false);
  const [created, setCreated] = useState<{ name: string; key: string } | null>(null);

  const close = () => {
    setOpen(false);
    // The key leaves memory with the dialog.
    setCreated(null);
    setName('');
    setRole('kiosk');
    setStoreId(NO_STORE);
    setFailure(null);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSending(true);
    const body = { name, role, ...(storeId === NO_STORE ? {} : { storeId }) };
    const answer = await api.call<{ name: string; key: string }>('/api-keys', { method: 'POST', body });
    setSending(false);
    if (!answer.ok) {
      setFailure(answer.failure);
      return;
    }
    setCreated({ name: answer.body.name, key: answer.body.key });
    await queryClient.invalidateQueries({ queryKey: apiQueryKey('/api-keys').slice(0, 2) });
  };

  const fieldMessage = (path: string) => messageFor(failure, path);
  const general =
    failure && (failure.kind === 'network' || failure.errors.length === 0) ? describeFailure(failure) : null;

  return (
    <Dialog.Root open={open} onOpenChange={(next) => (next ? setOpen(true) : close())}>
      <Dialog.Trigger>
        <Button highContrast>Create a key</Button>
      </Dialog.Trigger>
      <Dialog.Content maxWidth="500px">
        {created ? (
          <ShownOnce name={created.name} secret={created.key} onDone={close} />
        ) : (
          <>
            <Dialog.Title>Create an API key</Dialog.Title>
            <Dialog.Description size="2" color="gray" mb="4">
              A kiosk key lets a store's tablet sign customers up and identify them; an integration key records orders.
            </Dialog.Description>
            <form onSubmit={submit} noValidate>
              <Flex direction="column" gap="3">
                <LabelledField id="api-key-name" label="Name" message={fieldMessage('name')}>
                  <TextField.Root
                    {...describedBy('api-key-name', fieldMessage('name'))}
                    value={name}
                    onChange={(e) => setName(e.target.value)}
                    placeholder="Front counter tablet"
                    autoComplete="off"
                  />
                </LabelledField>
                <LabelledField id="api-key-role" label="Role" message={fieldMessage('role')}>
                  <SegmentedControl.Root
                    id="api-key-role"
                    value={role}
                    onValueChange={(value) => setRole(value as KeyRole)}
                    aria-label="Role"
                  >
                    <SegmentedControl.Item value="kiosk">Kiosk</SegmentedControl.Item>
                    <SegmentedControl.Item value="integration">Integration</SegmentedControl.Item>
                  </SegmentedControl.Root>
                </LabelledField>
                <LabelledField
                  id="api-key-store"
                  label="Store"
                  message={fieldMessage('storeId')}
                  hint={role === 'kiosk' ? 'A kiosk stands in one store: choose it.' : 'Optional for an integration.'}
                >
                  <Select.Root value={storeId} onValueChange={setStoreId}>
                    <Select.Trigger {...describedBy('api-key-store', fieldMessage('storeId'), true)} />
                    <Select.Content>
                      <Select.Item value={NO_STORE}>No store</Select.Item>
                      {stores.map((store) => (
                        <Select.Item key={store.id} value={store.id}>
                          {store.name}
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
                  Create key
                </Button>
              </Flex>
            </form>
          </>
        )}
      </Dialog.Content>
    </Dialog.Root>
  );
}

function ShownOnce({ name, secret, onDone }: { name: string; secret: string; onDone: () => void }) {
  const field = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<'copied' | 'selected' | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied('copied');
    } catch {
      // No clipboard (insecure context, or refused): select the key so Ctrl/Cmd+C copies it.
      field.current?.focus();
      field.current?.select();
      setCopied('selected');
    }
  };
  return (
    <>
      <Dialog.Title>Key “{name}” created</Dialog.Title>
      <Dialog.Description size="2" mb="3">
        Copy the key now and put it where it is used.
      </Dialog.Description>
      <Callout.Root highContrast color="amber" mb="3">
        <Callout.Icon>
          <ExclamationTriangleIcon />
        </Callout.Icon>
        <Callout.Text>
          This key is shown only once. Patron keeps only its fingerprint and cannot show it again.
        </Callout.Text>
      </Callout.Root>
      <Flex gap="2" align="end">
        <Flex direction="column" gap="1" flexGrow="1">
          <Text as="label" htmlFor="api-key-secret" size="2" weight="medium">
            API key
          </Text>
          <TextField.Root
            id="api-key-secret"
            ref={field}
            value={secret}
            readOnly
            className="admin-people-secret"
            onFocus={(e) => e.currentTarget.select()}
          />
        </Flex>
        <Button highContrast variant="soft" onClick={() => void copy()}>
          <CopyIcon /> Copy
        </Button>
      </Flex>
      <Text as="p" size="1" color="gray" mt="1" role="status">
        {copied === 'copied'
          ? 'Copied to the clipboard.'
          : copied === 'selected'
            ? 'Selected: press Ctrl+C (⌘C) to copy.'
            : ''}
      </Text>
      <Flex justify="end" mt="4">
        <Button highContrast onClick={onDone}>
          I've stored the key
        </Button>
      </Flex>
    </>
  );
}
