import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { MapView, UnitRef, UnitReply } from '@tiendo/shared';
import { addMonths } from '@tiendo/shared/period';
import type { ReactNode } from 'react';
import type { HttpError } from '../../api/http.ts';
import { unitKeys } from '../../api/keys.ts';
import { formatPercent, formatPeriod } from '../../i18n/format.ts';
import { useLang } from '../../i18n/index.ts';
import type { UrlState } from '../../routing/url-state.ts';
import { hrefFor, navigate } from '../../routing/use-url-state.ts';
import { useSession } from '../auth/session-context.ts';
import { homeLastPeriod } from '../dashboard/view.ts';
import { type Follower, notInPeriodModel } from './lineage-data.ts';
import { chooseMap } from './MapSwitch.tsx';
import { unitQuery } from './queries.ts';

/** "Phường Phúc Xá": the unit's type and name, as the server's `fullName` writes it. */
export function unitFullName(u: Pick<UnitRef, 'name'> & { type?: string }): string {
  if (!u.type) return u.name;
  return `${u.type.charAt(0).toLocaleUpperCase('vi')}${u.type.slice(1)} ${u.name}`;
}

/**
 * A reply about this code already read for another period, of the unit that is not there in
 * `period` (it ended before or began after): its name and life without asking again.
 */
function knownReply(cached: [readonly unknown[], UnitReply | undefined][], period: string): UnitReply | null {
  for (const [, d] of cached)
    if (d && ((d.validTo !== null && d.validTo < period) || (d.validFrom !== null && d.validFrom > period))) return d;
  return null;
}

function Go({ patch, label, children }: { patch: Partial<UrlState>; label?: string; children: ReactNode }) {
  return (
    <a
      className="button-link"
      href={hrefFor(patch)}
      aria-label={label}
      data-unit={patch.unit ?? undefined}
      onClick={(e) => {
        if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
        e.preventDefault();
        navigate(patch);
        window.scrollTo({ top: 0 });
      }}
    >
      {children}
    </a>
  );
}

/**
 * The unit on screen does not exist in the period asked (the period was switched, or a link was
 * opened): say so, say what happened to it and when, and offer its successors or predecessors —
 * in the same period and map — and its own nearest period, one click each.
 */
export function UnitNotInPeriod({
  code,
  period,
  map,
  currentPeriod,
  error,
}: {
  code: string;
  period: string;
  map: MapView;
  currentPeriod: string;
  error: HttpError;
}) {
  const { t, lang } = useLang();
  const { home, session } = useSession();
  const qc = useQueryClient();
  // On today's map the server looked the code up in the current period, not in the one on screen.
  const lookedUp = map === 'today' && period < currentPeriod ? currentPeriod : period;
  const cached = knownReply(qc.getQueriesData<UnitReply>({ queryKey: [...unitKeys.unit(code), 'info'] }), lookedUp);
  // A unit that ended with nothing to follow (a district) has no date in the 404; a link opened
  // cold asks the month before, which is where a reader who stepped the period forward came from.
  const undated = cached === null && notInPeriodModel(error.details, lookedUp)?.changeAt === null;
  const probe = useQuery({ ...unitQuery(code, addMonths(lookedUp, -1), 'period'), enabled: undated });
  const before = knownReply(probe.data ? [[[], probe.data]] : [], lookedUp);
  const model = notInPeriodModel(error.details, lookedUp, cached ?? before);
  const homeEnd = homeLastPeriod(session);
  // "Not on today's map" only when the unit was still there in the period shown (Phúc Xá in 2025-06);
  // one already gone by then simply did not exist in that period, whichever the map.
  const onToday = lookedUp !== period && !(model?.changeAt && model.changeAt <= period);
  const nearest = model?.nearest ?? null;
  const life = useQuery({ ...unitQuery(code, nearest, 'period'), enabled: nearest !== null && cached === null && before === null });
  const known = life.data ?? cached ?? before;
  const name = known ? known.fullName : t('mapView.unknownUnit', { code });
  // the unit's own reply (when read) names its successors and predecessors with their type
  const typed = new Map<string, UnitRef>([...(known?.successors ?? []), ...(known?.predecessors ?? [])].map((u) => [u.code, u]));
  const followerName = (f: Follower) => unitFullName(typed.get(f.code) ?? f);
  const when = formatPeriod(period, lang);
  const title = onToday ? t('mapView.notOnToday', { unit: name }) : t('mapView.notIn', { unit: name, period: when });
  // a merger or a split is dated by its first month; a unit that just ended, by its last
  const whyAt = model?.change === 'ended' ? model.nearest : (model?.changeAt ?? null);
  const why = whyAt
    ? t(`mapView.change.${model?.change}`, { period: formatPeriod(whyAt, lang) })
    : model?.change === 'ended'
      ? t('mapView.endedNoDate')
      : null;

  return (
    <section className="error-panel lineage-panel" role="alert" aria-labelledby="not-in-period-title" data-testid="unit-not-in-period">
      <h2 id="not-in-period-title">
        {title}
        {why && ` (${why})`}
      </h2>
      {model && model.followers.length > 0 && (
        <>
          <p>{model.change === 'formed' ? t('mapView.predecessors') : t('mapView.successors')}</p>
          <ul className="lineage-list">
            {model.followers.map((f) => (
              <li key={f.code}>
                <Go
                  patch={{ unit: f.code, period, map: onToday ? 'today' : map, slide: null }}
                  label={t('mapView.goTo', { unit: followerName(f), period: when })}
                >
                  <span aria-hidden="true">→ </span>
                  {followerName(f)}
                </Go>
                {f.share < 1 && <span className="muted"> · {t('mapView.share', { percent: formatPercent(f.share * 100, lang, 0) })}</span>}
              </li>
            ))}
          </ul>
        </>
      )}
      {model?.change === 'ended' && model.followers.length === 0 && <p>{t('mapView.noFollowers')}</p>}
      <p className="lineage-actions">
        {onToday ? (
          <button type="button" onClick={() => chooseMap('period')} data-testid="read-as-reported">
            {t('mapView.readAsReported')}
          </button>
        ) : (
          nearest && (
            <Go patch={{ unit: code, period: nearest, map: 'period', slide: null }}>
              {model?.change === 'formed'
                ? t('mapView.nearestFormed', { unit: name, period: formatPeriod(nearest, lang) })
                : t('mapView.nearestEnded', { unit: name, period: formatPeriod(nearest, lang) })}
            </Go>
          )
        )}
        {code !== home && (
          <Go patch={{ unit: home, slide: null, ...(homeEnd !== null && period > homeEnd ? { period: homeEnd, map: 'period' } : {}) }}>
            {t('mapView.backHome')}
          </Go>
        )}
      </p>
    </section>
  );
}
