/**
 * The console at / for staff, managers and admins: one design system (Radix Themes), reads cached
 * per session (TanStack Query), the sign-in gate, then the shell and its pages.
 */
import '@radix-ui/themes/tokens/base.css';
import '@radix-ui/themes/tokens/colors/slate.css';
import '@radix-ui/themes/tokens/colors/gray.css';
import '@radix-ui/themes/tokens/colors/jade.css';
import '@radix-ui/themes/tokens/colors/red.css';
import '@radix-ui/themes/tokens/colors/amber.css';
import '@radix-ui/themes/tokens/colors/blue.css';
import '@radix-ui/themes/tokens/colors/green.css';
// The conflict badge (orange) and the search filter chips (iris).
import '@radix-ui/themes/tokens/colors/orange.css';
import '@radix-ui/themes/tokens/colors/iris.css';
import '@radix-ui/themes/components.css';
import '@radix-ui/themes/utilities.css';
import './console.css';
import { Flex, Spinner, Theme } from '@radix-ui/themes';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useCallback, useEffect, useState } from 'react';
import { useLocation } from 'wouter';
import { ApiError } from './api/use-api.ts';
import { ConsoleRoutes } from './routes.tsx';
import { SessionProvider, useSession } from './session/session-context.tsx';
import { rememberReturnPath, takeReturnPath } from './session/session-storage.ts';
import { SignInPage } from './session/sign-in-page.tsx';
import { ConsoleShell } from './shell/console-shell.tsx';

/** Only a lost connection or a server error is worth asking again; a 4xx answers the same twice. */
function retryTransient(failures: number, error: unknown): boolean {
  if (failures >= 2 || !(error instanceof ApiError)) return false;
  return error.failure.kind === 'network' || error.failure.status >= 500;
}

export function ConsoleApp() {
  const [queryClient] = useState(
    () =>
      new QueryClient({
        defaultOptions: { queries: { retry: retryTransient, staleTime: 15_000, refetchOnWindowFocus: false } },
      }),
  );
  // Nothing read under one session may show under the next.
  const forgetReads = useCallback(() => queryClient.clear(), [queryClient]);
  return (
    <Theme accentColor="jade" grayColor="slate" radius="medium" className="console-theme">
      <QueryClientProvider client={queryClient}>
        <SessionProvider onSignedOut={forgetReads}>
          <SignInGate />
        </SessionProvider>
      </QueryClientProvider>
    </Theme>
  );
}

function SignInGate() {
  const { state } = useSession();
  const [location, navigate] = useLocation();

  useEffect(() => {
    if (state.status === 'signedOut' && location !== '/sign-in') {
      // Back here after signing in, unless the person signed out on purpose.
      if (state.reason !== 'signedOut') rememberReturnPath(sessionStorage, location);
      navigate('/sign-in', { replace: true });
    }
    if (state.status === 'signedIn' && location === '/sign-in') {
      navigate(takeReturnPath(sessionStorage) ?? '/customers', { replace: true });
    }
  }, [state, location, navigate]);

  if (state.status === 'checking') {
    return (
      <Flex align="center" justify="center" className="console-loading" role="status" aria-label="Loading Patron">
        <Spinner size="3" />
      </Flex>
    );
  }
  if (state.status === 'signedOut') return <SignInPage ended={state.reason === 'ended'} />;
  if (location === '/sign-in') return null;
  return (
    <ConsoleShell>
      <ConsoleRoutes />
    </ConsoleShell>
  );
}
