/**
 * "Save as segment" on the search page (issue 17), for managers and admins: the chips kept as an
 * organization's segment (`POST /segments`), which then counts its customers live. The answer's
 * count is said in the page, so the manager sees at once how many the segment holds.
 */
import { Button, Dialog, Flex, Text, TextField } from '@radix-ui/themes';
import { useState } from 'react';
import type { ApiFailure } from '../../../api/api-client.ts';
import { useApi } from '../../api/use-api.ts';
import { LabelledField } from '../../parts/field-message.tsx';
import { nameMessage, newViewBody } from './saved-views.ts';
import type { Filters } from './search-filters.ts';

interface SavedSegment {
  id: string;
  name: string;
  count: number;
}

export function SaveSegmentControl({ filters }: { filters: Filters }) {
  const [open, setOpen] = useState(false);
  const [saved, setSaved] = useState<SavedSegment | null>(null);
  return (
    <>
      <Button size="1" variant="outline" disabled={Object.keys(filters).length === 0} onClick={() => setOpen(true)}>
        Save as segment
      </Button>
      {saved ? (
        <Text size="1" color="green" role="status">
          Segment “{saved.name}” saved: {saved.count.toLocaleString('en-US')}{' '}
          {saved.count === 1 ? 'customer' : 'customers'} now
        </Text>
      ) : null}
      {open ? (
        <SaveSegmentDialog
          filters={filters}
          onClose={() => setOpen(false)}
          onSaved={(segment) => {
            setOpen(false);
            setSaved(segment);
          }}
        />
      ) : null}
    </>
  );
}

function SaveSegmentDialog({
  filters,
  onClose,
  onSaved,
}: {
  filters: Filters;
  onClose: () => void;
  onSaved: (segment: SavedSegment) => void;
}) {
  const api = useApi();
  const [name, setName] = useState('');
  const [failure, setFailure] = useState<ApiFailure | null>(null);
  const [busy, setBusy] = useState(false);
  const message = nameMessage(failure);
  const submit = async () => {
    setBusy(true);
    const { filter } = newViewBody(name, filters, false);
    const answer = await api.call<SavedSegment>('/segments', { method: 'POST', body: { name: name.trim(), filter } });
    setBusy(false);
    if (answer.ok) onSaved(answer.body);
    else setFailure(answer.failure);
  };
  return (
    <Dialog.Root open onOpenChange={(open) => (open ? null : onClose())}>
      <Dialog.Content maxWidth="420px">
        <Dialog.Title>Save as segment</Dialog.Title>
        <Dialog.Description size="2" color="gray">
          A segment keeps these filters for the whole organization and counts its customers as they change. The search
          term is not kept.
        </Dialog.Description>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void submit();
          }}
        >
          <Flex direction="column" gap="3" mt="3">
            <LabelledField id="search-segment-name" label="Name" message={message}>
              <TextField.Root
                id="search-segment-name"
                autoFocus
                maxLength={80}
                value={name}
                onChange={(event) => setName(event.target.value)}
                aria-invalid={message !== undefined}
                aria-describedby={message ? 'search-segment-name-message' : undefined}
              />
            </LabelledField>
            <Flex gap="2" justify="end">
              <Dialog.Close>
                <Button type="button" variant="soft" color="gray">
                  Cancel
                </Button>
              </Dialog.Close>
              <Button type="submit" highContrast loading={busy}>
                Save segment
              </Button>
            </Flex>
          </Flex>
        </form>
      </Dialog.Content>
    </Dialog.Root>
  );
}
