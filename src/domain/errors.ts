/**
 * The one error hierarchy of Patron. Services throw these; each says what kind of failure it is, in
 * the domain's words, and never an HTTP status: `src/http/problem.ts` is the only place that turns a
 * kind into a status and RFC 9457 problem+json. Messages are written for the person reading the
 * answer, and never carry personal data, SQL or stack traces.
 */
export interface FieldError {
  /** Dotted path of the offending field, e.g. `address.postalCode`; empty for the whole body. */
  path: string;
  message: string;
}

/** What went wrong, as a caller can act on it; `src/http/problem.ts` maps each to a status. */
export type ErrorKind =
  /** The request cannot be read (a malformed header, a body nested too deep). */
  | 'malformed-request'
  /** No one is signed in, or the credential is not valid. */
  | 'unauthenticated'
  /** The actor is known but may not do this. */
  | 'forbidden'
  | 'not-found'
  /** The state of things refuses it (a duplicate, something already done). */
  | 'conflict'
  /** The caller's condition on the current state (a version) no longer holds. */
  | 'precondition-failed'
  | 'too-large'
  /** The body is in a form this operation does not read. */
  | 'unsupported-media-type'
  /** The data breaks a rule; each broken rule names its field. */
  | 'validation'
  /** Too many attempts; the error says when to try again. */
  | 'rate-limited'
  /** Something this depends on is not available now; trying later may work. */
  | 'unavailable';

export abstract class AppError extends Error {
  abstract readonly kind: ErrorKind;
}

export class MalformedRequest extends AppError {
  readonly kind = 'malformed-request';
}

export class Unauthenticated extends AppError {
  readonly kind = 'unauthenticated';
  constructor(detail = 'Send a valid token as "Authorization: Bearer <token>".') {
    super(detail);
  }
}

export class Forbidden extends AppError {
  readonly kind = 'forbidden';
  constructor(detail = 'Your role does not allow this action.') {
    super(detail);
  }
}

export class NotFound extends AppError {
  readonly kind = 'not-found';
  constructor(what = 'resource') {
    super(`No such ${what}.`);
  }
}

/** The identities that make two records one person (API.md "Customers" rules). */
export type DuplicateIdentity = 'phone+dateOfBirth' | 'email+dateOfBirth' | 'idNumber';

export class Conflict extends AppError {
  readonly kind = 'conflict';
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
  readonly kind = 'precondition-failed';
}

export class TooLarge extends AppError {
  readonly kind = 'too-large';
}

export class UnsupportedMediaType extends AppError {
  readonly kind = 'unsupported-media-type';
}

export class ValidationFailed extends AppError {
  readonly kind = 'validation';
  readonly errors: FieldError[];
  constructor(errors: FieldError[]) {
    super(errors.map((e) => (e.path ? `${e.path}: ${e.message}` : e.message)).join('; '));
    this.errors = errors;
  }
  static field(path: string, message: string): ValidationFailed {
    return new ValidationFailed([{ path, message }]);
  }
}

export class RateLimited extends AppError {
  readonly kind = 'rate-limited';
  readonly retryAfterSeconds: number;
  constructor(retryAfterSeconds: number, detail = 'Too many attempts; try again later.') {
    super(detail);
    this.retryAfterSeconds = Math.max(1, Math.ceil(retryAfterSeconds));
  }
}

export class Unavailable extends AppError {
  readonly kind = 'unavailable';
}
