/**
 * A large labelled text field typed on the on-screen keyboard: `inputMode="none"` keeps the device's
 * own keyboard away while the field stays a real, focusable, editable input (a physical keyboard or
 * a screen reader's text entry still types into it). Its message, when there is one, is tied to it
 * with aria-describedby and marks it invalid.
 */
import type { Ref } from 'react';

interface TextFieldProps {
  id: string;
  label: string;
  /** A short note under the label ("Optional", "Month / day / year"). */
  hint?: string;
  value: string;
  placeholder?: string;
  message?: string | undefined;
  active: boolean;
  inputRef?: Ref<HTMLInputElement>;
  onFocus: () => void;
  /** What a physical keyboard left in the field (the on-screen keyboard goes through the screen). */
  onTyped: (shown: string) => void;
}

export function TextField(props: TextFieldProps) {
  const { id, label, hint, value, placeholder, message, active, inputRef, onFocus, onTyped } = props;
  const hintId = `${id}-hint`;
  const messageId = `${id}-message`;
  const describedBy = [hint ? hintId : null, message ? messageId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`text-field${active ? ' text-field-active' : ''}${message ? ' text-field-invalid' : ''}`}>
      <label htmlFor={id}>
        {label}
        {hint ? (
          <span id={hintId} className="text-field-hint">
            {' '}
            {hint}
          </span>
        ) : null}
      </label>
      <input
        id={id}
        ref={inputRef}
        type="text"
        inputMode="none"
        autoComplete="off"
        autoCorrect="off"
        autoCapitalize="off"
        spellCheck={false}
        value={value}
        placeholder={placeholder}
        aria-invalid={message ? true : undefined}
        aria-describedby={describedBy}
        onFocus={onFocus}
        onChange={(event) => onTyped(event.target.value)}
      />
      {message ? (
        <p id={messageId} className="field-message" role="alert">
          {message}
        </p>
      ) : null}
    </div>
  );
}
