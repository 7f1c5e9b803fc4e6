/** The 20 s warning before the kiosk clears itself: one touch on "I'm still here" keeps the session. */
export function IdleWarning({ secondsLeft, onStillHere }: { secondsLeft: number; onStillHere: () => void }) {
  return (
    <div
      className="overlay"
      role="alertdialog"
      aria-modal="true"
      aria-labelledby="idle-title"
      aria-describedby="idle-text"
    >
      <div className="dialog">
        <h2 id="idle-title">Are you still there?</h2>
        <p id="idle-text">
          For your privacy this screen clears in <strong>{secondsLeft}</strong> seconds.
        </p>
        {/* biome-ignore lint/a11y/noAutofocus: the one action of a modal warning must take focus */}
        <button type="button" className="button button-primary" autoFocus onClick={onStillHere}>
          I'm still here
        </button>
      </div>
    </div>
  );
}
