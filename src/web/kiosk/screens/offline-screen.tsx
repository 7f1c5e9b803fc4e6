/**
 * The network is gone. Shown over the screen the person was on, which stays as it was (nothing typed
 * is lost): "Try again" repeats what failed.
 */
import { Screen } from '../parts/screen.tsx';

export function OfflineScreen({ onRetry, onStartOver }: { onRetry: () => void; onStartOver: () => void }) {
  return (
    <div className="overlay" role="alertdialog" aria-modal="true" aria-label="Connection lost">
      <Screen
        tone="alert"
        title="We can't reach the store's system"
        lead={<p>The connection dropped. Nothing you entered is lost: try again in a moment, or ask a staff member.</p>}
        actions={
          <>
            <button type="button" className="button button-secondary" onClick={onStartOver}>
              Start over
            </button>
            <button type="button" className="button button-primary" onClick={onRetry}>
              Try again
            </button>
          </>
        }
      />
    </div>
  );
}
