/** Import a scenario from a file or pasted text; bad input is listed, the current scenario stays. */
import { useAppStore } from '../store/store.ts';

export async function importText(text: string, name: string): Promise<boolean> {
  return useAppStore.getState().open(text, { kind: 'inline', name, text }, { step: 0 });
}

export async function importFile(file: File): Promise<boolean> {
  let text: string;
  try {
    text = await file.text();
  } catch {
    useAppStore.setState({ rejected: { name: file.name, problems: [{ path: '', message: 'the file could not be read' }] } });
    return false;
  }
  return importText(text, file.name);
}
