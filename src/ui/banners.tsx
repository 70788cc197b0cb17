/** Messages about input and the page: refused imports by JSON path, damaged links. Never a stack trace. */
import { useAppStore } from '../store/store.ts';

export function Banners() {
  const rejected = useAppStore((s) => s.rejected);
  const notice = useAppStore((s) => s.notice);
  const dismissRejected = useAppStore((s) => s.dismissRejected);
  const setNotice = useAppStore((s) => s.setNotice);
  const title = useAppStore((s) => s.scenario?.title);
  if (!rejected && !notice) return null;
  return (
    <div className="banners">
      {notice && (
        <div className="banner warn" role="alert">
          <div>
            <strong>Link problem.</strong> {notice}
          </div>
          <button type="button" className="btn ghost small" onClick={() => setNotice(null)}>
            Dismiss
          </button>
        </div>
      )}
      {rejected && (
        <div className="banner error" role="alert" aria-label="Import problems">
          <div>
            <strong>
              “{rejected.name}” was not loaded: {rejected.problems.length} problem{rejected.problems.length === 1 ? '' : 's'}.
            </strong>{' '}
            {title ? <>Still showing “{title}”.</> : null}
            <ul className="problems">
              {rejected.problems.slice(0, 12).map((p, i) => (
                <li key={i}>
                  <code className="path">{p.path || '(document)'}</code> {p.message}
                </li>
              ))}
              {rejected.problems.length > 12 && <li className="muted">…and {rejected.problems.length - 12} more</li>}
            </ul>
          </div>
          <button type="button" className="btn ghost small" onClick={dismissRejected}>
            Dismiss
          </button>
        </div>
      )}
    </div>
  );
}
