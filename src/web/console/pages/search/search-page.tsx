/**
 * Find a customer (`/customers`): one box, searched as the person types (120 ms debounce), filters
 * as chips, ↑/↓/Enter through the results. The search lives in memory (search-memory.ts), never in
 * the URL. Each query has its own TanStack key, so a late answer to an older query never replaces
 * the newer one's.
 */
import { Cross2Icon, MagnifyingGlassIcon, PlusIcon } from '@radix-ui/react-icons';
import {
  Badge,
  Box,
  Button,
  Card,
  DropdownMenu,
  Flex,
  IconButton,
  Select,
  Skeleton,
  Text,
  TextField,
} from '@radix-ui/themes';
import { useInfiniteQuery } from '@tanstack/react-query';
import { type KeyboardEvent, useEffect, useId, useMemo, useRef, useState } from 'react';
import { useLocation } from 'wouter';
import { type ApiError, apiQueryKey, useApi, useApiQuery } from '../../api/use-api.ts';
import { DataTable } from '../../parts/data-table.tsx';
import { PageHeader } from '../../parts/page-header.tsx';
import { EmptyState, ProblemCallout } from '../../parts/page-states.tsx';
import { atLeast } from '../../roles.ts';
import { useSignedIn } from '../../session/session-context.tsx';
import { nextActiveIndex } from '../../shell/key-sequences.ts';
import { SaveSegmentControl } from './save-segment-dialog.tsx';
import { SavedViewsControls } from './saved-views-menu.tsx';
import {
  addableFilters,
  chipsOf,
  countText,
  customersPath,
  FILTER_SPECS,
  type FilterKey,
  type Filters,
  filterValueProblem,
  formatPhone,
  hasCriteria,
  withFilter,
  withoutFilter,
} from './search-filters.ts';
import { rememberedSearch, rememberSearch } from './search-memory.ts';
import './search.css';

const PAGE_SIZE = 25;
const DEBOUNCE_MS = 120;

interface FoundCustomer {
  id: string;
  firstName: string;
  lastName: string;
  preferredName?: string | null;
  dateOfBirth: string;
  phone: string | null;
  email: string | null;
  customerType: 'adult' | 'medical';
  homeStoreId: string | null;
}
interface CustomerPage {
  items: FoundCustomer[];
  nextCursor: string | null;
  total?: number;
  totalIsEstimate?: boolean;
}
interface Store {
  id: string;
  name: string;
}

export const SEARCH_BOX_ID = 'search-box';

export function SearchPage() {
  const api = useApi();
  const { user } = useSignedIn();
  const [, navigate] = useLocation();
  const [typed, setTyped] = useState(() => rememberedSearch().q);
  const [q, setQ] = useState(typed);
  const [filters, setFilters] = useState<Filters>(() => rememberedSearch().filters);
  const [active, setActive] = useState(-1);
  const inputRef = useRef<HTMLInputElement>(null);
  const listId = useId();

  useEffect(() => {
    inputRef.current?.focus();
  }, []);
  useEffect(() => {
    const timer = setTimeout(() => setQ(typed), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [typed]);
  useEffect(() => {
    rememberSearch({ q: typed, filters, viewId: null });
  }, [typed, filters]);

  const stores = useApiQuery<{ items: Store[] }>('/stores?limit=200', { staleTime: 60_000 });
  const storeName = useMemo(() => {
    const byId = new Map((stores.data?.items ?? []).map((s) => [s.id, s.name]));
    return (id: string | null | undefined) => (id ? byId.get(id) : undefined);
  }, [stores.data]);

  const searching = hasCriteria(q, filters);
  const firstPath = customersPath({ q, filters, limit: PAGE_SIZE });
  const results = useInfiniteQuery<CustomerPage, ApiError>({
    queryKey: ['search', ...apiQueryKey(firstPath)],
    queryFn: ({ pageParam }) =>
      api.get<CustomerPage>(customersPath({ q, filters, limit: PAGE_SIZE, cursor: pageParam as string | null })),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    enabled: searching,
    staleTime: 10_000,
  });
  const rows = results.data?.pages.flatMap((p) => p.items) ?? [];
  const first = results.data?.pages[0];

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new search starts with no row active.
  useEffect(() => setActive(-1), [firstPath]);

  const open = (customer: FoundCustomer) => navigate(`/customers/${customer.id}`);
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      setActive((current) => nextActiveIndex(current, rows.length, event.key as 'ArrowUp' | 'ArrowDown'));
    } else if (event.key === 'Enter') {
      const row = rows[active] ?? (rows.length === 1 ? rows[0] : undefined);
      if (row) {
        event.preventDefault();
        open(row);
      }
    } else if (event.key === 'Escape' && typed !== '') {
      setTyped('');
    }
  };
  useEffect(() => {
    if (active >= 0) document.getElementById(`${listId}-row-${active}`)?.scrollIntoView({ block: 'nearest' });
  }, [active, listId]);

  const chips = chipsOf(filters, storeName);

  return (
    <Box className="search-page">
      <PageHeader title="Find a customer" subtitle="Name (typos are fine), the last 4 digits of a phone, or an email" />
      <TextField.Root
        ref={inputRef}
        id={SEARCH_BOX_ID}
        size="3"
        type="search"
        placeholder="Search customers"
        aria-label="Search customers"
        role="combobox"
        aria-expanded={rows.length > 0}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={active >= 0 ? `${listId}-row-${active}` : undefined}
        autoComplete="off"
        spellCheck={false}
        value={typed}
        onChange={(event) => setTyped(event.target.value)}
        onKeyDown={onKeyDown}
      >
        <TextField.Slot>
          <MagnifyingGlassIcon height="18" width="18" aria-hidden />
        </TextField.Slot>
        <TextField.Slot>
          <Text size="1" color="gray" className="search-key-hint" aria-hidden>
            /
          </Text>
        </TextField.Slot>
      </TextField.Root>

      <Flex gap="2" wrap="wrap" align="center" mt="3" className="search-chips" aria-label="Filters" role="group">
        {chips.map((chip) => (
          <Badge key={chip.key} size="2" variant="soft" color="iris" className="search-chip">
            {chip.text}
            <IconButton
              size="1"
              variant="ghost"
              color="iris"
              aria-label={`Remove filter ${chip.text}`}
              onClick={() => setFilters((f) => withoutFilter(f, chip.key))}
            >
              <Cross2Icon aria-hidden />
            </IconButton>
          </Badge>
        ))}
        <AddFilterMenu
          filters={filters}
          stores={stores.data?.items ?? []}
          onAdd={(key, value) => setFilters((f) => withFilter(f, key, value))}
        />
        {chips.length > 0 ? (
          <Button size="1" variant="ghost" color="gray" onClick={() => setFilters({})}>
            Clear filters
          </Button>
        ) : null}
        <SavedViewsControls filters={filters} onApply={setFilters} />
        {atLeast(user.role, 'manager') ? <SaveSegmentControl filters={filters} /> : null}
        <Box flexGrow="1" />
        <Text size="2" color="gray" role="status" className="search-count">
          {!searching
            ? ''
            : q.trim() !== ''
              ? first
                ? 'Count shown for filters only, without a search term'
                : ''
              : first?.total !== undefined
                ? countText(first.total, first.totalIsEstimate ?? false)
                : ''}
        </Text>
      </Flex>

      <Box mt="3">
        {!searching ? (
          <EmptyState title="Start typing to find someone">
            Try a name (typos are fine), the last 4 digits of a phone, an email or a domain such as example.com, or add
            a filter. Press / to come back here, Ctrl+K for everything else.
          </EmptyState>
        ) : results.isError ? (
          <ProblemCallout failure={results.error.failure} onRetry={() => results.refetch()} />
        ) : results.isPending ? (
          <ResultsTable listId={listId}>
            {Array.from({ length: 6 }, (_, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity.
              <tr key={i} className="rt-TableRow search-row" aria-hidden>
                {Array.from({ length: 6 }, (_, j) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity.
                  <td key={j} className="rt-TableCell">
                    <Skeleton height="20px" />
                  </td>
                ))}
              </tr>
            ))}
          </ResultsTable>
        ) : rows.length === 0 ? (
          <EmptyState title={q.trim() ? `No one matches “${q.trim()}”` : 'No one matches these filters'}>
            Try fewer letters of the name, the last 4 digits of the phone, the email's domain, or remove a filter.
          </EmptyState>
        ) : (
          <>
            <ResultsTable listId={listId}>
              {rows.map((customer, index) => (
                <tr
                  key={customer.id}
                  id={`${listId}-row-${index}`}
                  role="option"
                  aria-selected={index === active}
                  className="rt-TableRow search-row"
                  data-active={index === active || undefined}
                  onClick={() => open(customer)}
                  onMouseEnter={() => setActive(index)}
                >
                  <th className="rt-TableCell rt-TableRowHeaderCell" scope="row">
                    <span className="search-name">
                      {customer.firstName} {customer.lastName}
                    </span>
                    {customer.preferredName ? (
                      <Text size="1" color="gray">
                        {' '}
                        ({customer.preferredName})
                      </Text>
                    ) : null}
                  </th>
                  <td className="rt-TableCell">{customer.dateOfBirth}</td>
                  <td className="rt-TableCell">{formatPhone(customer.phone)}</td>
                  <td className="rt-TableCell search-email">{customer.email ?? ''}</td>
                  <td className="rt-TableCell">
                    <Badge color={customer.customerType === 'medical' ? 'green' : 'gray'} variant="soft">
                      {customer.customerType === 'medical' ? 'Medical' : 'Adult'}
                    </Badge>
                  </td>
                  <td className="rt-TableCell">{storeName(customer.homeStoreId) ?? ''}</td>
                </tr>
              ))}
            </ResultsTable>
            {results.hasNextPage ? (
              <Flex justify="center" mt="3">
                <Button
                  variant="outline"
                  color="gray"
                  highContrast
                  loading={results.isFetchingNextPage}
                  onClick={() => results.fetchNextPage()}
                >
                  Load more
                </Button>
              </Flex>
            ) : null}
          </>
        )}
      </Box>
    </Box>
  );
}

function ResultsTable({ listId, children }: { listId: string; children: React.ReactNode }) {
  return (
    <DataTable label="Search results">
      <thead className="rt-TableHeader">
        <tr className="rt-TableRow">
          {['Name', 'Date of birth', 'Phone', 'Email', 'Type', 'Home store'].map((title) => (
            <th key={title} className="rt-TableCell rt-TableColumnHeaderCell" scope="col">
              {title}
            </th>
          ))}
        </tr>
      </thead>
      {/* biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: the rows are the search box's options (combobox + aria-activedescendant), shown as a table. */}
      <tbody className="rt-TableBody" id={listId} role="listbox" aria-label="Customers found">
        {children}
      </tbody>
    </DataTable>
  );
}

function AddFilterMenu({
  filters,
  stores,
  onAdd,
}: {
  filters: Filters;
  stores: Store[];
  onAdd: (key: FilterKey, value: string) => void;
}) {
  const [editing, setEditing] = useState<FilterKey | null>(null);
  const [value, setValue] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const addable = addableFilters(filters);
  const spec = editing ? FILTER_SPECS[editing] : null;
  const choose = (key: FilterKey) => {
    setEditing(key);
    setValue('');
    setProblem(null);
  };
  const submit = () => {
    if (!editing) return;
    const wrong = filterValueProblem(editing, value);
    if (wrong) {
      setProblem(wrong);
      return;
    }
    onAdd(editing, value);
    setEditing(null);
  };
  return (
    <>
      <DropdownMenu.Root>
        <DropdownMenu.Trigger disabled={addable.length === 0}>
          <Button size="1" variant="outline">
            <PlusIcon aria-hidden /> Add filter
          </Button>
        </DropdownMenu.Trigger>
        <DropdownMenu.Content>
          {addable.map((key) => (
            <DropdownMenu.Item key={key} onSelect={() => choose(key)}>
              {FILTER_SPECS[key].label}
            </DropdownMenu.Item>
          ))}
        </DropdownMenu.Content>
      </DropdownMenu.Root>
      <Card className="search-filter-editor" hidden={editing === null}>
        {editing && spec ? (
          <form
            onSubmit={(event) => {
              event.preventDefault();
              submit();
            }}
          >
            <Flex direction="column" gap="2">
              <Text as="label" size="2" weight="medium" htmlFor="search-filter-value">
                {spec.label}
              </Text>
              {spec.input === 'choice' || spec.input === 'store' ? (
                <Select.Root value={value} onValueChange={setValue}>
                  <Select.Trigger id="search-filter-value" placeholder="Choose…" aria-label={spec.label} />
                  <Select.Content>
                    {(spec.input === 'store'
                      ? stores.map((s) => ({ value: s.id, label: s.name }))
                      : (spec.choices ?? [])
                    ).map((c) => (
                      <Select.Item key={c.value} value={c.value}>
                        {c.label}
                      </Select.Item>
                    ))}
                  </Select.Content>
                </Select.Root>
              ) : (
                <TextField.Root
                  id="search-filter-value"
                  autoFocus
                  type={spec.input === 'date' ? 'date' : spec.input === 'days' ? 'number' : 'text'}
                  placeholder={spec.input === 'birthday' ? 'MM-DD' : undefined}
                  value={value}
                  onChange={(event) => setValue(event.target.value)}
                  aria-invalid={problem !== null}
                  aria-describedby="search-filter-hint"
                />
              )}
              <Text id="search-filter-hint" size="1" color={problem ? 'red' : 'gray'}>
                {problem ?? spec.hint ?? ''}
              </Text>
              <Flex gap="2" justify="end">
                <Button type="button" variant="soft" color="gray" onClick={() => setEditing(null)}>
                  Cancel
                </Button>
                <Button type="submit">Apply</Button>
              </Flex>
            </Flex>
          </form>
        ) : null}
      </Card>
    </>
  );
}
