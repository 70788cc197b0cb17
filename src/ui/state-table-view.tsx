/**
 * The state at the current step as tables (key T, or the top bar's Table button), in
 * place of the maps, in the manner of a TLA+ trace viewer: each VM's translation table
 * and each RID's PASID table per host, with what this step changed marked in words and
 * colour ("+ new", "− gone", "changed: was …"). Derived by core/view/state-table.ts from
 * the frame's two snapshots. A large state shows at most ROWS_SHOWN rows a table and
 * TABLES_SHOWN RID tables, says how many more, and has a filter.
 */
import { useId, useMemo, useState } from 'react';
import { POLICY_KINDS, type Holder } from '../core/model/types.ts';
import {
  changedRows,
  shownRows,
  stateTables,
  type RidRow,
  type RidTable,
  type RowChange,
  type VmTable,
  type XlateRow,
} from '../core/view/state-table.ts';
import { useAppStore, type RunKey } from '../store/store.ts';
import { hex } from './format.ts';

export const ROWS_SHOWN = 50;
export const TABLES_SHOWN = 40;
const FILTER_MAX = 256;

const pasidText = (p: number | null) => (p === null ? '—' : hex(p));
const domainText = (h: Holder) => (h.type === 'guest' ? `${h.vm} (guest)` : `host ${h.host} (SVA)`);
const devicesText = (d: readonly string[]) => (d.length ? d.join(', ') : '—');

function ChangeCell({ change, was }: { change: RowChange; was?: string }) {
  if (!change) return <td className="st-change" />;
  const words = change === 'added' ? '+ new' : change === 'removed' ? '− gone' : 'changed';
  return (
    <td className={`st-change ${change}`}>
      <span className="st-badge">{words}</span>
      {was && <span className="st-was"> was {was}</span>}
    </td>
  );
}

function xlateWas(r: XlateRow): string | undefined {
  const b = r.before;
  if (!b) return undefined;
  const parts: string[] = [];
  if (b.gpasid !== r.gpasid) parts.push(`gPASID ${pasidText(b.gpasid)}`);
  if (b.hpasid !== r.hpasid) parts.push(`hPASID ${pasidText(b.hpasid)}`);
  if (b.translated !== r.translated) parts.push(b.translated ? 'translated' : 'not translated');
  return parts.join(', ');
}

function ridWas(r: RidRow): string | undefined {
  const b = r.before;
  if (!b) return undefined;
  const parts: string[] = [];
  if (b.owner.process !== r.owner.process || domainText(b.owner) !== domainText(r.owner))
    parts.push(`${b.owner.process}, ${domainText(b.owner)}`);
  if (b.refs !== r.refs) parts.push(`${b.refs} ref${b.refs === 1 ? '' : 's'}`);
  if (devicesText(b.devices) !== devicesText(r.devices)) parts.push(`devices ${devicesText(b.devices)}`);
  return parts.join(', ');
}

function More({ shown, matched, what }: { shown: number; matched: number; what: string }) {
  if (matched <= shown) return null;
  return (
    <p className="muted small st-more">
      {(matched - shown).toLocaleString('en')} more {what}: type in the filter to find one.
    </p>
  );
}

function VmTableView({ t, filter }: { t: VmTable; filter: string }) {
  const all = filter.trim() !== '' && t.vm.toLowerCase().includes(filter.trim().toLowerCase());
  const { rows, matched } = shownRows(
    t.rows,
    (r) => `${r.process} ${pasidText(r.gpasid)} ${pasidText(r.hpasid)}`,
    all ? '' : filter,
    ROWS_SHOWN,
  );
  const moved = t.hostBefore !== undefined ? ` (was on ${t.hostBefore})` : '';
  const tr = t.translation ? 'translation on' : 'translation off';
  const trWas = t.translationBefore !== undefined ? ` (was ${t.translationBefore ? 'on' : 'off'})` : '';
  return (
    <div className="st-table">
      <table className="state-table" data-table={`vm:${t.vm}`}>
        <caption>
          <strong>{t.vm}</strong> on host {t.host}
          {moved && <span className="st-moved">{moved}</span>} · {tr}
          {trWas && <span className="st-moved">{trWas}</span>}
          {t.change === 'removed' && <span className="st-moved"> · − gone</span>}
          <span className="muted"> · {changedRows(t.rows)} changed</span>
        </caption>
        <thead>
          <tr>
            <th scope="col">Process</th>
            <th scope="col">gPASID</th>
            <th scope="col">hPASID</th>
            <th scope="col">Translated</th>
            <th scope="col">Kind</th>
            <th scope="col">At this step</th>
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && (
            <tr>
              <td colSpan={6} className="muted">
                {t.rows.length ? 'No row matches the filter.' : 'No guest process yet.'}
              </td>
            </tr>
          )}
          {rows.map((r) => (
            <tr key={r.process} className={r.change ?? undefined}>
              <th scope="row">{r.process}</th>
              <td className="mono">{pasidText(r.gpasid)}</td>
              <td className="mono">{pasidText(r.hpasid)}</td>
              <td>{r.translated ? 'yes' : 'no'}</td>
              <td>{r.kind}</td>
              <ChangeCell change={r.change} was={xlateWas(r)} />
            </tr>
          ))}
        </tbody>
      </table>
      <More shown={rows.length} matched={matched} what="processes" />
    </div>
  );
}

function RidTableView({ t, filter }: { t: RidTable; filter: string }) {
  const own = `${t.rid} ${t.label ?? ''} ${t.assigned.join(' ')}`;
  const all = filter.trim() !== '' && own.toLowerCase().includes(filter.trim().toLowerCase());
  const { rows, matched } = shownRows(
    t.rows,
    (r) => `${hex(r.pasid)} ${r.owner.process} ${domainText(r.owner)} ${r.devices.join(' ')}`,
    all ? '' : filter,
    ROWS_SHOWN,
  );
  return (
    <div className="st-table">
      <table className="state-table" data-table={`rid:${t.host}:${t.rid}`}>
        <caption>
          <strong className="mono">{t.rid}</strong>
          {t.label && <span> {t.label}</span>}
          {t.assigned.length > 0 && <span className="muted"> → {t.assigned.join(', ')}</span>}
          <span className="muted"> · {changedRows(t.rows)} changed</span>
        </caption>
        <thead>
          <tr>
            <th scope="col">PASID</th>
            <th scope="col">Owner</th>
            <th scope="col">Domain</th>
            <th scope="col">Refs</th>
            <th scope="col">Devices</th>
            <th scope="col">At this step</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.pasid} className={r.change ?? undefined}>
              <th scope="row" className="mono">
                {hex(r.pasid)}
              </th>
              <td>{r.owner.process}</td>
              <td>{domainText(r.owner)}</td>
              <td>{r.refs}</td>
              <td>{devicesText(r.devices)}</td>
              <ChangeCell change={r.change} was={ridWas(r)} />
            </tr>
          ))}
        </tbody>
      </table>
      <More shown={rows.length} matched={matched} what="entries" />
    </div>
  );
}

export function StateTableView() {
  const compare = useAppStore((s) => s.compare);
  const policy = useAppStore((s) => s.policy);
  const [comparing, setComparing] = useState<RunKey>('split');
  const key: RunKey = compare ? comparing : policy;
  const frame = useAppStore((s) => s.frames[key]);
  const [filter, setFilter] = useState('');
  const filterId = useId();
  const tables = useMemo(() => (frame ? stateTables(frame.snap, frame.prev) : null), [frame]);
  if (!tables) return <div className="main-empty">Loading…</div>;
  const q = filter.trim().toLowerCase();
  // A RID table is listed when it has rows (or its name matches the filter): an empty function says nothing.
  const hosts = tables.hosts.map((h) => {
    const listed = h.rids.filter(
      (r) =>
        r.rows.length > 0 &&
        (!q ||
          `${r.rid} ${r.label ?? ''} ${r.assigned.join(' ')}`.toLowerCase().includes(q) ||
          shownRows(
            r.rows,
            (x) => `${hex(x.pasid)} ${x.owner.process} ${domainText(x.owner)} ${x.devices.join(' ')}`,
            q,
            1,
          ).matched > 0),
    );
    return { host: h.host, listed, empty: h.rids.length - h.rids.filter((r) => r.rows.length > 0).length };
  });
  let budget = TABLES_SHOWN;
  const vms = tables.vms.filter(
    (v) =>
      !q ||
      v.vm.toLowerCase().includes(q) ||
      shownRows(v.rows, (r) => `${r.process} ${pasidText(r.gpasid)} ${pasidText(r.hpasid)}`, q, 1).matched >
        0,
  );
  return (
    <section className="state-view" aria-label={`State at step ${tables.cursor}`}>
      <header className="state-head">
        <h2>
          State at {tables.cursor === 0 ? 'the start' : `step ${tables.cursor}`}
          <span className="muted"> — marked against the step before</span>
        </h2>
        {compare && (
          <label className="field">
            <span className="field-label">Policy</span>
            <select
              aria-label="Policy of the state table"
              value={comparing}
              onChange={(e) => setComparing(e.target.value as RunKey)}
            >
              {POLICY_KINDS.map((k) => (
                <option key={k} value={k}>
                  {k}
                </option>
              ))}
            </select>
          </label>
        )}
        <label className="st-filter">
          <span className="sr-only">Filter the tables</span>
          <input
            id={filterId}
            type="search"
            value={filter}
            maxLength={FILTER_MAX}
            placeholder="Filter: a PASID, a process, a RID"
            onChange={(e) => setFilter(e.target.value.slice(0, FILTER_MAX))}
          />
        </label>
        <span className="st-legend" aria-hidden="true">
          <span className="st-badge added">+ new</span> <span className="st-badge removed">− gone</span>{' '}
          <span className="st-badge changed">changed</span>
        </span>
      </header>
      <h3>Translation tables (gPASID → hPASID), per VM</h3>
      {vms.length === 0 && (
        <p className="muted">
          {tables.vms.length ? 'No VM matches the filter.' : 'This scenario has no VM.'}
        </p>
      )}
      <div className="st-grid">
        {vms.slice(0, TABLES_SHOWN).map((v) => (
          <VmTableView key={v.vm} t={v} filter={filter} />
        ))}
      </div>
      <More shown={Math.min(vms.length, TABLES_SHOWN)} matched={vms.length} what="VMs" />
      {hosts.map((h) => {
        const show = h.listed.slice(0, Math.max(0, budget));
        budget -= show.length;
        return (
          <div key={h.host} className="st-host">
            <h3>Host {h.host}: PASID tables per RID (PASID → owner)</h3>
            {h.listed.length === 0 && (
              <p className="muted">{q ? 'No RID here matches the filter.' : 'No RID holds a PASID.'}</p>
            )}
            <div className="st-grid">
              {show.map((r) => (
                <RidTableView key={r.rid} t={r} filter={filter} />
              ))}
            </div>
            <More shown={show.length} matched={h.listed.length} what="RIDs" />
            {!q && h.empty > 0 && (
              <p className="muted small">
                {h.empty.toLocaleString('en')} RID{h.empty === 1 ? '' : 's'} with an empty table not listed.
              </p>
            )}
          </div>
        );
      })}
    </section>
  );
}
