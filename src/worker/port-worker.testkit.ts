/**
 * For tests: a "worker" on a MessagePort pair in this thread, exposing `api` through
 * Comlink, so the worker transport runs its real traffic without a Worker.
 */
import * as Comlink from 'comlink';
import type { WorkerLike } from './worker-engine.ts';

export function portWorker(api: object): WorkerLike & { terminated(): boolean } {
  const { port1, port2 } = new MessageChannel();
  Comlink.expose(api, port2 as unknown as Comlink.Endpoint);
  let terminated = false;
  return {
    postMessage: (m: unknown, t?: Transferable[]) => port1.postMessage(m, t ?? []),
    addEventListener: ((type: string, l: EventListener) => {
      if (type === 'message') port1.addEventListener('message', l);
    }) as WorkerLike['addEventListener'],
    removeEventListener: ((type: string, l: EventListener) => {
      if (type === 'message') port1.removeEventListener('message', l);
    }) as WorkerLike['removeEventListener'],
    start: () => port1.start(),
    terminate: () => {
      terminated = true;
      port1.close();
      port2.close();
    },
    terminated: () => terminated,
  };
}
