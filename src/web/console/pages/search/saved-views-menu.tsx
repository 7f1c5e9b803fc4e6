/**
 * The search page's saved views (issue 16): "Save as view" keeps the chips under a name, personal
 * or shared with the organization; "Views" lists one's own and the shared ones, applies one as
 * chips, and deletes those the person may delete. The logic is in saved-views.ts.
 */
import { BookmarkIcon, TrashIcon } from '@radix-ui/react-icons';
import { Button, DropdownMenu, Flex, Switch, Text } from '@radix-ui/themes';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { apiQueryKey, useApi, useApiQuery } from '../../api/use-api.ts';
import { describeFailure } from '../../parts/describe-failure.ts';
import { useSignedIn } from '../../session/session-context.tsx';
import { NameTheFiltersDialog } from './name-the-filters-dialog.tsx';
import { mayDelete, newViewBody, type SavedView, viewLabel } from './saved-views.ts';
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
  const [shared, setShared] = useState(false);
  return (
    <NameTheFiltersDialog
      id="search-view-name"
      title="Save as view"
      description="Keeps the filters, not the search term. Find it again under Views."
      saveLabel="Save view"
      save={(name) => api.call('/views', { method: 'POST', body: newViewBody(name, filters, shared) })}
      onClose={onClose}
      onSaved={onSaved}
    >
      <Text as="label" size="2">
        <Flex gap="2" align="center">
          <Switch checked={shared} onCheckedChange={setShared} /> Share with the organization
        </Flex>
      </Text>
    </NameTheFiltersDialog>
  );
}
