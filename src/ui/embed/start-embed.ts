/**
 * Start the embed mode: read the parameters, listen for the host page's messages at once
 * (before the frame's load event, so a host that asks for the state on load is heard),
 * and open the scenario.
 */
import { startEmbedBridge } from '../../store/embed-bridge.ts';
import { openEmbed } from '../../store/embed-open.ts';
import { parseEmbedParams } from '../../store/embed-params.ts';
import { useEmbedStatus } from '../../store/embed-state.ts';

export { isEmbedQuery } from '../../store/embed-params.ts';

export function startEmbed(): void {
  const { params, problems } = parseEmbedParams(window.location.search, window.location.origin);
  let opened: Promise<unknown>;
  if (problems.length) {
    useEmbedStatus.setState({ phase: 'error', problems });
    opened = Promise.resolve();
  } else {
    opened = openEmbed(params, window.location.hash).catch((e: unknown) =>
      useEmbedStatus.setState({ phase: 'error', problems: [`the scenario could not be opened: ${e instanceof Error ? e.message : String(e)}`] }),
    );
  }
  const framed = window.parent !== window;
  startEmbedBridge({
    win: {
      parent: framed ? window.parent : null,
      addEventListener: (t, fn) => window.addEventListener(t, fn),
      removeEventListener: (t, fn) => window.removeEventListener(t, fn),
      parentOrigin: framed ? window.location.ancestorOrigins?.[0] : undefined,
    },
    allow: params.allow,
    opened,
  });
}
