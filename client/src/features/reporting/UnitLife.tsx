/**
 * The reporting screens across the July-2025 reform: the banner of an account whose unit ended,
 * the note on a unit that began or ended (with one-click links to its predecessors or successors),
 * and the answer to a code that names no unit in the period asked.
 */
import { useQueries, useQuery } from '@tanstack/react-query';
import type { LineageRef, UnitReply } from '@tiendo/shared';
import { addMonths } from '@tiendo/shared/period';
import type { ReactNode } from 'react';
import { formatPercent, formatPeriod } from '../../i18n/format.ts';
import { useLang } from '../../i18n/index.ts';
import { useSession } from '../auth/session-context.ts';
import { lineageQuery, unitQuery } from '../units/queries.ts';
import { onLinkClick } from './routes.ts';
import { formerParents, fullName, type Life, monthYear, type NotInPeriod, ownPeriodFrom, periodFor } from './unit-life.ts';

type HrefOf = (code: string, period: string) => string;

/** The signed-in account's unit and its life, as `/api/me` tells it. */
export function useHomeLife(): (Life & { code: string; name: string; type: string }) | null {
  const { session } = useSession();
  if (session.state !== 'signed-in') return null;
  const u = session.me.user.unit;
  return { code: u.code, name: u.name, type: u.type, validFrom: u.validFrom ?? null, validTo: u.validTo ?? null };
}

/**
 * For a unit formed by a reorganisation, in a period after it: which former unit each unit below
 * came from (Hồng Hà's 72 teams are six "Tổ dân phố số 1" and so on). Read from each predecessor's
 * children in its last month; empty for a unit that was not formed so.
 */
export function useFormerParents(unit: UnitReply | undefined, period: string): Map<string, string> {
  const from = unit?.validFrom ?? null;
  const preds = unit && from && period >= from ? unit.predecessors : [];
  const replies = useQueries({
    queries: preds.map((l) => unitQuery(l.code, l.validTo ?? addMonths(l.period, -1), 'period')),
  });
  return formerParents(replies.map((r) => r.data).filter((d): d is UnitReply => d !== undefined));
}

function Link({ href, children, testId }: { href: string; children: ReactNode; testId?: string }) {
  return (
    <a href={href} onClick={onLinkClick(href)} data-testid={testId}>
      {children}
    </a>
  );
}

function joinNames(names: string[], lang: 'vi' | 'en'): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} ${lang === 'vi' ? 'và' : 'and'} ${names.at(-1)}`;
}

/**
 * "Phường Phúc Xá đã sáp nhập vào Phường Hồng Hà từ 07/2025. Tài khoản này chỉ xem được số liệu
 * đến 06/2025." For an account whose unit ended: it reads its past and changes nothing after it.
 */
export function EndedAccountBanner() {
  const { t, lang } = useLang();
  const home = useHomeLife();
  const end = home?.validTo ?? null;
  const lineage = useQuery({ ...lineageQuery(home?.code ?? '', end ?? ''), enabled: end !== null });
  if (!home || !end || lineage.isPending) return null;
  const unit = fullName(lineage.data?.unit ?? home);
  const successors = lineage.data?.successors ?? [];
  const from = monthYear(addMonths(end, 1), lang);
  const until = monthYear(end, lang);
  const names = joinNames(
    successors.map((s) => fullName(s)),
    lang,
  );
  const what =
    successors.length === 0
      ? t('reporting.life.endedNone', { unit, from })
      : successors.length === 1 && (successors[0]?.share ?? 1) >= 1
        ? t('reporting.life.endedMerged', { unit, successor: names, from })
        : t('reporting.life.endedSplit', { unit, successors: names, from });
  return (
    <div className="notice ended-banner" role="note" data-testid="ended-banner">
      <p>
        <strong>
          {what} {t('reporting.life.readOnlyUntil', { until })}
        </strong>
      </p>
      <p className="muted">{t('reporting.life.askMove')}</p>
    </div>
  );
}

/** A unit that began with the reform (its predecessors) or ended with it (its successors), with links. */
export function LineageNote({ unit, hrefOf, hideSuccessors }: { unit: UnitReply; hrefOf: HrefOf; hideSuccessors?: boolean }) {
  const { t, lang } = useLang();
  const name = fullName(unit);
  const share = (l: LineageRef) => (l.share < 1 ? ` (${formatPercent(l.share * 100, lang, 0)})` : '');
  const showSucc = !hideSuccessors && unit.validTo !== null && unit.successors.length > 0;
  const showPred = unit.validFrom !== null && unit.predecessors.length > 0;
  if (!showSucc && !showPred) return null;
  return (
    <div className="lineage-note" data-testid="lineage-note">
      {showPred && unit.validFrom && (
        <p>
          {t('reporting.life.formedFrom', { unit: name, from: monthYear(unit.validFrom, lang) })}{' '}
          {unit.predecessors.map((l, i) => (
            <span key={`${l.code}-${l.validTo}`}>
              {i > 0 && ', '}
              <Link href={hrefOf(l.code, l.validTo ?? addMonths(l.period, -1))} testId={`predecessor-${l.code}`}>
                {l.name}
              </Link>
              {share(l)}
            </span>
          ))}
        </p>
      )}
      {showSucc && unit.validTo && (
        <p>
          {t('reporting.life.wentTo', { unit: name, from: monthYear(addMonths(unit.validTo, 1), lang) })}{' '}
          {unit.successors.map((l, i) => (
            <span key={`${l.code}-${l.validFrom}`}>
              {i > 0 && ', '}
              <Link href={hrefOf(l.code, l.period)} testId={`successor-${l.code}`}>
                {fullName(l)}
              </Link>
              {share(l)}
            </span>
          ))}
        </p>
      )}
    </div>
  );
}

/**
 * A 404 `unit_not_in_period`: the code names no unit in this period. Says so, and offers the units
 * it went to (or came from) and the code's own last (or first) month, one click each.
 */
export function NotInPeriodPanel({ nip, code, period, hrefOf }: { nip: NotInPeriod; code: string; period: string; hrefOf: HrefOf }) {
  const { t, lang } = useLang();
  const home = useHomeLife();
  // nobody took over a district: its last month is known when it is the reader's own unit
  const own = ownPeriodFrom(nip) ?? (home?.code === code && nip.direction === 'successors' ? (home.validTo ?? null) : null);
  const after = nip.direction === 'successors';
  // the code's own unit, read in its last (or first) month, to call it by its name
  const self = useQuery({ ...unitQuery(code, own, 'period'), enabled: own !== null });
  const name = self.data ? `${fullName(self.data)} (${code})` : code;
  return (
    <section className="panel not-in-period" role="alert" aria-labelledby="not-in-period-heading" data-testid="not-in-period">
      <h2 id="not-in-period-heading">{t('reporting.life.notInPeriod', { unit: name, period: formatPeriod(period, lang) })}</h2>
      <p>
        {nip.units.length === 0
          ? t(after ? 'reporting.life.noSuccessors' : 'reporting.life.noPredecessors')
          : t(after ? 'reporting.life.goSuccessors' : 'reporting.life.goPredecessors')}
      </p>
      {nip.units.length > 0 && (
        <ul className="followers">
          {nip.units.map((u) => {
            const at = periodFor(u, period);
            return (
              <li key={`${u.code}-${u.validFrom}`}>
                <Link href={hrefOf(u.code, at)} testId={`follow-${u.code}`}>
                  {u.name} ({u.code})
                </Link>{' '}
                <span className="muted">
                  — {formatPeriod(at, lang)}
                  {u.share < 1 ? ` · ${formatPercent(u.share * 100, lang, 0)}` : ''}
                </span>
              </li>
            );
          })}
        </ul>
      )}
      {own && (
        <p>
          <Link href={hrefOf(code, own)} testId="follow-own">
            {t(after ? 'reporting.life.ownLast' : 'reporting.life.ownFirst', {
              code: self.data ? fullName(self.data) : code,
              period: formatPeriod(own, lang),
            })}
          </Link>
        </p>
      )}
    </section>
  );
}

/** Under a unit's name: its code and, after a merge, the former unit it came from. */
export function UnitCodeLine({ code, former }: { code: string; former?: string | undefined }) {
  const { t } = useLang();
  return (
    <span className="unit-code-line muted">
      {code}
      {former ? ` · ${t('reporting.life.formerly', { name: former })}` : ''}
    </span>
  );
}
