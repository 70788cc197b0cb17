/**
 * Add a host, a function or a VM from a form. Topology is static, so these edit the current
 * branch in place (no event changes); names that must be new are checked against what the
 * scenario declares, the rest are chosen from it, and the parser judges the result.
 */
import { FormProblems } from './form-problems.tsx';
import { useMemo, useState } from 'react';
import { POLICY_KINDS } from '../../core/model/types.ts';
import type { InputProblem } from '../../core/scenario/index.ts';
import { useAppStore } from '../../store/store.ts';
import { scenarioFacts } from '../editor/scenario-facts.ts';
import { Modal } from '../modal.tsx';
import { addFunction, addHost, addVm, readScenarioDoc, type EditOutcome } from './scenario-edits.ts';

export type TopologyKind = 'host' | 'function' | 'vm';
const TITLES: Record<TopologyKind, string> = { host: 'Add a host', function: 'Add a function', vm: 'Add a VM' };
const RID = /^[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]$/;

export function TopologyDialog({ kind, onClose }: { kind: TopologyKind | null; onClose(): void }) {
  return (
    <Modal open={kind !== null} onClose={onClose} label={kind ? TITLES[kind] : 'Add'} className="event-form-dialog">
      {kind && <TopologyForm key={kind} kind={kind} onClose={onClose} />}
    </Modal>
  );
}

function TopologyForm({ kind, onClose }: { kind: TopologyKind; onClose(): void }) {
  const text = useAppStore((s) => s.text) ?? '';
  const facts = useMemo(() => scenarioFacts(readScenarioDoc(text), 0), [text]);
  const hosts = [...facts.hosts.keys()].sort();
  const [id, setId] = useState('');
  const [policy, setPolicy] = useState<string>('split');
  const [host, setHost] = useState(hosts[0] ?? '');
  const [rid, setRid] = useState('');
  const [fnKind, setFnKind] = useState<'pf' | 'vf'>('pf');
  const [pf, setPf] = useState('');
  const [swq, setSwq] = useState(false);
  const [siov, setSiov] = useState(false);
  const [label, setLabel] = useState('');
  const [pasidAlloc, setPasidAlloc] = useState(false);
  const [problems, setProblems] = useState<InputProblem[]>([]);
  const [tried, setTried] = useState(false);

  const pfs = facts.hosts.get(host)?.pfs ?? [];
  const errors = new Map<string, string>();
  if (kind === 'host') {
    if (!id.trim()) errors.set('id', 'Host id: required');
    else if (facts.hosts.has(id.trim())) errors.set('id', `Host id: there is already a host “${id.trim()}”`);
  }
  if (kind === 'vm') {
    if (!id.trim()) errors.set('id', 'VM id: required');
    else if (facts.vmHost.has(id.trim())) errors.set('id', `VM id: there is already a VM “${id.trim()}”`);
    if (!facts.hosts.has(host)) errors.set('host', 'Host: choose one');
  }
  if (kind === 'function') {
    if (!facts.hosts.has(host)) errors.set('host', 'Host: choose one');
    if (!RID.test(rid.trim())) errors.set('rid', 'RID: segment:bus:device.function, e.g. 0000:6a:01.0');
    else if (facts.hosts.get(host)?.rids.includes(rid.trim())) errors.set('rid', `RID: host ${host} already has ${rid.trim()}`);
    if (fnKind === 'vf' && !pfs.includes(pf)) errors.set('pf', 'Parent PF: choose one of the host’s PFs');
  }

  async function submit() {
    setTried(true);
    if (errors.size) return;
    let r: EditOutcome;
    if (kind === 'host') r = addHost(text, { id: id.trim(), policy: { kind: policy }, functions: [] });
    else if (kind === 'vm') r = addVm(text, { id: id.trim(), host, ...(pasidAlloc ? { viommu: { pasidAlloc: true } } : {}) });
    else
      r = addFunction(text, host, {
        rid: rid.trim(),
        kind: fnKind,
        ...(fnKind === 'vf' ? { pf } : {}),
        ...(swq ? { swq: true } : {}),
        ...(siov ? { siov: true } : {}),
        ...(label.trim() ? { label: label.trim() } : {}),
      });
    if (!r.ok) return setProblems([{ path: '', message: r.reason }]);
    const s = useAppStore.getState();
    const res = await s.applyEdit(r.text, { step: s.cursor });
    if (res.ok) return onClose();
    useAppStore.getState().dismissRejected();
    setProblems(res.problems);
  }

  const err = (k: string) =>
    tried && errors.get(k) ? (
      <span className="field-error" id={`tf-${k}-err`}>
        {errors.get(k)}
      </span>
    ) : null;
  const inv = (k: string) => ({ 'aria-invalid': tried && errors.has(k), 'aria-describedby': tried && errors.has(k) ? `tf-${k}-err` : undefined });
  return (
    <form
      className="event-form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h2>{TITLES[kind]}</h2>
      <p className="muted">Topology is static: this edits the current branch (Ctrl+Z undoes it).</p>
      {(kind === 'host' || kind === 'vm') && (
        <label className="form-row">
          <span className="field-label">{kind === 'host' ? 'Host id' : 'VM id'}</span>
          <input type="text" maxLength={256} value={id} onChange={(e) => setId(e.target.value)} autoComplete="off" {...inv('id')} />
          {err('id')}
        </label>
      )}
      {kind === 'host' && (
        <label className="form-row">
          <span className="field-label">Policy</span>
          <select value={policy} onChange={(e) => setPolicy(e.target.value)}>
            {POLICY_KINDS.map((k) => (
              <option key={k}>{k}</option>
            ))}
          </select>
        </label>
      )}
      {(kind === 'vm' || kind === 'function') && (
        <label className="form-row">
          <span className="field-label">Host</span>
          <select value={host} onChange={(e) => setHost(e.target.value)} {...inv('host')}>
            <option value="">Choose…</option>
            {hosts.map((h) => (
              <option key={h}>{h}</option>
            ))}
          </select>
          {err('host')}
        </label>
      )}
      {kind === 'vm' && (
        <label className="form-row check">
          <input type="checkbox" checked={pasidAlloc} onChange={(e) => setPasidAlloc(e.target.checked)} />
          <span>vIOMMU PASID allocation interface (viommu.pasidAlloc)</span>
        </label>
      )}
      {kind === 'function' && (
        <>
          <label className="form-row">
            <span className="field-label">RID</span>
            <input type="text" maxLength={12} placeholder="0000:6a:01.0" value={rid} onChange={(e) => setRid(e.target.value)} autoComplete="off" {...inv('rid')} />
            {err('rid')}
          </label>
          <label className="form-row">
            <span className="field-label">Kind</span>
            <select value={fnKind} onChange={(e) => setFnKind(e.target.value as 'pf' | 'vf')}>
              <option value="pf">pf (physical function)</option>
              <option value="vf">vf (SR-IOV virtual function)</option>
            </select>
          </label>
          {fnKind === 'vf' && (
            <label className="form-row">
              <span className="field-label">Parent PF</span>
              <select value={pf} onChange={(e) => setPf(e.target.value)} {...inv('pf')}>
                <option value="">{pfs.length ? 'Choose…' : 'this host has no PF'}</option>
                {pfs.map((p) => (
                  <option key={p}>{p}</option>
                ))}
              </select>
              {err('pf')}
            </label>
          )}
          {fnKind === 'pf' && (
            <>
              <label className="form-row check">
                <input type="checkbox" checked={swq} onChange={(e) => setSwq(e.target.checked)} />
                <span>shared work queue (swq)</span>
              </label>
              <label className="form-row check">
                <input type="checkbox" checked={siov} onChange={(e) => setSiov(e.target.checked)} />
                <span>Scalable IOV (siov: ADIs)</span>
              </label>
            </>
          )}
          <label className="form-row">
            <span className="field-label">
              Label <span className="muted">(optional)</span>
            </span>
            <input type="text" maxLength={200} value={label} onChange={(e) => setLabel(e.target.value)} autoComplete="off" />
          </label>
        </>
      )}
      <FormProblems problems={problems} />
      <div className="dialog-actions">
        <button type="button" className="btn ghost" onClick={onClose}>
          Cancel
        </button>
        <button type="submit" className="btn primary">
          Add
        </button>
      </div>
    </form>
  );
}
