/** Colours of the workload views: one per policy and one per error code (Okabe–Ito based, colour-blind safe). */
import type { ErrorCode, PolicyKind } from '../../core/model/types.ts';

export const POLICY_COLOUR: Record<PolicyKind, string> = {
  global: '#CC79A7',
  local: '#009E73',
  split: '#E69F00',
  linux: '#56B4E9',
};

/**
 * Vermillion is EBUSY, the thread's failure; the others are told apart by hue and order.
 * None is a policy's colour: a plot that shows both never makes a code look like a policy
 * (palette.test.ts checks the distances, also under simulated deuteranopia).
 */
export const CODE_COLOUR: Record<ErrorCode, string> = {
  EBUSY: '#D55E00',
  ENOSPC: '#F0E442',
  EOPNOTSUPP: '#B39DDB',
  ENOENT: '#7d8a99',
  EINVAL: '#4DD0E1',
  EOVERFLOW: '#FFB38A',
  EFAULT: '#9CCC65',
  ERANGE: '#3D8FD1',
  ENODEV: '#F5C46A',
  EEXIST: '#E0E0E0',
};

/** Map cells by owner class (workload-backend OWNER): host process, guest, fill tenant; and several in one pixel. */
export const CELL_COLOUR = {
  host: [230, 159, 0],
  guest: [86, 180, 233],
  fill: [125, 138, 153],
  mixed: [232, 238, 245],
} as const;
