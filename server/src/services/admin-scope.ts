/** Who may change what the whole programme shares: the catalogue, targets and the calendar. */
import { ForbiddenError } from '../errors.ts';
import type { Principal } from './auth-service.ts';

/** An admin, or the secretariat of the top unit (a district secretariat runs only its accounts). */
export function isTopAdmin(p: Pick<Principal, 'role' | 'unit'>): boolean {
  return p.role === 'admin' || (p.role === 'secretariat' && p.unit.parentId === null);
}

export function requireTopAdmin(p: Pick<Principal, 'role' | 'unit'>): void {
  if (!isTopAdmin(p)) {
    throw new ForbiddenError(
      'Chỉ thư ký của Ban Chỉ đạo cấp cao nhất hoặc quản trị viên được thay đổi / only the top-level secretariat or an admin may change this',
    );
  }
}
