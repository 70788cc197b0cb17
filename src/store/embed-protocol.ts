/**
 * The embed view's message protocol (docs/embedding.md): what a host page may send to an
 * embedded pasidscope with `postMessage`, and the state the embed sends back. Every
 * message carries `pasidscope: 1`, the protocol version, so a later version can be told
 * apart and other traffic on the same window (a slide framework's own messages) is never
 * mistaken for a command. Everything that arrives is validated here before it is used.
 */
import { z } from 'zod';
import { POLICY_KINDS, type PolicyKind } from '../core/model/types.ts';
import type { PolicyChoice } from '../worker/engine.ts';

/** The protocol version this build speaks. */
export const EMBED_PROTOCOL = 1 as const;

/** The largest step a command may name (the store clamps to the scenario's length). */
export const MAX_STEP = 10_000_000;

const version = z.literal(EMBED_PROTOCOL);
const policyChoice = z.enum(['declared', ...POLICY_KINDS]);

/** A command from the host page. Unknown fields make a message malformed (strict objects). */
export const commandSchema = z.discriminatedUnion('command', [
  /** one step forward */
  z.strictObject({ pasidscope: version, command: z.literal('next') }),
  /** one step back */
  z.strictObject({ pasidscope: version, command: z.literal('prev') }),
  /** go to a step: 0 is before the first event, the scenario's length after the last */
  z.strictObject({ pasidscope: version, command: z.literal('seek'), step: z.number().int().min(0).max(MAX_STEP) }),
  /** show the scenario under one policy on every host, or as each host declares */
  z.strictObject({ pasidscope: version, command: z.literal('policy'), policy: policyChoice }),
  /** the four policies side by side, or one */
  z.strictObject({ pasidscope: version, command: z.literal('compare'), on: z.boolean() }),
  /** ask for the current state (it also subscribes the sender to later changes) */
  z.strictObject({ pasidscope: version, command: z.literal('state') }),
]);

export type EmbedCommand = z.infer<typeof commandSchema>;

/** The outcome of the event that led to the current step, as the timeline chip shows it. */
export interface EmbedOutcome {
  /** the event's op, e.g. `migrate` */
  op: string;
  ok: boolean;
  /** the error code when the event failed, e.g. `EBUSY` */
  code?: string;
  /** what the actor sees: the gPASID for guest ops, the process PASID for host ops */
  pasid?: number;
  /** what the host IOMMU holds for it */
  hpasid?: number;
  /** enqcmd: the PASID on the wire */
  wire?: number;
  /** EFAULT: `vmexit`, `unmapped` or `breach` */
  fault?: string;
  /** the chip's text: `ok 0x1000`, `EBUSY` */
  chip: string;
}

/** The state the embed posts to its host on every change and on a `state` command. */
export interface EmbedState {
  pasidscope: typeof EMBED_PROTOCOL;
  event: 'state';
  /** the scenario is open and the rest of the fields describe it */
  ready: boolean;
  /** why the view could not open (a bad parameter, an unknown scenario), else null */
  error: string | null;
  /** the bundled file name, or the name of a scenario carried in a link */
  scenario: string | null;
  title: string | null;
  /** the current step: 0 before the first event, `length` after the last */
  step: number;
  /** the number of events */
  length: number;
  policy: PolicyChoice;
  compare: boolean;
  /** under the shown policy; in compare mode under `policy` when it is one of the four kinds, else null; null at step 0 */
  outcome: EmbedOutcome | null;
  /** in compare mode, the outcome under each policy; else null */
  outcomes: Record<PolicyKind, EmbedOutcome | null> | null;
  /** messages ignored so far: from a window or origin not allowed, and allowed but malformed */
  debug: { refused: number; malformed: number };
}

const outcomeSchema = z.strictObject({
  op: z.string(),
  ok: z.boolean(),
  code: z.string().optional(),
  pasid: z.number().int().optional(),
  hpasid: z.number().int().optional(),
  wire: z.number().int().optional(),
  fault: z.string().optional(),
  chip: z.string(),
});

/** The state message, for hosts written in TypeScript that want to check what they receive. */
export const stateSchema = z.strictObject({
  pasidscope: version,
  event: z.literal('state'),
  ready: z.boolean(),
  error: z.string().nullable(),
  scenario: z.string().nullable(),
  title: z.string().nullable(),
  step: z.number().int().min(0),
  length: z.number().int().min(0),
  policy: policyChoice,
  compare: z.boolean(),
  outcome: outcomeSchema.nullable(),
  outcomes: z.strictObject({ global: outcomeSchema.nullable(), local: outcomeSchema.nullable(), split: outcomeSchema.nullable(), linux: outcomeSchema.nullable() }).nullable(),
  debug: z.strictObject({ refused: z.number().int().min(0), malformed: z.number().int().min(0) }),
});

/** Read a message's data as a command; null when it is not one. Never throws. */
export function parseCommand(data: unknown): EmbedCommand | null {
  const r = commandSchema.safeParse(data);
  return r.success ? r.data : null;
}
