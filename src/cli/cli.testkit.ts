/** Helpers the command-line tests share: the command in-process, and temporary files. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from './index.ts';

export const root = join(import.meta.dirname, '../..');

/** Run `pasidscope ...argv` in this process; stdout and stderr as text. */
export async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join(''), err: err.join('') };
}

export function tmpDir(): string {
  return mkdtempSync(join(tmpdir(), 'pasidscope-'));
}

/** Write `content` to `name` in `dir` (a new temporary directory by default); returns its path. */
export function tmp(name: string, content: string | Uint8Array, dir = tmpDir()): string {
  const f = join(dir, name);
  writeFileSync(f, content);
  return f;
}
