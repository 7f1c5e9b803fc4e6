/**
 * One field of the edit form, drawn by its kind, with the API's message under it. The message line
 * is reserved (customer-page-field-message), so a 422 does not move the form.
 */
import { Flex, Text, TextArea, TextField } from '@radix-ui/themes';
import { CUSTOMER_TYPE_CHOICES } from '../../parts/customer-type.ts';
import { NativeSelect } from '../../parts/native-select.tsx';
import { RadioChoices } from '../../parts/radio-choices.tsx';
import { type EditField, ID_TYPES } from './customer-edit-values.ts';
import type { StoreSummary } from './customer-types.ts';

export interface EditFieldProps {
  field: EditField;
  id: string;
  value: string;
  message: string | undefined;
  stores: readonly StoreSummary[];
  onChange: (value: string) => void;
}

export function CustomerEditField({ field, id, value, message, stores, onChange }: EditFieldProps) {
  const hint =
    field.kind === 'secret' && value.startsWith('•') ? 'Shown masked; type the whole number to change it.' : null;
  const describedBy = [message ? `${id}-message` : null, hint ? `${id}-hint` : null].filter(Boolean).join(' ');
  const common = {
    id,
    'aria-invalid': message ? true : undefined,
    'aria-describedby': describedBy || undefined,
  } as const;
  return (
    <Flex
      direction="column"
      gap="1"
      className={field.kind === 'textarea' || field.kind === 'customerType' ? 'customer-page-wide' : undefined}
    >
      <Text
        as="label"
        htmlFor={field.kind === 'customerType' ? undefined : id}
        size="2"
        weight="medium"
        id={`${id}-label`}
      >
        {field.label}
      </Text>
      <FieldInput field={field} value={value} stores={stores} onChange={onChange} common={common} />
      {hint ? (
        <Text size="1" color="gray" id={`${id}-hint`}>
          {hint}
        </Text>
      ) : null}
      <Text id={`${id}-message`} size="1" color="red" className="customer-page-field-message">
        {message ?? ''}
      </Text>
    </Flex>
  );
}

function FieldInput({
  field,
  value,
  stores,
  onChange,
  common,
}: Omit<EditFieldProps, 'id' | 'message'> & {
  common: { id: string; 'aria-invalid': true | undefined; 'aria-describedby': string | undefined };
}) {
  switch (field.kind) {
    case 'textarea':
      return <TextArea {...common} value={value} onChange={(event) => onChange(event.target.value)} />;
    case 'customerType':
      return (
        <RadioChoices
          {...common}
          value={value}
          choices={CUSTOMER_TYPE_CHOICES}
          onChange={onChange}
          labelledBy={`${common.id}-label`}
        />
      );
    case 'idType':
      return (
        <NativeSelect {...common} value={value} onChange={(event) => onChange(event.target.value)}>
          <option value="">None recorded</option>
          {ID_TYPES.map(([type, label]) => (
            <option key={type} value={type}>
              {label}
            </option>
          ))}
        </NativeSelect>
      );
    case 'store':
      return (
        <NativeSelect {...common} value={value} onChange={(event) => onChange(event.target.value)}>
          <option value="">No home store</option>
          {stores.map((store) => (
            <option key={store.id} value={store.id}>
              {store.name}
            </option>
          ))}
        </NativeSelect>
      );
    default:
      return (
        <TextField.Root
          {...common}
          value={value}
          type={
            field.kind === 'date' ? 'date' : field.kind === 'tel' ? 'tel' : field.kind === 'email' ? 'email' : 'text'
          }
          autoComplete="off"
          className={field.kind === 'secret' ? 'customer-page-number' : undefined}
          onChange={(event) => onChange(event.target.value)}
        />
      );
  }
}
