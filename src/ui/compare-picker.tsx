/**
 * Which policies compare mode shows: all four, or any two side by side (A/B, e.g. global
 * against split). Choosing a pair turns compare mode on. A select, so the keyboard has it.
 */
import { POLICY_KINDS, type PolicyKind } from '../core/model/types.ts';
import { useAppStore, validPair, type PolicyPair } from '../store/store.ts';
import { pointerFocus, releaseIfPointer } from './pointer-focus.ts';

const ALL = 'all';

/** Every unordered pair, in the order of the kinds. */
const PAIRS: PolicyPair[] = POLICY_KINDS.flatMap((a, i) => POLICY_KINDS.slice(i + 1).map((b) => [a, b] as const));

const valueOf = (p: PolicyPair) => `${p[0]}:${p[1]}`;

function pairOf(v: string): PolicyPair | null {
  const [a, b] = v.split(':');
  const known = (k: string | undefined): k is PolicyKind => (POLICY_KINDS as readonly string[]).includes(k ?? '');
  return known(a) && known(b) ? validPair(a, b) : null;
}

export function ComparePicker() {
  const pair = useAppStore((s) => s.pair);
  const setPair = useAppStore((s) => s.setPair);
  const setCompare = useAppStore((s) => s.setCompare);
  // A pair from a link need not be one of the listed orders (split before global): it is listed as it is.
  const listed = pair && !PAIRS.some((p) => valueOf(p) === valueOf(pair)) ? [...PAIRS, pair] : PAIRS;
  return (
    <label className="field compare-pick">
      <span className="sr-only">Policies compared</span>
      <select
        aria-label="Policies compared"
        title="Compare all four policies, or two side by side (A/B)"
        value={pair ? valueOf(pair) : ALL}
        {...pointerFocus}
        onChange={(e) => {
          releaseIfPointer(e.currentTarget);
          const next = e.target.value === ALL ? null : pairOf(e.target.value);
          void setPair(next).then(() => (useAppStore.getState().compare ? undefined : setCompare(true)));
        }}
      >
        <option value={ALL}>all four</option>
        {listed.map((p) => (
          <option key={valueOf(p)} value={valueOf(p)}>
            {p[0]} / {p[1]}
          </option>
        ))}
      </select>
    </label>
  );
}
