/** The customer's profile as the API answers it: card and ID numbers come masked below manager and stay so. */
import { Badge, Card, DataList, Flex, Heading, Text } from '@radix-ui/themes';
import { type CustomerRecord, formatInstant, type StoreSummary } from './customer-types.ts';

export function CustomerProfile({ customer, stores }: { customer: CustomerRecord; stores: StoreSummary[] }) {
  const storeName = (id: string | null) =>
    stores.find((store) => store.id === id)?.name ?? (id ? 'Unknown store' : '—');
  const address = customer.address
    ? [
        customer.address.line1,
        customer.address.line2,
        customer.address.city,
        customer.address.state,
        customer.address.postalCode,
      ]
        .filter(Boolean)
        .join(', ')
    : '—';
  return (
    <Card>
      <Heading as="h2" size="4" mb="3">
        Profile
      </Heading>
      <DataList.Root size="2">
        <Item label="Name">
          {customer.firstName} {customer.lastName}
          {customer.preferredName ? ` (${customer.preferredName})` : ''}
        </Item>
        <Item label="Date of birth">{customer.dateOfBirth}</Item>
        <Item label="Phone">{customer.phone ?? '—'}</Item>
        <Item label="Email">{customer.email ?? '—'}</Item>
        <Item label="Type">
          <Badge color={customer.customerType === 'medical' ? 'green' : 'gray'}>{customer.customerType}</Badge>
        </Item>
        {customer.medical ? (
          <Item label="Medical card">
            <span>
              <Text className="customer-page-number" data-testid="medical-card-number">
                {customer.medical.cardNumber}
              </Text>
              {joined([customer.medical.state, `expires ${customer.medical.expiresOn}`])}
            </span>
          </Item>
        ) : null}
        {customer.idDocument ? (
          <Item label="ID document">
            <span>
              <Text className="customer-page-number" data-testid="id-document-number">
                {customer.idDocument.number}
              </Text>
              {joined([
                customer.idDocument.type.replaceAll('_', ' '),
                customer.idDocument.state,
                customer.idDocument.expiresOn ? `expires ${customer.idDocument.expiresOn}` : null,
              ])}
            </span>
          </Item>
        ) : null}
        <Item label="Address">{address}</Item>
        <Item label="Home store">{storeName(customer.homeStoreId)}</Item>
        <Item label="Notes">{customer.notes ?? '—'}</Item>
        <Item label="Created">{formatInstant(customer.createdAt)}</Item>
        <Item label="Last changed">{formatInstant(customer.updatedAt)}</Item>
      </DataList.Root>
    </Card>
  );
}

export function CustomerLoyalty({ customer, stores }: { customer: CustomerRecord; stores: StoreSummary[] }) {
  const storeName = (id: string) => stores.find((store) => store.id === id)?.name ?? 'Unknown store';
  return (
    <Card>
      <Flex justify="between" align="baseline" mb="2">
        <Heading as="h2" size="4">
          Loyalty
        </Heading>
        <Text size="5" weight="bold">
          {customer.loyalty.points} pts
        </Text>
      </Flex>
      {customer.loyaltyByStore.length === 0 ? (
        <Text size="2" color="gray">
          No store's POS reports a balance for this customer.
        </Text>
      ) : (
        <DataList.Root size="1">
          {customer.loyaltyByStore.map((balance) => (
            <Item key={balance.storeId} label={storeName(balance.storeId)}>
              {balance.points} pts&nbsp;
              <Text color="gray" size="1">
                (read {formatInstant(balance.readAt)})
              </Text>
            </Item>
          ))}
        </DataList.Root>
      )}
    </Card>
  );
}

/** The details after a number, " · "-separated, leaving out the empty ones. */
function joined(parts: (string | null | undefined)[]): string {
  const kept = parts.filter((part): part is string => Boolean(part?.trim()));
  return kept.length === 0 ? '' : ` · ${kept.join(' · ')}`;
}

function Item({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <DataList.Item>
      <DataList.Label minWidth="120px">{label}</DataList.Label>
      <DataList.Value>{children}</DataList.Value>
    </DataList.Item>
  );
}
