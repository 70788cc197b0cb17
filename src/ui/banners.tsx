/**
 * Messages about input and the page: refused imports by JSON path, damaged links. Never a
 * stack trace, and never more than a bounded piece of what the input held (a name or a
 * problem may quote it): quote() cuts it and makes control characters visible.
 */
import { quote } from '../store/notice-text.ts';
import { useAppStore } from '../store/store.ts';

/** The longest notice shown, and the longest problem line. */
const NOTICE_MAX = 600;
const PROBLEM_MAX = 240;

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
        <div className="banner warn" role="alert" aria-label="Notice">
          <div>{quote(notice, NOTICE_MAX)}</div>
          <button type="button" className="btn ghost small" onClick={() => setNotice(null)}>
            Dismiss
          </button>
        </div>
      )}
      {rejected && (
        <div className="banner error" role="alert" aria-label="Import problems">
          <div>
            <strong>
              “{quote(rejected.name)}” was not loaded: {rejected.problems.length} problem{rejected.problems.length === 1 ? '' : 's'}.
            </strong>{' '}
            {title ? <>Still showing “{quote(title)}”.</> : null}
            <ul className="problems">
              {rejected.problems.slice(0, 12).map((p, i) => (
                <li key={i}>
                  <code className="path">{p.path ? quote(p.path, PROBLEM_MAX / 2) : '(document)'}</code> {quote(p.message, PROBLEM_MAX)}
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
