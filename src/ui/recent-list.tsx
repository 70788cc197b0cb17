/**
 * The Recent list (in the import dialog): the scenarios pasted, imported or opened from
 * links in this browser, newest first, to reopen or remove. Where they are kept is said,
 * so a browser that keeps nothing (memory only) does not promise what it cannot.
 */
import { forget, reopen, useRecent } from '../store/recent-sync.ts';
import type { RecentBackendKind, RecentMeta } from '../store/recent-scenarios.ts';
import { quote } from '../store/notice-text.ts';
import './recent.css';

const WHERE: Record<RecentBackendKind, string> = {
  indexeddb:
    'Kept in this browser (IndexedDB) across reloads, until removed here or the site data is cleared.',
  localstorage:
    'Kept in this browser (localStorage, a few MB) across reloads, until removed here or the site data is cleared.',
  memory:
    'This browser does not let the page keep data: the list lasts until the page is closed. Download what you want to keep.',
};

const FROM: Record<RecentMeta['source'], string> = {
  file: 'file',
  paste: 'pasted',
  link: 'from a link',
  edit: 'edited',
};

export function sizeLabel(chars: number): string {
  if (chars < 1024) return `${chars} B`;
  if (chars < 1024 * 1024) return `${(chars / 1024).toFixed(chars < 10 * 1024 ? 1 : 0)} KiB`;
  return `${(chars / (1024 * 1024)).toFixed(1)} MiB`;
}

export function whenLabel(ms: number, now = Date.now()): string {
  const s = Math.max(0, Math.round((now - ms) / 1000));
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`;
  return new Date(ms).toLocaleDateString('en', { day: 'numeric', month: 'short', year: 'numeric' });
}

export function RecentList({ onOpen }: { onOpen(): void }) {
  const entries = useRecent((s) => s.entries);
  const backend = useRecent((s) => s.backend);
  return (
    <section className="recent" aria-labelledby="recent-heading">
      <h3 id="recent-heading">Recent in this browser</h3>
      <p className="muted recent-where">{backend ? WHERE[backend] : 'Opening the list…'}</p>
      {entries.length === 0 ? (
        <p className="muted">None yet: scenarios you paste, import or open from a link appear here.</p>
      ) : (
        <ul className="recent-list" aria-label="Recent scenarios">
          {entries.map((e) => {
            const title = quote(e.title);
            return (
              <li key={e.id}>
                <div className="recent-text">
                  <strong className="recent-title">{title}</strong>
                  {!e.valid && <span className="recent-bad"> not valid</span>}
                  <div className="muted recent-meta">
                    {quote(e.name, 60)} · {FROM[e.source]} · {sizeLabel(e.size)} · {whenLabel(e.savedAt)}
                  </div>
                </div>
                <button
                  type="button"
                  className="btn small primary"
                  aria-label={`Open ${title}`}
                  onClick={() => {
                    onOpen();
                    void reopen(e.id);
                  }}
                >
                  Open
                </button>
                <button
                  type="button"
                  className="btn small ghost"
                  aria-label={`Remove ${title}`}
                  onClick={() => void forget(e.id)}
                >
                  Remove
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
