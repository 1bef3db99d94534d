import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { type AuditLogEntry, tierName } from '@tiendo/shared';
import { type FormEvent, useId, useMemo, useState } from 'react';
import { Empty, ErrorPanel, Loading } from '../../components/QueryState.tsx';
import { TableScroll } from '../../components/TableScroll.tsx';
import { formatDateTime, formatNumber, formatPeriod, type Lang } from '../../i18n/format.ts';
import { useLang } from '../../i18n/index.ts';
import { kpisQuery, periodsQuery } from '../catalog/queries.ts';
import { type AuditValue, auditDiff, type DiffRow, type PathPart, targetPeriod } from './audit-diff.ts';
import { type AuditFilters, auditQuery, NO_AUDIT_FILTERS } from './audit-queries.ts';
import { type PickedUnit, UnitPicker } from './UnitPicker.tsx';
import './audit.css';

type T = ReturnType<typeof useLang>['t'];

const FAMILIES = ['login.*', 'report.*', 'user.*', 'kpi.*', 'settings.*'] as const;

/** What the log shows for one field value: numbers, periods, dates, roles and states in words. */
function valueText(field: string | null, v: AuditValue | undefined, t: T, lang: Lang): string {
  if (v === undefined || v === null || v === '') return '—';
  if (typeof v === 'boolean') return v ? t('audit.yes') : t('audit.no');
  if (typeof v === 'number') return field === 'level' ? tierName(v, lang) : formatNumber(v, lang, 2);
  if (field === 'role') return t(`auth.role.${v}`, { defaultValue: v });
  if (field === 'state') return t(`reporting.state.${v}`, { defaultValue: v });
  if (/^\d{4}-(0[1-9]|1[0-2])$/.test(v)) return formatPeriod(v, lang);
  if (/^\d{4}-\d{2}-\d{2}T/.test(v)) return formatDateTime(v, lang);
  return v;
}

/** A field's name: a KPI by its name, a known field in words, a list item by its tier or unit. */
function fieldText(path: PathPart[], kpiNames: Map<string, string>, t: T, lang: Lang): string {
  const parts = path.map((p) => {
    if ('key' in p) return kpiNames.get(p.key) ?? t(`audit.fields.${p.key}`, { defaultValue: p.key });
    const who = p.unit ? p.unit : p.level ? tierName(p.level, lang) : `#${p.item + 1}`;
    return p.period ? `${who} (${t('audit.fromPeriod', { period: formatPeriod(p.period, lang) })})` : who;
  });
  return parts.join(' · ') || t('audit.fields.value');
}

const lastKey = (path: PathPart[]) => {
  const p = path.at(-1);
  return p && 'key' in p ? p.key : null;
};

function Changes({ rows, kpiNames }: { rows: DiffRow[]; kpiNames: Map<string, string> }) {
  const { t, lang } = useLang();
  if (rows.length === 0) return <p className="muted">{t('audit.noChanges')}</p>;
  return (
    <details className="audit-changes">
      <summary>{t('audit.showChanges', { n: rows.length })}</summary>
      <TableScroll label={t('audit.changes')}>
        <table className="compact-table">
          <thead>
            <tr>
              <th scope="col">{t('audit.field')}</th>
              <th scope="col">{t('audit.before')}</th>
              <th scope="col">{t('audit.after')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const key = lastKey(r.path);
              const name = fieldText(r.path, kpiNames, t, lang);
              return (
                <tr key={name}>
                  <th scope="row">{name}</th>
                  <td>{valueText(key, r.before, t, lang)}</td>
                  <td>{valueText(key, r.after, t, lang)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableScroll>
    </details>
  );
}

function Entry({ e, kpiNames }: { e: AuditLogEntry; kpiNames: Map<string, string> }) {
  const { t, lang } = useLang();
  const period = targetPeriod(e.target);
  const subject = e.action.startsWith('kpi.') && e.target ? (kpiNames.get(e.target) ?? e.target) : null;
  const about = [
    e.unitName ? `${e.unitName} (${e.unit})` : null,
    subject,
    period ? formatPeriod(period, lang) : null,
    !e.unitName && !subject && !period && e.target ? e.target : null,
  ].filter(Boolean);
  return (
    <li className="audit-entry" data-testid="audit-entry" data-action={e.action}>
      <div className="audit-line">
        <time dateTime={e.at}>{formatDateTime(e.at, lang)}</time>
        <strong>{t(`audit.actions.${e.action}`, { defaultValue: e.action })}</strong>
        <span>
          {e.actorName ?? e.actor ?? '—'}
          {e.actor && e.actorName ? <span className="muted"> ({e.actor})</span> : null}
        </span>
      </div>
      {about.length > 0 && <div className="audit-about">{about.join(' · ')}</div>}
      <Changes rows={auditDiff(e.before, e.after)} kpiNames={kpiNames} />
      {e.ip && <div className="muted audit-ip">{t('audit.ip', { ip: e.ip })}</div>}
    </li>
  );
}

/**
 * Nhật ký: the log of the caller's scope (the server decides it: the subtree, the caller's own
 * actions, and for the top level the programme-wide changes), newest first, filtered by who,
 * what, unit, period and dates; each entry with what changed, by name.
 */
export function AuditPanel() {
  const { t, lang } = useLang();
  const id = useId();
  const [draft, setDraft] = useState<AuditFilters>(NO_AUDIT_FILTERS);
  const [unit, setUnit] = useState<PickedUnit | null>(null);
  const [filters, setFilters] = useState<AuditFilters>(NO_AUDIT_FILTERS);
  const log = useInfiniteQuery(auditQuery(filters));
  const kpis = useQuery(kpisQuery());
  const periods = useQuery(periodsQuery());
  const kpiNames = useMemo(
    () => new Map((kpis.data ?? []).map((k) => [k.code, lang === 'en' ? k.nameEn : k.name] as const)),
    [kpis.data, lang],
  );
  const actions = Object.keys(t('audit.actions', { returnObjects: true }) as Record<string, string>);
  const set = (k: keyof AuditFilters) => (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [k]: e.target.value }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setFilters({ ...draft, actor: draft.actor.trim().toLowerCase(), unit: unit?.code ?? '' });
  };
  const clear = () => {
    setDraft(NO_AUDIT_FILTERS);
    setUnit(null);
    setFilters(NO_AUDIT_FILTERS);
  };
  const entries = log.data?.pages.flatMap((p) => p.entries) ?? [];
  const total = log.data?.pages[0]?.total ?? 0;

  return (
    <section className="panel audit" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('audit.heading')}</h2>
      <p className="muted">{t('audit.intro')}</p>
      <form className="audit-filters" onSubmit={submit} aria-label={t('audit.filters')} data-testid="audit-filters">
        <div className="field">
          <label htmlFor={`${id}-actor`}>{t('audit.actor')}</label>
          <input
            id={`${id}-actor`}
            value={draft.actor}
            onChange={set('actor')}
            autoCapitalize="none"
            spellCheck={false}
            data-testid="audit-actor"
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-action`}>{t('audit.action')}</label>
          <select id={`${id}-action`} value={draft.action} onChange={set('action')} data-testid="audit-action">
            <option value="">{t('audit.anyAction')}</option>
            <optgroup label={t('audit.familyGroup')}>
              {FAMILIES.map((f) => (
                <option key={f} value={f}>
                  {t(`audit.families.${f}`)}
                </option>
              ))}
            </optgroup>
            <optgroup label={t('audit.oneAction')}>
              {actions.map((a) => (
                <option key={a} value={a}>
                  {t(`audit.actions.${a}`)}
                </option>
              ))}
            </optgroup>
          </select>
        </div>
        <UnitPicker label={t('audit.unit')} value={unit} onChange={setUnit} allowEnded />
        <div className="field">
          <label htmlFor={`${id}-period`}>{t('audit.period')}</label>
          <select id={`${id}-period`} value={draft.period} onChange={set('period')} data-testid="audit-period">
            <option value="">{t('audit.anyPeriod')}</option>
            {[...(periods.data ?? [])].reverse().map((p) => (
              <option key={p.period} value={p.period}>
                {formatPeriod(p.period, lang)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-from`}>{t('audit.from')}</label>
          <input id={`${id}-from`} type="date" value={draft.from} onChange={set('from')} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-to`}>{t('audit.to')}</label>
          <input id={`${id}-to`} type="date" value={draft.to} onChange={set('to')} />
        </div>
        <div className="audit-buttons">
          <button type="submit" className="primary" data-testid="audit-apply">
            {t('audit.apply')}
          </button>
          <button type="button" onClick={clear}>
            {t('audit.clear')}
          </button>
        </div>
      </form>
      {log.error && !log.data ? (
        <ErrorPanel error={log.error} onRetry={() => void log.refetch()} />
      ) : log.isPending ? (
        <Loading />
      ) : entries.length === 0 ? (
        <Empty>{t('audit.none')}</Empty>
      ) : (
        <>
          <p role="status" data-testid="audit-count">
            {t('audit.shown', { shown: formatNumber(entries.length, lang), total: formatNumber(total, lang) })}
          </p>
          <ol className="audit-list" aria-label={t('audit.heading')}>
            {entries.map((e) => (
              <Entry key={e.id} e={e} kpiNames={kpiNames} />
            ))}
          </ol>
          {log.hasNextPage && (
            <button type="button" onClick={() => void log.fetchNextPage()} disabled={log.isFetchingNextPage} data-testid="audit-more">
              {log.isFetchingNextPage ? t('audit.loadingMore') : t('audit.more')}
            </button>
          )}
        </>
      )}
    </section>
  );
}
