/** Saves a file the API sends (with the session cookie) under the name the server gave. */
import { saveBlob } from '../../lib/save-blob.ts';
import { errorMessage, filenameFromDisposition } from '../report/report-download.ts';

export async function saveFile(url: string, fallbackName: string, failedStatus: (status: number) => string): Promise<void> {
  const res = await fetch(url, { credentials: 'same-origin' });
  if (!res.ok) throw new Error(errorMessage(await res.text()) ?? failedStatus(res.status));
  saveBlob(await res.blob(), filenameFromDisposition(res.headers.get('content-disposition')) ?? fallbackName);
}
