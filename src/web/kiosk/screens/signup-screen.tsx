/**
 * Sign up at the kiosk, in short steps so each fits above the on-screen keyboard: about you (name,
 * birthday, adult-use or medical), the medical card (medical only), how to reach you (the phone
 * typed at check-in already filled in), and the two consent boxes, unticked, each beside the exact
 * words the ledger will keep. The age rule is checked on the first step: too young for the type
 * chosen goes to the underage screen and nothing is sent.
 *
 * The answer: 201 welcomes the new customer; 409 means they are signed up already, so they are
 * identified with the phone and birthday typed (and welcomed as such) instead of shown an error;
 * 422 puts the API's messages next to their fields; a lost network shows the retry screen over this
 * one, which keeps everything typed.
 */
import { useEffect, useRef, useState } from 'react';
import { identify, signUp } from '../kiosk-calls.ts';
import { useKiosk } from '../kiosk-context.ts';
import { OnScreenKeyboard } from '../parts/on-screen-keyboard.tsx';
import { Screen } from '../parts/screen.tsx';
import { TextField } from '../parts/text-field.tsx';
import { formatPhone } from '../phone-entry.ts';
import {
  apiFieldErrors,
  type CustomerType,
  checkStep,
  type FieldErrors,
  firstStepWith,
  formatDateDigits,
  newSignupForm,
  type SignupForm,
  type SignupStep,
  STEP_FIELDS,
  signupBodyOf,
  startsWord,
  stepsFor,
  TEXT_FIELDS,
  type TextFieldName,
  typedWhole,
  typeInto,
} from '../signup-form.ts';
import './signup-screen.css';

const STEP_TITLES: Record<SignupStep, string> = {
  aboutYou: 'Sign up: about you',
  medicalCard: 'Sign up: your medical card',
  contact: 'Sign up: how to reach you',
  consents: 'Sign up: stay in touch?',
};

interface TextFieldSpec {
  label: string;
  hint?: string;
  placeholder?: string;
  shown: (form: SignupForm) => string;
}

const FIELD_SPECS: Record<TextFieldName, TextFieldSpec> = {
  firstName: { label: 'First name', shown: (f) => f.firstName },
  lastName: { label: 'Last name', shown: (f) => f.lastName },
  birthDateDigits: {
    label: 'Date of birth',
    hint: '(month / day / year)',
    placeholder: 'MM/DD/YYYY',
    shown: (f) => formatDateDigits(f.birthDateDigits),
  },
  cardNumber: { label: 'Medical card number', shown: (f) => f.cardNumber },
  cardState: { label: 'State that issued the card', placeholder: 'NV', shown: (f) => f.cardState },
  cardExpiryDigits: {
    label: 'Card expiry date',
    hint: '(month / day / year)',
    placeholder: 'MM/DD/YYYY',
    shown: (f) => formatDateDigits(f.cardExpiryDigits),
  },
  phoneDigits: {
    label: 'Mobile number',
    placeholder: '(555) 555-5555',
    shown: (f) => formatPhone(f.phoneDigits),
  },
  email: { label: 'Email', hint: '(optional)', placeholder: 'name@example.com', shown: (f) => f.email },
};

type View = 'form' | 'signedUpElsewhere';

export function SignupScreen() {
  const { state, dispatch, kioskKey, store, failed } = useKiosk();
  const [form, setForm] = useState<SignupForm>(() =>
    newSignupForm({
      phoneDigits: state.phoneDigits,
      birthDateDigits: state.birthDateDigits,
      storeState: store.store.state,
    }),
  );
  const [step, setStep] = useState<SignupStep>('aboutYou');
  const [active, setActive] = useState<TextFieldName>('firstName');
  const [shift, setShift] = useState(false);
  const [otherLayout, setOtherLayout] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [view, setView] = useState<View>('form');
  const inputs = useRef<Partial<Record<TextFieldName, HTMLInputElement | null>>>({});
  // A field to focus once this render is on screen. Effects run child first, so this one comes after
  // Screen's, which focuses a new step's heading: a step shown for a field's message focuses the field.
  const focusNext = useRef<TextFieldName | null>(null);
  useEffect(() => {
    const field = focusNext.current;
    if (field) {
      focusNext.current = null;
      inputs.current[field]?.focus();
    }
  });

  const steps = stepsFor(form);
  const stepIndex = steps.indexOf(step);
  const textFields = STEP_FIELDS[step].filter((field): field is TextFieldName => field in TEXT_FIELDS);

  function update(change: Partial<SignupForm>) {
    setForm((current) => ({ ...current, ...change }));
    const cleared = Object.keys(change);
    setErrors((current) => Object.fromEntries(Object.entries(current).filter(([field]) => !cleared.includes(field))));
    setProblem(null);
  }

  function activate(field: TextFieldName) {
    if (field !== active) {
      setActive(field);
      setShift(false);
      setOtherLayout(false);
    }
  }

  function goTo(next: SignupStep, focusField?: TextFieldName) {
    setStep(next);
    const first = focusField ?? STEP_FIELDS[next].find((field): field is TextFieldName => field in TEXT_FIELDS);
    if (first) activate(first);
    // The heading takes the focus on a new step (Screen), unless a field with a message should.
    if (focusField) focusNext.current = focusField;
  }

  function showErrors(found: FieldErrors) {
    setErrors(found);
    const firstText = STEP_FIELDS[step].find((field): field is TextFieldName => field in TEXT_FIELDS && !!found[field]);
    if (firstText) {
      activate(firstText);
      focusNext.current = firstText;
    }
  }

  function next() {
    const checked = checkStep(form, step, store.ageRules, new Date());
    if (!checked.ok) {
      if ('underage' in checked)
        dispatch({ type: 'show', screen: { name: 'underage', customerType: checked.underage } });
      else showErrors(checked.errors);
      return;
    }
    const following = steps[stepIndex + 1];
    if (following) goTo(following);
    else void submit();
  }

  function back() {
    const previous = steps[stepIndex - 1];
    if (previous) goTo(previous);
    else dispatch({ type: 'show', screen: { name: 'phone' } });
  }

  async function submit() {
    setBusy(true);
    setProblem(null);
    const outcome = await signUp(kioskKey, signupBodyOf(form, store.consentWording));
    if ('signedUp' in outcome) {
      dispatch({ type: 'signedUp', who: outcome.signedUp });
      return;
    }
    if ('alreadySignedUp' in outcome) {
      await findExisting();
      return;
    }
    setBusy(false);
    const { failure } = outcome;
    if (failed(failure, () => void submit())) return;
    if (failure.kind === 'problem' && failure.status === 422) {
      const { errors: found, other } = apiFieldErrors(failure.errors);
      const back = firstStepWith(form, found);
      setErrors(found);
      setProblem(other.length > 0 ? other.join(' ') : null);
      if (back) {
        const field = STEP_FIELDS[back].find((f): f is TextFieldName => f in TEXT_FIELDS && !!found[f]);
        goTo(back, field);
      }
      return;
    }
    setProblem(failure.kind === 'problem' ? failure.detail || failure.title : null);
  }

  /** Signed up already: the phone and birthday just typed identify them, as at check-in. */
  async function findExisting() {
    setBusy(true);
    const outcome = await identify(kioskKey, form.phoneDigits, signupBodyOf(form, store.consentWording).dateOfBirth);
    setBusy(false);
    if ('found' in outcome) dispatch({ type: 'alreadySignedUp', who: outcome.found });
    else if ('notFound' in outcome) setView('signedUpElsewhere');
    else if (!failed(outcome.failure, () => void findExisting())) {
      setProblem(outcome.failure.kind === 'problem' ? outcome.failure.detail || outcome.failure.title : null);
    }
  }

  if (view === 'signedUpElsewhere') {
    return (
      <Screen
        title="You're already signed up"
        lead={
          <>
            <p>We have you on file with another phone number or email.</p>
            <p>
              Check in with the mobile number you signed up with, or ask a staff member: they can update it for you.
            </p>
          </>
        }
        actions={
          <button type="button" className="button button-primary" onClick={() => dispatch({ type: 'reset' })}>
            Back to start
          </button>
        }
      />
    );
  }

  const activeRule = TEXT_FIELDS[active];
  const layout = otherLayout ? (activeRule.layout === 'digits' ? 'letters' : 'digits') : activeRule.layout;
  const autoCapital = (active === 'firstName' || active === 'lastName') && startsWord(FIELD_SPECS[active].shown(form));
  const capitals = active === 'cardNumber' || active === 'cardState';
  const showKeyboard = textFields.length > 0 && textFields.includes(active);

  function typeKey(text: string) {
    const value = form[active];
    update({ [active]: typeInto(active, value, shift || autoCapital || capitals ? text : text.toLowerCase()) });
    setShift(false);
  }

  const isLast = stepIndex === steps.length - 1;
  return (
    <Screen
      key={step}
      title={STEP_TITLES[step]}
      lead={
        <p className="signup-step">
          Step {stepIndex + 1} of {steps.length}
        </p>
      }
      actions={
        <>
          <button type="button" className="button button-secondary" disabled={busy} onClick={back}>
            Back
          </button>
          <button type="button" className="button button-primary" disabled={busy} onClick={next}>
            {isLast ? (busy ? 'Signing you up…' : 'Sign up') : 'Next'}
          </button>
        </>
      }
    >
      <div className={`signup${showKeyboard ? '' : ' signup-no-keys'}`}>
        <div className="signup-fields">
          {problem ? (
            <p className="field-message signup-problem" role="alert">
              {problem}
            </p>
          ) : null}
          {textFields.map((field) => (
            <TextField
              key={field}
              id={`signup-${field}`}
              label={FIELD_SPECS[field].label}
              hint={FIELD_SPECS[field].hint}
              placeholder={FIELD_SPECS[field].placeholder}
              value={FIELD_SPECS[field].shown(form)}
              message={errors[field]}
              active={field === active}
              inputRef={(element) => {
                inputs.current[field] = element;
              }}
              onFocus={() => activate(field)}
              onTyped={(shown) => update({ [field]: typedWhole(field, shown) })}
            />
          ))}
          {step === 'aboutYou' ? (
            <TypeChoice
              value={form.customerType}
              message={errors.customerType}
              adultAge={store.ageRules.adultMinimumAge}
              medicalAge={store.ageRules.medicalMinimumAge}
              onChange={(customerType) => update({ customerType })}
            />
          ) : null}
          {step === 'consents' ? (
            <Consents form={form} errors={errors} wording={store.consentWording} onChange={update} />
          ) : null}
        </div>
        {showKeyboard ? (
          <OnScreenKeyboard
            layout={layout}
            shifted={shift || autoCapital || capitals}
            label={FIELD_SPECS[active].label}
            onText={typeKey}
            onBackspace={() => update({ [active]: form[active].slice(0, -1) })}
            onShift={() => setShift((on) => !on)}
            onSwitchLayout={activeRule.mixed ? () => setOtherLayout((other) => !other) : undefined}
          />
        ) : null}
      </div>
    </Screen>
  );
}

function TypeChoice(props: {
  value: CustomerType | null;
  message: string | undefined;
  adultAge: number;
  medicalAge: number;
  onChange: (type: CustomerType) => void;
}) {
  const { value, message, adultAge, medicalAge, onChange } = props;
  const options: { type: CustomerType; label: string; note: string }[] = [
    { type: 'adult', label: 'Adult-use', note: `${adultAge} or older` },
    { type: 'medical', label: 'Medical patient', note: `${medicalAge} or older, with a medical card` },
  ];
  return (
    <fieldset
      className={`choice-group${message ? ' choice-group-invalid' : ''}`}
      aria-describedby={message ? 'signup-type-message' : undefined}
    >
      <legend>I'm shopping as</legend>
      <div className="choices">
        {options.map((option) => (
          <label key={option.type} className={`choice${value === option.type ? ' choice-on' : ''}`}>
            <input
              type="radio"
              name="customerType"
              value={option.type}
              checked={value === option.type}
              onChange={() => onChange(option.type)}
            />
            <span className="choice-text">
              <span className="choice-label">{option.label}</span>
              <span className="choice-note">{option.note}</span>
            </span>
          </label>
        ))}
      </div>
      {message ? (
        <p id="signup-type-message" className="field-message" role="alert">
          {message}
        </p>
      ) : null}
    </fieldset>
  );
}

function Consents(props: {
  form: SignupForm;
  errors: FieldErrors;
  wording: { sms: string; email: string };
  onChange: (change: Partial<SignupForm>) => void;
}) {
  const { form, errors, wording, onChange } = props;
  const hasEmail = form.email.trim() !== '';
  return (
    <div className="consents">
      <p className="consents-lead">Both are optional. Leave them unticked if you'd rather not hear from us.</p>
      <ConsentBox
        id="signup-sms-consent"
        title="Text messages"
        wording={wording.sms}
        checked={form.smsConsent}
        message={errors.smsConsent}
        onChange={(smsConsent) => onChange({ smsConsent })}
      />
      {hasEmail ? (
        <ConsentBox
          id="signup-email-consent"
          title="Emails"
          wording={wording.email}
          checked={form.emailConsent}
          message={errors.emailConsent}
          onChange={(emailConsent) => onChange({ emailConsent })}
        />
      ) : (
        <p className="consents-note">To get emails too, go back and add your email address.</p>
      )}
    </div>
  );
}

function ConsentBox(props: {
  id: string;
  title: string;
  wording: string;
  checked: boolean;
  message: string | undefined;
  onChange: (checked: boolean) => void;
}) {
  const { id, title, wording, checked, message, onChange } = props;
  return (
    <div className={`consent${checked ? ' consent-on' : ''}`}>
      <input
        id={id}
        type="checkbox"
        checked={checked}
        aria-describedby={message ? `${id}-message` : undefined}
        onChange={(event) => onChange(event.target.checked)}
      />
      <label htmlFor={id}>
        <span className="consent-title">{title}</span>
        <span className="consent-wording">{wording}</span>
      </label>
      {message ? (
        <p id={`${id}-message`} className="field-message" role="alert">
          {message}
        </p>
      ) : null}
    </div>
  );
}
