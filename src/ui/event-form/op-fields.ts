/**
 * What the event form asks for each op (DOMAIN.md §5), what it offers in each field at a
 * given event — only the hosts, RIDs, VMs, device aliases and processes that exist there —
 * and how the answers become an event. Pure: the form component only lays these out.
 * Form values live in a Map keyed by field name (the names are ours, the values the user's).
 */
import { OPS } from '../../core/scenario/index.ts';
import type { Facts } from '../editor/scenario-facts.ts';

export type Op = (typeof OPS)[number];
export type FieldName = 'vm' | 'host' | 'actor' | 'process' | 'device' | 'function' | 'target' | 'as' | 'kind' | 'pasid' | 'to' | 'mapDevice' | 'mapRid' | 'note';

export interface FieldSpec {
  name: FieldName;
  label: string;
  /** `choice`: one of `options`; `name`: free text with `options` suggested; `number`; `text` */
  type: 'choice' | 'name' | 'number' | 'text';
  required: boolean;
  options: string[];
  hint?: string;
}

export type Values = Map<FieldName, string>;

const sorted = (s: Iterable<string> | undefined) => [...(s ?? [])].sort();

/** Which side the actor of an `enqcmd` is: `vm:ID` or `host:ID`. */
function actorOf(values: Values): { vm?: string; host?: string } {
  const a = values.get('actor') ?? '';
  if (a.startsWith('vm:')) return { vm: a.slice(3) };
  if (a.startsWith('host:')) return { host: a.slice(5) };
  return {};
}

/** The fields of `op` at the point `facts` describe, given what is chosen so far. */
export function fieldsFor(op: Op, facts: Facts, values: Values): FieldSpec[] {
  const vms = sorted(facts.vmHost.keys());
  const hosts = sorted(facts.hosts.keys());
  const vm = values.get('vm') ?? '';
  const host = values.get('host') ?? '';
  const vmHost = facts.vmHost.get(vm) ?? '';
  const aliases = sorted(facts.aliases.get(vm));
  const guestProcs = sorted(facts.guestProcs.get(vm));
  const hostProcs = sorted(facts.hostProcs.get(host));
  const rids = facts.hosts.get(host)?.rids ?? [];
  const f = (name: FieldName, label: string, type: FieldSpec['type'], options: string[], required = true, hint?: string): FieldSpec => ({ name, label, type, required, options, hint });
  const note = f('note', 'Note shown as the caption', 'text', [], false);
  const vmField = f('vm', 'VM', 'choice', vms);
  const hostField = f('host', 'Host', 'choice', hosts);
  switch (op) {
    case 'assign': {
      const h = facts.hosts.get(vmHost);
      const target = values.get('target') === 'adiOf' ? h?.pfs ?? [] : h?.rids ?? [];
      return [
        vmField,
        f('target', 'Device type', 'choice', ['function', 'adiOf'], true, 'function: pass a PF/VF through (v==p); adiOf: an ADI of a PF (v!=p)'),
        f('function', `Function on host ${vmHost || '…'}`, 'choice', target),
        f('as', 'Alias (as)', 'name', [], false, 'the name later guest ops use; default: the RID'),
        note,
      ];
    }
    case 'unassign':
      return [vmField, f('device', 'Device alias', 'choice', aliases), note];
    case 'guest.alloc':
      return [
        vmField,
        f('process', 'Guest process', 'name', [], true, guestProcs.length ? `already allocated: ${guestProcs.join(', ')}` : undefined),
        f('kind', 'PASID kind', 'choice', ['local', 'shared'], false),
        f('pasid', 'Ask for PASID', 'number', [], false),
        note,
      ];
    case 'guest.bind':
    case 'guest.unbind':
      return [vmField, f('process', 'Guest process', 'choice', guestProcs), f('device', 'Device alias', 'choice', aliases), note];
    case 'guest.free':
      return [vmField, f('process', 'Guest process', 'choice', guestProcs), note];
    case 'host.bind':
      return [hostField, f('process', 'Host process', 'name', hostProcs, true, 'an existing process, or a new name (created on first use)'), f('function', 'Function', 'choice', rids), note];
    case 'host.unbind':
      return [hostField, f('process', 'Host process', 'choice', hostProcs), f('function', 'Function', 'choice', rids), note];
    case 'host.exit':
      return [hostField, f('process', 'Host process', 'choice', hostProcs), note];
    case 'enqcmd': {
      const a = actorOf(values);
      const actors = [...vms.map((v) => `vm:${v}`), ...hosts.map((h) => `host:${h}`)];
      const procs = a.vm !== undefined ? sorted(facts.guestProcs.get(a.vm)) : sorted(facts.hostProcs.get(a.host ?? ''));
      const targets = a.vm !== undefined ? sorted(facts.aliases.get(a.vm)) : (facts.hosts.get(a.host ?? '')?.rids ?? []);
      return [
        f('actor', 'Submitter', 'choice', actors, true, 'a VM (guest process) or a host (host process)'),
        f('process', 'Process', 'choice', procs),
        f('device', a.vm !== undefined ? 'Device alias' : 'Function', 'choice', targets),
        note,
      ];
    }
    case 'migrate': {
      const to = values.get('to') ?? '';
      return [
        vmField,
        f('to', 'Destination host', 'choice', hosts.filter((h) => h !== vmHost), true, vmHost ? `${vm} is on host ${vmHost}` : undefined),
        f('mapDevice', 'Place device', 'choice', aliases, false, 'pin one device to a destination function'),
        f('mapRid', 'on destination function', 'choice', facts.hosts.get(to)?.rids ?? [], false),
        note,
      ];
    }
  }
}

export interface BuildResult {
  event: Record<string, unknown> | null;
  /** field → what is wrong with it (missing, not offered) */
  problems: Map<FieldName, string>;
}

/** The event the answers make, or the problems by field. A `choice` must be one of its options. */
export function buildEvent(op: Op, facts: Facts, values: Values): BuildResult {
  const problems = new Map<FieldName, string>();
  const fields = fieldsFor(op, facts, values);
  const got = new Map<FieldName, string>();
  for (const fs of fields) {
    const v = (values.get(fs.name) ?? '').trim();
    if (!v) {
      if (fs.required) problems.set(fs.name, fs.options.length || fs.type !== 'choice' ? `${fs.label}: required` : `${fs.label}: nothing fits here at this step`);
      continue;
    }
    if (fs.type === 'choice' && !fs.options.includes(v)) problems.set(fs.name, `${fs.label}: “${v.slice(0, 40)}” is not one of the choices at this step`);
    else if (fs.type === 'number' && !/^(0x[0-9a-f]+|\d+)$/i.test(v)) problems.set(fs.name, `${fs.label}: a whole number (decimal or 0x…)`);
    else got.set(fs.name, v);
  }
  if ((values.get('mapDevice') ?? '') !== '' && !(values.get('mapRid') ?? '')) problems.set('mapRid', 'on destination function: required when a device is placed');
  if (problems.size) return { event: null, problems };
  const e: Record<string, unknown> = { op };
  const put = (k: string, v: string | undefined) => {
    if (v !== undefined && v !== '') e[k] = v;
  };
  if (op === 'enqcmd') {
    const a = actorOf(values);
    if (a.vm !== undefined) {
      e.vm = a.vm;
      put('process', got.get('process'));
      put('device', got.get('device'));
    } else {
      e.host = a.host;
      put('process', got.get('process'));
      put('function', got.get('device'));
    }
  } else {
    put('vm', got.get('vm'));
    put('host', got.get('host'));
    put('process', got.get('process'));
    if (op === 'assign') put(got.get('target') === 'adiOf' ? 'adiOf' : 'function', got.get('function'));
    else put('function', got.get('function'));
    put('device', got.get('device'));
    put('as', got.get('as'));
    put('kind', got.get('kind'));
    const p = got.get('pasid');
    if (p !== undefined) e.pasid = Number(p);
    put('to', got.get('to'));
    const md = got.get('mapDevice');
    const mr = got.get('mapRid');
    if (md && mr) e.map = Object.fromEntries([[md, mr]]);
  }
  put('note', got.get('note'));
  return { event: e, problems };
}

/** The form's answers for an existing event (to edit it). */
export function valuesOf(event: Record<string, unknown>): { op: Op | null; values: Values } {
  const values: Values = new Map();
  const s = (k: string) => (typeof event[k] === 'string' ? (event[k] as string) : undefined);
  const set = (name: FieldName, v: string | undefined) => v !== undefined && values.set(name, v);
  const op = (OPS as readonly string[]).includes(String(event.op)) ? (event.op as Op) : null;
  set('vm', s('vm'));
  set('host', s('host'));
  set('process', s('process'));
  set('as', s('as'));
  set('kind', s('kind'));
  set('to', s('to'));
  set('note', s('note'));
  if (typeof event.pasid === 'number') values.set('pasid', String(event.pasid));
  if (op === 'assign') {
    values.set('target', s('adiOf') !== undefined ? 'adiOf' : 'function');
    set('function', s('adiOf') ?? s('function'));
  } else set('function', s('function'));
  set('device', s('device'));
  if (op === 'enqcmd') {
    if (s('vm') !== undefined) values.set('actor', `vm:${s('vm')}`);
    else if (s('host') !== undefined) values.set('actor', `host:${s('host')}`);
    if (s('function') !== undefined) values.set('device', s('function')!);
  }
  const map = event.map;
  if (typeof map === 'object' && map !== null && !Array.isArray(map)) {
    const first = Object.entries(map as Record<string, unknown>)[0];
    if (first && typeof first[1] === 'string') {
      values.set('mapDevice', first[0]);
      values.set('mapRid', first[1]);
    }
  }
  return { op, values };
}
