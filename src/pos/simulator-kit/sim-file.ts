/**
 * A simulator's store kept in a file, so a demo stopped and started again finds the customers it
 * had, created and edited ones included, and never issues an id twice (a link points at it). The
 * file is written whole to a temporary file and renamed into place (a crash leaves the old or the
 * new one, never half of one), at most every `debounceMs` while changes come, and once more on close.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { SimStoreSnapshot } from './sim-store.ts';

/** What a simulator keeps: its store, and what its vendor holds outside the store (`state`). */
export interface SimFileContent<R> {
  store: SimStoreSnapshot<R>;
  state: unknown;
}

const FILE_VERSION = 1;

const fileSchema = z.object({
  version: z.literal(FILE_VERSION),
  store: z.object({ lastId: z.number().int().min(0), records: z.array(z.unknown()) }),
  state: z.unknown(),
});

export class SimFileError extends Error {}

/** The saved content, or `undefined` when there is no file yet (a first start). */
export async function readSimFile<R>(file: string): Promise<SimFileContent<R> | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  let parsed: z.infer<typeof fileSchema>;
  try {
    parsed = fileSchema.parse(JSON.parse(text));
  } catch {
    // Seeding afresh instead would hand out ids that existing links already point at.
    throw new SimFileError(`${file} is not a simulator store this version can read; delete it to start afresh`);
  }
  return { store: parsed.store as SimStoreSnapshot<R>, state: parsed.state };
}

export interface SimFile {
  /** Notes a change: the file is written within `debounceMs`. */
  changed(): void;
  /** Writes what is pending now, and waits for writes under way. Rejects if the last write failed. */
  flush(): Promise<void>;
}

export function simFile<R>(file: string, content: () => SimFileContent<R>, debounceMs = 250): SimFile {
  let timer: NodeJS.Timeout | undefined;
  let dirty = false;
  let writing: Promise<void> = Promise.resolve();
  let failure: unknown;

  const write = (): Promise<void> => {
    dirty = false;
    // Taken now, in the caller's turn: the file holds the store as it was when the write was asked.
    const text = JSON.stringify({ version: FILE_VERSION, ...content() });
    writing = writing.then(async () => {
      try {
        await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
        const temporary = `${file}.${process.pid}.tmp`;
        await writeFile(temporary, text, { mode: 0o600 });
        await rename(temporary, file);
        failure = undefined;
      } catch (error) {
        failure = error;
      }
    });
    return writing;
  };

  return {
    changed() {
      dirty = true;
      if (timer) return;
      timer = setTimeout(() => {
        timer = undefined;
        void write();
      }, debounceMs);
      // A pending write never keeps a process alive; `flush` on close writes it.
      timer.unref();
    },
    async flush() {
      if (timer) clearTimeout(timer);
      timer = undefined;
      await (dirty ? write() : writing);
      if (failure !== undefined) throw failure;
    },
  };
}
