import { useQuery } from '@tanstack/react-query';
import { Empty, QueryState } from '../../components/QueryState.tsx';
import { TableScroll } from '../../components/TableScroll.tsx';
import { formatDate, formatNumber, formatPercent } from '../../i18n/format.ts';
import { useLang } from '../../i18n/index.ts';
import { UnitLink } from '../dashboard/UnitLink.tsx';
import type { DashboardView } from '../dashboard/view.ts';
import { lateHref, onLinkClick } from '../reporting/routes.ts';
import { completenessQuery } from '../units/queries.ts';
import { CompletenessBar, TierCounts } from './completeness-parts.tsx';

export const MISSING_LIMIT = 50;

export function CompletenessPanel({ view, headingLevel = 2 }: { view: DashboardView; headingLevel?: 2 | 3 }) {
  const { t, lang } = useLang();
  const q = useQuery(completenessQuery(view.unitCode, view, MISSING_LIMIT));
  const H = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <section className="panel completeness" aria-labelledby="completeness-heading" data-testid="completeness">
      <H id="completeness-heading">{t('completeness.heading')}</H>
      <QueryState query={q}>
        {(c) => {
          if (c.expected === 0) return <Empty>{t('completeness.empty')}</Empty>;
          const missing = c.missingTotal;
          return (
            <>
              <p className="completeness-headline" data-testid="completeness-headline">
                {t('completeness.reported', {
                  reported: formatNumber(c.reported, lang),
                  expected: formatNumber(c.expected, lang),
                  percent: formatPercent(c.completeness, lang),
                })}
              </p>
              <p className="muted">{t('completeness.deadline', { date: formatDate(c.deadline, lang) })}</p>
              <CompletenessBar c={c} className="stack-bar" />
              <dl className="completeness-counts">
                <div>
                  <dt>
                    <span aria-hidden="true">✔ </span>
                    {t('completeness.onTime')}
                  </dt>
                  <dd data-testid="completeness-on-time">{formatNumber(c.onTime, lang)}</dd>
                </div>
                <div>
                  <dt>
                    <span aria-hidden="true">◔ </span>
                    {t('completeness.late')}
                  </dt>
                  <dd data-testid="completeness-late">{formatNumber(c.late, lang)}</dd>
                </div>
                <div>
                  <dt>
                    <span aria-hidden="true">✖ </span>
                    {t('completeness.missing')}
                  </dt>
                  <dd data-testid="completeness-missing">{formatNumber(missing, lang)}</dd>
                </div>
              </dl>
              {c.byLevel.length > 1 && (
                <TableScroll label={t('completeness.heading')}>
                  <TierCounts levels={c.byLevel} className="compact-table" />
                </TableScroll>
              )}
              <H className="h-sub">{t('completeness.missingList')}</H>
              <p>
                <a
                  href={lateHref(view.unitCode, view.period)}
                  onClick={onLinkClick(lateHref(view.unitCode, view.period))}
                  data-testid="late-open"
                >
                  {t('reporting.late.open')}
                </a>
              </p>
              {c.missingTotal === 0 ? (
                <p>{t('completeness.noneMissing')}</p>
              ) : (
                <ul className="missing-list" data-testid="missing-list">
                  {c.missing.map((m) => (
                    <li key={m.code}>
                      <UnitLink code={m.code}>{m.name}</UnitLink>
                      {m.parentName && <span className="muted"> {t('completeness.parent', { name: m.parentName })}</span>}
                    </li>
                  ))}
                  {c.missingTotal > c.missing.length && (
                    <li className="muted">{t('common.more', { n: formatNumber(c.missingTotal - c.missing.length, lang) })}</li>
                  )}
                </ul>
              )}
            </>
          );
        }}
      </QueryState>
    </section>
  );
}
