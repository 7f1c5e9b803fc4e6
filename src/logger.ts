/**
 * Structured logs (pino). Personal data never reaches a log line: request logs carry the method,
 * the path without its query string (searches put phones and emails there) and a request id;
 * anything under a known personal or secret key is redacted wherever it appears.
 */
import pino, { type Logger } from 'pino';

export const REDACTED_KEYS = [
  'authorization',
  'cookie',
  'password',
  'passwordHash',
  'token',
  'key',
  'apiKey',
  'secret',
  'credentials',
  'email',
  'phone',
  'firstName',
  'lastName',
  'preferredName',
  'name',
  'dateOfBirth',
  'address',
  'idDocument',
  'medical',
  'cardNumber',
  'number',
  'idNumber',
];

const redactPaths = REDACTED_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]);

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      redact: { paths: redactPaths, censor: '[redacted]' },
      base: { service: 'patron' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}

/** The path of a URL without its query string. */
export function pathOnly(url: string): string {
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}

export type { Logger };

/**
 * An error as it may be logged: driver and query errors can quote parameter values (names, phones),
 * so the message keeps only its first line before any "params:" and the stack keeps only frames.
 */
export function loggableError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: 'non-error thrown' };
  const message = (error.message.split('\n')[0] ?? '').replace(/params:.*$/s, 'params: [redacted]');
  const frames = (error.stack ?? '').split('\n').filter((line) => line.trimStart().startsWith('at '));
  const fields = error as Error & { code?: unknown; constraint?: unknown; cause?: unknown };
  return {
    type: error.name,
    message,
    code: fields.code,
    constraint: fields.constraint,
    stack: frames.join('\n'),
    ...(fields.cause ? { cause: loggableError(fields.cause) } : {}),
  };
}
