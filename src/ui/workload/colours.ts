/** Colours of the workload views: one per policy and one per error code (Okabe–Ito based, colour-blind safe). */
import type { ErrorCode, PolicyKind } from '../../core/model/types.ts';

export const POLICY_COLOUR: Record<PolicyKind, string> = {
  global: '#CC79A7',
  local: '#009E73',
  split: '#E69F00',
  linux: '#56B4E9',
};

/** Vermillion is EBUSY, the thread's failure; the others are told apart by hue and order. */
export const CODE_COLOUR: Record<ErrorCode, string> = {
  EBUSY: '#D55E00',
  ENOSPC: '#F0E442',
  EOPNOTSUPP: '#CC79A7',
  ENOENT: '#7d8a99',
  EINVAL: '#56B4E9',
  EOVERFLOW: '#E69F00',
  EFAULT: '#009E73',
  ERANGE: '#3D8FD1',
  ENODEV: '#F5C46A',
  EEXIST: '#A6D8F5',
};

/** Map cells by owner class (workload-backend OWNER): host process, guest, fill tenant; and several in one pixel. */
export const CELL_COLOUR = {
  host: [230, 159, 0],
  guest: [86, 180, 233],
  fill: [125, 138, 153],
  mixed: [232, 238, 245],
} as const;
