import { describe, expect, it } from 'vitest';
import {
  GO_TIMEOUT_MS,
  INITIAL_KEY_STATE,
  isTypingTarget,
  type KeyPress,
  nextActiveIndex,
  readKey,
} from './key-sequences.ts';

const press = (key: string, at: number, extra: Partial<KeyPress> = {}): KeyPress => ({
  key,
  at,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  inField: false,
  ...extra,
});
const GO = ['c', 'd'];

describe('readKey', () => {
  it('g then c goes to customers', () => {
    const first = readKey(INITIAL_KEY_STATE, press('g', 0), GO);
    expect(first.action).toEqual({ kind: 'pending' });
    expect(readKey(first.state, press('c', 300), GO).action).toEqual({ kind: 'go', key: 'c' });
  });

  it('a go key the role may not use does nothing', () => {
    const first = readKey(INITIAL_KEY_STATE, press('g', 0), GO);
    const second = readKey(first.state, press('a', 100), GO);
    expect(second.action).toEqual({ kind: 'none' });
    expect(second.state).toEqual(INITIAL_KEY_STATE);
  });

  it('the second key comes too late', () => {
    const first = readKey(INITIAL_KEY_STATE, press('g', 0), GO);
    expect(readKey(first.state, press('c', GO_TIMEOUT_MS + 1), GO).action).toEqual({ kind: 'none' });
  });

  it('c alone does nothing, and g g waits again', () => {
    expect(readKey(INITIAL_KEY_STATE, press('c', 0), GO).action).toEqual({ kind: 'none' });
    const gg = readKey(readKey(INITIAL_KEY_STATE, press('g', 0), GO).state, press('g', 100), GO);
    expect(gg.action).toEqual({ kind: 'pending' });
    expect(readKey(gg.state, press('d', 200), GO).action).toEqual({ kind: 'go', key: 'd' });
  });

  it('/ focuses search, except while typing', () => {
    expect(readKey(INITIAL_KEY_STATE, press('/', 0), GO).action).toEqual({ kind: 'focusSearch' });
    expect(readKey(INITIAL_KEY_STATE, press('/', 0, { inField: true }), GO).action).toEqual({ kind: 'none' });
  });

  it('typing g c in a field goes nowhere', () => {
    const first = readKey(INITIAL_KEY_STATE, press('g', 0, { inField: true }), GO);
    expect(readKey(first.state, press('c', 10, { inField: true }), GO).action).toEqual({ kind: 'none' });
  });

  it('Ctrl+K and Cmd+K open the palette, even in a field', () => {
    expect(readKey(INITIAL_KEY_STATE, press('k', 0, { ctrlKey: true }), GO).action).toEqual({ kind: 'palette' });
    expect(readKey(INITIAL_KEY_STATE, press('K', 0, { metaKey: true, inField: true }), GO).action).toEqual({
      kind: 'palette',
    });
    expect(readKey(INITIAL_KEY_STATE, press('k', 0), GO).action).toEqual({ kind: 'none' });
  });

  it('a modified g is not a go-to', () => {
    expect(readKey(INITIAL_KEY_STATE, press('g', 0, { ctrlKey: true }), GO).action).toEqual({ kind: 'none' });
  });
});

describe('isTypingTarget', () => {
  it('text inputs, textareas and editable elements are; checkboxes and buttons are not', () => {
    expect(isTypingTarget({ tagName: 'INPUT', type: 'search' })).toBe(true);
    expect(isTypingTarget({ tagName: 'textarea' })).toBe(true);
    expect(isTypingTarget({ tagName: 'DIV', isContentEditable: true })).toBe(true);
    expect(isTypingTarget({ tagName: 'INPUT', type: 'checkbox' })).toBe(false);
    expect(isTypingTarget({ tagName: 'BUTTON' })).toBe(false);
    expect(isTypingTarget(null)).toBe(false);
  });
});

describe('nextActiveIndex', () => {
  it('moves down and up without wrapping', () => {
    expect(nextActiveIndex(-1, 3, 'ArrowDown')).toBe(0);
    expect(nextActiveIndex(2, 3, 'ArrowDown')).toBe(2);
    expect(nextActiveIndex(1, 3, 'ArrowUp')).toBe(0);
    expect(nextActiveIndex(0, 3, 'ArrowUp')).toBe(0);
    expect(nextActiveIndex(-1, 0, 'ArrowDown')).toBe(-1);
  });
});
