/** A page's title (its one h1, also the tab's title) and its actions. */
import { Flex, Heading, Text } from '@radix-ui/themes';
import { type ReactNode, useEffect } from 'react';

export function PageHeader({ title, subtitle, actions }: { title: string; subtitle?: ReactNode; actions?: ReactNode }) {
  useEffect(() => {
    document.title = `${title} · Patron`;
  }, [title]);
  return (
    <Flex justify="between" align="start" gap="4" mb="4" wrap="wrap">
      <div>
        <Heading as="h1" size="6">
          {title}
        </Heading>
        {subtitle ? (
          <Text as="p" size="2" color="gray" mt="1">
            {subtitle}
          </Text>
        ) : null}
      </div>
      {actions ? (
        <Flex gap="2" align="center">
          {actions}
        </Flex>
      ) : null}
    </Flex>
  );
}
