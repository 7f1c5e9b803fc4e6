/**
 * A modal question before something that cannot be taken back (deleting the profile) or that sends
 * personal data away (a copy of it): what it means, the safe choice first and focused, the other in
 * its own style (danger for deletion).
 */
import type { ReactNode } from 'react';

interface ConfirmDialogProps {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  cancelLabel: string;
  danger?: boolean;
  busy?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}

export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  cancelLabel,
  danger = false,
  busy = false,
  onConfirm,
  onCancel,
}: ConfirmDialogProps) {
  return (
    <div
      className="overlay"
      role="alertdialog"
      aria-modal="true"
      aria-labelledby="confirm-dialog-title"
      aria-describedby="confirm-dialog-text"
    >
      <div className="dialog">
        <h2 id="confirm-dialog-title">{title}</h2>
        <div id="confirm-dialog-text" className="dialog-text">
          {children}
        </div>
        <div className="dialog-actions">
          {/* biome-ignore lint/a11y/noAutofocus: the safe choice of a modal question takes focus */}
          <button type="button" className="button button-secondary" autoFocus onClick={onCancel}>
            {cancelLabel}
          </button>
          <button
            type="button"
            className={`button ${danger ? 'button-danger' : 'button-primary'}`}
            disabled={busy}
            onClick={onConfirm}
          >
            {confirmLabel}
          </button>
        </div>
      </div>
    </div>
  );
}
