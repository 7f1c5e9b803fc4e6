/**
 * A store's own settings: name, time zone (IANA zones of the browser), state, data profile and when
 * customers are created at its POS. New: POST /stores; existing: PATCH /stores/{id}. The API's 422
 * messages go next to their fields.
 */
import { Box, Button, Card, Flex, Heading, Text, TextField } from '@radix-ui/themes';
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useId, useMemo, useState } from 'react';
import { type ApiFailure, messageFor } from '../../../api/api-client.ts';
import { apiQueryKey, useApi, useApiQuery } from '../../api/use-api.ts';
import { describeFailure } from '../../parts/describe-failure.ts';
import { ChoiceSelect } from '../../parts/native-select.tsx';
import type { DataProfile, Page, Store } from './admin-sync-types.ts';

function timeZones(current: string): string[] {
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return zones.includes(current) || current === '' ? zones : [current, ...zones];
}

export function Field({
  label,
  message,
  children,
  id,
}: {
  label: string;
  message?: string | undefined;
  children: ReactNode;
  id: string;
}) {
  return (
    <Box className="admin-sync-field">
      <Text as="label" htmlFor={id} size="2" weight="medium">
        {label}
      </Text>
      {children}
      <Text
        as="p"
        size="1"
        color="red"
        id={`${id}-message`}
        className="admin-sync-field-message"
        role={message ? 'alert' : undefined}
      >
        {message ?? ''}
      </Text>
    </Box>
  );
}

export function StoreForm({ store, onSaved }: { store: Store | null; onSaved: (store: Store) => void }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const profiles = useApiQuery<Page<DataProfile>>('/data-profiles');
  const [name, setName] = useState(store?.name ?? '');
  const [timezone, setTimezone] = useState(store?.timezone ?? 'America/Los_Angeles');
  const [state, setState] = useState(store?.address?.state ?? '');
  const [dataProfile, setDataProfile] = useState(store?.dataProfile ?? '');
  const [createAtPos, setCreateAtPos] = useState<string>(store?.createAtPos ?? 'onCreate');
  const [failure, setFailure] = useState<ApiFailure | null>(null);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  const zones = useMemo(() => timeZones(timezone), [timezone]);
  const id = useId();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaving(true);
    setSaved(false);
    const body: Record<string, unknown> = { name, timezone, createAtPos };
    if (dataProfile) body.dataProfile = dataProfile;
    if (store?.address && state !== (store.address.state ?? '')) body.address = { ...store.address, state };
    const answer = store
      ? await api.call<Store>(`/stores/${store.id}`, { method: 'PATCH', body })
      : await api.call<Store>('/stores', { method: 'POST', body });
    setSaving(false);
    if (!answer.ok) {
      setFailure(answer.failure);
      return;
    }
    setFailure(null);
    setSaved(true);
    await queryClient.invalidateQueries({ queryKey: ['api', 'stores'] });
    queryClient.setQueryData(apiQueryKey(`/stores/${answer.body.id}`), answer.body);
    onSaved(answer.body);
  }

  const other =
    failure && (failure.kind === 'network' || failure.errors.length === 0) ? describeFailure(failure) : null;
  return (
    <Card size="3">
      <form onSubmit={submit} aria-label="Store settings" noValidate>
        <Heading as="h2" size="4" mb="3">
          Store
        </Heading>
        <Flex direction="column" gap="2">
          <Field label="Name" id={`${id}-name`} message={messageFor(failure, 'name')}>
            <TextField.Root id={`${id}-name`} value={name} onChange={(e) => setName(e.target.value)} required />
          </Field>
          <Flex gap="3" wrap="wrap">
            <Field label="Time zone" id={`${id}-tz`} message={messageFor(failure, 'timezone')}>
              <ChoiceSelect
                id={`${id}-tz`}
                value={timezone}
                onChange={setTimezone}
                options={zones.map((zone) => ({ value: zone, label: zone }))}
              />
            </Field>
            {store?.address ? (
              <Field
                label="State"
                id={`${id}-state`}
                message={messageFor(failure, 'address.state') ?? messageFor(failure, 'address')}
              >
                <TextField.Root
                  id={`${id}-state`}
                  value={state}
                  maxLength={2}
                  onChange={(e) => setState(e.target.value.toUpperCase())}
                />
              </Field>
            ) : null}
          </Flex>
          <Flex gap="3" wrap="wrap">
            <Field label="Data profile" id={`${id}-profile`} message={messageFor(failure, 'dataProfile')}>
              <ChoiceSelect
                id={`${id}-profile`}
                value={dataProfile}
                onChange={setDataProfile}
                placeholder={store ? undefined : "From the store's state"}
                options={(profiles.data?.items ?? []).map((profile) => ({ value: profile.id, label: profile.name }))}
              />
            </Field>
            <Field label="Create customers at the POS" id={`${id}-create`} message={messageFor(failure, 'createAtPos')}>
              <ChoiceSelect
                id={`${id}-create`}
                value={createAtPos}
                onChange={setCreateAtPos}
                options={[
                  { value: 'onCreate', label: 'Right after the create' },
                  { value: 'onDemand', label: 'Only when a link or order asks' },
                ]}
              />
            </Field>
          </Flex>
          <Flex gap="3" align="center">
            <Button type="submit" loading={saving}>
              {store ? 'Save store' : 'Create store'}
            </Button>
            <Text size="2" color={other ? 'red' : 'green'} role="status">
              {other ?? (saved ? 'Saved.' : '')}
            </Text>
          </Flex>
        </Flex>
      </form>
    </Card>
  );
}
