/**
 * The process around `main` (bundled into bin/dist/pasidscope.cjs by bin/build.mjs):
 * stdout is written in 64 KB pieces, waiting when a slow reader has not taken the last
 * ones, and a reader that goes away (`pasidscope run … | head`) ends the command quietly
 * with status 141, as a program killed by SIGPIPE reports, instead of an EPIPE stack.
 */
import { main } from './index.ts';

const PIECE = 64 * 1024;
let pending = '';

function flush(): void {
  if (pending === '') return;
  const s = pending;
  pending = '';
  process.stdout.write(s);
}

function closed(e: NodeJS.ErrnoException): void {
  if (e.code === 'EPIPE' || e.code === 'ERR_STREAM_DESTROYED') process.exit(141);
  process.stderr.write(`pasidscope: cannot write: ${e.code ?? e.message}\n`);
  process.exit(1);
}
process.stdout.on('error', closed);
process.stderr.on('error', closed);

void main(process.argv.slice(2), {
  out: (s) => {
    pending += s;
    if (pending.length >= PIECE) flush();
  },
  err: (s) => {
    // Keep stdout and stderr in order where both go to one terminal.
    flush();
    process.stderr.write(s);
  },
  drain: () => {
    flush();
    // Always yield: a closed pipe is only reported between two turns of the event loop.
    return new Promise<void>((resolve) => {
      if (process.stdout.writableNeedDrain) process.stdout.once('drain', () => resolve());
      else setImmediate(resolve);
    });
  },
}).then((code) => {
  flush();
  process.exitCode = code;
});
