/**
 * The create-customer form as data: what the person typed (all strings and ticks), the body of
 * POST /customers built from it, and which field each of the API's 422 messages belongs to. The
 * server holds the rules (API.md "Customers"); the form only says which fields a store's POS needs
 * and puts every message the server answered next to the field it is about.
 */

export const ID_DOCUMENT_TYPES = ['drivers_license', 'state_id', 'passport', 'military_id', 'tribal_id'] as const;
export type IdDocumentType = (typeof ID_DOCUMENT_TYPES)[number];

export const ID_DOCUMENT_LABELS: Record<IdDocumentType, string> = {
  drivers_license: "Driver's license",
  state_id: 'State ID',
  passport: 'Passport',
  military_id: 'Military ID',
  tribal_id: 'Tribal ID',
};

export interface NewCustomerForm {
  firstName: string;
  lastName: string;
  preferredName: string;
  dateOfBirth: string;
  phone: string;
  email: string;
  customerType: 'adult' | 'medical';
  cardNumber: string;
  cardState: string;
  cardExpiresOn: string;
  /** '' for no ID document recorded. */
  idType: IdDocumentType | '';
  idNumber: string;
  idState: string;
  idExpiresOn: string;
  line1: string;
  line2: string;
  city: string;
  addressState: string;
  postalCode: string;
  homeStoreId: string;
  smsConsent: boolean;
  emailConsent: boolean;
  /** Comma-separated, as typed. */
  tags: string;
  notes: string;
}

export type FormField = keyof NewCustomerForm;

export function emptyNewCustomerForm(): NewCustomerForm {
  return {
    firstName: '',
    lastName: '',
    preferredName: '',
    dateOfBirth: '',
    phone: '',
    email: '',
    customerType: 'adult',
    cardNumber: '',
    cardState: '',
    cardExpiresOn: '',
    idType: '',
    idNumber: '',
    idState: '',
    idExpiresOn: '',
    line1: '',
    line2: '',
    city: '',
    addressState: '',
    postalCode: '',
    homeStoreId: '',
    smsConsent: false,
    emailConsent: false,
    tags: '',
    notes: '',
  };
}

export interface ConsentWording {
  sms: string;
  email: string;
}

export interface NewCustomerBody {
  firstName: string;
  lastName: string;
  preferredName: string | null;
  dateOfBirth: string;
  phone: string | null;
  email: string | null;
  customerType: 'adult' | 'medical';
  medical: { cardNumber: string; state: string; expiresOn: string } | null;
  idDocument: { type: IdDocumentType; number: string; state: string | null; expiresOn: string | null } | null;
  address: { line1: string; line2: string | null; city: string; state: string; postalCode: string } | null;
  consents: {
    sms: { granted: boolean; wording: string | null };
    email: { granted: boolean; wording: string | null };
  };
  tags: string[];
  notes: string | null;
  homeStoreId: string | null;
}

const text = (value: string) => value.trim();
const orNull = (value: string) => (value.trim() === '' ? null : value.trim());

/** Tags as typed, split on commas (the server makes them slugs and drops repeats). */
export function tagsOf(typed: string): string[] {
  return typed
    .split(',')
    .map((tag) => tag.trim())
    .filter((tag) => tag !== '');
}

/**
 * The body of POST /customers. Blank optional fields go as null; a group (ID document, address) left
 * wholly blank goes as null, and one started goes whole, so the server names what is missing in it.
 * A card goes only for a medical customer. A ticked consent sends the home store's words the person
 * was shown; an unticked one sends none (nothing was agreed to). `source` and `at` are the server's.
 */
export function requestBodyOf(form: NewCustomerForm, wording: ConsentWording | null): NewCustomerBody {
  const idStarted = form.idType !== '' || [form.idNumber, form.idState, form.idExpiresOn].some((v) => v.trim() !== '');
  const addressStarted = [form.line1, form.line2, form.city, form.addressState, form.postalCode].some(
    (v) => v.trim() !== '',
  );
  const wordsFor = (channel: 'sms' | 'email', granted: boolean) => (granted && wording ? wording[channel] : null);
  return {
    firstName: text(form.firstName),
    lastName: text(form.lastName),
    preferredName: orNull(form.preferredName),
    dateOfBirth: text(form.dateOfBirth),
    phone: orNull(form.phone),
    email: orNull(form.email),
    customerType: form.customerType,
    medical:
      form.customerType === 'medical'
        ? { cardNumber: text(form.cardNumber), state: text(form.cardState), expiresOn: text(form.cardExpiresOn) }
        : null,
    idDocument: idStarted
      ? {
          // Left unchosen with a number typed: the server's message for `idDocument.type` says so.
          type: form.idType as IdDocumentType,
          number: text(form.idNumber),
          state: orNull(form.idState),
          expiresOn: orNull(form.idExpiresOn),
        }
      : null,
    address: addressStarted
      ? {
          line1: text(form.line1),
          line2: orNull(form.line2),
          city: text(form.city),
          state: text(form.addressState),
          postalCode: text(form.postalCode),
        }
      : null,
    consents: {
      sms: { granted: form.smsConsent, wording: wordsFor('sms', form.smsConsent) },
      email: { granted: form.emailConsent, wording: wordsFor('email', form.emailConsent) },
    },
    tags: tagsOf(form.tags),
    notes: orNull(form.notes),
    homeStoreId: orNull(form.homeStoreId),
  };
}

/** API field paths (as a 422 or `posRequires` names them) to the form's field. */
const FIELD_OF_PATH: Record<string, FormField> = {
  firstName: 'firstName',
  lastName: 'lastName',
  preferredName: 'preferredName',
  dateOfBirth: 'dateOfBirth',
  phone: 'phone',
  email: 'email',
  customerType: 'customerType',
  medical: 'cardNumber',
  'medical.cardNumber': 'cardNumber',
  'medical.state': 'cardState',
  'medical.expiresOn': 'cardExpiresOn',
  idDocument: 'idType',
  'idDocument.type': 'idType',
  'idDocument.number': 'idNumber',
  'idDocument.state': 'idState',
  'idDocument.expiresOn': 'idExpiresOn',
  address: 'line1',
  'address.line1': 'line1',
  'address.line2': 'line2',
  'address.city': 'city',
  'address.state': 'addressState',
  'address.postalCode': 'postalCode',
  'address.country': 'line1',
  consents: 'smsConsent',
  'consents.sms': 'smsConsent',
  'consents.email': 'emailConsent',
  tags: 'tags',
  notes: 'notes',
  homeStoreId: 'homeStoreId',
};

/**
 * The form field an API path belongs to: the path itself, else its nearest parent listed
 * (`consents.sms.wording` → the SMS box, `tags.3` → tags). Null for a path the form has no field for.
 */
export function fieldOfApiPath(path: string): FormField | null {
  const parts = path.split('.');
  for (let length = parts.length; length > 0; length--) {
    const field = FIELD_OF_PATH[parts.slice(0, length).join('.')];
    if (field) return field;
  }
  return null;
}

export interface FieldMessage {
  path: string;
  message: string;
}

/**
 * Every message of a 422, by form field (a field may get several: both shown), and those the form
 * has no field for (`unplaced`), which the page shows above the form so none is lost.
 */
export function messagesByField(errors: readonly FieldMessage[]): {
  byField: Partial<Record<FormField, string[]>>;
  unplaced: FieldMessage[];
} {
  const byField: Partial<Record<FormField, string[]>> = {};
  const unplaced: FieldMessage[] = [];
  for (const error of errors) {
    const field = fieldOfApiPath(error.path);
    if (field === null) unplaced.push(error);
    else byField[field] = [...(byField[field] ?? []), error.message];
  }
  return { byField, unplaced };
}

/** The vendor's name as people say it (`treez` → Treez). */
export function vendorLabel(vendor: string): string {
  const known: Record<string, string> = {
    treez: 'Treez',
    flowhub: 'Flowhub',
    cova: 'Cova',
    dutchie: 'Dutchie',
    blaze: 'Blaze',
  };
  return known[vendor] ?? vendor.charAt(0).toUpperCase() + vendor.slice(1);
}

/**
 * The form fields the home store's POS needs to create a customer (its `posRequires`); paths under
 * `medical` count only for a medical customer (API.md: the store's `posRequires`).
 */
export function posRequiredFields(
  posRequires: readonly string[],
  customerType: NewCustomerForm['customerType'],
): Set<FormField> {
  const fields = new Set<FormField>();
  for (const path of posRequires) {
    if (path.startsWith('medical.') && customerType !== 'medical') continue;
    const field = fieldOfApiPath(path);
    if (field) fields.add(field);
  }
  return fields;
}
