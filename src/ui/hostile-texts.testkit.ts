/**
 * For tests: a scenario value with every free-text and id field (title, description, host,
 * VM and group ids, RIDs, labels, aliases, processes, notes) rewritten, enums (op, kind,
 * policy kind, codes) left alone, so references still match. The SVG export's unit test
 * and the page's hostile e2e test wrap S1's texts in characters XML forbids.
 */
const TEXT_KEYS = new Set([
  'title',
  'description',
  'id',
  'host',
  'rid',
  'pf',
  'label',
  'vm',
  'as',
  'process',
  'function',
  'to',
  'note',
  'device',
]);

export function withTexts(v: unknown, rewrite: (s: string, key: string) => string, key = ''): unknown {
  if (typeof v === 'string') return TEXT_KEYS.has(key) ? rewrite(v, key) : v;
  if (Array.isArray(v)) return v.map((x) => withTexts(x, rewrite, key));
  if (v && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, withTexts(x, rewrite, k)]));
  return v;
}
