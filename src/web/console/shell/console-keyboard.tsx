/**
 * The console's keyboard layer, mounted once by the shell: `/` focuses the search box (going to the
 * search page first if need be), Ctrl/Cmd+K opens the command palette, `g c`/`g d`/`g a` go to the
 * pages the role may use (nav-items.ts `goKey`). The logic is key-sequences.ts.
 */
import { useEffect, useRef, useState } from 'react';
import { useLocation } from 'wouter';
import { forgetSearch } from '../pages/search/search-memory.ts';
import { SEARCH_BOX_ID } from '../pages/search/search-page.tsx';
import { useSignedIn } from '../session/session-context.tsx';
import { CommandPalette } from './command-palette.tsx';
import { INITIAL_KEY_STATE, isTypingTarget, readKey } from './key-sequences.ts';
import { navItemsFor } from './nav-items.ts';

export function ConsoleKeyboard() {
  const { user } = useSignedIn();
  const [location, navigate] = useLocation();
  const [paletteOpen, setPaletteOpen] = useState(false);
  const state = useRef(INITIAL_KEY_STATE);

  useEffect(() => {
    const items = navItemsFor(user.role);
    const goKeys = items.flatMap((item) => (item.goKey ? [item.goKey] : []));
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing) return;
      const target = event.target as HTMLElement | null;
      const inDialog = target?.closest?.('[role="dialog"]') != null;
      const { action, state: next } = readKey(
        state.current,
        {
          key: event.key,
          ctrlKey: event.ctrlKey,
          metaKey: event.metaKey,
          altKey: event.altKey,
          inField: isTypingTarget(target) || (inDialog && !(event.ctrlKey || event.metaKey)),
          at: event.timeStamp,
        },
        goKeys,
      );
      state.current = next;
      if (action.kind === 'palette') {
        event.preventDefault();
        setPaletteOpen((open) => !open);
      } else if (action.kind === 'focusSearch') {
        event.preventDefault();
        const box = document.getElementById(SEARCH_BOX_ID);
        if (box) box.focus();
        else navigate('/customers');
      } else if (action.kind === 'go') {
        const item = items.find((i) => i.goKey === action.key);
        if (item) {
          event.preventDefault();
          navigate(item.path);
        }
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [user.role, navigate]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new page closes the palette.
  useEffect(() => setPaletteOpen(false), [location]);
  // The shell leaves on sign-out: the next person must not find this one's search.
  useEffect(() => () => forgetSearch(), []);

  return <CommandPalette open={paletteOpen} onOpenChange={setPaletteOpen} />;
}
