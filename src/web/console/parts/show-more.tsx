/** The "Show more" under a paged list (usePagedList): nothing once the last page is read. */
import { Button, Flex } from '@radix-ui/themes';

export function ShowMore({
  list,
  label = 'Show more',
}: {
  list: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => Promise<unknown> };
  label?: string;
}) {
  if (!list.hasNextPage) return null;
  return (
    <Flex justify="center" mt="2">
      <Button
        size="1"
        variant="soft"
        highContrast
        loading={list.isFetchingNextPage}
        onClick={() => void list.fetchNextPage()}
      >
        {label}
      </Button>
    </Flex>
  );
}
