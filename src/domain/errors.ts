/**
 * The one error hierarchy of Patron. Services throw these; `src/http/problem.ts` is the only place
 * that turns them into RFC 9457 problem+json. Messages are written for the person reading the answer,
 * and never carry personal data, SQL or stack traces.
 */
export interface FieldError {
  /** Dotted path of the offending field, e.g. `address.postalCode`; empty for the whole body. */
  path: string;
  message: string;
}

export abstract class AppError extends Error {
  abstract readonly status: number;
  /** Short slug used to build the problem `type` URI. */
  abstract readonly slug: string;
  abstract readonly title: string;
}

export class BadRequest extends AppError {
  readonly status = 400;
  readonly slug = 'bad-request';
  readonly title = 'Bad request';
}

export class Unauthenticated extends AppError {
  readonly status = 401;
  readonly slug = 'unauthenticated';
  readonly title = 'Authentication required';
  constructor(detail = 'Send a valid token as "Authorization: Bearer <token>".') {
    super(detail);
  }
}

export class Forbidden extends AppError {
  readonly status = 403;
  readonly slug = 'forbidden';
  readonly title = 'Not allowed';
  constructor(detail = 'Your role does not allow this action.') {
    super(detail);
  }
}

export class NotFound extends AppError {
  readonly status = 404;
  readonly slug = 'not-found';
  readonly title = 'Not found';
  constructor(what = 'resource') {
    super(`No such ${what}.`);
  }
}

/** The identities that make two records one person (API.md "Customers" rules). */
export type DuplicateIdentity = 'phone+dateOfBirth' | 'email+dateOfBirth' | 'idNumber';

export class Conflict extends AppError {
  readonly status = 409;
  readonly slug = 'conflict';
  readonly title = 'Conflict';
  /** For duplicates of an identity: the id of the record already held. */
  readonly duplicateOf: string | undefined;
  /** For duplicates of an identity: which identity matched. */
  readonly matchedOn: DuplicateIdentity | undefined;
  constructor(detail: string, duplicateOf?: string, matchedOn?: DuplicateIdentity) {
    super(detail);
    this.duplicateOf = duplicateOf;
    this.matchedOn = matchedOn;
  }
}

export class PreconditionFailed extends AppError {
  readonly status = 412;
  readonly slug = 'precondition-failed';
  readonly title = 'Precondition failed';
}

export class PayloadTooLarge extends AppError {
  readonly status = 413;
  readonly slug = 'payload-too-large';
  readonly title = 'Payload too large';
}

export class UnsupportedMediaType extends AppError {
  readonly status = 415;
  readonly slug = 'unsupported-media-type';
  readonly title = 'Unsupported media type';
  static accepting(sent: string, accepted: readonly string[]): UnsupportedMediaType {
    const list = accepted.map((type) => `"Content-Type: ${type}"`).join(' or ');
    return new UnsupportedMediaType(
      sent
        ? `A body sent as ${sent} cannot be read here; send JSON with ${list}.`
        : `Send the body as JSON with ${list}.`,
    );
  }
}

export class ValidationFailed extends AppError {
  readonly status = 422;
  readonly slug = 'validation-failed';
  readonly title = 'Validation failed';
  readonly errors: FieldError[];
  constructor(errors: FieldError[]) {
    super(errors.map((e) => (e.path ? `${e.path}: ${e.message}` : e.message)).join('; '));
    this.errors = errors;
  }
  static field(path: string, message: string): ValidationFailed {
    return new ValidationFailed([{ path, message }]);
  }
}

export class TooManyRequests extends AppError {
  readonly status = 429;
  readonly slug = 'too-many-requests';
  readonly title = 'Too many requests';
  readonly retryAfterSeconds: number;
  constructor(retryAfterSeconds: number, detail = 'Too many attempts; try again later.') {
    super(detail);
    this.retryAfterSeconds = Math.max(1, Math.ceil(retryAfterSeconds));
  }
}

export class ServiceUnavailable extends AppError {
  readonly status = 503;
  readonly slug = 'service-unavailable';
  readonly title = 'Service unavailable';
}
