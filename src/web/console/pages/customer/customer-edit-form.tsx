/**
 * The customer's edit form: a JSON merge patch of the fields changed, sent with If-Match of the
 * version the edit started from. The API's 422 messages go next to their fields. A 412 means someone
 * else saved first: the form re-reads the customer, says which fields they changed, and reloads with
 * the new values while keeping this person's unsaved input (unsaved-input-merge.ts).
 */
import { ExclamationTriangleIcon } from '@radix-ui/react-icons';
import { Button, Callout, Card, Flex, Grid, Heading, Text, TextArea, TextField } from '@radix-ui/themes';
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { type ApiFailure, messageFor } from '../../../api/api-client.ts';
import { apiQueryKey, useApi } from '../../api/use-api.ts';
import { describeFailure } from '../../parts/describe-failure.ts';
import type { CustomerRecord } from './customer-types.ts';
import { type FormValues, mergePatchOf, mergeUnsavedInput } from './unsaved-input-merge.ts';

const FIELDS = [
  { name: 'firstName', label: 'First name' },
  { name: 'lastName', label: 'Last name' },
  { name: 'preferredName', label: 'Preferred name' },
  { name: 'phone', label: 'Phone' },
  { name: 'email', label: 'Email' },
  { name: 'notes', label: 'Notes' },
] as const;
const NULLABLE = new Set(['preferredName', 'phone', 'email', 'notes']);
const LABELS: Record<string, string> = Object.fromEntries(FIELDS.map((field) => [field.name, field.label]));

export function formValuesOf(customer: CustomerRecord): FormValues {
  return Object.fromEntries(FIELDS.map(({ name }) => [name, customer[name] ?? '']));
}

export function CustomerEditForm({ customer, onDone }: { customer: CustomerRecord; onDone: () => void }) {
  const api = useApi();
  const queries = useQueryClient();
  const formId = useId();
  const [base, setBase] = useState(() => ({ values: formValuesOf(customer), version: customer.version }));
  const [input, setInput] = useState<FormValues>(() => formValuesOf(customer));
  const [failure, setFailure] = useState<ApiFailure | null>(null);
  const [changedElsewhere, setChangedElsewhere] = useState<{ fields: string[]; both: string[] } | null>(null);
  const [busy, setBusy] = useState(false);

  async function save(event: FormEvent) {
    event.preventDefault();
    const patch = mergePatchOf(base.values, input, NULLABLE);
    if (Object.keys(patch).length === 0) return onDone();
    setBusy(true);
    setFailure(null);
    const answer = await api.call<CustomerRecord>(`/customers/${customer.id}`, {
      method: 'PATCH',
      body: patch,
      mergePatch: true,
      ifMatch: `"${base.version}"`,
    });
    if (answer.ok) {
      queries.setQueryData(apiQueryKey(`/customers/${customer.id}`), answer.body);
      await queries.invalidateQueries({ queryKey: apiQueryKey(`/customers/${customer.id}`).slice(0, 3) });
      setBusy(false);
      return onDone();
    }
    if (answer.failure.kind === 'problem' && answer.failure.status === 412) {
      const fresh = await api.call<CustomerRecord>(`/customers/${customer.id}`);
      setBusy(false);
      if (!fresh.ok) return setFailure(fresh.failure);
      const merged = mergeUnsavedInput(base.values, input, formValuesOf(fresh.body));
      setBase({ values: formValuesOf(fresh.body), version: fresh.body.version });
      setInput(merged.values);
      setChangedElsewhere({ fields: merged.changedElsewhere, both: merged.bothChanged });
      queries.setQueryData(apiQueryKey(`/customers/${customer.id}`), fresh.body);
      return;
    }
    setBusy(false);
    setFailure(answer.failure);
  }

  const fieldMessages = FIELDS.map(({ name }) => messageFor(failure, name));
  const general = failure && !fieldMessages.some(Boolean) ? describeFailure(failure) : null;

  return (
    <Card>
      <Heading as="h2" size="4" mb="3">
        Edit customer
      </Heading>
      {changedElsewhere ? (
        <Callout.Root color="amber" role="alert" mb="3">
          <Callout.Icon>
            <ExclamationTriangleIcon />
          </Callout.Icon>
          <Callout.Text>
            <strong>Changed by someone else.</strong>{' '}
            {changedElsewhere.fields.length === 0
              ? 'None of these fields changed; save again to keep your edit.'
              : `They changed: ${changedElsewhere.fields.map((field) => LABELS[field] ?? field).join(', ')}.`}{' '}
            {changedElsewhere.both.length > 0
              ? `You also edited ${changedElsewhere.both.map((field) => LABELS[field] ?? field).join(', ')}: your input is kept, check it before saving.`
              : 'The form now shows their values, with your unsaved input kept.'}
          </Callout.Text>
        </Callout.Root>
      ) : null}
      <form onSubmit={save} noValidate>
        <Grid columns={{ initial: '1', sm: '2' }} gap="3">
          {FIELDS.map(({ name, label }, index) => {
            const id = `${formId}-${name}`;
            const message = fieldMessages[index];
            const common = {
              id,
              value: input[name] ?? '',
              'aria-invalid': message ? true : undefined,
              'aria-describedby': message ? `${id}-message` : undefined,
            };
            return (
              <Flex
                key={name}
                direction="column"
                gap="1"
                className={name === 'notes' ? 'customer-page-wide' : undefined}
              >
                <Text as="label" htmlFor={id} size="2" weight="medium">
                  {label}
                </Text>
                {name === 'notes' ? (
                  <TextArea {...common} onChange={(event) => setInput({ ...input, [name]: event.target.value })} />
                ) : (
                  <TextField.Root
                    {...common}
                    type={name === 'email' ? 'email' : name === 'phone' ? 'tel' : 'text'}
                    onChange={(event) => setInput({ ...input, [name]: event.target.value })}
                  />
                )}
                <Text id={`${id}-message`} size="1" color="red" className="customer-page-field-message">
                  {message ?? ''}
                </Text>
              </Flex>
            );
          })}
        </Grid>
        {general ? (
          <Text as="p" size="2" color="red" role="alert" mb="2">
            {general}
          </Text>
        ) : null}
        <Flex gap="2" justify="end" mt="2">
          <Button type="button" variant="soft" highContrast color="gray" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={busy}>
            Save
          </Button>
        </Flex>
      </form>
    </Card>
  );
}
