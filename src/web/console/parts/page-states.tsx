/**
 * The three states every page has besides its content: loading (placeholders the size of what
 * comes, so nothing jumps when it arrives), empty (what to do next) and failed (what went wrong,
 * and a retry).
 */
import { ExclamationTriangleIcon } from '@radix-ui/react-icons';
import { Box, Button, Callout, Flex, Skeleton, Text } from '@radix-ui/themes';
import type { ReactNode } from 'react';
import type { ApiFailure } from '../../api/api-client.ts';
import { describeFailure } from './describe-failure.ts';

export function LoadingRows({ rows = 5, label = 'Loading' }: { rows?: number; label?: string }) {
  return (
    <Flex direction="column" gap="2" role="status" aria-label={label}>
      {Array.from({ length: rows }, (_, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity of their own.
        <Skeleton key={index} height="36px" />
      ))}
    </Flex>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <Box py="6" className="console-empty">
      <Text as="p" size="3" weight="medium">
        {title}
      </Text>
      {children ? (
        <Text as="p" size="2" color="gray" mt="1">
          {children}
        </Text>
      ) : null}
    </Box>
  );
}

export function ProblemCallout({ failure, onRetry }: { failure: ApiFailure; onRetry?: () => void }) {
  return (
    <Callout.Root color="red" role="alert">
      <Callout.Icon>
        <ExclamationTriangleIcon />
      </Callout.Icon>
      <Callout.Text>
        {describeFailure(failure)}
        {onRetry ? (
          <>
            {' '}
            <Button size="1" variant="soft" color="red" onClick={onRetry}>
              Try again
            </Button>
          </>
        ) : null}
      </Callout.Text>
    </Callout.Root>
  );
}
