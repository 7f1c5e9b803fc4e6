/**
 * `patron start --role=<role>` as a child process of the benchmark, exactly as an operator runs it,
 * plus its resident memory read from /proc (what the kernel charges the process, not V8's view).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';

const MAIN = new URL('../src/cli/main.ts', import.meta.url).pathname;
/** Enough of the log to explain a failed start or a failed run. */
const LOG_TAIL_CHARS = 20_000;

export interface PatronProcess {
  pid: number;
  /** The end of what the process logged. */
  logTail(): string;
  stop(): Promise<void>;
}

/** The Node flags `npm start` and `bin/patron.mjs` start Patron with (see the comment there). */
export const PATRON_NODE_FLAGS = ['--max-semi-space-size=8'];

/** `nodeArgs` go before the script, e.g. `--cpu-prof` (Node refuses those in NODE_OPTIONS). */
export async function startPatron(
  role: 'api' | 'worker',
  env: Record<string, string>,
  nodeArgs: readonly string[] = PATRON_NODE_FLAGS,
): Promise<PatronProcess> {
  const child = spawn(process.execPath, [...nodeArgs, MAIN, 'start', `--role=${role}`], {
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-LOG_TAIL_CHARS);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await ready(child, () => log, exited);
  return {
    pid: child.pid ?? 0,
    logTail: () => log,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

async function ready(child: ChildProcess, log: () => string, exited: Promise<void>): Promise<void> {
  const deadline = Date.now() + 120_000;
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  while (!log().includes('patron is ready')) {
    if (gone) throw new Error(`patron exited with ${child.exitCode} before it was ready:\n${log()}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`patron was not ready within 2 minutes:\n${log()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** VmRSS of a process in bytes (Linux). */
export async function residentBytes(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
  if (kb === undefined) throw new Error(`no VmRSS for process ${pid}`);
  return Number(kb) * 1024;
}

/** Samples a process's resident memory every `everyMs` until stopped; answers the peak and the last. */
export function sampleResidentMemory(pid: number, everyMs = 200) {
  let peak = 0;
  let samples = 0;
  const take = async () => {
    try {
      peak = Math.max(peak, await residentBytes(pid));
      samples += 1;
    } catch {
      // the process is gone; the peak so far stands
    }
  };
  void take();
  const timer = setInterval(() => void take(), everyMs);
  return {
    stop: async () => {
      clearInterval(timer);
      await take();
      return { peakBytes: peak, samples };
    },
  };
}
