/** Saves a file the API sends (with the session cookie) under the name the server gave. */
import { errorMessage, filenameFromDisposition } from '../report/report-download.ts';

export async function saveFile(url: string, fallbackName: string, failedStatus: (status: number) => string): Promise<void> {
  const res = await fetch(url, { credentials: 'same-origin' });
  if (!res.ok) throw new Error(errorMessage(await res.text()) ?? failedStatus(res.status));
  const blob = await res.blob();
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = filenameFromDisposition(res.headers.get('content-disposition')) ?? fallbackName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 30_000);
}
