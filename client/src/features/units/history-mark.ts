/**
 * A figure from before its unit existed is its history rebuilt from the units it was made from:
 * exact where it adds up teams that kept existing, estimated where a split unit's own figure was
 * shared out. Every chart and table says which, the same way.
 */
export type HistoryMark = 'rebuilt' | 'estimated' | null;

export function historyMark(p: { rebuilt?: boolean | undefined; estimated?: boolean | undefined }): HistoryMark {
  if (p.estimated) return 'estimated';
  if (p.rebuilt) return 'rebuilt';
  return null;
}
