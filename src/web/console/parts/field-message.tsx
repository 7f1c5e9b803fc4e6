/** A labelled form field with the API's 422 message for it under the input (tied by aria-describedby). */
import { Flex, Text } from '@radix-ui/themes';
import type { ReactNode } from 'react';

export function LabelledField({
  id,
  label,
  message,
  hint,
  children,
}: {
  id: string;
  label: string;
  message?: string | undefined;
  hint?: ReactNode;
  children: ReactNode;
}) {
  return (
    <Flex direction="column" gap="1">
      <Text as="label" htmlFor={id} size="2" weight="medium">
        {label}
      </Text>
      {children}
      {hint && !message ? (
        <Text size="1" color="gray" id={`${id}-hint`}>
          {hint}
        </Text>
      ) : null}
      {message ? (
        <Text size="1" color="red" id={`${id}-message`} role="alert">
          {message}
        </Text>
      ) : null}
    </Flex>
  );
}

/** The props an input takes to be described by its field's message or hint. */
export function describedBy(id: string, message: string | undefined, hasHint = false) {
  return {
    id,
    'aria-invalid': message ? true : undefined,
    'aria-describedby': message ? `${id}-message` : hasHint ? `${id}-hint` : undefined,
  } as const;
}
