/** The customer's tags, changed as a whole with PUT /customers/{id}/tags. */
import { Cross2Icon } from '@radix-ui/react-icons';
import { Badge, Button, Card, Flex, Heading, IconButton, Text, TextField } from '@radix-ui/themes';
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import type { ApiFailure } from '../../../api/api-client.ts';
import { messageFor } from '../../../api/api-client.ts';
import { apiQueryKey, useApi } from '../../api/use-api.ts';
import { describeFailure } from '../../parts/describe-failure.ts';
import type { CustomerRecord } from './customer-types.ts';

export function CustomerTags({ customer }: { customer: CustomerRecord }) {
  const api = useApi();
  const queries = useQueryClient();
  const [draft, setDraft] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<ApiFailure | null>(null);

  async function save(tags: string[]) {
    setBusy(true);
    setFailure(null);
    const answer = await api.call<CustomerRecord>(`/customers/${customer.id}/tags`, { method: 'PUT', body: { tags } });
    setBusy(false);
    if (!answer.ok) return setFailure(answer.failure);
    setDraft('');
    await queries.invalidateQueries({ queryKey: apiQueryKey(`/customers/${customer.id}`).slice(0, 3) });
  }
  function add(event: FormEvent) {
    event.preventDefault();
    const tag = draft.trim();
    if (tag === '' || customer.tags.includes(tag)) return setDraft('');
    void save([...customer.tags, tag]);
  }
  return (
    <Card>
      <Heading as="h2" size="4" mb="3">
        Tags
      </Heading>
      <Flex gap="2" wrap="wrap" mb="3" minHeight="24px">
        {customer.tags.length === 0 ? (
          <Text size="2" color="gray">
            No tags.
          </Text>
        ) : (
          customer.tags.map((tag) => (
            <Badge key={tag} size="2" variant="soft" highContrast>
              {tag}
              <IconButton
                size="1"
                variant="ghost"
                aria-label={`Remove tag ${tag}`}
                disabled={busy}
                onClick={() => save(customer.tags.filter((other) => other !== tag))}
              >
                <Cross2Icon />
              </IconButton>
            </Badge>
          ))
        )}
      </Flex>
      <form onSubmit={add}>
        <Flex gap="2">
          <TextField.Root
            aria-label="New tag"
            placeholder="Add a tag"
            value={draft}
            maxLength={200}
            onChange={(event) => setDraft(event.target.value)}
          />
          <Button type="submit" variant="soft" highContrast disabled={busy || draft.trim() === ''}>
            Add
          </Button>
        </Flex>
      </form>
      {failure ? (
        <Text as="p" size="1" color="red" mt="2" role="alert">
          {messageFor(failure, 'tags') ?? describeFailure(failure)}
        </Text>
      ) : null}
    </Card>
  );
}
