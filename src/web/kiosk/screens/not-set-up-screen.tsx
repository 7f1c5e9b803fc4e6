/** NOT BUILT YET (issue 15 work in progress): the staff setup replaces this before the issue is done. */
import { Screen } from '../parts/screen.tsx';

export function NotSetUpScreen({ reason }: { reason: 'noKey' | 'keyRefused'; onConfigured: (key: string) => void }) {
  return (
    <Screen
      title="This kiosk is not set up"
      lead={<p>{reason === 'keyRefused' ? 'Its key no longer works.' : ''}</p>}
    />
  );
}
