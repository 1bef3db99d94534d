/** Who may change what the whole programme shares: the catalogue, targets and the calendar. */
import { administersProgramme } from '@tiendo/shared/permissions';
import { ForbiddenError } from '../errors.ts';
import { programmeSeat, type ScopeHolder } from './scope.ts';

/** An admin, or the secretariat of the top unit (a district secretariat runs only its accounts). */
export function isTopAdmin(p: ScopeHolder): boolean {
  return administersProgramme(programmeSeat(p));
}

export function requireTopAdmin(p: ScopeHolder): void {
  if (!isTopAdmin(p)) {
    throw new ForbiddenError(
      'Chỉ thư ký của Ban Chỉ đạo cấp cao nhất hoặc quản trị viên được thay đổi / only the top-level secretariat or an admin may change this',
    );
  }
}
