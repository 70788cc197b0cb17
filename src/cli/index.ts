/** Entry point: every subcommand registered, then `main`. */
import { registerCommand } from './main.ts';
import { cmdWorkload } from './workload.ts';

registerCommand('workload', cmdWorkload);

export { main } from './main.ts';
