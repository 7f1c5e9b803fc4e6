/** Recognising PostgreSQL errors that mean something to the domain (Drizzle wraps the driver's). */
interface PgErrorFields {
  code?: string;
  constraint?: string;
}

function pgFields(error: unknown): PgErrorFields | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const e = error as PgErrorFields & { cause?: unknown };
  if (typeof e.code === 'string') return e;
  return e.cause ? pgFields(e.cause) : undefined;
}

/** A unique index refused the row; `constraint` narrows it to one index. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const fields = pgFields(error);
  return fields?.code === '23505' && (constraint === undefined || fields.constraint === constraint);
}
