/**
 * Recording a consent statement at the counter (POST /customers/{id}/consents). A grant carries the
 * exact words the customer agreed to: the store's consent wording, read out or shown to them (TCPA
 * asks for the words of an SMS grant). A withdrawal needs no words, so it sends none. The server sets
 * the source (staff) and the time.
 */
import { Button, Callout, Dialog, Flex, Text } from '@radix-ui/themes';
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import type { ApiFailure } from '../../../api/api-client.ts';
import { apiQueryKey, useApi } from '../../api/use-api.ts';
import { describeFailure } from '../../parts/describe-failure.ts';
import { NativeSelect } from '../../parts/native-select.tsx';
import { RadioChoices } from '../../parts/radio-choices.tsx';
import type { CustomerRecord, StoreSummary } from './customer-types.ts';

type Channel = 'sms' | 'email';
const CHANNELS = [
  ['sms', 'SMS'],
  ['email', 'Email'],
] as const;
const CHOICES = [
  ['grant', 'Agrees'],
  ['withdraw', 'Withdraws'],
] as const;

export function RecordConsentDialog({
  customer,
  stores,
}: {
  customer: CustomerRecord;
  stores: readonly StoreSummary[];
}) {
  const api = useApi();
  const queries = useQueryClient();
  const id = useId();
  const [open, setOpen] = useState(false);
  const [channel, setChannel] = useState<Channel>('sms');
  const [granted, setGranted] = useState(true);
  const [storeId, setStoreId] = useState(customer.homeStoreId ?? stores[0]?.id ?? '');
  const [failure, setFailure] = useState<ApiFailure | null>(null);
  const [busy, setBusy] = useState(false);
  const wording = stores.find((store) => store.id === storeId)?.consentWording?.[channel] ?? null;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setFailure(null);
    const answer = await api.call(`/customers/${customer.id}/consents`, {
      method: 'POST',
      body: { channel, granted, wording: granted ? wording : null },
    });
    setBusy(false);
    if (!answer.ok) return setFailure(answer.failure);
    // The customer (its consent state) and the ledger's pages sit under the customer's key.
    await queries.invalidateQueries({ queryKey: apiQueryKey(`/customers/${customer.id}`).slice(0, 3) });
    setOpen(false);
  }

  return (
    <Dialog.Root
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (next) setFailure(null);
      }}
    >
      <Dialog.Trigger>
        <Button variant="soft" highContrast size="1">
          Record a consent
        </Button>
      </Dialog.Trigger>
      <Dialog.Content maxWidth="480px">
        <Dialog.Title>Record a consent</Dialog.Title>
        <Dialog.Description size="2" mb="3">
          What {customer.firstName} told you, recorded in the consent history with your name and the time.
        </Dialog.Description>
        <form onSubmit={submit}>
          <Flex direction="column" gap="3">
            <Flex direction="column" gap="1">
              <Text size="2" weight="medium" id={`${id}-channel`}>
                Channel
              </Text>
              <RadioChoices value={channel} choices={CHANNELS} onChange={setChannel} labelledBy={`${id}-channel`} />
            </Flex>
            <Flex direction="column" gap="1">
              <Text size="2" weight="medium" id={`${id}-choice`}>
                Choice
              </Text>
              <RadioChoices
                value={granted ? 'grant' : 'withdraw'}
                choices={CHOICES}
                onChange={(value) => setGranted(value === 'grant')}
                labelledBy={`${id}-choice`}
              />
            </Flex>
            {granted ? (
              <Flex direction="column" gap="1">
                <Text as="label" size="2" weight="medium" htmlFor={`${id}-store`}>
                  Wording shown at
                </Text>
                <NativeSelect id={`${id}-store`} value={storeId} onChange={(event) => setStoreId(event.target.value)}>
                  {stores.map((store) => (
                    <option key={store.id} value={store.id}>
                      {store.name}
                    </option>
                  ))}
                </NativeSelect>
                <Text as="p" size="2" className="customer-page-wording">
                  {wording ?? 'This store has no wording for this channel.'}
                </Text>
              </Flex>
            ) : null}
            {failure ? (
              <Callout.Root color="red" role="alert">
                <Callout.Text>{describeFailure(failure)}</Callout.Text>
              </Callout.Root>
            ) : null}
            <Flex gap="2" justify="end">
              <Dialog.Close>
                <Button type="button" variant="soft" color="gray" highContrast>
                  Cancel
                </Button>
              </Dialog.Close>
              <Button type="submit" highContrast loading={busy} disabled={granted && wording === null}>
                Record
              </Button>
            </Flex>
          </Flex>
        </form>
      </Dialog.Content>
    </Dialog.Root>
  );
}
