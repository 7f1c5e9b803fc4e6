/**
 * The frame of a change staff confirm (a new phone or email): what is on file now, the value being
 * typed with its message, the keys that type it, and Cancel / Save. Email and phone differ only in
 * their keys, their display and when the value may be saved.
 */
import { type ReactNode, useId } from 'react';
import { Screen } from '../../parts/screen.tsx';

interface HeldChangeEditProps {
  title: string;
  /** "Now: …", or what to say when nothing is on file. */
  onFile: string;
  /** "A staff member will confirm the new … with you." */
  confirmation: string;
  /** How the value being typed is named to screen readers ("New email address"). */
  valueLabel: string;
  /** The value as shown (or its placeholder). */
  shown: ReactNode;
  displayClassName?: string;
  keys: ReactNode;
  saveLabel: string;
  canSave: boolean;
  message: string | null;
  busy: boolean;
  onSave: () => void;
  onCancel: () => void;
}

export function HeldChangeEdit(props: HeldChangeEditProps) {
  const messageId = useId();
  return (
    <Screen
      title={props.title}
      lead={
        <>
          <p>{props.onFile}</p>
          <p>{props.confirmation}</p>
        </>
      }
      actions={
        <>
          <button type="button" className="button button-secondary" onClick={props.onCancel}>
            Cancel
          </button>
          <button
            type="button"
            className="button button-primary"
            disabled={!props.canSave || props.busy}
            onClick={props.onSave}
          >
            {props.busy ? 'Saving…' : props.saveLabel}
          </button>
        </>
      }
    >
      <output
        className={`entry-display${props.displayClassName ? ` ${props.displayClassName}` : ''}`}
        aria-live="polite"
        aria-label={props.valueLabel}
        aria-describedby={props.message ? messageId : undefined}
      >
        {props.shown}
      </output>
      <p id={messageId} className="field-message" role={props.message ? 'alert' : undefined}>
        {props.message ?? ''}
      </p>
      {props.keys}
    </Screen>
  );
}
