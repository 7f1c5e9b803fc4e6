/**
 * The console's keyboard layer as pure logic: which key press means what, given the keys before it.
 * `/` focuses the search, Ctrl/Cmd+K opens the palette, `g` then a letter goes to a page (within
 * GO_TIMEOUT_MS). Nothing fires while the person types in a field, except Ctrl/Cmd+K.
 */

export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  /** Whether the press happened in a text field, a select or an editable element. */
  inField: boolean;
  /** Milliseconds, any clock. */
  at: number;
}

export type KeyAction =
  | { kind: 'palette' }
  | { kind: 'focusSearch' }
  | { kind: 'go'; key: string }
  | { kind: 'pending' }
  | { kind: 'none' };

export const GO_TIMEOUT_MS = 1500;

export interface KeyState {
  /** When `g` was pressed, if it waits for its second key. */
  goAt: number | null;
}

export const INITIAL_KEY_STATE: KeyState = { goAt: null };

/** The action of `press` and the state after it. `goKeys` are the second keys the role may use. */
export function readKey(
  state: KeyState,
  press: KeyPress,
  goKeys: readonly string[],
): { action: KeyAction; state: KeyState } {
  const key = press.key.length === 1 ? press.key.toLowerCase() : press.key;
  if ((press.ctrlKey || press.metaKey) && !press.altKey && key === 'k') {
    return { action: { kind: 'palette' }, state: INITIAL_KEY_STATE };
  }
  if (press.inField || press.ctrlKey || press.metaKey || press.altKey) {
    return { action: { kind: 'none' }, state: INITIAL_KEY_STATE };
  }
  if (state.goAt !== null && press.at - state.goAt <= GO_TIMEOUT_MS) {
    if (goKeys.includes(key)) return { action: { kind: 'go', key }, state: INITIAL_KEY_STATE };
    // `g g` waits again; any other key ends the sequence and does nothing.
    if (key === 'g') return { action: { kind: 'pending' }, state: { goAt: press.at } };
    return { action: { kind: 'none' }, state: INITIAL_KEY_STATE };
  }
  if (key === 'g') return { action: { kind: 'pending' }, state: { goAt: press.at } };
  if (key === '/') return { action: { kind: 'focusSearch' }, state: INITIAL_KEY_STATE };
  return { action: { kind: 'none' }, state: INITIAL_KEY_STATE };
}

/** Whether a keyboard event's target is a place where keys are typed. */
export function isTypingTarget(
  target: { tagName?: string; isContentEditable?: boolean; type?: string } | null,
): boolean {
  if (!target) return false;
  if (target.isContentEditable) return true;
  const tag = (target.tagName ?? '').toUpperCase();
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag !== 'INPUT') return false;
  return !['checkbox', 'radio', 'button', 'submit', 'reset'].includes((target.type ?? 'text').toLowerCase());
}

/** The next active row of a list of `count` for ↑/↓ (-1: none yet), without wrapping. */
export function nextActiveIndex(current: number, count: number, key: 'ArrowUp' | 'ArrowDown'): number {
  if (count === 0) return -1;
  if (key === 'ArrowDown') return Math.min(current + 1, count - 1);
  return current <= 0 ? 0 : current - 1;
}
