/**
 * After a confirmed erasure: the token has ended and the flow already forgot the person; this thanks
 * them and goes back to the start by itself shortly (or at once on "Done").
 */
import { useEffect } from 'react';
import { useKiosk } from '../kiosk-context.ts';
import { Screen } from '../parts/screen.tsx';

const BACK_TO_START_MS = 15_000;

export function ErasedScreen() {
  const { dispatch } = useKiosk();
  useEffect(() => {
    const timer = setTimeout(() => dispatch({ type: 'reset' }), BACK_TO_START_MS);
    return () => clearTimeout(timer);
  }, [dispatch]);
  return (
    <Screen
      title="Your profile is deleted"
      lead={
        <>
          <p className="note-success">Thank you for visiting.</p>
          <p>We have erased your profile here and asked our stores' registers to do the same.</p>
        </>
      }
      actions={
        <button type="button" className="button button-primary" onClick={() => dispatch({ type: 'reset' })}>
          Done
        </button>
      }
    />
  );
}
