/** NOT BUILT YET (issue 15 work in progress): replaced by the screen itself before the issue is done. */
import { Screen } from '../parts/screen.tsx';

export function RenewCardScreen() {
  return <Screen title="Not built yet" />;
}
