/**
 * "You're checked in": the name the budtender will call. The order now carries the customer (and the
 * store's POS knows them); the kiosk goes back to the start by itself after a few seconds.
 */
import { useEffect } from 'react';
import { useKiosk } from '../kiosk-context.ts';
import { Screen } from '../parts/screen.tsx';

export const CHECKED_IN_SHOWN_MS = 12_000;

export function CheckedInScreen({ callName, orderRef }: { callName: string; orderRef: string }) {
  const { dispatch } = useKiosk();
  useEffect(() => {
    const timer = setTimeout(() => dispatch({ type: 'reset' }), CHECKED_IN_SHOWN_MS);
    return () => clearTimeout(timer);
  }, [dispatch]);
  return (
    <Screen
      title="You're checked in"
      lead={
        <>
          <p>Have a seat. We'll call you as</p>
          <p className="call-name">{callName}</p>
          <p className="order-ref">Order {orderRef}</p>
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
