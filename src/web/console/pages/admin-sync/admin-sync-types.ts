/** The API's answers these pages read (API.md "Stores, integrations, sync"). */
import type { RunStats, SyncRunStatus } from './sync-run-progress.ts';

export interface Store {
  id: string;
  name: string;
  timezone: string;
  address: { state?: string | null } | null;
  dataProfile: string;
  createAtPos: 'onCreate' | 'onDemand';
}
export interface DataProfile {
  id: string;
  name: string;
}
export interface Integration {
  vendor: string;
  baseUrl: string;
  configured: boolean;
  enabled: boolean;
  pollIntervalSeconds: number;
  status: 'never' | 'ok' | 'error';
  lastSyncAt: string | null;
  lastError: string | null;
  webhookConfigured: boolean;
  webhookSecret?: string;
}
export interface StoreHealth {
  storeId: string;
  vendor: string;
  enabled: boolean;
  status: 'never' | 'ok' | 'error';
  lastSyncAt: string | null;
  lastError: string | null;
  errors24h: number;
  openConflicts: number;
  quarantined24h: number;
}
export interface SyncRun {
  id: string;
  storeId: string;
  mode: 'incremental' | 'full';
  trigger: string;
  status: SyncRunStatus;
  stats: RunStats;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  error: string | null;
}
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
export const HEALTH_COLORS = { never: 'gray', ok: 'green', error: 'red' } as const;
export const HEALTH_LABELS = { never: 'Never synced', ok: 'OK', error: 'Error' } as const;

export function when(at: string | null): string {
  return at ? new Date(at).toLocaleString() : '—';
}
