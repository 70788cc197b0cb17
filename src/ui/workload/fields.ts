/**
 * The workload form's fields: labels, groups, how a typed value is read, and the
 * validation (the core's zod schema, so the panel, the CLI and the worker agree).
 */
import { workloadParamsSchema, MAX_EVENTS, type WorkloadParams } from '../../core/fleet/workload.ts';

export type FieldType = 'int' | 'share' | 'weight' | 'list';

export interface FieldSpec {
  name: keyof WorkloadParams;
  label: string;
  type: FieldType;
  help: string;
}

export interface FieldGroup {
  title: string;
  fields: FieldSpec[];
}

export const FIELD_GROUPS: FieldGroup[] = [
  {
    title: 'Run',
    fields: [
      {
        name: 'seed',
        label: 'Seed',
        type: 'int',
        help: 'same seed and knobs, same events, on every machine',
      },
      {
        name: 'events',
        label: 'Events',
        type: 'int',
        help: `events generated, setup included (1 to ${MAX_EVENTS.toLocaleString('en')})`,
      },
    ],
  },
  {
    title: 'Fleet',
    fields: [
      { name: 'hosts', label: 'Hosts', type: 'int', help: 'hosts in the fleet' },
      { name: 'pfs', label: 'PFs per host', type: 'int', help: 'physical functions per host' },
      {
        name: 'siov',
        label: 'SIOV share',
        type: 'share',
        help: 'share of PFs that are Scalable-IOV parents (0–1 or %)',
      },
      {
        name: 'swq',
        label: 'SWQ share',
        type: 'share',
        help: 'share of PFs with a shared work queue (ENQCMD)',
      },
      {
        name: 'vfsPerPf',
        label: 'VFs per PF',
        type: 'int',
        help: 'VFs on each PF that is not a SIOV parent',
      },
      {
        name: 'widths',
        label: 'PF widths',
        type: 'list',
        help: 'PASID widths the PFs draw from, e.g. 20,16,8',
      },
      { name: 'iommuBits', label: 'IOMMU bits', type: 'int', help: "the IOMMU's PASID width" },
    ],
  },
  {
    title: 'VMs',
    fields: [
      { name: 'vmsPerHost', label: 'VMs per host', type: 'int', help: 'VMs started on each host' },
      { name: 'vfsPerVm', label: 'VFs per VM', type: 'int', help: 'passed-through VFs per VM (v==p)' },
      {
        name: 'adisPerVm',
        label: 'ADIs per VM',
        type: 'int',
        help: 'assignable device interfaces per VM (v!=p)',
      },
      {
        name: 'pasidAlloc',
        label: 'vIOMMU alloc share',
        type: 'share',
        help: "share of VMs whose vIOMMU allocates PASIDs (needed by global and split's shared PASIDs)",
      },
    ],
  },
  {
    title: 'Churn',
    fields: [
      {
        name: 'hostProcs',
        label: 'Host processes',
        type: 'int',
        help: 'live host SVA processes per host the churn hovers around',
      },
      {
        name: 'guestProcs',
        label: 'Guest processes',
        type: 'int',
        help: 'live guest processes per VM the churn hovers around',
      },
      {
        name: 'hostChurn',
        label: 'Host churn weight',
        type: 'weight',
        help: 'relative weight of host-process starts and exits',
      },
      {
        name: 'guestChurn',
        label: 'Guest churn weight',
        type: 'weight',
        help: 'relative weight of guest-process starts and frees',
      },
      {
        name: 'migrate',
        label: 'Migration weight',
        type: 'weight',
        help: 'relative weight of live migrations',
      },
      {
        name: 'enqcmd',
        label: 'ENQCMD share',
        type: 'share',
        help: 'share of starts on a shared-WQ device that submit an ENQCMD',
      },
    ],
  },
  {
    title: 'Fill before the first event',
    fields: [
      {
        name: 'fill',
        label: 'Fill level',
        type: 'share',
        help: "share of each filled host's spaces taken by its own tenants (0–1 or %)",
      },
      {
        name: 'fillHosts',
        label: 'Filled hosts',
        type: 'int',
        help: 'how many hosts are filled, from h0 (empty: all)',
      },
    ],
  },
];

export const FIELDS: FieldSpec[] = FIELD_GROUPS.flatMap((g) => g.fields);

/** Read one typed value; a message when it cannot be read. */
export function readField(
  spec: FieldSpec,
  raw: string,
): { ok: true; value: unknown } | { ok: false; message: string } {
  const s = raw.trim();
  if (s === '')
    return spec.name === 'fillHosts' ? { ok: true, value: undefined } : { ok: false, message: 'required' };
  switch (spec.type) {
    case 'int':
      return /^-?\d+$/.test(s)
        ? { ok: true, value: Number(s) }
        : { ok: false, message: `"${raw}" is not a whole number` };
    case 'share':
    case 'weight': {
      const v = s.endsWith('%') ? Number(s.slice(0, -1)) / 100 : Number(s);
      return Number.isFinite(v) ? { ok: true, value: v } : { ok: false, message: `"${raw}" is not a number` };
    }
    case 'list': {
      const parts = s.split(/[,\s]+/).filter(Boolean);
      return parts.every((p) => /^\d+$/.test(p))
        ? { ok: true, value: parts.map(Number) }
        : { ok: false, message: `"${raw}" is not a list of whole numbers` };
    }
  }
}

export type FormCheck = { ok: true; params: WorkloadParams } | { ok: false; errors: Record<string, string> };

/** Validate the whole form: each field, then the knobs together (the core's schema). */
export function checkFields(fields: Record<string, string>, fillPattern: string): FormCheck {
  const errors: Record<string, string> = {};
  const input: Record<string, unknown> = { fillPattern };
  for (const f of FIELDS) {
    const r = readField(f, fields[f.name] ?? '');
    if (!r.ok) errors[f.name] = r.message;
    else if (r.value !== undefined) input[f.name] = r.value;
  }
  const parsed = workloadParamsSchema.safeParse(input);
  if (!parsed.success)
    for (const i of parsed.error.issues) {
      const key = String(i.path[0] ?? 'seed');
      if (!errors[key]) errors[key] = i.message;
    }
  if (Object.keys(errors).length || !parsed.success) return { ok: false, errors };
  return { ok: true, params: parsed.data };
}
