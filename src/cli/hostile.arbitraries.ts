/**
 * fast-check arbitraries of hostile scenario input for the command's property tests:
 * any JSON, scenario-shaped documents with hostile names, notes and numbers, the bundled
 * scenarios with one value swapped for a hostile one, deep nesting, prototype names.
 */
import fc from 'fast-check';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { cli, root, tmpDir } from './cli.testkit.ts';
import { expectSafe, problemPaths } from './hostile-corpus.testkit.ts';

export const PROTO_NAMES = ['constructor', 'toString', 'valueOf', 'hasOwnProperty', '__proto__', 'prototype', '__defineGetter__'];

/** Strings a terminal would act on: escape sequences, C0/C1 controls, bidi overrides, lone surrogates. */
export const controlText = fc.string({
  unit: fc.constantFrom('\x1b', '\x07', '\x00', '\r', '\n', '\x7f', '\u009b', '\u202e', '\u2028', '\ud800', '[', ']', ';', '2J', '0', 'a', '8', '\\'),
  minLength: 1,
  maxLength: 12,
});

export const hugeNumber = fc.oneof(
  fc.constantFrom(1e308, -1e308, 2 ** 53 + 2, -(2 ** 53) - 2, 1e21, -0, 0.5, 2 ** 31, 2 ** 32, -1),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
);

/** `n` distinct names, each plain or drawn from `hostile`. */
const names = (n: number, plain: readonly string[], hostile: fc.Arbitrary<string>) =>
  fc.uniqueArray(fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...plain) }, { weight: 1, arbitrary: hostile }), {
    minLength: n,
    maxLength: n,
  });

const KINDS = ['global', 'local', 'split', 'linux'] as const;
const PF = '0000:3b:00.0';
const VF = '0000:3b:00.1';
const DSA = '0000:6a:01.0';

/**
 * Documents shaped like a scenario, valid in their structure (so that many of them run),
 * whose ids — hosts, VMs, processes, device aliases — come from `hostile` as often as
 * not, and whose notes, labels and numbers are hostile too. References pick from the
 * declared ids, now and then from anywhere.
 */
export function scenarioShaped(hostile: fc.Arbitrary<string> = controlText) {
  return fc
    .record({
      hosts: names(2, ['A', 'B', 'C'], hostile),
      vms: names(2, ['vm1', 'vm2', 'vm3'], hostile),
      procs: names(3, ['p1', 'p2', 'p3', 'app'], hostile),
      aliases: names(2, ['nic0', 'dsa0', 'dev'], hostile),
      kind: fc.constantFrom(...KINDS),
      pasidBits: fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 1, max: 20 }) }, { weight: 1, arbitrary: hugeNumber }),
      label: controlText,
      seed: fc.array(fc.tuple(fc.nat(10), fc.nat(), fc.nat(), fc.nat(), fc.option(controlText), fc.option(fc.oneof({ weight: 6, arbitrary: fc.boolean() }, { weight: 6, arbitrary: fc.integer({ min: 0, max: 8 }) }, { weight: 1, arbitrary: hugeNumber }))), { maxLength: 14 }),
    })
    .map(({ hosts, vms, procs, aliases, kind, pasidBits, label, seed }) => {
      const pick = <T>(xs: readonly T[], k: number) => xs[k % xs.length];
      const events = seed.map(([op, a, b, c, note, expect]) => {
        const vm = pick(vms, a);
        const host = pick(hosts, a);
        const process = pick(procs, b);
        const device = pick(aliases, c);
        const fn = pick([PF, VF, DSA], b + c);
        const e: Record<string, unknown> = [
          { op: 'assign', vm, ...(c % 2 ? { adiOf: DSA } : { function: VF }), as: device },
          { op: 'unassign', vm, device },
          { op: 'guest.alloc', vm, process, kind: c % 2 ? 'shared' : 'local' },
          { op: 'guest.bind', vm, process, device },
          { op: 'guest.unbind', vm, process, device },
          { op: 'guest.free', vm, process },
          { op: 'host.bind', host, process, function: fn },
          { op: 'host.unbind', host, process, function: fn },
          { op: 'host.exit', host, process },
          c % 2 ? { op: 'enqcmd', vm, process, device } : { op: 'enqcmd', host, process, function: DSA },
          { op: 'migrate', vm, to: pick(hosts, a + 1), ...(b % 3 === 0 ? { map: { [device]: VF } } : {}) },
        ][op];
        if (note !== null) e.note = note;
        if (expect !== null) e.expect = typeof expect === 'boolean' ? { ok: expect } : { pasid: expect };
        return e;
      });
      return {
        format: 'pasidscope/1',
        title: label,
        hosts: hosts.map((id) => ({
          id,
          policy: { kind },
          functions: [
            { rid: PF, kind: 'pf', pasidBits, label },
            { rid: VF, kind: 'vf', pf: PF },
            { rid: DSA, kind: 'pf', swq: true, siov: true },
          ],
        })),
        vms: vms.map((id, i) => ({ id, host: hosts[0], viommu: { pasidAlloc: i === 0 } })),
        events,
      };
    });
}

const bundled = readdirSync(join(root, 'public/scenarios'))
  .sort()
  .map((f) => readFileSync(join(root, 'public/scenarios', f), 'utf8'));

/** A bundled scenario with one string or number somewhere in it replaced by `value`. */
export function bundledWith(value: fc.Arbitrary<unknown>) {
  return fc.tuple(fc.nat({ max: bundled.length - 1 }), fc.nat(), value).map(([k, at, v]) => {
    const doc = JSON.parse(bundled[k]);
    const leaves: [Record<string, unknown>, string][] = [];
    const todo: unknown[] = [doc];
    while (todo.length) {
      const x = todo.pop();
      if (typeof x !== 'object' || x === null) continue;
      for (const [key, y] of Object.entries(x)) {
        if (typeof y === 'object' && y !== null) todo.push(y);
        else leaves.push([x as Record<string, unknown>, key]);
      }
    }
    const [obj, key] = leaves[at % leaves.length];
    obj[key] = v;
    return doc;
  });
}

/**
 * A bundled scenario with `value` at one of the places whose handling once recursed over
 * the value (format, an op, a policy kind, an expected code), or anywhere else.
 */
export function bundledWithAt(value: fc.Arbitrary<unknown>) {
  const targeted = fc.tuple(fc.nat({ max: bundled.length - 1 }), fc.nat(3), fc.nat(), value).map(([k, where, i, v]) => {
    const doc = JSON.parse(bundled[k]);
    if (where === 0) doc.format = v;
    else if (where === 1) doc.events[i % doc.events.length].op = v;
    else if (where === 2) doc.hosts[i % doc.hosts.length].policy.kind = v;
    else doc.events[i % doc.events.length].expect = { code: v };
    return doc;
  });
  return fc.oneof(targeted, bundledWith(value));
}

/** `inner` wrapped in `depth` arrays or objects, as JSON text (no recursion). */
export function nestedText(depth: number, objects: boolean, inner = '1'): string {
  return objects ? '{"a":'.repeat(depth) + inner + '}'.repeat(depth) : '['.repeat(depth) + inner + ']'.repeat(depth);
}

const dir = tmpDir();
let n = 0;

/**
 * The property every input must have through `pasidscope run` (and its JSON form):
 * rejected with problems and exit 2, or run with invariants held (exit 0 or 1); never
 * an internal error or a stack, never a raw control character in the output.
 */
export async function expectHandled(text: string): Promise<void> {
  const file = join(dir, `case-${n++ % 8}.json`);
  writeFileSync(file, text);
  const r = await cli('run', file);
  expectSafe('run', r);
  expect([0, 1, 2]).toContain(r.code);
  if (r.code === 2) {
    expect(r.out).toBe('');
    expect(problemPaths(r.err, file).length).toBeGreaterThan(0);
    return;
  }
  expect(r.out).toMatch(/invariants: hold; warnings: \d+\n$/);
  const j = await cli('run', file, '--json');
  expectSafe('run --json', j);
  expect(JSON.parse(j.out).violations).toEqual([]);
}
