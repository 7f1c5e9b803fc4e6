/**
 * Admin: webhook subscriptions (GET/POST /webhook-subscriptions, DELETE …/{id}) and each one's
 * deliveries (GET /webhook-subscriptions/{id}/deliveries). The signing secret is write-only: made
 * in the browser (or typed), shown while the form is open, and never answered by the API.
 */
import { Badge, Button, Callout, Card, Checkbox, Flex, Heading, Table, Text, TextField } from '@radix-ui/themes';
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { type ApiFailure, messageFor } from '../../../api/api-client.ts';
import { apiQueryKey, useApi } from '../../api/use-api.ts';
import { ConfirmAction } from '../../parts/confirm-action.tsx';
import { describeFailure } from '../../parts/describe-failure.ts';
import { describedBy, LabelledField } from '../../parts/field-message.tsx';
import { PageHeader } from '../../parts/page-header.tsx';
import { EmptyState, LoadingRows, ProblemCallout } from '../../parts/page-states.tsx';
import { itemsOf, usePagedList } from '../../parts/paged-list.ts';
import { shortDateTime } from './dates.ts';
import { WebhookDeliveries } from './webhook-deliveries.tsx';
import { generateWebhookSecret } from './webhook-secret.ts';
import './admin-people.css';
import { DataTable } from '../../parts/data-table.tsx';

export const WEBHOOK_EVENTS = ['customer.created', 'customer.updated', 'customer.merged', 'customer.erased'] as const;
type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

interface Subscription {
  id: string;
  url: string;
  events: WebhookEvent[];
  createdAt: string;
}

export function WebhooksPage() {
  const subscriptions = usePagedList<Subscription>('/webhook-subscriptions');
  const [selected, setSelected] = useState<string | null>(null);
  const { items } = itemsOf(subscriptions.data?.pages);
  const chosen = items.find((s) => s.id === selected) ?? null;
  return (
    <>
      <PageHeader
        title="Webhooks"
        subtitle="Patron POSTs customer events to these addresses, signed with their secret."
      />
      <NewSubscriptionForm onCreated={setSelected} />
      <Heading as="h2" size="4" mt="5" mb="2">
        Subscriptions
      </Heading>
      {subscriptions.isPending ? (
        <LoadingRows rows={3} label="Loading subscriptions" />
      ) : subscriptions.isError ? (
        <ProblemCallout failure={subscriptions.error.failure} onRetry={() => void subscriptions.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState title="No webhook subscriptions">Add an address above to receive customer events.</EmptyState>
      ) : (
        <DataTable label="Webhook subscriptions">
          <Table.Header>
            <Table.Row>
              <Table.ColumnHeaderCell>Address</Table.ColumnHeaderCell>
              <Table.ColumnHeaderCell>Events</Table.ColumnHeaderCell>
              <Table.ColumnHeaderCell>Created</Table.ColumnHeaderCell>
              <Table.ColumnHeaderCell>
                <span className="console-visually-hidden">Actions</span>
              </Table.ColumnHeaderCell>
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {items.map((s) => (
              <Table.Row key={s.id} align="center">
                <Table.RowHeaderCell className="admin-people-url">{s.url}</Table.RowHeaderCell>
                <Table.Cell>
                  <Flex gap="1" wrap="wrap">
                    {s.events.map((event) => (
                      <Badge highContrast key={event} color="gray">
                        {event}
                      </Badge>
                    ))}
                  </Flex>
                </Table.Cell>
                <Table.Cell>{shortDateTime(s.createdAt)}</Table.Cell>
                <Table.Cell justify="end">
                  <Flex gap="2" justify="end">
                    <Button
                      highContrast
                      size="1"
                      variant={selected === s.id ? 'solid' : 'soft'}
                      aria-pressed={selected === s.id}
                      aria-label={`Deliveries to ${s.url}`}
                      onClick={() => setSelected(selected === s.id ? null : s.id)}
                    >
                      Deliveries
                    </Button>
                    <DeleteSubscriptionButton subscription={s} onDeleted={() => setSelected(null)} />
                  </Flex>
                </Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </DataTable>
      )}
      {chosen ? <WebhookDeliveries subscriptionId={chosen.id} url={chosen.url} /> : null}
    </>
  );
}

function NewSubscriptionForm({ onCreated }: { onCreated: (id: string) => void }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<WebhookEvent[]>([...WEBHOOK_EVENTS]);
  const [secret, setSecret] = useState('');
  const [failure, setFailure] = useState<ApiFailure | null>(null);
  const [sending, setSending] = useState(false);
  const [done, setDone] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSending(true);
    setDone(null);
    const answer = await api.call<Subscription>('/webhook-subscriptions', {
      method: 'POST',
      body: { url, events, secret },
    });
    setSending(false);
    if (!answer.ok) {
      setFailure(answer.failure);
      return;
    }
    setFailure(null);
    setDone(answer.body.url);
    setUrl('');
    setSecret('');
    setEvents([...WEBHOOK_EVENTS]);
    await queryClient.invalidateQueries({ queryKey: apiQueryKey('/webhook-subscriptions').slice(0, 2) });
    onCreated(answer.body.id);
  };
  const fieldMessage = (path: string) => messageFor(failure, path);
  const general =
    failure && (failure.kind === 'network' || failure.errors.length === 0) ? describeFailure(failure) : null;

  return (
    <Card size="2">
      <form onSubmit={submit} noValidate aria-labelledby="webhooks-new-title">
        <Heading as="h2" size="3" mb="3" id="webhooks-new-title">
          New subscription
        </Heading>
        <Flex direction="column" gap="3">
          <LabelledField id="webhook-url" label="Address (URL)" message={fieldMessage('url')}>
            <TextField.Root
              {...describedBy('webhook-url', fieldMessage('url'))}
              value={url}
              onChange={(e) => setUrl(e.target.value)}
              placeholder="https://crm.example.com/patron-events"
              autoComplete="off"
            />
          </LabelledField>
          <fieldset
            className="admin-people-fieldset"
            aria-describedby={fieldMessage('events') ? 'webhook-events-message' : undefined}
          >
            <legend className="admin-people-legend">Events</legend>
            <Flex gap="4" wrap="wrap">
              {WEBHOOK_EVENTS.map((name) => (
                <Text as="label" size="2" key={name}>
                  <Flex gap="2" align="center">
                    <Checkbox
                      checked={events.includes(name)}
                      onCheckedChange={(checked) =>
                        setEvents((now) => (checked === true ? [...now, name] : now.filter((e) => e !== name)))
                      }
                    />
                    {name}
                  </Flex>
                </Text>
              ))}
            </Flex>
            {fieldMessage('events') ? (
              <Text size="1" color="red" role="alert" id="webhook-events-message">
                {fieldMessage('events')}
              </Text>
            ) : null}
          </fieldset>
          <LabelledField
            id="webhook-secret"
            label="Signing secret"
            message={fieldMessage('secret')}
            hint="At least 16 characters. Copy it to the receiving system now: Patron never shows it again."
          >
            <Flex gap="2">
              <TextField.Root
                {...describedBy('webhook-secret', fieldMessage('secret'), true)}
                className="admin-people-secret admin-people-grow"
                value={secret}
                onChange={(e) => setSecret(e.target.value)}
                autoComplete="off"
                spellCheck={false}
              />
              <Button highContrast type="button" variant="soft" onClick={() => setSecret(generateWebhookSecret())}>
                Generate
              </Button>
            </Flex>
          </LabelledField>
          {general ? (
            <Callout.Root highContrast color="red" role="alert" size="1">
              <Callout.Text>{general}</Callout.Text>
            </Callout.Root>
          ) : null}
          <Flex justify="between" align="center" gap="3">
            <Text size="2" color="green" role="status">
              {done ? `Subscribed ${done}.` : ''}
            </Text>
            <Button highContrast type="submit" loading={sending}>
              Add subscription
            </Button>
          </Flex>
        </Flex>
      </form>
    </Card>
  );
}

function DeleteSubscriptionButton({ subscription, onDeleted }: { subscription: Subscription; onDeleted: () => void }) {
  const api = useApi();
  const queryClient = useQueryClient();
  return (
    <ConfirmAction
      trigger="Delete"
      triggerLabel={`Delete subscription to ${subscription.url}`}
      title="Delete this subscription?"
      description={`Events stop going to ${subscription.url}, and its pending deliveries are cancelled.`}
      confirm="Delete subscription"
      onConfirm={async () => {
        const answer = await api.call(`/webhook-subscriptions/${subscription.id}`, { method: 'DELETE' });
        if (answer.ok) {
          onDeleted();
          // Its deliveries are gone with it: dropped, not asked for again (that would answer 404).
          queryClient.removeQueries({ queryKey: ['api', 'webhook-subscriptions', subscription.id] });
          await queryClient.invalidateQueries({
            queryKey: apiQueryKey('/webhook-subscriptions').slice(0, 2),
            predicate: (query) => query.queryKey[2] !== subscription.id,
          });
        }
        return answer;
      }}
    />
  );
}
