/**
 * npm run bench [-- --json] [-- --only name,name]
 *
 * Imports every bench/*.bench.ts (each registers itself, see registry.ts), runs them and
 * prints a table, or with --json exactly
 * { "format": "pasidscope-bench/1", "results": [{ "name", "unit", "value", "baseline", "ratio" }] }
 * on stdout (notes and progress go to stderr).
 */
import { readdirSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { registered, type BenchContext, type BenchResult } from './registry.ts';

const args = process.argv.slice(2);
const json = args.includes('--json');
const onlyArg = args.find((a, i) => a.startsWith('--only=') || args[i - 1] === '--only');
const only = onlyArg ? (onlyArg.startsWith('--only=') ? onlyArg.slice(7) : onlyArg).split(',') : null;

const dir = fileURLToPath(new URL('.', import.meta.url));
for (const file of readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .sort()) {
  await import(pathToFileURL(dir + file).href);
}

const notes: string[] = [];
const ctx: BenchContext = {
  note: (text) => notes.push(text),
  progress: (text) => {
    if (!json) process.stderr.write(`  ${text}…\n`);
  },
};

const results: BenchResult[] = [];
const started = Date.now();
for (const b of registered()) {
  if (only && !only.includes(b.name)) continue;
  results.push(...(await b.fn(ctx)));
}

if (json) {
  const out = results.map(({ name, unit, value, baseline, ratio }) => ({
    name,
    unit,
    value,
    baseline,
    ratio,
  }));
  process.stdout.write(JSON.stringify({ format: 'pasidscope-bench/1', results: out }, null, 2) + '\n');
  for (const n of notes) process.stderr.write(`note: ${n}\n`);
} else {
  const num = (x: number | null) =>
    x === null ? '—' : Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 1 ? x.toFixed(2) : x.toPrecision(3);
  const rows = [
    ['name', 'value', 'baseline', 'unit', 'ratio', 'goal'],
    ...results.map((r) => [r.name, num(r.value), num(r.baseline), r.unit, num(r.ratio), r.goal ?? '']),
  ];
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
  const line = (row: string[]) =>
    row
      .map((cell, c) => (c === 1 || c === 2 || c === 4 ? cell.padStart(widths[c]) : cell.padEnd(widths[c])))
      .join('  ')
      .trimEnd();
  console.log(
    `pasidscope bench — node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'}), ${os.platform()} ${os.arch()}`,
  );
  console.log(line(rows[0]));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows.slice(1)) console.log(line(row));
  if (notes.length) {
    console.log('\nnotes:');
    for (const n of notes) console.log(`- ${n}`);
  }
  console.log(`\n(${((Date.now() - started) / 1000).toFixed(1)} s; ratio = value / baseline)`);
}
