/**
 * Strict command-line arguments (DOMAIN.md §8): Node's own `util.parseArgs` splits them
 * into tokens, and every token is then checked against the command's options, so an
 * unknown flag (`--polcy`), a value given to a switch (`--json=false`), a repeated
 * option, a missing value or a value outside its choices is refused with a message that
 * names it, before anything runs.
 */
import { parseArgs } from 'node:util';

/** An argument problem: the command prints it with its usage line and exits 2. */
export class UsageError extends Error {}

export interface OptionSpec {
  /** `flag` takes no value; `value` takes exactly one */
  type: 'flag' | 'value';
  /** the values allowed, when they are a fixed few */
  choices?: readonly string[];
  /** the value's name in messages (`KIND`, `FILE`) */
  meta?: string;
}

export interface ParsedArgs {
  positionals: string[];
  /** each option given, by its long name: `true` for a flag, the text for a value */
  values: Map<string, string | true>;
}

/** The options every command takes. */
export const HELP: Record<string, OptionSpec> = { help: { type: 'flag' } };

/**
 * Split `argv` (after the subcommand) by `spec`; `-h` is `--help`. Throws a UsageError
 * on anything the spec does not allow.
 */
export function parseCommandArgs(argv: readonly string[], spec: Readonly<Record<string, OptionSpec>>): ParsedArgs {
  // Every option is read as a string option by parseArgs: the checks below tell flags
  // from values, so that `--policy --json` is a missing value, not a policy named "--json".
  const known = new Map(Object.entries(spec));
  const { tokens } = parseArgs({
    args: [...argv],
    strict: false,
    allowPositionals: true,
    tokens: true,
    options: Object.fromEntries([...known].map(([name, o]) => [name, { type: o.type === 'flag' ? 'boolean' : 'string' }])),
  });
  const values = new Map<string, string | true>();
  const positionals: string[] = [];
  for (const t of tokens) {
    if (t.kind === 'positional') positionals.push(t.value);
    if (t.kind !== 'option') continue;
    const name = t.name === 'h' && t.rawName === '-h' ? 'help' : t.name;
    const o = known.get(name);
    if (!o) throw new UsageError(`unknown option ${t.rawName}`);
    if (values.has(name)) throw new UsageError(`${t.rawName} is given more than once`);
    if (o.type === 'flag') {
      if (t.value !== undefined) throw new UsageError(`${t.rawName} takes no value (got "${t.value}")`);
      values.set(name, true);
      continue;
    }
    const v = t.value;
    const meta = o.meta ?? 'VALUE';
    if (v === undefined || v === '' || (!t.inlineValue && v.startsWith('-')))
      throw new UsageError(`${t.rawName} needs a value (${t.rawName} ${meta})`);
    if (o.choices && !o.choices.includes(v))
      throw new UsageError(`${t.rawName} must be one of ${o.choices.join(', ')}, got "${v}"`);
    values.set(name, v);
  }
  return { positionals, values };
}
