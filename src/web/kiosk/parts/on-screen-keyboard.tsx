/**
 * The kiosk's own keyboard, so no physical keyboard is needed and the tablet's does not pop up over
 * the form (the fields are `inputMode="none"`). It types into whichever field is active: its keys
 * keep the focus where it is (mouse-down, which a tap also fires, is not allowed to move it), so the field keeps its focus
 * ring and its caret. Letters with shift, space, - ' . and backspace; the email layout adds @ and
 * `.com`; a digits layout for dates, the phone and card numbers.
 *
 * The keys are real buttons, named for screen readers, but out of the Tab order: someone with a
 * physical keyboard types into the field itself, and forty keys between two fields would bury them.
 */
import type { MouseEvent } from 'react';
import type { KeyboardLayout } from '../signup-form.ts';
import './on-screen-keyboard.css';

interface OnScreenKeyboardProps {
  layout: KeyboardLayout;
  /** Capitals (shift held, or the start of a name). */
  shifted: boolean;
  onText: (text: string) => void;
  onBackspace: () => void;
  onShift: () => void;
  /** Switches letters ↔ digits, for a field that holds both; absent when the field holds one kind. */
  onSwitchLayout?: () => void;
  /** What the keys type into, for screen readers ("First name"). */
  label: string;
}

const LETTER_ROWS = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm'];
const DIGIT_ROWS = ['123', '456', '789'];

/** Keeps the focus in the field being typed into (a button takes it on mouse-down otherwise). */
function keepFocus(event: MouseEvent) {
  event.preventDefault();
}

export function OnScreenKeyboard(props: OnScreenKeyboardProps) {
  const { layout, shifted, onText, onBackspace, onShift, onSwitchLayout, label } = props;
  const key = (text: string, options: { name?: string; wide?: string; shown?: string } = {}) => (
    <button
      key={text}
      type="button"
      tabIndex={-1}
      className={`osk-key${options.wide ? ` osk-${options.wide}` : ''}`}
      aria-label={options.name}
      onMouseDown={keepFocus}
      onClick={() => onText(text)}
    >
      {options.shown ?? text}
    </button>
  );
  const backspace = (
    <button
      type="button"
      tabIndex={-1}
      className={`osk-key osk-action${layout === 'digits' ? '' : ' osk-wide'}`}
      aria-label="Delete last character"
      onMouseDown={keepFocus}
      onClick={onBackspace}
    >
      ⌫
    </button>
  );
  const switcher = onSwitchLayout ? (
    <button
      type="button"
      tabIndex={-1}
      className={`osk-key osk-action${layout === 'digits' ? '' : ' osk-wide'}`}
      aria-label={layout === 'digits' ? 'ABC letters' : '123 digits'}
      onMouseDown={keepFocus}
      onClick={onSwitchLayout}
    >
      {layout === 'digits' ? 'ABC' : '123'}
    </button>
  ) : null;

  if (layout === 'digits') {
    return (
      <fieldset className="osk osk-digits">
        <legend className="visually-hidden">Keyboard for {label}</legend>
        {DIGIT_ROWS.map((row) => (
          <div key={row} className="osk-row">
            {[...row].map((digit) => key(digit))}
          </div>
        ))}
        <div className="osk-row">
          {switcher ?? <span className="osk-gap" />}
          {key('0')}
          {backspace}
        </div>
      </fieldset>
    );
  }

  const letter = (ch: string) => {
    const typed = shifted ? ch.toUpperCase() : ch;
    return key(typed, { name: typed });
  };
  return (
    <fieldset className={`osk osk-${layout}`}>
      <legend className="visually-hidden">Keyboard for {label}</legend>
      <div className="osk-row">{[...LETTER_ROWS[0]!].map(letter)}</div>
      <div className="osk-row osk-row-inset">{[...LETTER_ROWS[1]!].map(letter)}</div>
      <div className="osk-row">
        <button
          type="button"
          tabIndex={-1}
          className={`osk-key osk-action osk-wide${shifted ? ' osk-on' : ''}`}
          aria-label="Shift"
          aria-pressed={shifted}
          onMouseDown={keepFocus}
          onClick={onShift}
        >
          ⇧
        </button>
        {[...LETTER_ROWS[2]!].map(letter)}
        {backspace}
      </div>
      <div className="osk-row">
        {switcher}
        {layout === 'email' ? (
          <>
            {key('@', { name: 'at sign' })}
            {key('.', { name: 'dot' })}
            {key('-', { name: 'dash' })}
            {key('_', { name: 'underscore' })}
            {key('.com', { wide: 'wider' })}
          </>
        ) : (
          <>
            {key('-', { name: 'hyphen' })}
            {key("'", { name: 'apostrophe' })}
            {key(' ', { name: 'space', wide: 'space', shown: 'space' })}
            {key('.', { name: 'period' })}
          </>
        )}
      </div>
    </fieldset>
  );
}
