/**
 * The embed's side of the message protocol (embed-protocol.ts, docs/embedding.md).
 *
 * A message is a command only when all of these hold, else it is ignored without an answer:
 * it comes from the parent window (the page that embeds the view, not a sibling frame or
 * a popup), its origin is in the `allow` list, and it parses as a command. Refused and
 * malformed messages are counted in the state's `debug` field.
 *
 * Commands run one after another, after the scenario has opened, through the store's own
 * actions. The state goes back to the window that sent the last accepted command (at its
 * origin, so nothing is sent to a page that navigated elsewhere meanwhile) on every change
 * and in answer to a `state` command. Before any command, it goes to the parent when the
 * browser tells the parent's origin (`location.ancestorOrigins`) and that origin is allowed.
 */
import { parseCommand, type EmbedCommand } from './embed-protocol.ts';
import { embedState, useEmbedStatus } from './embed-state.ts';
import { useAppStore, type AppState } from './store.ts';

/** What the bridge needs of a window to post to. */
export interface PostTarget {
  postMessage(message: unknown, targetOrigin: string): void;
}

/** What the bridge needs of its own window (the real one, or a test double). */
export interface BridgeWindow {
  /** the embedding page's window; null (or the window itself) when not framed */
  parent: PostTarget | null;
  addEventListener(type: 'message', fn: (e: MessageEvent) => void): void;
  removeEventListener(type: 'message', fn: (e: MessageEvent) => void): void;
  /** the parent's origin where the browser tells it (`location.ancestorOrigins[0]`) */
  parentOrigin?: string;
}

export interface BridgeOptions {
  win: BridgeWindow;
  /** origins allowed to send commands (embed-params.ts) */
  allow: ReadonlySet<string>;
  /** settles when the scenario has opened (or failed to) */
  opened: Promise<unknown>;
}

/** `postMessage` cannot name an opaque origin: a `null` page is reached with `*`. */
function targetOriginOf(origin: string): string {
  return origin === 'null' ? '*' : origin;
}

function relevant(s: AppState, p: AppState): boolean {
  return s.cursor !== p.cursor || s.policy !== p.policy || s.compare !== p.compare || s.runs !== p.runs || s.scenario !== p.scenario || s.source !== p.source;
}

async function run(c: EmbedCommand): Promise<void> {
  const s = useAppStore.getState();
  switch (c.command) {
    case 'next':
      return s.step(1);
    case 'prev':
      return s.step(-1);
    case 'seek':
      return s.seek(c.step);
    case 'policy':
      return s.setPolicy(c.policy);
    case 'compare':
      return s.setCompare(c.on);
    case 'state':
      return;
  }
}

/** Listen for commands and post the state; returns the function that stops it. */
export function startEmbedBridge({ win, allow, opened }: BridgeOptions): () => void {
  let target: { win: PostTarget; origin: string } | null = null;
  let last = '';
  let scheduled = false;
  let stopped = false;
  // While the scenario opens or a command runs, the intermediate states (a policy set, its
  // run still loading) are not posted: the state goes out once it has settled.
  let busy = 1;
  // Commands run in order, each after the one before (and after the scenario opened).
  let queue: Promise<unknown> = opened.catch(() => undefined).then(() => {
    busy--;
  });

  const post = (force: boolean) => {
    if (!target || stopped) return;
    const msg = embedState(useAppStore.getState(), useEmbedStatus.getState());
    const json = JSON.stringify(msg);
    if (!force && json === last) return;
    last = json;
    target.win.postMessage(msg, targetOriginOf(target.origin));
  };
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    queueMicrotask(() => {
      scheduled = false;
      if (busy === 0) post(false);
    });
  };

  const parent = win.parent && (win.parent as unknown) !== win ? win.parent : null;
  if (parent && win.parentOrigin !== undefined && allow.has(win.parentOrigin)) {
    target = { win: parent, origin: win.parentOrigin };
    void queue.then(() => post(false));
  }

  const onMessage = (e: MessageEvent) => {
    // The window's own messages (libraries, devtools) are none of the embed's business.
    if ((e.source as unknown) === win) return;
    if (!parent || e.source !== (parent as unknown) || !allow.has(e.origin)) {
      useEmbedStatus.setState((st) => ({ refused: st.refused + 1 }));
      return;
    }
    const command = parseCommand(e.data);
    if (!command) {
      useEmbedStatus.setState((st) => ({ malformed: st.malformed + 1 }));
      return;
    }
    target = { win: parent, origin: e.origin };
    busy++;
    queue = queue
      .then(() => run(command))
      .catch(() => undefined)
      .then(() => {
        busy--;
        post(command.command === 'state');
      });
  };

  win.addEventListener('message', onMessage);
  const unsubApp = useAppStore.subscribe((s, p) => {
    if (relevant(s, p)) schedule();
  });
  const unsubStatus = useEmbedStatus.subscribe(schedule);
  return () => {
    stopped = true;
    win.removeEventListener('message', onMessage);
    unsubApp();
    unsubStatus();
  };
}
