/**
 * Configuration comes from environment variables only, validated once at start.
 * A bad value stops the process with one readable line per problem, naming the variable.
 */
import path from 'node:path';
import { z } from 'zod';
import { APPLICATION_ROLE } from './db/app-login.ts';
import { LOOPBACK_TARGETS, parseAllowedTargets, splitTargetList } from './egress/allowed-targets.ts';

const flag = (fallback: boolean) =>
  z
    .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'], { error: 'expected 1 or 0 (or true/false)' })
    .optional()
    .transform((v) => (v === undefined ? fallback : ['1', 'true', 'yes', 'on'].includes(v)));

const int = (fallback: number, min: number, max: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return fallback;
      const n = Number(v);
      if (!Number.isInteger(n) || n < min || n > max) {
        ctx.addIssue({ code: 'custom', message: `expected a whole number from ${min} to ${max}, got "${v}"` });
        return z.NEVER;
      }
      return n;
    });

const postgresUrl = z
  .string()
  .optional()
  .refine((v) => v === undefined || v === '' || /^postgres(ql)?:\/\/.+/.test(v), {
    message: 'expected a URL such as postgres://user:password@host:5432/patron',
  })
  .transform((v) => (v ? v : undefined));

const masterKey = z
  .string()
  .optional()
  .refine((v) => v === undefined || v === '' || Buffer.from(v, 'base64').length === 32, {
    message: 'expected 32 random bytes in base64 (e.g. `openssl rand -base64 32`)',
  })
  .transform((v) => (v ? v : undefined));

/**
 * Retired master keys, still read (never written) until `patron keys rotate` has moved every value
 * to the current key. One problem per bad entry, by position: the values are secrets, never echoed.
 */
const previousMasterKeys = z
  .string()
  .optional()
  .transform((v, ctx) => {
    const entries = (v ?? '').split(',').map((entry) => entry.trim());
    if (entries.length === 1 && entries[0] === '') return [];
    entries.forEach((entry, i) => {
      const bytes = Buffer.from(entry, 'base64').length;
      if (bytes !== 32) {
        ctx.addIssue({
          code: 'custom',
          message: `entry ${i + 1} of ${entries.length} ${entry === '' ? 'is empty' : `decodes to ${bytes} bytes`}; expected 32 random bytes in base64 each, separated by commas`,
        });
      }
    });
    return entries;
  });

/** A port that is off when unset; 0 asks the system for a free one. */
const optionalPort = z
  .string()
  .optional()
  .transform((v, ctx) => {
    if (v === undefined || v === '') return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0 || n > 65535) {
      ctx.addIssue({ code: 'custom', message: `expected a whole number from 0 to 65535, got "${v}"` });
      return z.NEVER;
    }
    return n;
  });

/** A bearer secret an operator chose; long enough not to be guessed, never echoed back. */
const metricsToken = z
  .string()
  .optional()
  .refine((v) => v === undefined || v === '' || v.length >= 16, {
    message: 'expected at least 16 characters (e.g. `openssl rand -base64 24`)',
  })
  .transform((v) => (v ? v : undefined));

/** The operator's mail server for one-time codes and exports; credentials may be in it, never echoed. */
const smtpUrl = z
  .string()
  .optional()
  .refine((v) => v === undefined || v === '' || /^smtps?:\/\/[^/\s]+/.test(v), {
    message: 'expected a URL such as smtps://user:password@mail.example.com or smtp://mail.example.com:587',
  })
  .transform((v) => (v ? v : undefined));

/** Non-public outbound targets the operator allows (src/egress/allowed-targets.ts). */
const allowedTargets = z
  .string()
  .optional()
  .transform((v, ctx) => {
    const entries = splitTargetList(v);
    for (const problem of parseAllowedTargets(entries).problems) ctx.addIssue({ code: 'custom', message: problem });
    return entries;
  });

const logLevel = z
  .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
    error: 'expected one of fatal, error, warn, info, debug, trace, silent',
  })
  .default('info');

const EnvSchema = z
  .object({
    PORT: int(3000, 0, 65535),
    HOST: z.string().min(1, 'must not be empty').default('127.0.0.1'),
    DATABASE_URL: postgresUrl,
    PATRON_APP_DATABASE_URL: postgresUrl,
    PATRON_DATA_DIR: z.string().min(1, 'must not be empty').default('./data'),
    PATRON_PG_PORT: int(0, 0, 65535),
    PATRON_DEMO: flag(true),
    PATRON_SIMULATORS: flag(true),
    PATRON_DEMO_PASSWORD: z.string().min(8, 'must be at least 8 characters').default('patron-demo'),
    PATRON_ADMIN_EMAIL: z.email('expected an email address').optional(),
    PATRON_ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
    PATRON_ORG_NAME: z.string().min(1).max(200).default('My Dispensary'),
    PATRON_MASTER_KEY: masterKey,
    PATRON_PREVIOUS_MASTER_KEYS: previousMasterKeys,
    PATRON_SESSION_TTL_HOURS: int(12, 1, 24 * 30),
    PATRON_AUTH_CACHE_SECONDS: int(5, 0, 300),
    // Failures of one account from one address: after DELAY_AFTER each waits twice as long as the
    // last (from 1 s, at most MAX_DELAY), and ACCOUNT_LIMIT of them lock that address out of that
    // account for the window. Other addresses are not slowed down.
    PATRON_LOGIN_ACCOUNT_LIMIT: int(10, 1, 1000),
    PATRON_LOGIN_DELAY_AFTER: int(3, 1, 1000),
    PATRON_LOGIN_MAX_DELAY_SECONDS: int(60, 1, 86400),
    PATRON_LOGIN_ADDRESS_LIMIT: int(30, 1, 100000),
    PATRON_LOGIN_WINDOW_SECONDS: int(900, 1, 86400),
    // pg-boss refuses a heartbeat under 10 s.
    PATRON_JOB_HEARTBEAT_SECONDS: int(30, 10, 3600),
    PATRON_JOB_MONITOR_SECONDS: int(15, 1, 600),
    PATRON_CUSTOMER_TOKEN_MINUTES: int(15, 1, 24 * 60),
    PATRON_KIOSK_IDENTIFY_KEY_LIMIT: int(60, 1, 100000),
    PATRON_KIOSK_IDENTIFY_PHONE_LIMIT: int(5, 1, 1000),
    PATRON_KIOSK_IDENTIFY_WINDOW_SECONDS: int(900, 1, 86400),
    PATRON_KIOSK_IDENTIFY_MIN_MS: int(250, 0, 5000),
    PATRON_ID_SEARCH_LIMIT: int(20, 1, 100000),
    PATRON_METRICS_HOST: z.string().min(1, 'must not be empty').default('127.0.0.1'),
    PATRON_METRICS_PORT: optionalPort,
    PATRON_METRICS_TOKEN: metricsToken,
    PATRON_SMTP_URL: smtpUrl,
    PATRON_MAIL_FROM: z
      .email('expected an email address such as patron@dispensary.example')
      .default('patron@patron.localhost'),
    PATRON_ALLOWED_TARGETS: allowedTargets,
    LOG_LEVEL: logLevel,
  })
  .superRefine((env, ctx) => {
    if (env.PATRON_METRICS_TOKEN !== undefined && env.PATRON_METRICS_PORT === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['PATRON_METRICS_TOKEN'],
        message: 'is used only by the metrics listener: set PATRON_METRICS_PORT too',
      });
    }
    if (env.PATRON_APP_DATABASE_URL !== undefined) {
      if (env.DATABASE_URL === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['PATRON_APP_DATABASE_URL'],
          message: "needs DATABASE_URL too (the owner's login, for migrations)",
        });
      } else if (loginOf(env.PATRON_APP_DATABASE_URL) !== APPLICATION_ROLE) {
        ctx.addIssue({
          code: 'custom',
          path: ['PATRON_APP_DATABASE_URL'],
          message: `must log in as ${APPLICATION_ROLE} (the role the migrations grant, never the owner)`,
        });
      }
    }
    if (!env.PATRON_DEMO && (env.PATRON_ADMIN_EMAIL === undefined) !== (env.PATRON_ADMIN_PASSWORD === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['PATRON_ADMIN_EMAIL'],
        message: 'set PATRON_ADMIN_EMAIL and PATRON_ADMIN_PASSWORD together',
      });
    }
  });

/** The user name in a PostgreSQL URL; empty when it has none or is not a URL. */
function loginOf(url: string): string {
  try {
    return decodeURIComponent(new URL(url).username);
  } catch {
    return '';
  }
}

// The shapes of the limits config fills are declared here, not in the modules that use them, so that
// config imports no module (.dependency-cruiser.cjs); the modules' policies extend them.

/** The configurable limits of the kiosk endpoints (PATRON_KIOSK_* and PATRON_CUSTOMER_TOKEN_MINUTES). */
export interface KioskLimits {
  /** How long a customer token from identify or signup lasts. */
  customerTokenTtlMs: number;
  /** Identification attempts per kiosk key per window. */
  identifyKeyLimit: number;
  /** Identification attempts per phone number (within the organization) per window, found or not. */
  identifyPhoneLimit: number;
  identifyWindowMs: number;
  /** No identification answers sooner than this, found or not, so that timing tells nothing. */
  identifyMinMs: number;
}

/** Lookups by ID number per user per window (a search, a duplicate by ID number, a patch sending one). */
export interface IdNumberLookupLimits {
  limit: number;
  windowMs: number;
}

export interface Config {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  /** The application's own login on `databaseUrl`'s server; derived from it when undefined. */
  appDatabaseUrl: string | undefined;
  dataDir: string;
  embeddedPgPort: number | undefined;
  demo: boolean;
  /** Demo mode: run each POS vendor's simulator on loopback and point the demo stores at them. */
  simulators: boolean;
  demoPassword: string;
  bootstrapAdmin: { email: string; password: string; orgName: string } | undefined;
  masterKey: string | undefined;
  /** Retired master keys (base64), read but never written with; empty when none. */
  previousMasterKeys: string[];
  sessionTtlMs: number;
  /** How long a resolved bearer token is trusted without a lookup (0: never). */
  authCacheMs: number;
  loginThrottle: {
    accountLimit: number;
    addressLimit: number;
    windowMs: number;
    delayAfter: number;
    maxDelayMs: number;
  };
  /** How soon a job of a killed worker is noticed and retried (`JobLiveness`). */
  jobLiveness: { heartbeatSeconds: number; monitorSeconds: number };
  /** Customer token lifetime and the limits of kiosk identification (src/kiosk/kiosk-policy.ts). */
  kiosk: KioskLimits;
  /** Lookups by ID number per staff member per hour (src/customers/id-number-lookups.ts). */
  idNumberLookups: IdNumberLookupLimits;
  /**
   * Where `GET /metrics` is served: its own listener, off unless `port` is set (the public port
   * never serves it); with `token`, only to `Authorization: Bearer <token>`.
   */
  metrics: { host: string; port: number | undefined; token: string | undefined };
  /**
   * Where mail goes: the SMTP server (absent: in demo mode a local sink on loopback, otherwise no
   * mail, and a customer's second factor is a staff confirmation only) and the From address.
   */
  mail: { smtpUrl: string | undefined; from: string };
  /**
   * Outbound targets allowed beyond public addresses (CIDRs and host names, `PATRON_ALLOWED_TARGETS`);
   * demo mode adds loopback so the simulators can be reached. Cloud metadata is refused regardless.
   */
  allowedTargets: string[];
  logLevel: z.infer<typeof logLevel>;
}

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.problems = problems;
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const name = issue.path.join('.') || 'environment';
        const got = typeof issue.path[0] === 'string' && !/PASSWORD|KEY|URL|TOKEN/.test(issue.path[0]);
        const value = got ? env[issue.path[0] as string] : undefined;
        const suffix = value !== undefined && !issue.message.includes('got "') ? ` (got "${value}")` : '';
        return `${name}: ${issue.message}${suffix}`;
      }),
    );
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    appDatabaseUrl: e.PATRON_APP_DATABASE_URL,
    dataDir: path.resolve(e.PATRON_DATA_DIR),
    embeddedPgPort: e.PATRON_PG_PORT || undefined,
    demo: e.PATRON_DEMO,
    simulators: e.PATRON_SIMULATORS,
    demoPassword: e.PATRON_DEMO_PASSWORD,
    bootstrapAdmin:
      e.PATRON_ADMIN_EMAIL && e.PATRON_ADMIN_PASSWORD
        ? { email: e.PATRON_ADMIN_EMAIL, password: e.PATRON_ADMIN_PASSWORD, orgName: e.PATRON_ORG_NAME }
        : undefined,
    masterKey: e.PATRON_MASTER_KEY,
    previousMasterKeys: e.PATRON_PREVIOUS_MASTER_KEYS,
    sessionTtlMs: e.PATRON_SESSION_TTL_HOURS * 3_600_000,
    authCacheMs: e.PATRON_AUTH_CACHE_SECONDS * 1000,
    loginThrottle: {
      accountLimit: e.PATRON_LOGIN_ACCOUNT_LIMIT,
      addressLimit: e.PATRON_LOGIN_ADDRESS_LIMIT,
      windowMs: e.PATRON_LOGIN_WINDOW_SECONDS * 1000,
      delayAfter: e.PATRON_LOGIN_DELAY_AFTER,
      maxDelayMs: e.PATRON_LOGIN_MAX_DELAY_SECONDS * 1000,
    },
    jobLiveness: { heartbeatSeconds: e.PATRON_JOB_HEARTBEAT_SECONDS, monitorSeconds: e.PATRON_JOB_MONITOR_SECONDS },
    kiosk: {
      customerTokenTtlMs: e.PATRON_CUSTOMER_TOKEN_MINUTES * 60_000,
      identifyKeyLimit: e.PATRON_KIOSK_IDENTIFY_KEY_LIMIT,
      identifyPhoneLimit: e.PATRON_KIOSK_IDENTIFY_PHONE_LIMIT,
      identifyWindowMs: e.PATRON_KIOSK_IDENTIFY_WINDOW_SECONDS * 1000,
      identifyMinMs: e.PATRON_KIOSK_IDENTIFY_MIN_MS,
    },
    idNumberLookups: { limit: e.PATRON_ID_SEARCH_LIMIT, windowMs: 3_600_000 },
    metrics: { host: e.PATRON_METRICS_HOST, port: e.PATRON_METRICS_PORT, token: e.PATRON_METRICS_TOKEN },
    mail: { smtpUrl: e.PATRON_SMTP_URL, from: e.PATRON_MAIL_FROM },
    allowedTargets: [...e.PATRON_ALLOWED_TARGETS, ...(e.PATRON_DEMO ? LOOPBACK_TARGETS : [])],
    logLevel: e.LOG_LEVEL,
  };
}
