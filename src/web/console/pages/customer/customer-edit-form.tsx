/**
 * The customer's edit form: a JSON merge patch of the fields changed, sent with If-Match of the
 * version the edit started from. The API's 422 messages go next to their fields. A 412 means someone
 * else saved first: the form re-reads the customer, says which fields they changed, and reloads with
 * the new values while keeping this person's unsaved input (unsaved-input-merge.ts), a group such as
 * the address as a whole. The fields, their sections and the patch are in customer-edit-values.ts.
 */
import { ExclamationTriangleIcon } from '@radix-ui/react-icons';
import { Button, Callout, Card, Flex, Grid, Heading, Text } from '@radix-ui/themes';
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import type { ApiFailure } from '../../../api/api-client.ts';
import { apiQueryKey, useApi } from '../../api/use-api.ts';
import { describeFailure } from '../../parts/describe-failure.ts';
import { CustomerEditField } from './customer-edit-field.tsx';
import { EDIT_SECTIONS, editFieldOfPath, editPatchOf, editValuesOf, groupOf, labelOf } from './customer-edit-values.ts';
import type { CustomerRecord, StoreSummary } from './customer-types.ts';
import { type FormValues, mergeUnsavedInput } from './unsaved-input-merge.ts';

interface PlacedMessages {
  byField: Map<string, string>;
  unplaced: string[];
}

/** Each message of a 422 next to its field; those with no field are listed, so none is lost. */
function placeMessages(failure: ApiFailure | null): PlacedMessages {
  const byField = new Map<string, string>();
  const unplaced: string[] = [];
  if (failure?.kind !== 'problem') return { byField, unplaced };
  for (const error of failure.errors) {
    const field = editFieldOfPath(error.path);
    if (field === null) unplaced.push(`${error.path}: ${error.message}`);
    else byField.set(field, byField.has(field) ? `${byField.get(field)} ${error.message}` : error.message);
  }
  return { byField, unplaced };
}

export function CustomerEditForm({
  customer,
  stores,
  onDone,
}: {
  customer: CustomerRecord;
  stores: readonly StoreSummary[];
  onDone: () => void;
}) {
  const api = useApi();
  const queries = useQueryClient();
  const formId = useId();
  const [base, setBase] = useState(() => ({ values: editValuesOf(customer), version: customer.version }));
  const [input, setInput] = useState<FormValues>(() => editValuesOf(customer));
  const [failure, setFailure] = useState<ApiFailure | null>(null);
  const [changedElsewhere, setChangedElsewhere] = useState<{ fields: string[]; both: string[] } | null>(null);
  const [busy, setBusy] = useState(false);
  const messages = placeMessages(failure);
  const fieldId = (name: string) => `${formId}-${name.replace('.', '-')}`;
  async function save(event: FormEvent) {
    event.preventDefault();
    const patch = editPatchOf(base.values, input);
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
      const merged = mergeUnsavedInput(base.values, input, editValuesOf(fresh.body), groupOf);
      setBase({ values: editValuesOf(fresh.body), version: fresh.body.version });
      setInput(merged.values);
      setChangedElsewhere({ fields: merged.changedElsewhere, both: merged.bothChanged });
      queries.setQueryData(apiQueryKey(`/customers/${customer.id}`), fresh.body);
      return;
    }
    setBusy(false);
    setFailure(answer.failure);
    // The person lands on the first field the API named.
    const named = placeMessages(answer.failure).byField;
    const first = EDIT_SECTIONS.flatMap((section) => section.fields).find((field) => named.has(field.name));
    if (first) document.getElementById(fieldId(first.name))?.focus();
  }

  const general =
    failure && messages.byField.size === 0 && messages.unplaced.length === 0 ? describeFailure(failure) : null;
  const names = (fields: string[]) => fields.map(labelOf).join(', ');

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
              : `They changed: ${names(changedElsewhere.fields)}.`}{' '}
            {changedElsewhere.both.length > 0
              ? `You also edited ${names(changedElsewhere.both)}: your input is kept, check it before saving.`
              : 'The form now shows their values, with your unsaved input kept.'}
          </Callout.Text>
        </Callout.Root>
      ) : null}
      <form onSubmit={save} noValidate>
        {EDIT_SECTIONS.filter((section) => section.group !== 'medical' || input.customerType === 'medical').map(
          (section) => (
            <fieldset key={section.title} className="customer-page-fieldset">
              <legend>
                <Heading as="h3" size="2" mb="2">
                  {section.title}
                </Heading>
              </legend>
              <Grid columns={{ initial: '1', sm: '2' }} gapX="3" gapY="1">
                {section.fields.map((field) => (
                  <CustomerEditField
                    key={field.name}
                    field={field}
                    id={fieldId(field.name)}
                    value={input[field.name] ?? ''}
                    message={messages.byField.get(field.name)}
                    stores={stores}
                    onChange={(value) => setInput((typed) => ({ ...typed, [field.name]: value }))}
                  />
                ))}
              </Grid>
            </fieldset>
          ),
        )}
        {messages.unplaced.length > 0 ? (
          <Callout.Root color="red" role="alert" mb="2">
            <Callout.Text>{messages.unplaced.join(' ')}</Callout.Text>
          </Callout.Root>
        ) : null}
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
