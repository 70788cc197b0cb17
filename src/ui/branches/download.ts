/** Save a text as a file from the page (a branch, or every branch). */
export function downloadText(text: string, fileName: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  window.setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** A file name made of a scenario's and a branch's names: letters, digits, dot, dash. */
export function fileNameOf(...parts: string[]): string {
  const base = parts
    .map((p) => p.replace(/\.json$/i, '').replace(/ \(edited\)$/, ''))
    .join('-')
    .replace(/[^\w.-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 120);
  return `${base || 'scenario'}.json`;
}
