/** What the parser said about a form's edit: the first problems by JSON path, the scenario unchanged. */
import type { InputProblem } from '../../core/scenario/index.ts';

const SHOWN = 8;

export function FormProblems({ problems }: { problems: readonly InputProblem[] }) {
  if (problems.length === 0) return null;
  return (
    <div className="form-problems" role="alert">
      <strong>The scenario would not be valid:</strong>
      <ul>
        {problems.slice(0, SHOWN).map((p, i) => (
          <li key={i}>
            {p.path && <code className="path">{p.path}</code>} {p.message}
          </li>
        ))}
      </ul>
    </div>
  );
}
