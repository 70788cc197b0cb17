/**
 * The `pasidscope` command (DOMAIN.md §8): the headless face of the same core.
 * Exit status: 0 every expectation met; 1 an expectation failed or an invariant broke;
 * 2 the input (files or arguments) was rejected, with every problem on stderr.
 */
import { UsageError, parseCommandArgs, type OptionSpec, type ParsedArgs } from './args.ts';
import { Printer, type CliIo } from './printer.ts';
import { RUN_HELP, RUN_OPTIONS, RUN_USAGE, cmdRun } from './run-command.ts';
import { COMPARE_OPTIONS, COMPARE_USAGE, cmdCompare } from './compare-command.ts';

export type { CliIo } from './printer.ts';

export interface Command {
  /** the usage line(s) printed with an argument problem */
  usage: string;
  options: Readonly<Record<string, OptionSpec>>;
  /** the text of `pasidscope CMD --help` (the usage line when absent) */
  help?: string;
  run: (a: ParsedArgs, p: Printer) => number | Promise<number>;
}

const commands = new Map<string, Command>([
  ['run', { usage: RUN_USAGE, help: RUN_HELP, options: RUN_OPTIONS, run: cmdRun }],
  ['compare', { usage: COMPARE_USAGE, options: COMPARE_OPTIONS, run: cmdCompare }],
]);

/** Subcommands whose code is loaded only when they run (so `run` starts without it). */
const lazy = new Map<string, { usage: string; load: () => Promise<Command> }>();

/** Register another subcommand (e.g. `workload`), given at once or loaded when it is asked for. */
export function registerCommand(name: string, c: Command | { usage: string; load: () => Promise<Command> }): void {
  if ('load' in c) lazy.set(name, c);
  else commands.set(name, c);
}

async function commandNamed(name: string): Promise<Command | undefined> {
  const l = lazy.get(name);
  if (l && !commands.has(name)) commands.set(name, await l.load());
  return commands.get(name);
}

function usage(): string {
  return `usage:
  ${[...commands.values(), ...lazy.values()].map((c) => c.usage.split('\n')[0]).join('\n  ')}

  run       run scenarios: files, or directories of *.json (each host under its declared
            policy, or all under --policy); a table, JSON, or JUnit XML for CI
  compare   run one scenario under all four policies and show where their outcomes differ
${commands.has('workload') || lazy.has('workload') ? '  workload  fleet statistics of a seeded workload (pasidscope workload --help)\n' : ''}
exit status: 0 expectations met, 1 an expectation failed or an invariant broke, 2 bad input
limits on input: docs/limits.md`;
}

/** Run the command line `argv` (without `node` and the script) with output on `io`; resolves to the exit status. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const p = new Printer(io);
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    if (name === undefined) for (const line of usage().split('\n')) p.err(line);
    else for (const line of usage().split('\n')) p.line(line);
    return name === undefined ? 2 : 0;
  }
  const cmd = await commandNamed(name);
  try {
    if (!cmd) throw new UsageError(`unknown command "${name}"`);
    const a = parseCommandArgs(rest, cmd.options);
    if (a.values.has('help')) {
      for (const line of (cmd.help ?? `usage: ${cmd.usage}`).split('\n')) p.line(line);
      return 0;
    }
    return await cmd.run(a, p);
  } catch (e) {
    if (e instanceof UsageError) {
      p.err(`pasidscope: ${e.message}`);
      const lines = cmd ? [`usage: ${cmd.usage.split('\n')[0]}`, ...(cmd.help ? [`(pasidscope ${name} --help says more)`] : [])] : usage().split('\n');
      for (const line of lines) p.err(line);
      return 2;
    }
    p.err(`pasidscope: internal error: ${(e as Error).message}`);
    return 1;
  }
}
