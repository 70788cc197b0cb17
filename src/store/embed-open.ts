/**
 * Open the scenario an embed URL names (embed-params.ts): a bundled file by `scenario=`,
 * or the view of a share link's hash, with `step`, `policy` and `compare` from the query
 * taking precedence. Whatever goes wrong ends in the embed status's problems, which the
 * frame shows and the state message carries, never in an exception.
 */
import { bundledByFile } from './bundled.ts';
import type { EmbedParams } from './embed-params.ts';
import { useEmbedStatus } from './embed-state.ts';
import { useAppStore, type OpenOptions, type Source } from './store.ts';
import { quote } from './notice-text.ts';
import { decodeHash } from './url-hash.ts';

function fail(problems: string[]): false {
  useEmbedStatus.setState({ phase: 'error', problems });
  return false;
}

/** The bundled file a `scenario=` names: its exact file name, or that name without `.json`. */
function bundled(name: string) {
  return bundledByFile(name) ?? bundledByFile(`${name}.json`);
}

/** Open the embed's scenario; true when it is open. */
export async function openEmbed(params: EmbedParams, hash: string): Promise<boolean> {
  let text: string;
  let source: Source;
  const opts: OpenOptions = {};
  const fromHash = params.scenario === undefined ? decodeHash(hash) : ({ ok: 'empty' } as const);
  if (params.scenario !== undefined) {
    const b = bundled(params.scenario);
    if (!b) return fail([`scenario: this version has no bundled scenario “${params.scenario}”`]);
    text = b.text;
    source = { kind: 'bundled', file: b.file };
  } else if (fromHash.ok === true) {
    const v = fromHash.view;
    if (v.source.kind === 'recent')
      return fail(['the link names a scenario kept in the browser that made it (too large for a link): embed a link made with Share, or a bundled scenario']);
    if (v.source.kind === 'bundled') {
      const b = bundledByFile(v.source.file);
      if (!b) return fail([`the link names the bundled scenario “${quote(v.source.file)}”, which this version does not have`]);
      text = b.text;
    } else text = v.source.text;
    source = v.source;
    Object.assign(opts, { step: v.step, policy: v.policy, compare: v.compare, selection: v.selection });
  } else if (fromHash.ok === false) {
    return fail([`the link could not be opened: ${fromHash.reason}`]);
  } else {
    return fail(['no scenario: add scenario=<bundled file name> or a share link’s #… to the address']);
  }
  if (params.step !== undefined) opts.step = params.step;
  if (params.policy !== undefined) opts.policy = params.policy;
  if (params.compare !== undefined) opts.compare = params.compare;

  const ok = await useAppStore.getState().open(text, source, opts);
  if (!ok) {
    const s = useAppStore.getState();
    const problems = s.rejected?.problems.slice(0, 5).map((p) => (p.path ? `${p.path}: ${p.message}` : p.message)) ?? [s.notice ?? 'the scenario could not be opened'];
    return fail(problems.length ? problems : ['the scenario could not be opened']);
  }
  useEmbedStatus.setState({ phase: 'ready', problems: [] });
  return true;
}
