/** A 409 duplicate: the person Patron already holds, by name, with a link to their page. */
import { PersonIcon } from '@radix-ui/react-icons';
import { Callout, Skeleton } from '@radix-ui/themes';
import { Link } from 'wouter';
import { useApiQuery } from '../../api/use-api.ts';

export function DuplicateNotice({ customerId }: { customerId: string }) {
  const existing = useApiQuery<{ firstName: string; lastName: string; preferredName: string | null }>(
    `/customers/${customerId}`,
  );
  const name = existing.data
    ? `${existing.data.preferredName ?? existing.data.firstName} ${existing.data.lastName}`
    : 'Open their record';
  return (
    <Callout.Root color="blue" highContrast role="alert" mb="4">
      <Callout.Icon>
        <PersonIcon />
      </Callout.Icon>
      <Callout.Text weight="medium">This person is already here.</Callout.Text>
      <Callout.Text>
        Patron holds someone with the same ID number, or the same phone or email and date of birth:{' '}
        {existing.isPending ? (
          <Skeleton>Firstname Lastname</Skeleton>
        ) : (
          <Link href={`/customers/${customerId}`}>{name}</Link>
        )}
        . Check it is them, and update their record instead of creating a second one.
      </Callout.Text>
    </Callout.Root>
  );
}
