/**
 * The keyboard help (key ?, or the top bar's ? button): every key the app answers to,
 * rendered from the one table in keyboard.ts, in the app's modal dialog (Esc closes it).
 */
import { useAppStore } from '../store/store.ts';
import { KEY_GROUPS } from './key-map.ts';
import { Modal } from './modal.tsx';

export function KeyHelp() {
  const open = useAppStore((s) => s.keyHelpOpen);
  const setOpen = useAppStore((s) => s.setKeyHelpOpen);
  return (
    <Modal open={open} onClose={() => setOpen(false)} label="Keyboard keys" className="key-help">
      {/* Close first: the dialog focuses it on opening, so the list is read from its top. */}
      <div className="key-help-head">
        <h2>Keys</h2>
        <button type="button" className="btn" onClick={() => setOpen(false)}>
          Close
        </button>
      </div>
      <div className="key-groups">
        {KEY_GROUPS.map((g) => (
          <table key={g.where} className="key-table">
            <caption>{g.where}</caption>
            <thead>
              <tr>
                <th scope="col">Key</th>
                <th scope="col">What it does</th>
              </tr>
            </thead>
            <tbody>
              {g.entries.map((e) => (
                <tr key={e.keys.join(' ')}>
                  <th scope="row">
                    {e.keys.map((k, i) => (
                      <span key={k}>
                        {i > 0 && <span className="muted"> or </span>}
                        <kbd>{k}</kbd>
                      </span>
                    ))}
                  </th>
                  <td>{e.what}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
      </div>
    </Modal>
  );
}
