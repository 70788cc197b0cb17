/**
 * Reading scenario files as hostile input: only regular files (never a FIFO, a device
 * such as /dev/zero, or a directory where a file is needed), at most LIMITS.bytes bytes,
 * valid UTF-8; and finding the `*.json` files under the directories `run` is given.
 */
import { closeSync, constants, fstatSync, openSync, readSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { LIMITS } from '../core/scenario/limits.ts';

export type ReadResult = { ok: true; text: string } | { ok: false; message: string };

const count = (n: number) => n.toLocaleString('en-US');

const errnoText = (e: unknown) => (e as NodeJS.ErrnoException).code ?? (e as Error).message;

/**
 * Read `file` as UTF-8 text, refusing what is not a regular file or is larger than
 * `maxBytes`. The file is opened without blocking (so a FIFO with no writer cannot hang
 * the open) and checked on the open descriptor, then read up to `maxBytes + 1` bytes
 * (so a file that grows while it is read is still refused). A UTF-8 BOM is kept: the
 * parser decides what it means.
 */
export function readScenarioFile(file: string, maxBytes: number = LIMITS.bytes): ReadResult {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    return { ok: false, message: `cannot read: ${errnoText(e)}` };
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) return { ok: false, message: 'is a directory, not a scenario file' };
    if (!st.isFile()) return { ok: false, message: `is not a regular file (${kindOf(st)}); only files are read` };
    if (st.size > maxBytes) return { ok: false, message: tooLarge(st.size, maxBytes) };
    // Read in pieces until the end, but never more than maxBytes + 1 bytes: the size
    // fstat gives may be wrong (a file that grows, a /proc file that says 0).
    const pieces: Buffer[] = [];
    let got = 0;
    for (;;) {
      const piece = Buffer.allocUnsafe(Math.min(1 << 20, maxBytes + 1 - got));
      const n = readSync(fd, piece, 0, piece.length, null);
      if (n === 0) break;
      pieces.push(n === piece.length ? piece : piece.subarray(0, n));
      got += n;
      if (got > maxBytes) return { ok: false, message: tooLarge(got, maxBytes, true) };
    }
    const buf = Buffer.concat(pieces, got);
    try {
      return { ok: true, text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(buf) };
    } catch {
      return { ok: false, message: 'is not UTF-8 text' };
    }
  } catch (e) {
    return { ok: false, message: `cannot read: ${errnoText(e)}` };
  } finally {
    closeSync(fd);
  }
}

function tooLarge(size: number, max: number, atLeast = false): string {
  return `is ${atLeast ? 'more than ' : ''}${count(atLeast ? max : size)} bytes; scenario files are read up to ${count(max)} bytes (docs/limits.md)`;
}

function kindOf(st: ReturnType<typeof fstatSync>): string {
  if (st.isFIFO()) return 'a FIFO';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'not a file';
}

/** At most this many files from the directories of one `run` (docs/limits.md). */
export const MAX_RUN_FILES = 100_000;
/** Directories deeper than this under a given one are not searched. */
export const MAX_DIR_DEPTH = 32;

/**
 * The files `run PATH...` reads: each PATH that is not a directory as it is given (so
 * that it is reported if it cannot be read), and under each directory every `*.json`
 * regular file, recursively, sorted by path. Symbolic links to directories are not
 * followed (no loops); the same file named twice is read once.
 * Returns the files, or a message when the directories hold too many.
 */
export function collectRunFiles(paths: readonly string[]): { files: string[] } | { message: string } {
  const files: string[] = [];
  const seen = new Set<string>();
  const add = (f: string) => {
    const key = resolve(f);
    if (!seen.has(key)) {
      seen.add(key);
      files.push(f);
    }
  };
  for (const p of paths) {
    let isDir = false;
    try {
      isDir = statSync(p).isDirectory();
    } catch {
      // Reported when it is read.
    }
    if (!isDir) {
      add(p);
      continue;
    }
    const found: string[] = [];
    // Iterative walk; each entry is (directory, depth).
    const todo: [string, number][] = [[p, 0]];
    while (todo.length) {
      const [dir, depth] = todo.pop()!;
      let entries;
      try {
        entries = readdirSync(dir, { withFileTypes: true });
      } catch {
        continue;
      }
      for (const e of entries) {
        const full = join(dir, e.name);
        if (e.isDirectory()) {
          if (depth < MAX_DIR_DEPTH) todo.push([full, depth + 1]);
        } else if (e.name.endsWith('.json') && (e.isFile() || e.isSymbolicLink())) {
          found.push(full);
          if (found.length + files.length > MAX_RUN_FILES)
            return { message: `more than ${count(MAX_RUN_FILES)} *.json files under the paths given (docs/limits.md)` };
        }
      }
    }
    found.sort(byCodePoint);
    for (const f of found) add(f);
  }
  return { files };
}

/** Sort by UTF-16 code units, the same everywhere (localeCompare depends on the locale). */
function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
