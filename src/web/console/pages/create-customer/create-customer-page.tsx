/**
 * Create a customer (staff+): POST /customers with the API's rules. Every 422 message is shown next
 * to its field (new-customer-form.ts maps the paths), the home store's POS requirements are marked on
 * the fields (its `posRequires`), a duplicate shows the person already held with a link, and a
 * created customer opens on their page.
 */
import {
  Badge,
  Box,
  Button,
  Callout,
  Card,
  Checkbox,
  Flex,
  Heading,
  Text,
  TextArea,
  TextField,
} from '@radix-ui/themes';
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useEffect, useMemo, useState } from 'react';
import { useLocation } from 'wouter';
import type { ApiFailure } from '../../../api/api-client.ts';
import { apiQueryKey, useApi, useApiQuery } from '../../api/use-api.ts';
import { CUSTOMER_TYPE_CHOICES } from '../../parts/customer-type.ts';
import { NativeSelect } from '../../parts/native-select.tsx';
import { PageHeader } from '../../parts/page-header.tsx';
import { ProblemCallout } from '../../parts/page-states.tsx';
import { RadioChoices } from '../../parts/radio-choices.tsx';
import { DuplicateNotice } from './duplicate-notice.tsx';
import {
  emptyNewCustomerForm,
  type FormField,
  ID_DOCUMENT_LABELS,
  ID_DOCUMENT_TYPES,
  type IdDocumentType,
  messagesByField,
  type NewCustomerForm,
  posRequiredFields,
  requestBodyOf,
  vendorLabel,
} from './new-customer-form.ts';
import type { ConsoleStore } from './store-types.ts';
import './create-customer.css';

/** The order fields are looked at for the first message (focus goes there). */
const FIELD_ORDER: FormField[] = [
  'firstName',
  'lastName',
  'preferredName',
  'dateOfBirth',
  'phone',
  'email',
  'customerType',
  'cardNumber',
  'cardState',
  'cardExpiresOn',
  'idType',
  'idNumber',
  'idState',
  'idExpiresOn',
  'line1',
  'line2',
  'city',
  'addressState',
  'postalCode',
  'homeStoreId',
  'smsConsent',
  'emailConsent',
  'tags',
  'notes',
];

const inputId = (field: FormField) => `new-customer-${field}`;
const messageId = (field: FormField) => `new-customer-${field}-message`;

export function CreateCustomerPage() {
  const api = useApi();
  const queryClient = useQueryClient();
  const [, navigate] = useLocation();
  const stores = useApiQuery<{ items: ConsoleStore[] }>('/stores?limit=200');
  const [form, setForm] = useState<NewCustomerForm>(emptyNewCustomerForm);
  const [failure, setFailure] = useState<ApiFailure | null>(null);
  const [duplicateOf, setDuplicateOf] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const [focusFirstMessage, setFocusFirstMessage] = useState(0);

  const store = stores.data?.items.find((s) => s.id === form.homeStoreId) ?? null;
  const required = useMemo(
    () => (store?.posVendor ? posRequiredFields(store.posRequires, form.customerType) : new Set<FormField>()),
    [store, form.customerType],
  );
  const posName = store?.posVendor ? vendorLabel(store.posVendor) : null;
  const { byField, unplaced } = useMemo(
    () => messagesByField(failure?.kind === 'problem' && failure.status === 422 ? failure.errors : []),
    [failure],
  );

  useEffect(() => {
    if (focusFirstMessage === 0) return;
    const first = FIELD_ORDER.find((field) => byField[field]);
    if (first) document.getElementById(inputId(first))?.focus();
  }, [focusFirstMessage, byField]);

  const set = <K extends FormField>(field: K, value: NewCustomerForm[K]) => setForm((f) => ({ ...f, [field]: value }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSending(true);
    setDuplicateOf(null);
    const answer = await api.call<{ id: string }>('/customers', {
      method: 'POST',
      body: requestBodyOf(form, store?.consentWording ?? null),
    });
    setSending(false);
    if (answer.ok) {
      await queryClient.invalidateQueries({ queryKey: apiQueryKey('/customers') });
      navigate(`/customers/${answer.body.id}`);
      return;
    }
    const { failure: problem } = answer;
    if (problem.kind === 'problem' && problem.status === 409 && problem.duplicateOf) {
      setFailure(null);
      setDuplicateOf(problem.duplicateOf);
      window.scrollTo({ top: 0 });
      return;
    }
    setFailure(problem);
    if (problem.kind === 'problem' && problem.status === 422) setFocusFirstMessage((n) => n + 1);
  }

  /** A field's frame: its label, the POS mark, the hint, and every message the API gave for it. */
  const field = (
    name: FormField,
    label: string,
    control: ReactNode,
    options: { hint?: string; wide?: boolean } = {},
  ) => (
    <Flex direction="column" gap="1" className={options.wide ? 'create-customer-wide' : undefined}>
      <Flex gap="2" align="center" wrap="wrap">
        <Text as="label" htmlFor={inputId(name)} size="2" weight="medium">
          {label}
        </Text>
        {required.has(name) && posName ? (
          <Badge color="blue" variant="soft" size="1">
            Required by {posName}
          </Badge>
        ) : null}
      </Flex>
      {control}
      {options.hint ? (
        <Text size="1" color="gray" id={`${inputId(name)}-hint`}>
          {options.hint}
        </Text>
      ) : null}
      <FieldMessages id={messageId(name)} messages={byField[name]} />
    </Flex>
  );
  const describedBy = (name: FormField, hint = false) =>
    [byField[name] ? messageId(name) : null, hint ? `${inputId(name)}-hint` : null].filter(Boolean).join(' ') ||
    undefined;
  const textInput = (
    name: FormField,
    options: {
      type?: 'text' | 'date' | 'email' | 'tel';
      autoComplete?: string;
      hint?: boolean;
      maxLength?: number;
    } = {},
  ) => (
    <TextField.Root
      id={inputId(name)}
      type={options.type ?? 'text'}
      autoComplete={options.autoComplete ?? 'off'}
      maxLength={options.maxLength}
      value={form[name] as string}
      onChange={(e) => set(name, e.target.value as never)}
      aria-invalid={byField[name] ? true : undefined}
      aria-describedby={describedBy(name, options.hint)}
      aria-required={required.has(name) || undefined}
    />
  );

  return (
    <>
      <PageHeader title="New customer" subtitle="One record per person: Patron checks for someone already held." />
      {duplicateOf ? <DuplicateNotice customerId={duplicateOf} /> : null}
      {failure && !(failure.kind === 'problem' && failure.status === 422) ? (
        <Box mb="4">
          <ProblemCallout failure={failure} />
        </Box>
      ) : null}
      {failure?.kind === 'problem' && failure.status === 422 ? (
        <Callout.Root color="red" mb="4" role="alert">
          <Callout.Text>
            {Object.values(byField).flat().length + unplaced.length === 1
              ? 'One field needs a change: see the message next to it.'
              : `${Object.values(byField).flat().length + unplaced.length} things need a change: see the messages next to the fields.`}
            {unplaced.map((error) => (
              <Text as="span" key={`${error.path}:${error.message}`} className="create-customer-unplaced">
                {error.path} {error.message}
              </Text>
            ))}
          </Callout.Text>
        </Callout.Root>
      ) : null}
      <form onSubmit={submit} noValidate aria-label="New customer">
        <Flex direction="column" gap="4">
          <Section title="Person">
            {field('firstName', 'First name', textInput('firstName', { autoComplete: 'off', maxLength: 100 }))}
            {field('lastName', 'Last name', textInput('lastName', { maxLength: 100 }))}
            {field('preferredName', 'Preferred name', textInput('preferredName', { maxLength: 100 }))}
            {field('dateOfBirth', 'Date of birth', textInput('dateOfBirth', { type: 'date' }))}
          </Section>

          <Section title="Contact" note="At least one of phone or email.">
            {field('phone', 'Phone', textInput('phone', { type: 'tel', hint: true }), {
              hint: 'US numbers in any format; others start with +',
            })}
            {field('email', 'Email', textInput('email', { type: 'email' }))}
          </Section>

          <Section title="Type">
            {field(
              'customerType',
              'Customer type',
              <RadioChoices
                id={inputId('customerType')}
                value={form.customerType}
                choices={CUSTOMER_TYPE_CHOICES}
                onChange={(value) => set('customerType', value)}
                aria-label="Customer type"
                aria-describedby={describedBy('customerType')}
              />,
              { wide: true },
            )}
            {form.customerType === 'medical' ? (
              <>
                {field('cardNumber', 'Medical card number', textInput('cardNumber', { maxLength: 40 }))}
                {field('cardState', 'Card state', textInput('cardState', { maxLength: 2, hint: true }), {
                  hint: 'Two letters, e.g. NV',
                })}
                {field('cardExpiresOn', 'Card expires on', textInput('cardExpiresOn', { type: 'date' }))}
              </>
            ) : null}
          </Section>

          <Section title="ID document" note="Optional. A driver's license or state ID names its state.">
            {field(
              'idType',
              'Document',
              <NativeSelect
                id={inputId('idType')}
                value={form.idType}
                onChange={(e) => set('idType', e.target.value as IdDocumentType | '')}
                aria-describedby={describedBy('idType')}
                aria-invalid={byField.idType ? true : undefined}
              >
                <option value="">None recorded</option>
                {ID_DOCUMENT_TYPES.map((type) => (
                  <option key={type} value={type}>
                    {ID_DOCUMENT_LABELS[type]}
                  </option>
                ))}
              </NativeSelect>,
            )}
            {field('idNumber', 'Document number', textInput('idNumber', { maxLength: 40 }))}
            {field('idState', 'Issuing state', textInput('idState', { maxLength: 2 }))}
            {field('idExpiresOn', 'Expires on', textInput('idExpiresOn', { type: 'date' }))}
          </Section>

          <Section title="Address" note="Optional, unless the home store's POS needs part of it.">
            {field('line1', 'Street address', textInput('line1', { maxLength: 200 }), { wide: true })}
            {field('line2', 'Apartment, suite', textInput('line2', { maxLength: 200 }))}
            {field('city', 'City', textInput('city', { maxLength: 100 }))}
            {field('addressState', 'State', textInput('addressState', { maxLength: 2 }))}
            {field('postalCode', 'ZIP code', textInput('postalCode', { maxLength: 10 }))}
          </Section>

          <Section title="Home store and consent">
            {field(
              'homeStoreId',
              'Home store',
              <NativeSelect
                id={inputId('homeStoreId')}
                value={form.homeStoreId}
                onChange={(e) => set('homeStoreId', e.target.value)}
                disabled={!stores.data}
                aria-invalid={byField.homeStoreId ? true : undefined}
                aria-describedby={[describedBy('homeStoreId'), 'new-customer-store-needs'].filter(Boolean).join(' ')}
              >
                <option value="">{stores.isPending ? 'Loading stores…' : 'No home store'}</option>
                {stores.data?.items.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                  </option>
                ))}
              </NativeSelect>,
              { wide: true },
            )}
            <Text size="1" color="gray" id="new-customer-store-needs" className="create-customer-wide">
              {stores.isError
                ? 'The stores could not be read; the customer can be created without a home store.'
                : store === null
                  ? 'The home store decides the consent wording and whose POS gets the customer.'
                  : posName
                    ? `${store.name} syncs with ${posName}: the fields it needs are marked "Required by ${posName}".`
                    : `${store.name} has no POS connected: nothing more is needed.`}
            </Text>
            <ConsentBox
              id={inputId('smsConsent')}
              label="Marketing texts (SMS)"
              wording={store?.consentWording.sms ?? null}
              checked={form.smsConsent}
              onChange={(checked) => set('smsConsent', checked)}
              messages={byField.smsConsent}
              messageId={messageId('smsConsent')}
            />
            <ConsentBox
              id={inputId('emailConsent')}
              label="Marketing emails"
              wording={store?.consentWording.email ?? null}
              checked={form.emailConsent}
              onChange={(checked) => set('emailConsent', checked)}
              messages={byField.emailConsent}
              messageId={messageId('emailConsent')}
            />
          </Section>

          <Section title="Tags and notes">
            {field('tags', 'Tags', textInput('tags', { hint: true }), {
              hint: 'Separated by commas, e.g. vip, regular',
              wide: true,
            })}
            {field(
              'notes',
              'Notes',
              <TextArea
                id={inputId('notes')}
                value={form.notes}
                onChange={(e) => set('notes', e.target.value)}
                maxLength={2000}
                rows={3}
                aria-invalid={byField.notes ? true : undefined}
                aria-describedby={describedBy('notes')}
              />,
              { wide: true },
            )}
          </Section>

          <Flex gap="3" justify="end">
            <Button type="button" size="3" variant="soft" color="gray" onClick={() => navigate('/customers')}>
              Cancel
            </Button>
            <Button type="submit" size="3" highContrast loading={sending}>
              Create customer
            </Button>
          </Flex>
        </Flex>
      </form>
    </>
  );
}

function Section({ title, note, children }: { title: string; note?: string; children: ReactNode }) {
  return (
    <Card size="2">
      <Heading as="h2" size="3" mb={note ? '1' : '3'}>
        {title}
      </Heading>
      {note ? (
        <Text as="p" size="1" color="gray" mb="3">
          {note}
        </Text>
      ) : null}
      <div className="create-customer-grid">{children}</div>
    </Card>
  );
}

function FieldMessages({ id, messages }: { id: string; messages: string[] | undefined }) {
  if (!messages) return null;
  return (
    <Text size="1" color="red" id={id} className="create-customer-message">
      {messages.join('; ')}
    </Text>
  );
}

/** A consent box with the exact words that go with the grant (the home store's). */
function ConsentBox(props: {
  id: string;
  label: string;
  wording: string | null;
  checked: boolean;
  onChange: (checked: boolean) => void;
  messages: string[] | undefined;
  messageId: string;
}) {
  return (
    <Flex direction="column" gap="1" className="create-customer-wide">
      <Text as="label" size="2" htmlFor={props.id}>
        <Flex gap="2" align="start">
          <Checkbox
            id={props.id}
            checked={props.checked}
            disabled={props.wording === null}
            onCheckedChange={(checked) => props.onChange(checked === true)}
            aria-describedby={[props.messages ? props.messageId : null, `${props.id}-wording`]
              .filter(Boolean)
              .join(' ')}
          />
          <span>
            <Text weight="medium">{props.label}</Text>
            <Text as="span" color="gray" size="1" id={`${props.id}-wording`} className="create-customer-wording">
              {props.wording ?? 'Choose a home store first: its wording goes with the consent.'}
            </Text>
          </span>
        </Flex>
      </Text>
      {props.messages ? (
        <Text size="1" color="red" id={props.messageId}>
          {props.messages.join('; ')}
        </Text>
      ) : null}
    </Flex>
  );
}
