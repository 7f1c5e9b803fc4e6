/**
 * The frame of every signed-in page: the sidebar with the pages the person's role may use, who is
 * signed in and the sign-out, and the page itself. A skip link leads past the sidebar.
 */
import { ExitIcon } from '@radix-ui/react-icons';
import { Badge, Box, Button, Flex, Separator, Text } from '@radix-ui/themes';
import type { ReactNode } from 'react';
import { Link, useLocation } from 'wouter';
import { ROLE_LABELS } from '../roles.ts';
import { useSession, useSignedIn } from '../session/session-context.tsx';
import { ConsoleKeyboard } from './console-keyboard.tsx';
import { isUnder, type NavItem, navItemsFor } from './nav-items.ts';

export function ConsoleShell({ children }: { children: ReactNode }) {
  const { user } = useSignedIn();
  const { signOut } = useSession();
  const [location] = useLocation();
  const items = navItemsFor(user.role);
  const groups = [...new Set(items.map((item) => item.group))];
  // The most specific entry is the current one (`/customers/new` over `/customers`).
  const current = items.filter((item) => isUnder(location, item)).sort((a, b) => b.path.length - a.path.length)[0];

  return (
    <div className="console-frame">
      <a href="#console-main" className="console-skip-link">
        Skip to the page
      </a>
      <nav className="console-sidebar" aria-label="Console">
        <Flex direction="column" gap="4" height="100%" className="console-nav-stack">
          <Link href="/customers" className="console-brand">
            Patron
          </Link>
          {groups.map((group) => (
            <NavGroup
              key={group}
              title={group}
              items={items.filter((item) => item.group === group)}
              current={current}
            />
          ))}
          <Box flexGrow="1" className="console-nav-spacer" />
          <Separator size="4" className="console-nav-spacer" />
          <Flex direction="column" gap="2" className="console-nav-user">
            <Text size="2" weight="medium" truncate>
              {user.name}
            </Text>
            <Flex align="center" justify="between" gap="2">
              <Badge color="gray" variant="soft">
                {ROLE_LABELS[user.role]}
              </Badge>
              <Button size="1" variant="ghost" color="gray" onClick={signOut}>
                <ExitIcon aria-hidden /> Sign out
              </Button>
            </Flex>
          </Flex>
        </Flex>
      </nav>
      <ConsoleKeyboard />
      <main id="console-main" className="console-main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}

function NavGroup({ title, items, current }: { title: string; items: NavItem[]; current: NavItem | undefined }) {
  return (
    <Flex direction="column" gap="1" className="console-nav-section">
      <Text size="1" color="gray" weight="medium" className="console-nav-group">
        {title}
      </Text>
      {items.map((item) => (
        <Link
          key={item.path}
          href={item.path}
          className="console-nav-link"
          aria-current={item === current ? 'page' : undefined}
        >
          {item.label}
        </Link>
      ))}
    </Flex>
  );
}
