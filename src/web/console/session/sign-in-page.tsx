/**
 * The sign-in form: email and password, the API's refusal in words (a wrong pair, the throttle's
 * wait), and, when a session ended, why the person is here again.
 */
import { Box, Button, Callout, Card, Flex, Heading, Text, TextField } from '@radix-ui/themes';
import { type FormEvent, useId, useState } from 'react';
import { useSession } from './session-context.tsx';
import type { SignInProblem } from './sign-in-outcome.ts';

export function SignInPage({ ended }: { ended: boolean }) {
  const { signIn } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<SignInProblem | null>(null);
  const [busy, setBusy] = useState(false);
  const emailId = useId();
  const passwordId = useId();
  const problemId = useId();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    const outcome = await signIn(email.trim(), password);
    setBusy(false);
    setProblem(outcome);
  };

  const describedBy = (field: 'email' | 'password') =>
    problem && (problem.field === field || problem.field === null) ? problemId : undefined;

  return (
    <main className="console-sign-in">
      <Card size="4" className="console-sign-in-card">
        <form onSubmit={submit} noValidate>
          <Flex direction="column" gap="4">
            <div>
              <Heading as="h1" size="6">
                Sign in to Patron
              </Heading>
              <Text as="p" size="2" color="gray" mt="1">
                Customer records for your stores, in step with each POS.
              </Text>
            </div>
            {ended && !problem ? (
              <Callout.Root color="blue" role="status">
                <Callout.Text>Your session ended. Sign in again to carry on where you were.</Callout.Text>
              </Callout.Root>
            ) : null}
            <Box>
              <Text as="label" htmlFor={emailId} size="2" weight="medium">
                Email
              </Text>
              <TextField.Root
                id={emailId}
                type="email"
                autoComplete="username"
                size="3"
                mt="1"
                value={email}
                onChange={(event) => setEmail(event.target.value)}
                aria-invalid={problem?.field === 'email' || undefined}
                aria-describedby={describedBy('email')}
                autoFocus
              />
            </Box>
            <Box>
              <Text as="label" htmlFor={passwordId} size="2" weight="medium">
                Password
              </Text>
              <TextField.Root
                id={passwordId}
                type="password"
                autoComplete="current-password"
                size="3"
                mt="1"
                value={password}
                onChange={(event) => setPassword(event.target.value)}
                aria-invalid={problem?.field === 'password' || undefined}
                aria-describedby={describedBy('password')}
              />
            </Box>
            {problem ? (
              <Callout.Root color="red" role="alert" id={problemId}>
                <Callout.Text>{problem.message}</Callout.Text>
              </Callout.Root>
            ) : null}
            <Button type="submit" size="3" loading={busy}>
              Sign in
            </Button>
          </Flex>
        </form>
      </Card>
    </main>
  );
}
