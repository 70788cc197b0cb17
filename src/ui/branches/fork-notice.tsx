/** While on a forked branch: where it left its parent, and the way back or to a comparison. */
import { useState } from 'react';
import { branchById, currentBranch } from '../../store/branches.ts';
import { useAppStore } from '../../store/store.ts';

export function ForkNotice({ onList }: { onList(): void }) {
  const set = useAppStore((s) => s.branchSet);
  const comparing = useAppStore((s) => s.branchCompare);
  const [hidden, setHidden] = useState<string | null>(null);
  if (!set) return null;
  const cur = currentBranch(set);
  const parent = cur.parent ? branchById(set, cur.parent) : undefined;
  if (!parent || cur.forkStep === null || hidden === cur.id) return null;
  return (
    <span className="fork-notice" role="status">
      <span>
        Forked from <strong>{parent.name}</strong> at step {cur.forkStep}; {parent.name} keeps its events.
      </span>
      <button type="button" className="btn small ghost" onClick={() => void useAppStore.getState().openBranch(parent.id)}>
        Back to {parent.name}
      </button>
      {comparing?.id !== parent.id && (
        <button type="button" className="btn small ghost" onClick={() => void useAppStore.getState().compareBranch(parent.id)}>
          Compare with {parent.name}
        </button>
      )}
      <button type="button" className="btn small ghost" onClick={onList}>
        All branches
      </button>
      <button type="button" className="btn small ghost" aria-label="Hide this notice" onClick={() => setHidden(cur.id)}>
        ×
      </button>
    </span>
  );
}
