/**
 * Hands a file to the browser's downloads: an object URL on a temporary link, clicked, and freed
 * once the download has had time to start.
 */
export function saveBlob(blob: Blob, filename: string): void {
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 30_000);
}

/** A CSV written in the browser (an error list, a passwords sheet), as a download. */
export function saveCsv(text: string, filename: string): void {
  saveBlob(new Blob([text], { type: 'text/csv;charset=utf-8' }), filename);
}
