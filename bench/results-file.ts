/**
 * bench/RESULTS.md holds one page per benchmark: the customer benchmark's page first, unmarked, then
 * each other benchmark's section between its own markers. Each benchmark replaces only its part.
 */
import { readFile, writeFile } from 'node:fs/promises';

const begin = (name: string) => `<!-- begin ${name} benchmark -->`;
const end = (name: string) => `<!-- end ${name} benchmark -->`;
const NAMED_SECTIONS = /<!-- begin ([\w-]+) benchmark -->[\s\S]*?<!-- end \1 benchmark -->\n?/g;

async function current(file: URL): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw error;
  }
}

/** Replaces (or appends) the marked section `name`, leaving the rest of the file as it was. */
export async function writeSection(file: URL, name: string, content: string): Promise<void> {
  const text = await current(file);
  const section = `${begin(name)}\n${content.trim()}\n${end(name)}\n`;
  const start = text.indexOf(begin(name));
  const stop = text.indexOf(end(name));
  const next =
    start >= 0 && stop > start
      ? text.slice(0, start) + section + text.slice(stop + end(name).length).replace(/^\n/, '')
      : `${text.trimEnd()}${text ? '\n\n' : ''}${section}`;
  await writeFile(file, next);
}

/** Writes the unmarked page, keeping every marked section already in the file after it. */
export async function writeMainPage(file: URL, page: string): Promise<void> {
  const sections = (await current(file)).match(NAMED_SECTIONS) ?? [];
  await writeFile(file, `${[page.trimEnd(), ...sections.map((s) => s.trimEnd())].join('\n\n')}\n`);
}
