/** What route plugins receive from the app: the database and the settings they need. */
import type { LoginPolicy } from '../auth/sessions.ts';
import type { Db } from '../db/database.ts';
import type { Mailer } from '../mail/mailer.ts';

export interface RouteDeps {
  db: Db;
  loginPolicy: LoginPolicy;
  /** Where messages to people go (invitations, one-time codes). */
  mailer: Mailer;
}
