/** Entry point: every subcommand registered, then `main`. */
export { main } from './main.ts';
