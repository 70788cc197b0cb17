/**
 * link: what the page's URL hash costs (src/store/url-hash.ts, docs/limits.md).
 *
 * - link-bomb-refusal: a 3.4 KB link whose scenario part unpacks to 2 MiB + 1 characters
 *   is refused by its unpacked size; ms per decode (before the bound, lz-string unpacked
 *   such links whole: 114 KB of link became 8.6 MB of scenario).
 * - link-decode-2mib: the largest link the page opens, a realistic 2 MiB scenario (a
 *   generated workload); ms per decode.
 * - link-share-2mib: compressing that scenario once, as Share does for a scenario the
 *   address bar names by reference; ms.
 * - link-step-hash: the hash written at each step for a 64 KiB scenario carried in the
 *   link (the scenario part compressed once and reused), against compressing the whole
 *   view with the text each time as format 2 did; µs per step, ratio to that.
 */
import LZString from 'lz-string';
import { generateWorkload, scenarioFile } from '../src/core/fleet/workload.ts';
import { decodeHash, encodeHash, LINK_LIMITS, type HashView } from '../src/store/url-hash.ts';
import { compare, medianOf, register } from './registry.ts';

function timed(fn: () => void, n = 1): number {
  const t0 = performance.now();
  for (let i = 0; i < n; i++) fn();
  return (performance.now() - t0) / n;
}

register('link', (ctx) => {
  ctx.progress('link: building the links');
  const view = (text: string, step = 0): HashView => ({
    source: { kind: 'inline', name: 'bench.json', text },
    step,
    policy: 'split',
    compare: false,
    selection: null,
  });
  const bomb = encodeHash(view('a'.repeat(LINK_LIMITS.textChars + 1)), { inline: 'always' });
  const bombMs = medianOf(5, () => timed(() => decodeHash(bomb)));

  // A generated workload's JSON, cut to whole events just under the limit.
  const events = generateWorkload({ seed: 1, events: 40_000, hosts: 8 }).scenario;
  const file = scenarioFile(events) as { events: unknown[] };
  let text = JSON.stringify(file);
  while (text.length > LINK_LIMITS.textChars) {
    file.events.length = Math.floor(file.events.length * 0.95);
    text = JSON.stringify(file);
  }
  const shareMs = timed(() => LZString.compressToEncodedURIComponent(text));
  const big = encodeHash(view(text), { inline: 'always' });
  const bigMs = medianOf(3, () => timed(() => decodeHash(big)));
  ctx.note(
    `link: a ${(text.length / 1024 / 1024).toFixed(2)} MiB scenario makes a ${(big.length / 1024).toFixed(0)} KiB link; the bomb link is ${bomb.length} characters`,
  );

  // The largest prefix of it that still rides in the address bar.
  const withEvents = (n: number) => JSON.stringify({ ...file, events: file.events.slice(0, n) });
  let lo = 1;
  let hi = file.events.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (withEvents(mid).length <= LINK_LIMITS.inlineChars) lo = mid;
    else hi = mid - 1;
  }
  const inline = withEvents(lo);
  encodeHash(view(inline));
  let step = 0;
  const stepUs = medianOf(5, () => timed(() => encodeHash(view(inline, ++step)), 200) * 1000);
  const oldUs = medianOf(
    3,
    () =>
      timed(
        () =>
          LZString.compressToEncodedURIComponent(
            JSON.stringify({ src: { n: 'bench.json', t: inline }, step: ++step, policy: 'split' }),
          ),
        5,
      ) * 1000,
  );
  return [
    compare('link-bomb-refusal', 'ms', bombMs, null, '≤ 50'),
    compare('link-decode-2mib', 'ms', bigMs, null, '≤ 500'),
    compare('link-share-2mib', 'ms', shareMs, null, '—'),
    compare('link-step-hash', 'µs', stepUs, oldUs, '≤ 0.1'),
  ];
});
