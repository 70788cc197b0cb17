/**
 * The parse-time rules of DOMAIN.md §4 and §6, checked independently of the project's
 * parser, so the random documents can be shown valid by the contract's own reading.
 * Returns every problem by its JSON path; an empty list means valid. Test code.
 */

type Json = Record<string, unknown>;

const isObject = (x: unknown): x is Json => typeof x === 'object' && x !== null && !Array.isArray(x);
const isName = (x: unknown): x is string => typeof x === 'string' && x.length > 0;
const isBits = (x: unknown) => Number.isInteger(x) && (x as number) >= 1 && (x as number) <= 20;
const own = (o: Json, key: string) => Object.prototype.hasOwnProperty.call(o, key);

const TOP = ['format', 'title', 'description', 'hosts', 'vms', 'events'];
const HOST = ['id', 'policy', 'iommu', 'functions', 'pasidGroups'];
const FUNCTION = ['rid', 'kind', 'pf', 'pasidBits', 'swq', 'siov', 'model', 'label'];
const COMMON = ['op', 'note'];
const FIELDS: Record<string, { required: string[]; optional: string[] }> = {
  assign: { required: ['vm'], optional: ['function', 'adiOf', 'as'] },
  unassign: { required: ['vm', 'device'], optional: [] },
  'guest.alloc': { required: ['vm', 'process'], optional: ['kind', 'pasid'] },
  'guest.bind': { required: ['vm', 'process', 'device'], optional: [] },
  'guest.unbind': { required: ['vm', 'process', 'device'], optional: [] },
  'guest.free': { required: ['vm', 'process'], optional: [] },
  'host.bind': { required: ['host', 'process', 'function'], optional: [] },
  'host.unbind': { required: ['host', 'process', 'function'], optional: [] },
  'host.exit': { required: ['host', 'process'], optional: [] },
  enqcmd: { required: ['process'], optional: ['vm', 'host', 'device', 'function'] },
  migrate: { required: ['vm', 'to'], optional: ['map'] },
};

export function scenarioProblems(doc: unknown): string[] {
  const out: string[] = [];
  const bad = (path: string, what: string) => out.push(`${path}: ${what}`);
  const onlyKeys = (o: Json, keys: string[], path: string) => {
    for (const key of Object.keys(o)) if (!keys.includes(key)) bad(`${path}.${key}`, 'unknown field');
  };
  if (!isObject(doc)) return ['$: not an object'];
  onlyKeys(doc, TOP, '$');
  if (doc.format !== 'pasidscope/1') bad('format', 'not pasidscope/1');
  const hosts = Array.isArray(doc.hosts) ? doc.hosts : [];
  if (hosts.length === 0) bad('hosts', 'no hosts');
  const ridsOf: { id: string; rids: string[] }[] = [];
  hosts.forEach((h, hi) => {
    const at = `hosts[${hi}]`;
    if (!isObject(h)) return bad(at, 'not an object');
    onlyKeys(h, HOST, at);
    if (!isName(h.id)) bad(`${at}.id`, 'not a name');
    if (ridsOf.some((x) => x.id === h.id)) bad(`${at}.id`, `duplicate host ${String(h.id)}`);
    const rids = checkFunctions(h, at, bad);
    ridsOf.push({ id: h.id as string, rids });
    checkPolicy(h, at, bad);
    checkGroups(h, rids, at, bad);
  });
  const ridsOn = (host: unknown) => ridsOf.find((x) => x.id === host)?.rids;
  const vms =
    doc.vms === undefined ? [] : Array.isArray(doc.vms) ? doc.vms : (bad('vms', 'not an array'), []);
  const vmIds: string[] = [];
  vms.forEach((v, vi) => {
    const at = `vms[${vi}]`;
    if (!isObject(v)) return bad(at, 'not an object');
    onlyKeys(v, ['id', 'host', 'viommu', 'label'], at);
    if (!isName(v.id) || vmIds.includes(v.id)) bad(`${at}.id`, 'not a unique name');
    vmIds.push(v.id as string);
    if (!ridsOn(v.host)) bad(`${at}.host`, 'unknown host');
    if (
      v.viommu !== undefined &&
      (!isObject(v.viommu) || Object.keys(v.viommu).some((k) => k !== 'pasidAlloc'))
    )
      bad(`${at}.viommu`, 'bad viommu');
  });
  const events = Array.isArray(doc.events) ? doc.events : (bad('events', 'not an array'), []);
  const anyRid = ridsOf.flatMap((x) => x.rids);
  events.forEach((e, ei) => {
    const at = `events[${ei}]`;
    if (!isObject(e)) return bad(at, 'not an object');
    const spec = typeof e.op === 'string' && own(FIELDS, e.op) ? FIELDS[e.op] : undefined;
    if (!spec) return bad(`${at}.op`, 'unknown op');
    onlyKeys(e, [...COMMON, ...spec.required, ...spec.optional], at);
    for (const key of spec.required) if (!own(e, key)) bad(`${at}.${key}`, 'missing');
    for (const key of ['vm', 'host', 'process', 'device', 'function', 'adiOf', 'as', 'to'])
      if (own(e, key) && !isName(e[key])) bad(`${at}.${key}`, 'not a name');
    if (own(e, 'vm') && !vmIds.includes(e.vm as string)) bad(`${at}.vm`, 'unknown VM');
    if (own(e, 'host') && !ridsOn(e.host)) bad(`${at}.host`, 'unknown host');
    if (own(e, 'host') && own(e, 'function') && !ridsOn(e.host)?.includes(e.function as string))
      bad(`${at}.function`, 'not on that host');
    if (e.op === 'assign') {
      const target = own(e, 'function') ? e.function : e.adiOf;
      if (own(e, 'function') === own(e, 'adiOf')) bad(at, 'needs exactly one of function and adiOf');
      else if (!anyRid.includes(target as string)) bad(at, `unknown function ${String(target)}`);
    }
    if (e.op === 'enqcmd') {
      if (own(e, 'vm') === own(e, 'host')) bad(at, 'needs exactly one of vm and host');
      if (own(e, 'vm') && (!own(e, 'device') || own(e, 'function'))) bad(at, 'a VM submits to a device');
      if (own(e, 'host') && (!own(e, 'function') || own(e, 'device')))
        bad(at, 'a host submits to a function');
    }
    if (e.op === 'guest.alloc') {
      if (own(e, 'kind') && e.kind !== 'local' && e.kind !== 'shared')
        bad(`${at}.kind`, 'not local or shared');
      if (
        own(e, 'pasid') &&
        !(Number.isInteger(e.pasid) && (e.pasid as number) >= 0 && (e.pasid as number) < 2 ** 20)
      )
        bad(`${at}.pasid`, 'not a PASID');
    }
    if (e.op === 'migrate') {
      const to = ridsOn(e.to);
      if (!to) bad(`${at}.to`, 'unknown host');
      if (own(e, 'map')) {
        if (!isObject(e.map)) bad(`${at}.map`, 'not an object');
        else
          for (const [alias, rid] of Object.entries(e.map))
            if (!to?.includes(rid as string)) bad(`${at}.map.${alias}`, 'not on the to host');
      }
    }
    if (own(e, 'note') && typeof e.note !== 'string') bad(`${at}.note`, 'not text');
  });
  return out;
}

type Bad = (path: string, what: string) => void;

function checkFunctions(h: Json, at: string, bad: Bad): string[] {
  const fns = Array.isArray(h.functions) ? h.functions : (bad(`${at}.functions`, 'not an array'), []);
  const rids: string[] = [];
  fns.forEach((f, fi) => {
    const fat = `${at}.functions[${fi}]`;
    if (!isObject(f)) return bad(fat, 'not an object');
    for (const key of Object.keys(f)) if (!FUNCTION.includes(key)) bad(`${fat}.${key}`, 'unknown field');
    if (!isName(f.rid) || rids.includes(f.rid)) bad(`${fat}.rid`, 'not a unique RID');
    rids.push(f.rid as string);
    if (f.kind === 'vf') {
      const pf = fns.find((p) => isObject(p) && p.rid === f.pf);
      if (!isObject(pf) || pf.kind !== 'pf') bad(`${fat}.pf`, 'not a PF of this host');
      for (const key of ['pasidBits', 'siov', 'model']) if (own(f, key)) bad(`${fat}.${key}`, 'not on a VF');
    } else if (f.kind === 'pf') {
      if (own(f, 'pf')) bad(`${fat}.pf`, 'only on a VF');
      if (own(f, 'pasidBits') && !isBits(f.pasidBits)) bad(`${fat}.pasidBits`, 'not 1..20');
    } else bad(`${fat}.kind`, 'not pf or vf');
    for (const key of ['swq', 'siov'])
      if (own(f, key) && typeof f[key] !== 'boolean') bad(`${fat}.${key}`, 'not a boolean');
    if (own(f, 'model') && !isName(f.model)) bad(`${fat}.model`, 'not a name');
  });
  return rids;
}

function checkPolicy(h: Json, at: string, bad: Bad): void {
  const p = h.policy;
  if (!isObject(p) || !['global', 'local', 'split', 'linux'].includes(p.kind as string))
    return bad(`${at}.policy`, 'bad policy');
  for (const key of Object.keys(p))
    if (!['kind', 'localEnd', 'sharedEnd'].includes(key)) bad(`${at}.policy.${key}`, 'unknown field');
  const iommu = h.iommu === undefined ? {} : h.iommu;
  if (!isObject(iommu)) return bad(`${at}.iommu`, 'not an object');
  for (const key of Object.keys(iommu))
    if (!['pasidBits', 'cpuPasidTranslation'].includes(key)) bad(`${at}.iommu.${key}`, 'unknown field');
  if (own(iommu, 'pasidBits') && !isBits(iommu.pasidBits)) bad(`${at}.iommu.pasidBits`, 'not 1..20');
  if (p.kind !== 'split') {
    if (own(p, 'localEnd') || own(p, 'sharedEnd'))
      bad(`${at}.policy`, 'range bounds on a policy that is not split');
    return;
  }
  const size = 2 ** ((iommu.pasidBits as number | undefined) ?? 20);
  for (const key of ['localEnd', 'sharedEnd'])
    if (
      own(p, key) &&
      !(Number.isInteger(p[key]) && (p[key] as number) >= 1 && (p[key] as number) <= 2 ** 20)
    )
      bad(`${at}.policy.${key}`, 'not 1..2^20');
  const localEnd = Math.min((p.localEnd as number | undefined) ?? 4096, size);
  const sharedEnd = Math.min((p.sharedEnd as number | undefined) ?? 2 ** 19, size);
  if (localEnd < 2 || localEnd > sharedEnd)
    bad(`${at}.policy`, `localEnd ${localEnd} and sharedEnd ${sharedEnd} after clamping`);
}

function checkGroups(h: Json, rids: string[], at: string, bad: Bad): void {
  if (h.pasidGroups === undefined) return;
  if (!Array.isArray(h.pasidGroups)) return bad(`${at}.pasidGroups`, 'not an array');
  const ids: unknown[] = [];
  const seen: string[] = [];
  h.pasidGroups.forEach((g, gi) => {
    const gat = `${at}.pasidGroups[${gi}]`;
    if (!isObject(g) || !Array.isArray(g.functions) || g.functions.length === 0)
      return bad(gat, 'not a non-empty group');
    for (const key of Object.keys(g))
      if (key !== 'id' && key !== 'functions') bad(`${gat}.${key}`, 'unknown field');
    if (!isName(g.id) || ids.includes(g.id)) bad(`${gat}.id`, 'not a unique id');
    ids.push(g.id);
    g.functions.forEach((rid, ri) => {
      if (!rids.includes(rid as string)) bad(`${gat}.functions[${ri}]`, 'not a RID of this host');
      else if (seen.includes(rid as string)) bad(`${gat}.functions[${ri}]`, 'already in a group');
      seen.push(rid as string);
    });
  });
}
