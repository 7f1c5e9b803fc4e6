/**
 * Data policy (manager+): how long inactive customers are kept and what the sweep does to them
 * (GET/PUT /settings/data-policy), and what the next sweep would touch (GET …/preview). Saving a
 * policy that deletes asks first.
 */
import {
  AlertDialog,
  Button,
  Callout,
  Card,
  DataList,
  Flex,
  Grid,
  Heading,
  SegmentedControl,
  Skeleton,
  Switch,
  Table,
  Text,
  TextField,
} from '@radix-ui/themes';
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { Link } from 'wouter';
import { type ApiFailure, messageFor } from '../../../api/api-client.ts';
import { apiQueryKey, useApi, useApiQuery } from '../../api/use-api.ts';
import { describeFailure } from '../../parts/describe-failure.ts';
import { describedBy, LabelledField } from '../../parts/field-message.tsx';
import { PageHeader } from '../../parts/page-header.tsx';
import { EmptyState, LoadingRows, ProblemCallout } from '../../parts/page-states.tsx';
import { shortDateTime } from '../admin-people/dates.ts';
import {
  type DataPolicy,
  type DataPolicyDraft,
  draftOf,
  needsConfirmation,
  policyOf,
  type RetentionAction,
} from './data-policy-form.ts';
import './data-policy.css';
import { DataTable } from '../../parts/data-table.tsx';

interface SweepPreview {
  policy: DataPolicy;
  asOf: string;
  inactiveBefore: string | null;
  inactive: { count: number; action: RetentionAction | null; sample: { customerId: string; lastActivityAt: string }[] };
  expiredMedicalCards: { toFlag: number; alreadyFlagged: number };
}

export function DataPolicyPage() {
  const policy = useApiQuery<DataPolicy>('/settings/data-policy');
  return (
    <>
      <PageHeader
        title="Data policy"
        subtitle="How long Patron keeps customers who stopped coming, and what it does then."
      />
      <Grid columns={{ initial: '1', md: '2' }} gap="4" align="start">
        <Card size="2">
          {policy.isPending ? (
            <LoadingRows rows={4} label="Loading the data policy" />
          ) : policy.isError ? (
            <ProblemCallout failure={policy.error.failure} onRetry={() => void policy.refetch()} />
          ) : (
            <PolicyForm saved={policy.data} />
          )}
        </Card>
        <RetentionPreview />
      </Grid>
    </>
  );
}

function PolicyForm({ saved }: { saved: DataPolicy }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<DataPolicyDraft>(() => draftOf(saved));
  const [failure, setFailure] = useState<ApiFailure | null>(null);
  const [sending, setSending] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [savedNote, setSavedNote] = useState(false);
  useEffect(() => setDraft(draftOf(saved)), [saved]);

  const update = (change: Partial<DataPolicyDraft>) => {
    setSavedNote(false);
    setDraft((now) => ({ ...now, ...change }));
  };
  const save = async () => {
    setConfirming(false);
    setSending(true);
    const answer = await api.call<DataPolicy>('/settings/data-policy', { method: 'PUT', body: policyOf(draft) });
    setSending(false);
    if (!answer.ok) {
      setFailure(answer.failure);
      return;
    }
    setFailure(null);
    setSavedNote(true);
    queryClient.setQueryData(apiQueryKey('/settings/data-policy'), answer.body);
    await queryClient.invalidateQueries({ queryKey: apiQueryKey('/settings/data-policy/preview') });
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (needsConfirmation(draft)) setConfirming(true);
    else void save();
  };
  const fieldMessage = (path: string) => messageFor(failure, path);
  const general =
    failure && (failure.kind === 'network' || failure.errors.length === 0) ? describeFailure(failure) : null;

  return (
    <form onSubmit={submit} noValidate aria-labelledby="data-policy-form-title">
      <Heading as="h2" size="4" mb="3" id="data-policy-form-title">
        Retention
      </Heading>
      <Flex direction="column" gap="4">
        <Text as="label" size="2">
          <Flex gap="2" align="center">
            <Switch checked={!draft.keepForever} onCheckedChange={(on) => update({ keepForever: !on })} />
            Sweep customers who stopped coming
          </Flex>
        </Text>
        <LabelledField
          id="data-policy-days"
          label="Inactive for (days)"
          message={fieldMessage('inactiveRetentionDays')}
          hint={
            draft.keepForever
              ? 'Off: inactive customers are kept.'
              : 'No visit and no change for this many days (30 to 36,500).'
          }
        >
          <TextField.Root
            {...describedBy('data-policy-days', fieldMessage('inactiveRetentionDays'), true)}
            inputMode="numeric"
            value={draft.days}
            disabled={draft.keepForever}
            onChange={(e) => update({ days: e.target.value })}
            className="data-policy-days"
          />
        </LabelledField>
        <LabelledField id="data-policy-action" label="Then" message={fieldMessage('action')}>
          <SegmentedControl.Root
            id="data-policy-action"
            aria-label="What the sweep does"
            value={draft.action}
            onValueChange={(value) => update({ action: value as RetentionAction })}
          >
            <SegmentedControl.Item value="anonymize">Anonymize</SegmentedControl.Item>
            <SegmentedControl.Item value="delete">Delete</SegmentedControl.Item>
          </SegmentedControl.Root>
        </LabelledField>
        <Text size="1" color="gray">
          {draft.action === 'anonymize'
            ? 'Anonymize blanks the person and keeps the counts (visits, orders) for reports.'
            : 'Delete removes the customer record and its history for good.'}
        </Text>
        <Text as="label" size="2">
          <Flex gap="2" align="center">
            <Switch
              checked={draft.flagExpiredMedicalCards}
              onCheckedChange={(on) => update({ flagExpiredMedicalCards: on })}
            />
            Flag expired medical cards for data quality
          </Flex>
        </Text>
        {general ? (
          <Callout.Root highContrast color="red" role="alert" size="1">
            <Callout.Text>{general}</Callout.Text>
          </Callout.Root>
        ) : null}
        <Flex justify="between" align="center">
          <Text size="2" color="green" role="status">
            {savedNote ? 'Saved. The preview shows the next sweep under it.' : ''}
          </Text>
          <Button highContrast type="submit" loading={sending}>
            Save policy
          </Button>
        </Flex>
      </Flex>
      <AlertDialog.Root open={confirming} onOpenChange={setConfirming}>
        <AlertDialog.Content maxWidth="440px">
          <AlertDialog.Title>Delete inactive customers?</AlertDialog.Title>
          <AlertDialog.Description size="2">
            From the next sweep on, customers with no visit and no change for {draft.days || '…'} days are deleted, with
            their history. This cannot be undone. Anonymizing keeps the counts instead.
          </AlertDialog.Description>
          <Flex gap="3" mt="4" justify="end">
            <AlertDialog.Cancel>
              <Button highContrast variant="soft" color="gray">
                Cancel
              </Button>
            </AlertDialog.Cancel>
            <Button highContrast color="red" onClick={() => void save()}>
              Save: delete them
            </Button>
          </Flex>
        </AlertDialog.Content>
      </AlertDialog.Root>
    </form>
  );
}

function RetentionPreview() {
  const preview = useApiQuery<SweepPreview>('/settings/data-policy/preview');
  return (
    <Card size="2" asChild>
      <section aria-labelledby="data-policy-preview-title">
        <Heading as="h2" size="4" mb="1" id="data-policy-preview-title">
          The next sweep
        </Heading>
        <Text as="p" size="2" color="gray" mb="3">
          What the saved policy would do if the sweep ran now. Nothing changes here.
        </Text>
        {preview.isPending ? (
          <Flex direction="column" gap="2" role="status" aria-label="Loading the preview">
            <Skeleton height="72px" />
            <Skeleton height="120px" />
          </Flex>
        ) : preview.isError ? (
          <ProblemCallout failure={preview.error.failure} onRetry={() => void preview.refetch()} />
        ) : (
          <>
            <DataList.Root size="2" mb="3">
              <DataList.Item>
                <DataList.Label>Inactive customers</DataList.Label>
                <DataList.Value>
                  {preview.data.inactive.action === null
                    ? 'None: inactive customers are kept'
                    : `${preview.data.inactive.count} to ${preview.data.inactive.action}`}
                </DataList.Value>
              </DataList.Item>
              <DataList.Item>
                <DataList.Label>Inactive since before</DataList.Label>
                <DataList.Value>
                  {preview.data.inactiveBefore ? shortDateTime(preview.data.inactiveBefore) : '—'}
                </DataList.Value>
              </DataList.Item>
              <DataList.Item>
                <DataList.Label>Expired medical cards</DataList.Label>
                <DataList.Value>
                  {preview.data.expiredMedicalCards.toFlag} to flag, {preview.data.expiredMedicalCards.alreadyFlagged}{' '}
                  already flagged
                </DataList.Value>
              </DataList.Item>
              <DataList.Item>
                <DataList.Label>As of</DataList.Label>
                <DataList.Value>{shortDateTime(preview.data.asOf)}</DataList.Value>
              </DataList.Item>
            </DataList.Root>
            {preview.data.inactive.sample.length === 0 ? (
              <EmptyState title="No customer would be touched">
                {preview.data.inactive.action === null
                  ? 'Turn the sweep on to see who it would reach.'
                  : 'Everyone came or changed recently enough.'}
              </EmptyState>
            ) : (
              <DataTable size="1" variant="ghost" label="A sample of the customers the sweep would touch">
                <Table.Header>
                  <Table.Row>
                    <Table.ColumnHeaderCell>Customer (sample)</Table.ColumnHeaderCell>
                    <Table.ColumnHeaderCell>Last activity</Table.ColumnHeaderCell>
                  </Table.Row>
                </Table.Header>
                <Table.Body>
                  {preview.data.inactive.sample.map((row) => (
                    <Table.Row key={row.customerId}>
                      <Table.RowHeaderCell>
                        <Link href={`/customers/${row.customerId}`}>Customer {row.customerId.slice(0, 8)}</Link>
                      </Table.RowHeaderCell>
                      <Table.Cell>{shortDateTime(row.lastActivityAt)}</Table.Cell>
                    </Table.Row>
                  ))}
                </Table.Body>
              </DataTable>
            )}
          </>
        )}
      </section>
    </Card>
  );
}
