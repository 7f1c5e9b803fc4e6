/** Wire shapes of the auth, users and API-key endpoints (API.md, "Auth and people"). */
import { z } from 'zod';
import { PageQuery, Timestamp } from '../http/schemas.ts';
import { KEY_ROLES, USER_ROLES } from './actor.ts';
import { PASSWORD_MIN_LENGTH } from './passwords.ts';

const Email = z.email().max(254);
const Password = z.string().min(PASSWORD_MIN_LENGTH).max(200);
const Name = z.string().trim().min(1).max(100);

export const LoginBody = z.strictObject({
  email: z.string().trim().min(1).max(254),
  password: z.string().min(1).max(200),
});

export const UserSchema = z
  .object({ id: z.uuid(), email: z.string(), name: z.string(), role: z.enum(USER_ROLES), orgId: z.uuid() })
  .meta({ id: 'User' });

export const UserWithDates = UserSchema.extend({ createdAt: Timestamp });

export const LoginAnswer = z.object({ token: z.string(), expiresAt: Timestamp, user: UserSchema });

/**
 * POST /users invites the address; the invited person chooses their password when they accept, so a
 * password sent here (API.md listed one) is refused rather than silently dropped: an admin who thinks
 * they set it would hand it on.
 */
export const NewUserBody = z.strictObject({
  email: Email,
  name: Name,
  role: z.enum(USER_ROLES),
  password: z
    .never({ error: 'is chosen by the invited person when they accept the invitation; leave it out' })
    .optional()
    .meta({ deprecated: true, description: 'No longer accepted: the invited person chooses their password' }),
});

export const UserPatchBody = z
  .strictObject({ email: Email, name: Name, role: z.enum(USER_ROLES), password: Password })
  .partial();

export const INVITATION_STATUSES = ['invited', 'accepted', 'expired', 'revoked'] as const;

export const InvitationSchema = z
  .object({
    id: z.uuid(),
    email: z.string(),
    name: z.string(),
    role: z.enum(USER_ROLES),
    status: z.enum(INVITATION_STATUSES),
    createdAt: Timestamp,
    expiresAt: Timestamp,
  })
  .meta({
    id: 'Invitation',
    description:
      'An invitation mailed to the address; the answer is the same whether or not the address has an account elsewhere',
  });

export const AcceptInvitationBody = z.strictObject({
  token: z.string().min(1).max(200).describe('The token from the invitation email'),
  password: Password,
  name: Name.optional().describe('Your name, if it differs from what the admin typed'),
});

export const ApiKeySchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    role: z.enum(KEY_ROLES),
    storeId: z.uuid().nullable(),
    prefix: z.string().describe('The first characters of the key, to tell keys apart'),
    createdAt: Timestamp,
    expiresAt: Timestamp.nullable(),
    lastUsedAt: Timestamp.nullable(),
  })
  .meta({ id: 'ApiKey' });

export const NewApiKeyBody = z.strictObject({
  name: Name,
  role: z.enum(KEY_ROLES),
  storeId: z.uuid().nullable().optional(),
  expiresAt: Timestamp.nullable().optional(),
});

export const CreatedApiKey = ApiKeySchema.extend({ key: z.string().describe('Shown once; store it now') });

export { PageQuery };
