/**
 * The search page's saved views (issue 16): "Save as view" keeps the chips under a name, personal
 * or shared with the organization; "Views" lists one's own and the shared ones, applies one as
 * chips, and deletes those the person may delete. The logic is in saved-views.ts.
 */
import { BookmarkIcon, TrashIcon } from '@radix-ui/react-icons';
import { Button, Dialog, DropdownMenu, Flex, Switch, Text, TextField } from '@radix-ui/themes';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { ApiFailure } from '../../../api/api-client.ts';
import { apiQueryKey, useApi, useApiQuery } from '../../api/use-api.ts';
import { describeFailure } from '../../parts/describe-failure.ts';
import { LabelledField } from '../../parts/field-message.tsx';
import { useSignedIn } from '../../session/session-context.tsx';
import { mayDelete, nameMessage, newViewBody, type SavedView, viewLabel } from './saved-views.ts';
import { type Filters, filtersFromSaved } from './search-filters.ts';

const VIEWS_PATH = '/views?limit=100';

export function SavedViewsControls({ filters, onApply }: { filters: Filters; onApply: (filters: Filters) => void }) {
  const api = useApi();
  const queries = useQueryClient();
  const { user } = useSignedIn();
  const views = useApiQuery<{ items: SavedView[] }>(VIEWS_PATH, { staleTime: 30_000 });
  const [saving, setSaving] = useState(false);
  const refresh = () => queries.invalidateQueries({ queryKey: apiQueryKey(VIEWS_PATH).slice(0, 2) });
  const [refusal, setRefusal] = useState<string | null>(null);
  const remove = async (view: SavedView) => {
    const answer = await api.call(`/views/${view.id}`, { method: 'DELETE' });
    // A refusal (another person's shared view was deleted meanwhile, a lost connection) is said, not swallowed.
    setRefusal(answer.ok ? null : `“${view.name}” was not deleted: ${describeFailure(answer.failure)}`);
    await refresh();
  };
  const items = views.data?.items ?? [];
  const hasChips = Object.keys(filters).length > 0;
  return (
    <>
      <DropdownMenu.Root>
        <DropdownMenu.Trigger>
          <Button size="1" variant="outline" color="gray" className="search-views-trigger">
            <BookmarkIcon aria-hidden /> Views
            <DropdownMenu.TriggerIcon />
          </Button>
        </DropdownMenu.Trigger>
        <DropdownMenu.Content>
          {items.length === 0 ? (
            <DropdownMenu.Item disabled>{views.isPending ? 'Loading views…' : 'No saved views yet'}</DropdownMenu.Item>
          ) : (
            items.map((view) => (
              <DropdownMenu.Item key={view.id} onSelect={() => onApply(filtersFromSaved(view.filter))}>
                {viewLabel(view)}
              </DropdownMenu.Item>
            ))
          )}
          {items.some((view) => mayDelete(view, user.role)) ? (
            <>
              <DropdownMenu.Separator />
              <DropdownMenu.Sub>
                <DropdownMenu.SubTrigger>Delete a view</DropdownMenu.SubTrigger>
                <DropdownMenu.SubContent>
                  {items
                    .filter((view) => mayDelete(view, user.role))
                    .map((view) => (
                      <DropdownMenu.Item key={view.id} color="red" onSelect={() => void remove(view)}>
                        <TrashIcon aria-hidden /> {viewLabel(view)}
                      </DropdownMenu.Item>
                    ))}
                </DropdownMenu.SubContent>
              </DropdownMenu.Sub>
            </>
          ) : null}
        </DropdownMenu.Content>
      </DropdownMenu.Root>
      <Button size="1" variant="outline" disabled={!hasChips} onClick={() => setSaving(true)}>
        Save as view
      </Button>
      {refusal ? (
        <Text size="1" color="red" role="alert">
          {refusal}
        </Text>
      ) : null}
      {saving ? (
        <SaveViewDialog
          filters={filters}
          onClose={() => setSaving(false)}
          onSaved={async () => {
            setSaving(false);
            await refresh();
          }}
        />
      ) : null}
    </>
  );
}

function SaveViewDialog({
  filters,
  onClose,
  onSaved,
}: {
  filters: Filters;
  onClose: () => void;
  onSaved: () => Promise<void>;
}) {
  const api = useApi();
  const [name, setName] = useState('');
  const [shared, setShared] = useState(false);
  const [failure, setFailure] = useState<ApiFailure | null>(null);
  const [busy, setBusy] = useState(false);
  const message = nameMessage(failure);
  const submit = async () => {
    setBusy(true);
    const answer = await api.call('/views', { method: 'POST', body: newViewBody(name, filters, shared) });
    setBusy(false);
    if (answer.ok) await onSaved();
    else setFailure(answer.failure);
  };
  return (
    <Dialog.Root open onOpenChange={(open) => (open ? null : onClose())}>
      <Dialog.Content maxWidth="420px">
        <Dialog.Title>Save as view</Dialog.Title>
        <Dialog.Description size="2" color="gray">
          Keeps the filters, not the search term. Find it again under Views.
        </Dialog.Description>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void submit();
          }}
        >
          <Flex direction="column" gap="3" mt="3">
            <LabelledField id="search-view-name" label="Name" message={message}>
              <TextField.Root
                id="search-view-name"
                autoFocus
                maxLength={80}
                value={name}
                onChange={(event) => setName(event.target.value)}
                aria-invalid={message !== undefined}
                aria-describedby={message ? 'search-view-name-message' : undefined}
              />
            </LabelledField>
            <Text as="label" size="2">
              <Flex gap="2" align="center">
                <Switch checked={shared} onCheckedChange={setShared} /> Share with the organization
              </Flex>
            </Text>
            <Flex gap="2" justify="end">
              <Dialog.Close>
                <Button type="button" variant="soft" color="gray">
                  Cancel
                </Button>
              </Dialog.Close>
              <Button type="submit" highContrast loading={busy}>
                Save view
              </Button>
            </Flex>
          </Flex>
        </form>
      </Dialog.Content>
    </Dialog.Root>
  );
}
