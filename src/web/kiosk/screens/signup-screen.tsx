/** NOT BUILT YET (issue 15 work in progress): replaced by the screen itself before the issue is done. */
import { Screen } from '../parts/screen.tsx';

export function SignupScreen() {
  return <Screen title="Not built yet" />;
}
