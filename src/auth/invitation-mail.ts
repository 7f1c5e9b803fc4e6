/**
 * The two messages an invitation can send. Which one goes out depends on whether the address already
 * has a Patron account; the admin who invited never sees either, so they cannot tell which it was.
 * Neither names any organization but the inviting one.
 */
import type { MailMessage } from '../mail/mailer.ts';

export interface InvitationMailFacts {
  to: string;
  orgName: string;
  role: string;
  expiresAt: Date;
}

export function invitationMessage(facts: InvitationMailFacts, token: string): MailMessage {
  return {
    to: facts.to,
    subject: `You are invited to ${facts.orgName} on Patron`,
    text: [
      `An admin of ${facts.orgName} invited you to Patron as ${facts.role}.`,
      '',
      'To accept, choose your password in Patron with this invitation code',
      `(or send it as "token" to POST /api/v1/auth/invitations/accept):`,
      '',
      `  ${token}`,
      '',
      `The code works once, until ${facts.expiresAt.toISOString()}. If you did not expect this, ignore this message.`,
    ].join('\n'),
  };
}

export function alreadyHasAccountMessage(facts: InvitationMailFacts): MailMessage {
  return {
    to: facts.to,
    subject: `Your invitation to ${facts.orgName} on Patron`,
    text: [
      `An admin of ${facts.orgName} invited this address to Patron as ${facts.role}.`,
      '',
      'You already have a Patron account with this address, and an address can hold only one account,',
      'so this invitation cannot be accepted. If you should work for them too, ask the admin who invited',
      'you to invite another address of yours. If you did not expect this, ignore this message.',
    ].join('\n'),
  };
}
