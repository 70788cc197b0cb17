/** The workload form: a generated workload's knobs, or a scenario with the hosts to fill. */
import { useId, useMemo, useState, type FormEvent } from 'react';
import { POLICY_KINDS, type PolicyKind } from '../../core/model/types.ts';
import { FILL_PATTERNS, type FillPattern } from '../../core/fleet/fill.ts';
import { parseScenarioText } from '../../core/scenario/index.ts';
import { BUNDLED } from '../../store/bundled.ts';
import { useAppStore } from '../../store/store.ts';
import { checkFields, FIELD_GROUPS, readField, type FieldSpec } from './fields.ts';
import { checkSweepForm } from './sweep-check.ts';
import type { WorkloadRequest } from '../../worker/worker-engine.ts';

const PATTERN_HELP: Record<FillPattern, string> = {
  lowest: 'the lowest IDs of each range, as allocation alone leaves them',
  random: 'uniformly random IDs, as long churn leaves them',
  fragmented: 'used IDs spread evenly: every free run as short as the level allows',
};

/** The open scenario's option value in the scenario list. */
const OPEN_SCENARIO = '__open';

export function WorkloadForm() {
  const form = useAppStore((s) => s.workloadForm);
  const setForm = useAppStore((s) => s.setWorkloadForm);
  const setField = useAppStore((s) => s.setWorkloadField);
  const start = useAppStore((s) => s.startWorkload);
  const startSweep = useAppStore((s) => s.startSweep);
  const cancel = useAppStore((s) => s.cancelWorkload);
  const job = useAppStore((s) => s.job);
  // The store's one policy, which the result's own choice shows too.
  const policy = useAppStore((s) => s.wlPolicyAsked ?? s.wlPolicy);
  const setPolicy = useAppStore((s) => s.setWorkloadPolicy);
  const openText = useAppStore((s) => s.text);
  const openTitle = useAppStore((s) => s.scenario?.title ?? null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const id = useId();
  const running = job.status === 'running';

  const scenarioFile = form.scenarioFile || (openText ? OPEN_SCENARIO : (BUNDLED[0]?.file ?? ''));
  const scenarioText =
    scenarioFile === OPEN_SCENARIO ? openText : (BUNDLED.find((b) => b.file === scenarioFile)?.text ?? null);
  const hosts = useMemo(() => {
    if (!scenarioText) return [];
    const p = parseScenarioText(scenarioText);
    return p.ok ? p.scenario.hosts.map((h) => h.id) : [];
  }, [scenarioText]);
  const fillHosts = form.fillHosts.filter((h) => hosts.includes(h));

  /** The request the form describes, or null (with the problems shown) when it needs fixing. */
  const request = (forSweep: boolean): { req: WorkloadRequest; label: string } | null => {
    if (form.source === 'generate') {
      // A sweep sets the fill level itself: the level field need not be filled in.
      const fields = forSweep
        ? { ...form.fields, fill: form.fields.fill?.trim() ? form.fields.fill : '0' }
        : form.fields;
      const r = checkFields(fields, form.fillPattern);
      if (!r.ok) {
        setErrors(r.errors);
        return null;
      }
      setErrors({});
      const p = r.params;
      return {
        req: { kind: 'generate', params: p, policy },
        label: `seed ${p.seed}: ${p.hosts} hosts, ${p.events.toLocaleString('en')} events`,
      };
    }
    const level = readField(
      { name: 'fill', label: 'Fill level', type: 'share', help: '' },
      forSweep ? form.fillLevel || '0' : form.fillLevel,
    );
    const errs: Record<string, string> = {};
    if (!level.ok) errs.fillLevel = level.message;
    else if ((level.value as number) < 0 || (level.value as number) > 1)
      errs.fillLevel = 'between 0 and 1 (or 0% and 100%)';
    if (!scenarioText) errs.scenario = 'choose a scenario';
    if (forSweep && fillHosts.length === 0) errs.fillHosts = 'choose the hosts to fill';
    setErrors(errs);
    if (Object.keys(errs).length || !level.ok || !scenarioText) return null;
    const name = scenarioFile === OPEN_SCENARIO ? (openTitle ?? 'open scenario') : scenarioFile;
    return {
      req: {
        kind: 'scenario',
        text: scenarioText,
        name,
        fills: fillHosts.map((host, i) => ({
          host,
          level: level.value as number,
          pattern: form.fillPattern,
          seed: i,
        })),
        policy,
      },
      label: `${name}${fillHosts.length ? `, ${fillHosts.join(', ')} filled${forSweep ? '' : ` to ${Math.round((level.value as number) * 100)}%`}` : ''}`,
    };
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (running) return;
    const r = request(false);
    if (r) void start(r.req, r.label);
  };

  // Checked as the fields change, so the button says why it cannot run before it is pressed.
  const sweepCheck = useMemo(
    () => checkSweepForm(form, { chosen: scenarioText !== null, fillHosts: fillHosts.length }),
    [form, scenarioText, fillHosts.length],
  );
  const levelsBad = !sweepCheck.ok && sweepCheck.inLevels;
  const sweep = () => {
    if (running || !sweepCheck.ok) return;
    const r = request(true);
    if (r) void startSweep(r.req, sweepCheck.levels, `${r.label} at ${sweepCheck.levels.length} fill levels`);
  };

  const field = (f: FieldSpec) => {
    const err = errors[f.name];
    const inputId = `${id}-${f.name}`;
    return (
      <div className={`wl-field ${err ? 'invalid' : ''}`} key={f.name}>
        <label htmlFor={inputId} title={f.help}>
          {f.label}
        </label>
        <input
          id={inputId}
          name={f.name}
          inputMode={f.type === 'int' ? 'numeric' : 'decimal'}
          value={form.fields[f.name] ?? ''}
          placeholder={f.name === 'fillHosts' ? 'all' : undefined}
          aria-invalid={err ? true : undefined}
          aria-describedby={err ? `${inputId}-err` : undefined}
          title={f.help}
          onChange={(e) => setField(f.name, e.target.value)}
        />
        {err && (
          <span className="wl-error" id={`${inputId}-err`}>
            {err}
          </span>
        )}
      </div>
    );
  };

  const patternPicker = (
    <div className="wl-field">
      <label htmlFor={`${id}-pattern`}>Fill pattern</label>
      <select
        id={`${id}-pattern`}
        value={form.fillPattern}
        title={PATTERN_HELP[form.fillPattern]}
        onChange={(e) => setForm({ fillPattern: e.target.value as FillPattern })}
      >
        {FILL_PATTERNS.map((p) => (
          <option key={p} value={p} title={PATTERN_HELP[p]}>
            {p}
          </option>
        ))}
      </select>
    </div>
  );

  return (
    <form className="wl-form" onSubmit={submit} aria-label="Workload settings" noValidate>
      <div className="segmented wl-source" role="radiogroup" aria-label="What to run">
        {(
          [
            ['generate', 'Generated workload'],
            ['scenario', 'Scenario + fill'],
          ] as const
        ).map(([v, label]) => (
          <label key={v} className={form.source === v ? 'on' : ''}>
            <input
              type="radio"
              name={`${id}-source`}
              value={v}
              checked={form.source === v}
              onChange={() => setForm({ source: v })}
            />
            {label}
          </label>
        ))}
      </div>

      {form.source === 'generate' ? (
        <>
          {FIELD_GROUPS.map((g) => (
            <fieldset key={g.title} className="wl-group">
              <legend>{g.title}</legend>
              <div className="wl-grid">
                {g.fields.map(field)}
                {g.title.startsWith('Fill') && patternPicker}
              </div>
            </fieldset>
          ))}
        </>
      ) : (
        <fieldset className="wl-group">
          <legend>Scenario and fill</legend>
          <div className="wl-field wide">
            <label htmlFor={`${id}-scenario`}>Scenario</label>
            <select
              id={`${id}-scenario`}
              value={scenarioFile}
              aria-invalid={errors.scenario ? true : undefined}
              onChange={(e) => setForm({ scenarioFile: e.target.value, fillHosts: [] })}
            >
              {openText && <option value={OPEN_SCENARIO}>Open: {openTitle ?? 'scenario'}</option>}
              {BUNDLED.map((b) => (
                <option key={b.file} value={b.file}>
                  {b.title}
                </option>
              ))}
            </select>
          </div>
          <div
            className={`wl-hosts ${errors.fillHosts ? 'invalid' : ''}`}
            role="group"
            aria-label="Hosts to fill"
          >
            <span className="wl-sub">Hosts to fill</span>
            {hosts.map((h) => (
              <label key={h} className="wl-check">
                <input
                  type="checkbox"
                  checked={fillHosts.includes(h)}
                  onChange={(e) =>
                    setForm({
                      fillHosts: e.target.checked ? [...fillHosts, h] : fillHosts.filter((x) => x !== h),
                    })
                  }
                />
                {h}
              </label>
            ))}
            {errors.fillHosts && <span className="wl-error">{errors.fillHosts}</span>}
          </div>
          <div className="wl-grid">
            <div className={`wl-field ${errors.fillLevel ? 'invalid' : ''}`}>
              <label htmlFor={`${id}-level`}>Fill level</label>
              <input
                id={`${id}-level`}
                value={form.fillLevel}
                inputMode="decimal"
                aria-invalid={errors.fillLevel ? true : undefined}
                aria-describedby={errors.fillLevel ? `${id}-level-err` : undefined}
                onChange={(e) => setForm({ fillLevel: e.target.value })}
              />
              {errors.fillLevel && (
                <span className="wl-error" id={`${id}-level-err`}>
                  {errors.fillLevel}
                </span>
              )}
            </div>
            {patternPicker}
          </div>
          <p className="wl-note">
            A fill places the host&rsquo;s own tenants (host SVA processes) before the first event: in G under
            global, split and linux, in the accelerator PFs&rsquo; tables under local.
          </p>
        </fieldset>
      )}

      <div className="wl-field wide">
        <label htmlFor={`${id}-policy`}>Maps and timeline</label>
        <select
          id={`${id}-policy`}
          value={policy}
          disabled={running}
          onChange={(e) => void setPolicy(e.target.value as PolicyKind)}
        >
          {POLICY_KINDS.map((k) => (
            <option key={k} value={k}>
              {k}
            </option>
          ))}
        </select>
      </div>

      {Object.keys(errors).length > 0 && (
        <p className="wl-error" role="alert">
          Some settings need fixing:{' '}
          {Object.keys(errors).length === 1 ? 'one field' : `${Object.keys(errors).length} fields`} above.
        </p>
      )}
      <div className="wl-actions">
        <button type="submit" className="btn primary" disabled={running}>
          Run workload
        </button>
        <button type="button" className="btn" disabled={!running || job.kind === 'timeline'} onClick={cancel}>
          Cancel run
        </button>
      </div>
      <fieldset className="wl-group">
        <legend>Fill sweep</legend>
        <div className={`wl-field wide ${levelsBad ? 'invalid' : ''}`}>
          <label
            htmlFor={`${id}-levels`}
            title="the same run at each level, under the four policies: migration success against occupancy"
          >
            Fill levels
          </label>
          <input
            id={`${id}-levels`}
            value={form.sweepLevels}
            aria-invalid={levelsBad ? true : undefined}
            aria-describedby={levelsBad ? `${id}-sweep-why` : undefined}
            onChange={(e) => setForm({ sweepLevels: e.target.value })}
          />
        </div>
        <p className="wl-note">
          {form.source === 'generate'
            ? 'Runs the workload above once per level, with the filled hosts (all when empty) at that level.'
            : 'Runs the scenario once per level, with the chosen hosts filled to that level.'}
        </p>
        <div className="wl-actions">
          <button
            type="button"
            className="btn"
            disabled={running || !sweepCheck.ok}
            aria-describedby={sweepCheck.ok ? undefined : `${id}-sweep-why`}
            onClick={sweep}
          >
            Sweep fill levels
          </button>
          {!sweepCheck.ok && (
            <span className="wl-why" id={`${id}-sweep-why`} role="status">
              {sweepCheck.reason}
            </span>
          )}
        </div>
      </fieldset>
    </form>
  );
}
