/**
 * The bundled scenarios: every file in public/scenarios/, listed at build time by
 * import.meta.glob, so a scenario added there shows up in the picker without a hand-kept
 * index. The same files stay in public/ for the command line and for direct links.
 */
import { parseScenarioText } from '../core/scenario/index.ts';

const files = import.meta.glob('../../public/scenarios/*.json', {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>;

export interface BundledScenario {
  /** file name, e.g. `s1-vf-migration-busy-destination.json` */
  file: string;
  title: string;
  text: string;
}

function fileName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Bundled scenarios in file-name order (s1, s2, …). */
export const BUNDLED: readonly BundledScenario[] = Object.entries(files)
  .map(([path, text]) => {
    const parsed = parseScenarioText(text);
    return { file: fileName(path), title: parsed.ok ? parsed.scenario.title : fileName(path), text };
  })
  .sort((a, b) => a.file.localeCompare(b.file, 'en', { numeric: true }));

export function bundledByFile(file: string): BundledScenario | undefined {
  return BUNDLED.find((b) => b.file === file);
}

export const DEFAULT_SCENARIO_FILE = BUNDLED[0]?.file ?? '';
