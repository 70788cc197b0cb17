/** Entry point: every subcommand registered, then `main`. */
import { registerCommand } from './main.ts';

// Loaded when asked for: the fleet code and its schemas would cost every `run` start-up.
registerCommand('workload', {
  usage: 'pasidscope workload --seed S [options] [--policy KIND] [--json]',
  load: async () => {
    const w = await import('./workload.ts');
    return { usage: w.WORKLOAD_USAGE_LINE, help: w.WORKLOAD_USAGE, options: w.WORKLOAD_OPTIONS, run: w.cmdWorkload };
  },
});

export { main } from './main.ts';
export type { CliIo } from './main.ts';
