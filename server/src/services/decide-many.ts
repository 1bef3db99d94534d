/**
 * Approve or return many reports below a unit at once (the approver's worklist): each one through
 * the single decision, in its own transaction and audit entry; a unit that is not below, out of
 * the caller's scope or not waiting fails alone with its reason.
 */
import { type DecideManyReply, formatPeriodText, type ReportReply } from '@tiendo/shared';
import { AppError, ForbiddenError } from '../errors.ts';
import type { Principal } from './auth-service.ts';
import { ancestorsAt, type CatalogService, unitAtView } from './catalog-service.ts';
import { couldKnowUnit, unknownUnit } from './scope.ts';

export interface DecideManyDeps {
  catalog: CatalogService;
  /** One decision on one report (SubmissionService.decide). */
  decide(
    p: Principal,
    code: string,
    period: string,
    decision: 'approve' | 'return',
    comment: string | null,
    ip: string,
  ): Pick<ReportReply, 'state'>;
}

export function decideMany(
  d: DecideManyDeps,
  p: Principal,
  code: string,
  period: string,
  decision: 'approve' | 'return',
  units: readonly string[],
  comment: string | null,
  ip: string,
): DecideManyReply {
  const parent = d.catalog.unitAt(code, period);
  const cat = d.catalog.get();
  const results: DecideManyReply['results'] = [];
  for (const c of new Set(units)) {
    try {
      const unit = d.catalog.unitAt(c, period);
      if (!ancestorsAt(cat, unit, period).some((x) => x.id === parent.id)) {
        // A unit the caller cannot know of is answered as an unknown code (see couldKnowUnit).
        if (!couldKnowUnit(cat, p, unit)) throw unknownUnit(c);
        const [u, up] = [unitAtView(unit, period), unitAtView(parent, period)];
        const [name, parentName] = [`${u.name} (${u.code})`, `${up.name} (${up.code})`];
        throw new ForbiddenError(
          `${name} không trực thuộc ${parentName} ${formatPeriodText(period, 'vi')} / ${name} is not below ${parentName} in ${formatPeriodText(period, 'en')}`,
          { unit: name, parent: parentName, period },
          'not_below',
        );
      }
      const r = d.decide(p, c, period, decision, comment, ip);
      results.push({ unit: c, ok: true, state: r.state });
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      results.push({
        unit: c,
        ok: false,
        error: err.message,
        code: err.code,
        ...(err.details === undefined ? {} : { details: err.details }),
      });
    }
  }
  return { results };
}
