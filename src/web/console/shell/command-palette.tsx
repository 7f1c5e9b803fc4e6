/**
 * Ctrl/Cmd+K: one list over customers (searched as the person types, the same `GET /customers?q=`),
 * the pages the role may use (navItemsFor) and actions. cmdk inside a Radix Themes Dialog; the
 * customer matching is the server's, so cmdk's own filter is off and pages are matched here.
 */
import { Dialog, Text, VisuallyHidden } from '@radix-ui/themes';
import { Command } from 'cmdk';
import { useEffect, useState } from 'react';
import { useLocation } from 'wouter';
import { useApiQuery } from '../api/use-api.ts';
import { formatPhone } from '../pages/search/search-filters.ts';
import { useSession, useSignedIn } from '../session/session-context.tsx';
import { NAV_ITEMS, navItemsFor } from './nav-items.ts';

interface PaletteCustomer {
  id: string;
  firstName: string;
  lastName: string;
  phone: string | null;
  dateOfBirth: string;
}

export function CommandPalette({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const { user } = useSignedIn();
  const { signOut } = useSession();
  const [, navigate] = useLocation();
  const [typed, setTyped] = useState('');
  const [q, setQ] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setQ(typed.trim()), 120);
    return () => clearTimeout(timer);
  }, [typed]);
  useEffect(() => {
    if (!open) {
      setTyped('');
      setQ('');
    }
  }, [open]);

  const found = useApiQuery<{ items: PaletteCustomer[] }>(
    open && q !== '' ? `/customers?${new URLSearchParams({ q: q.slice(0, 200), limit: '8' })}` : null,
  );
  const term = typed.trim().toLowerCase();
  const pages = navItemsFor(user.role).filter((item) => term === '' || item.label.toLowerCase().includes(term));
  const actions = [
    ...(NAV_ITEMS.some((item) => item.path === '/customers/new') &&
    navItemsFor(user.role).some((i) => i.path === '/customers/new')
      ? [{ id: 'new-customer', label: 'New customer', run: () => navigate('/customers/new') }]
      : []),
    { id: 'sign-out', label: 'Sign out', run: signOut },
  ].filter((a) => term === '' || a.label.toLowerCase().includes(term));

  const go = (run: () => void) => {
    onOpenChange(false);
    run();
  };

  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Content maxWidth="600px" className="palette" aria-describedby={undefined}>
        <VisuallyHidden>
          <Dialog.Title>Command palette</Dialog.Title>
        </VisuallyHidden>
        <Command shouldFilter={false} label="Command palette" loop>
          <Command.Input
            value={typed}
            onValueChange={setTyped}
            placeholder="Find a customer, a page or an action"
            aria-label="Find a customer, a page or an action"
            className="palette-input"
            autoFocus
          />
          <Command.List className="palette-list">
            <Command.Empty>
              {found.isFetching
                ? 'Searching…'
                : term
                  ? 'Nothing matches. Try a name or the last 4 digits of a phone.'
                  : 'Type to search.'}
            </Command.Empty>
            {found.data && found.data.items.length > 0 ? (
              <Command.Group heading="Customers">
                {found.data.items.map((c) => (
                  <Command.Item
                    key={c.id}
                    value={`customer-${c.id}`}
                    onSelect={() => go(() => navigate(`/customers/${c.id}`))}
                    className="palette-item"
                  >
                    <Text weight="medium">
                      {c.firstName} {c.lastName}
                    </Text>
                    <Text size="1" color="gray">
                      {c.dateOfBirth} · {formatPhone(c.phone)}
                    </Text>
                  </Command.Item>
                ))}
              </Command.Group>
            ) : null}
            {pages.length > 0 ? (
              <Command.Group heading="Pages">
                {pages.map((item) => (
                  <Command.Item
                    key={item.path}
                    value={`page-${item.path}`}
                    onSelect={() => go(() => navigate(item.path))}
                    className="palette-item"
                  >
                    <Text>{item.label}</Text>
                    {item.goKey ? (
                      <Text size="1" color="gray">
                        g {item.goKey}
                      </Text>
                    ) : null}
                  </Command.Item>
                ))}
              </Command.Group>
            ) : null}
            {actions.length > 0 ? (
              <Command.Group heading="Actions">
                {actions.map((action) => (
                  <Command.Item
                    key={action.id}
                    value={`action-${action.id}`}
                    onSelect={() => go(action.run)}
                    className="palette-item"
                  >
                    <Text>{action.label}</Text>
                  </Command.Item>
                ))}
              </Command.Group>
            ) : null}
          </Command.List>
        </Command>
      </Dialog.Content>
    </Dialog.Root>
  );
}
