/**
 * "Save as segment" on the search page (issue 17), for managers and admins: the chips kept as an
 * organization's segment (`POST /segments`), which then counts its customers live. The answer's
 * count is said in the page, so the manager sees at once how many the segment holds.
 */
import { Button, Text } from '@radix-ui/themes';
import { useState } from 'react';
import { useApi } from '../../api/use-api.ts';
import { NameTheFiltersDialog } from './name-the-filters-dialog.tsx';
import { newViewBody } from './saved-views.ts';
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
  return (
    <NameTheFiltersDialog<SavedSegment>
      id="search-segment-name"
      title="Save as segment"
      description="A segment keeps these filters for the whole organization and counts its customers as they change. The search term is not kept."
      saveLabel="Save segment"
      save={(name) => {
        const { filter } = newViewBody(name, filters, false);
        return api.call<SavedSegment>('/segments', { method: 'POST', body: { name: name.trim(), filter } });
      }}
      onClose={onClose}
      onSaved={onSaved}
    />
  );
}
