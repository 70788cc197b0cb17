/**
 * Structured edits of a scenario text: insert, change or delete an event, add a host, a
 * function or a VM. Each reads the text as JSON (bounded), changes the document and writes
 * it back indented, so the editor pane, the link and the recent store all get a plain
 * scenario text; the parser, run by the store's `open`, remains the judge of the result.
 * What is kept of an event that is changed: the fields the form does not show (`expect`).
 */

/** The largest scenario text edited here (the page's import bound); a larger one is refused. */
export const EDIT_TEXT_MAX = 16 * 1024 * 1024;

type Doc = Record<string, unknown>;
export type EditOutcome = { ok: true; text: string } | { ok: false; reason: string };

const isObj = (v: unknown): v is Doc => typeof v === 'object' && v !== null && !Array.isArray(v);

function read(text: string): Doc | string {
  if (text.length > EDIT_TEXT_MAX) return `the scenario has ${text.length.toLocaleString('en-US')} characters; structured edits take up to ${EDIT_TEXT_MAX.toLocaleString('en-US')}`;
  try {
    const v: unknown = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    return isObj(v) ? v : 'the scenario is not a JSON object';
  } catch (e) {
    return `the scenario is not JSON: ${(e as Error).message}`;
  }
}

function edit(text: string, change: (doc: Doc) => string | null): EditOutcome {
  const doc = read(text);
  if (typeof doc === 'string') return { ok: false, reason: doc };
  const problem = change(doc);
  return problem ? { ok: false, reason: problem } : { ok: true, text: `${JSON.stringify(doc, null, 2)}\n` };
}

function list(doc: Doc, key: 'events' | 'hosts' | 'vms'): unknown[] {
  const v = Object.prototype.hasOwnProperty.call(doc, key) ? doc[key] : undefined;
  if (Array.isArray(v)) return v;
  const a: unknown[] = [];
  doc[key] = a;
  return a;
}

/** Insert `event` so that it becomes event `index` (0-based; the end when `index` is the count). */
export function insertEvent(text: string, index: number, event: Doc): EditOutcome {
  return edit(text, (doc) => {
    const events = list(doc, 'events');
    if (!Number.isInteger(index) || index < 0 || index > events.length) return `there is no position ${index + 1} to insert at`;
    events.splice(index, 0, event);
    return null;
  });
}

/** Replace event `index` by `event`, keeping the old one's `expect` unless `event` has its own. */
export function replaceEvent(text: string, index: number, event: Doc): EditOutcome {
  return edit(text, (doc) => {
    const events = list(doc, 'events');
    if (!Number.isInteger(index) || index < 0 || index >= events.length) return `there is no event ${index + 1}`;
    const old = events[index];
    const kept = isObj(old) && Object.prototype.hasOwnProperty.call(old, 'expect') && !('expect' in event) ? { expect: old.expect } : {};
    const placed = keptPlacements(old, event);
    events[index] = { ...event, ...(placed ? { map: placed } : {}), ...kept };
    return null;
  });
}

export function deleteEvent(text: string, index: number): EditOutcome {
  return edit(text, (doc) => {
    const events = list(doc, 'events');
    if (!Number.isInteger(index) || index < 0 || index >= events.length) return `there is no event ${index + 1}`;
    events.splice(index, 1);
    return null;
  });
}

export function addHost(text: string, host: Doc): EditOutcome {
  return edit(text, (doc) => {
    list(doc, 'hosts').push(host);
    return null;
  });
}

/** Add a function to host `hostId` (the host must exist in the text). */
export function addFunction(text: string, hostId: string, fn: Doc): EditOutcome {
  return edit(text, (doc) => {
    const host = list(doc, 'hosts').find((h) => isObj(h) && h.id === hostId);
    if (!isObj(host)) return `there is no host “${hostId}”`;
    const fs = Array.isArray(host.functions) ? host.functions : (host.functions = []);
    (fs as unknown[]).push(fn);
    return null;
  });
}

export function addVm(text: string, vm: Doc): EditOutcome {
  return edit(text, (doc) => {
    list(doc, 'vms').push(vm);
    return null;
  });
}

/** Event `index` of the text as an object, or null (for the edit form to start from). */
export function eventAt(text: string, index: number): Doc | null {
  const doc = read(text);
  if (typeof doc === 'string') return null;
  const e = list(doc, 'events')[index];
  return isObj(e) ? e : null;
}

/** The text as a document, or null (for the forms' reading of what exists). */
export function readScenarioDoc(text: string): Doc | null {
  const doc = read(text);
  return typeof doc === 'string' ? null : doc;
}

/**
 * The form shows a migration's first placement only: the others (`map` entries after the
 * first) stay while the destination does, and the form's answer replaces the first. They
 * named the old destination's functions, so a new destination drops them (the form says so).
 */
export function keptPlacements(old: unknown, event: Doc): Doc | null {
  if (!isObj(old) || old.op !== 'migrate' || event.op !== 'migrate' || old.to !== event.to || !isObj(old.map)) return null;
  const rest = Object.entries(old.map).slice(1);
  if (!rest.length) return null;
  const mine = isObj(event.map) ? Object.entries(event.map) : [];
  // Object.fromEntries defines own properties, so a device called "__proto__" stays a device.
  return Object.fromEntries([...mine, ...rest.filter(([k]) => !mine.some(([m]) => m === k))]);
}

