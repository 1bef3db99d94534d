/** What is wrong with a new password as it is typed; the server checks the list of common ones. */
export const MIN_PASSWORD_LENGTH = 10;

export function newPasswordProblem(
  d: { current: string; next: string; repeat: string },
  username: string,
): { key: string; n?: number } | null {
  if (d.next.length < MIN_PASSWORD_LENGTH) return { key: 'admin.password.tooShort', n: MIN_PASSWORD_LENGTH - d.next.length };
  if (username && d.next.toLowerCase().includes(username.toLowerCase())) return { key: 'admin.password.containsUsername' };
  if (d.next === d.current) return { key: 'admin.password.sameAsOld' };
  if (d.repeat !== d.next) return { key: 'admin.password.mismatch' };
  return null;
}
