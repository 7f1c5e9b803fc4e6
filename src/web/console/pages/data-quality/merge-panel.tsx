/**
 * The side-by-side merge of two customers of a group: one row per field, the differing rows
 * highlighted with a choice of the surviving value, a preview of the result and of each side's POS
 * links, and a confirmed "Merge" (POST /customers/{survivor}/merge {sourceId, fields}).
 */
import { ArrowLeftIcon } from '@radix-ui/react-icons';
import {
  AlertDialog,
  Badge,
  Button,
  Callout,
  Card,
  DataList,
  Flex,
  Heading,
  Radio,
  Select,
  Table,
  Text,
} from '@radix-ui/themes';
import { useQueries, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { apiQueryKey, useApi } from '../../api/use-api.ts';
import { DataTable } from '../../parts/data-table.tsx';
import { describeFailure } from '../../parts/describe-failure.ts';
import { PageHeader } from '../../parts/page-header.tsx';
import { LoadingRows } from '../../parts/page-states.tsx';
import { useLinks, useStoreName } from './duplicate-data.ts';
import type { DuplicateGroup } from './duplicate-groups.ts';
import { MergeOutcome } from './merge-outcome.tsx';
import {
  defaultChoices,
  defaultSurvivor,
  differingFields,
  displayValue,
  FIELD_LABELS,
  linkOutcomes,
  MERGE_FIELDS,
  type MergeCustomer,
  mergePreview,
  type Side,
} from './merge-plan.ts';

export function MergePanel({ group, onDone }: { group: DuplicateGroup; onDone: () => void }) {
  const api = useApi();
  const [mergedId, setMergedId] = useState<string | null>(null);
  const people = useQueries({
    queries: group.customerIds.map((id) => ({
      queryKey: apiQueryKey(`/customers/${id}`),
      queryFn: () => api.get<MergeCustomer>(`/customers/${id}`),
      // Once merged, the source answers 404: these reads are done.
      enabled: !mergedId,
    })),
  });
  const loaded = people.map((p) => p.data).filter((c): c is MergeCustomer => Boolean(c));
  const [pair, setPair] = useState<[string, string] | null>(null);
  const ready = loaded.length === group.customerIds.length;
  useEffect(() => {
    if (ready && !pair && loaded.length >= 2) {
      const [s, o] = defaultSurvivor(loaded[0]!, loaded[1]!);
      setPair([s.id, o.id]);
    }
  }, [ready, pair, loaded]);

  const back = (
    <Button variant="soft" highContrast onClick={onDone}>
      <ArrowLeftIcon /> All duplicates
    </Button>
  );
  if (mergedId) return <MergeOutcome survivorId={mergedId} back={back} />;
  const survivor = loaded.find((c) => c.id === pair?.[0]);
  const source = loaded.find((c) => c.id === pair?.[1]);
  const name = (c: MergeCustomer) =>
    `${c.firstName} ${c.lastName} · ${c.dateOfBirth} · ${c.email ?? c.phone ?? 'no contact'}`;
  const pick = (which: 0 | 1, id: string) => {
    if (!pair) return;
    const next: [string, string] = [...pair];
    next[which] = id;
    if (next[0] === next[1]) next[1 - which] = pair[which];
    setPair(next);
  };
  return (
    <>
      <PageHeader
        title="Merge duplicates"
        subtitle="The survivor keeps its id; the other record is merged into it."
        actions={back}
      />
      {!survivor || !source ? (
        people.some((p) => p.isError) ? (
          <Callout.Root color="red" role="alert">
            <Callout.Text>Could not load the customers of this group. They may have been merged already.</Callout.Text>
          </Callout.Root>
        ) : (
          <LoadingRows label="Loading the customers" />
        )
      ) : (
        <>
          <Flex gap="4" mb="4" wrap="wrap">
            <PersonPicker
              label="Survivor (keeps its id)"
              value={survivor.id}
              people={loaded}
              name={name}
              onChange={(id) => pick(0, id)}
            />
            <PersonPicker
              label="Merged into it"
              value={source.id}
              people={loaded}
              name={name}
              onChange={(id) => pick(1, id)}
            />
            <Flex align="end">
              <Button variant="outline" onClick={() => setPair([source.id, survivor.id])}>
                Swap
              </Button>
            </Flex>
          </Flex>
          <MergeTable key={`${survivor.id}/${source.id}`} survivor={survivor} source={source} onMerged={setMergedId} />
        </>
      )}
    </>
  );
}

function PersonPicker(props: {
  label: string;
  value: string;
  people: MergeCustomer[];
  name: (c: MergeCustomer) => string;
  onChange: (id: string) => void;
}) {
  const id = `duplicates-pick-${props.label.split(' ')[0]!.toLowerCase()}`;
  return (
    <Flex direction="column" gap="1">
      <Text as="label" size="2" weight="medium" id={id}>
        {props.label}
      </Text>
      <Select.Root value={props.value} onValueChange={props.onChange}>
        <Select.Trigger aria-labelledby={id} />
        <Select.Content>
          {props.people.map((c) => (
            <Select.Item key={c.id} value={c.id}>
              {props.name(c)}
            </Select.Item>
          ))}
        </Select.Content>
      </Select.Root>
    </Flex>
  );
}

function MergeTable({
  survivor,
  source,
  onMerged,
}: {
  survivor: MergeCustomer;
  source: MergeCustomer;
  onMerged: (id: string) => void;
}) {
  const api = useApi();
  const queryClient = useQueryClient();
  const storeName = useStoreName();
  const differing = useMemo(() => new Set(differingFields(survivor, source)), [survivor, source]);
  const [choices, setChoices] = useState<Record<string, Side>>(() => defaultChoices(survivor, source));
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const survivorLinks = useLinks(survivor.id);
  const sourceLinks = useLinks(source.id);
  const preview = mergePreview(survivor, source, choices);
  const links =
    survivorLinks.data && sourceLinks.data ? linkOutcomes(survivorLinks.data.items, sourceLinks.data.items) : null;

  const merge = async () => {
    setBusy(true);
    setFailure(null);
    const answer = await api.call<MergeCustomer>(`/customers/${survivor.id}/merge`, {
      method: 'POST',
      body: { sourceId: source.id, fields: preview.fields },
    });
    setBusy(false);
    if (!answer.ok) {
      setFailure(describeFailure(answer.failure));
      setConfirming(false);
      return;
    }
    // First the outcome (which turns the group's reads off: the source now answers 404), then fresh reads.
    onMerged(answer.body.id);
    await queryClient.invalidateQueries({ queryKey: ['api', 'duplicates'] });
    await queryClient.invalidateQueries({ queryKey: ['api', 'customers', survivor.id] });
  };

  return (
    <Flex direction="column" gap="4">
      <DataTable label="The two records side by side">
        <Table.Header>
          <Table.Row>
            <Table.ColumnHeaderCell>Field</Table.ColumnHeaderCell>
            <Table.ColumnHeaderCell>Survivor</Table.ColumnHeaderCell>
            <Table.ColumnHeaderCell>Merged into it</Table.ColumnHeaderCell>
          </Table.Row>
        </Table.Header>
        <Table.Body>
          {MERGE_FIELDS.map((field) => {
            const left = displayValue(survivor, field, storeName) || '—';
            const right = displayValue(source, field, storeName) || '—';
            if (!differing.has(field))
              return (
                <Table.Row key={field}>
                  <Table.RowHeaderCell className="duplicates-field">{FIELD_LABELS[field]}</Table.RowHeaderCell>
                  <Table.Cell className="duplicates-value">{left}</Table.Cell>
                  <Table.Cell className="duplicates-value">{right}</Table.Cell>
                </Table.Row>
              );
            return (
              <Table.Row key={field} className="duplicates-differs">
                <Table.RowHeaderCell className="duplicates-field" id={`duplicates-row-${field}`}>
                  {FIELD_LABELS[field]}{' '}
                  <Badge color="amber" highContrast>
                    differs
                  </Badge>
                </Table.RowHeaderCell>
                {/* One radio per column, under its record's header; native radios sharing a name are one group. */}
                {(
                  [
                    ['survivor', left],
                    ['source', right],
                  ] as const
                ).map(([side, value]) => (
                  <Table.Cell key={side}>
                    <Text as="label" size="2" className="duplicates-choice">
                      <Radio
                        name={`duplicates-keep-${field}`}
                        value={side}
                        checked={choices[field] === side}
                        onValueChange={() => setChoices({ ...choices, [field]: side as Side })}
                        aria-describedby={`duplicates-row-${field}`}
                      />
                      <span className="duplicates-value">{value}</span>
                    </Text>
                  </Table.Cell>
                ))}
              </Table.Row>
            );
          })}
        </Table.Body>
      </DataTable>

      <Card asChild>
        <section aria-labelledby="duplicates-preview">
          <Heading as="h2" size="4" mb="2" id="duplicates-preview">
            Preview of the merged record
          </Heading>
          <DataList.Root size="2">
            {MERGE_FIELDS.map((field) => (
              <DataList.Item key={field}>
                <DataList.Label>{FIELD_LABELS[field]}</DataList.Label>
                <DataList.Value>
                  {displayValue(preview.record, field, storeName) || '—'}
                  {preview.fields.includes(field) ? (
                    <Badge ml="2" color="blue">
                      from the merged record
                    </Badge>
                  ) : null}
                </DataList.Value>
              </DataList.Item>
            ))}
          </DataList.Root>
          <Heading as="h3" size="3" mt="4" mb="2">
            POS links after the merge
          </Heading>
          {!links ? (
            <LoadingRows rows={2} label="Loading POS links" />
          ) : links.length === 0 ? (
            <Text size="2" color="gray">
              Neither record is linked to a POS.
            </Text>
          ) : (
            <DataTable size="1" variant="ghost" label="POS links after the merge">
              <Table.Header>
                <Table.Row>
                  <Table.ColumnHeaderCell>Store</Table.ColumnHeaderCell>
                  <Table.ColumnHeaderCell>From</Table.ColumnHeaderCell>
                  <Table.ColumnHeaderCell>POS id</Table.ColumnHeaderCell>
                  <Table.ColumnHeaderCell>Becomes</Table.ColumnHeaderCell>
                </Table.Row>
              </Table.Header>
              <Table.Body>
                {links.map((l) => (
                  <Table.Row key={`${l.from}/${l.storeId}`}>
                    <Table.RowHeaderCell>{storeName(l.storeId)}</Table.RowHeaderCell>
                    <Table.Cell>{l.from === 'survivor' ? 'Survivor' : 'Merged record'}</Table.Cell>
                    <Table.Cell>{l.externalId ?? '—'}</Table.Cell>
                    <Table.Cell>{l.outcome}</Table.Cell>
                  </Table.Row>
                ))}
              </Table.Body>
            </DataTable>
          )}
        </section>
      </Card>

      {failure ? (
        <Callout.Root color="red" role="alert">
          <Callout.Text>The merge was refused, nothing changed: {failure}</Callout.Text>
        </Callout.Root>
      ) : null}
      <Flex justify="end">
        <Button color="red" highContrast onClick={() => setConfirming(true)}>
          Merge
        </Button>
      </Flex>
      <AlertDialog.Root open={confirming} onOpenChange={setConfirming}>
        <AlertDialog.Content maxWidth="520px">
          <AlertDialog.Title>Merge these two records?</AlertDialog.Title>
          <AlertDialog.Description size="2">
            {source.firstName} {source.lastName}'s record is merged into {survivor.firstName} {survivor.lastName}'s
            {preview.fields.length > 0
              ? `, taking ${preview.fields.map((f) => FIELD_LABELS[f].toLowerCase()).join(', ')} from it`
              : ''}
            . Its POS links, tags and consents move over and its id stops answering.
          </AlertDialog.Description>
          <Flex gap="3" mt="4" justify="end">
            <AlertDialog.Cancel>
              <Button variant="soft" color="gray" highContrast>
                Cancel
              </Button>
            </AlertDialog.Cancel>
            <Button color="red" highContrast loading={busy} onClick={merge}>
              Merge
            </Button>
          </Flex>
        </AlertDialog.Content>
      </AlertDialog.Root>
    </Flex>
  );
}
