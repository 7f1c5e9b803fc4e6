/**
 * What a vendor folder's `registration.ts` fills in to join the production registry (`registry.ts`):
 * the entry's shape and the options its client factory takes. It lives apart from the registry so a
 * registration imports this file and the registry imports the registrations, without a cycle.
 */
import type { z } from 'zod';
import type { OutboundHttp } from '../egress/outbound-http.ts';
import type { Logger } from '../logger.ts';
import type { PosCreateRequirement } from './create-requirements.ts';
import type { PosClient, PosVendor } from './port.ts';
import type { TransportOptions } from './transport.ts';

export interface PosClientOptions<C> {
  credentials: C;
  /** IANA zone of the store: some vendors send local times without offset. */
  timeZone: string;
  logger?: Logger;
  /** The guarded connector every call goes through (src/egress/outbound-http.ts); public addresses only when absent. */
  outbound?: OutboundHttp;
  /** Records per list call; default the vendor's (`defaultPageSize`), never above its maximum. Tests ask for small pages. */
  pageSize?: number;
  /** Timeouts, retry and breaker policy, clock: tests shorten them. Every vendor's client takes them. */
  transport?: Partial<Pick<TransportOptions, 'retry' | 'breaker' | 'timeoutMs' | 'sleep' | 'random'>>;
}

export interface PosVendorEntry<C> {
  vendor: PosVendor;
  /** Validates the `credentials` object of an integration (API.md "Vendor credentials"). */
  credentialsSchema: z.ZodType<C>;
  /** Passes `options` on whole to the vendor's factory. */
  createClient(options: PosClientOptions<C>): PosClient;
  /** Records per list call the client asks for when `pageSize` is not given (benchmarks read it). */
  defaultPageSize: number;
  /** The part of the credentials that may be shown back (never a secret). */
  describe(credentials: C): { baseUrl: string };
  /** Every URL the client will call, by its field in the credentials: checked against the outbound policy when stored. */
  targets(credentials: C): Record<string, string>;
  /** What the vendor's create needs of a customer, in Patron field paths (`<vendor>/requirements.ts`). */
  createRequires: readonly PosCreateRequirement[];
  /** How the client reads what REFERENCE.md leaves open (`<vendor>/choices.ts`), for reading, never for changing. */
  clientChoices: Readonly<Record<string, unknown>>;
}
