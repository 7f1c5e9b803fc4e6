/** What the sync run page shows of a run: its counts in a fixed order, and whether it is still moving. */
export type SyncRunStatus = 'queued' | 'running' | 'succeeded' | 'failed';

export const RUN_STATS = [
  ['fetched', 'Fetched'],
  ['created', 'Created'],
  ['updated', 'Updated'],
  ['unchanged', 'Unchanged'],
  ['linked', 'Linked'],
  ['conflicts', 'Conflicts'],
  ['quarantined', 'Quarantined'],
  ['pushed', 'Pushed'],
  ['errors', 'Errors'],
] as const;

export type RunStats = Record<(typeof RUN_STATS)[number][0], number>;

export function isLive(status: SyncRunStatus): boolean {
  return status === 'queued' || status === 'running';
}

export const STATUS_LABELS: Record<SyncRunStatus, string> = {
  queued: 'Queued',
  running: 'Running',
  succeeded: 'Done',
  failed: 'Failed',
};

export const STATUS_COLORS: Record<SyncRunStatus, 'gray' | 'blue' | 'green' | 'red'> = {
  queued: 'gray',
  running: 'blue',
  succeeded: 'green',
  failed: 'red',
};

/** The run's duration in words, from its start to its end (or now). */
export function runDuration(startedAt: string | null, finishedAt: string | null, now: number): string {
  if (!startedAt) return '—';
  const ms = Math.max(0, (finishedAt ? Date.parse(finishedAt) : now) - Date.parse(startedAt));
  const seconds = Math.round(ms / 1000);
  return seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}
