/** The periods as the calendar makes them, newest first, and the opening of the next one. */
import type { PeriodInfo } from '@tiendo/shared';
import { addMonths } from '@tiendo/shared';
import { useId, useState } from 'react';
import { TableScroll } from '../../components/TableScroll.tsx';
import { formatDate, formatPeriod } from '../../i18n/format.ts';
import { useLang } from '../../i18n/index.ts';
import { ConfirmDialog } from './Dialog.tsx';
import { errorText, useOpenPeriod } from './mutations.ts';

const RECENT = 8;

export function PeriodsCalendar({ periods, canEdit }: { periods: PeriodInfo[]; canEdit: boolean }) {
  const { t, lang } = useLang();
  const open = useOpenPeriod();
  const [all, setAll] = useState(false);
  const [confirm, setConfirm] = useState<string | null>(null);
  const [opened, setOpened] = useState<string | null>(null);
  const id = useId();
  const shown = all ? [...periods].reverse() : [...periods].reverse().slice(0, RECENT);
  const last = periods.at(-1)?.period;
  const next = periods.find((p) => p.state === 'upcoming')?.period ?? (last ? addMonths(last, 1) : null);
  return (
    <section className="panel" aria-labelledby={`${id}-h`}>
      <div className="panel-head">
        <h2 id={`${id}-h`}>{t('admin.calendar.periods')}</h2>
        {canEdit && next && (
          <button type="button" onClick={() => setConfirm(next)}>
            {t('admin.calendar.openNext', { period: formatPeriod(next, lang) })}
          </button>
        )}
      </div>
      {opened && <p role="status">{t('admin.calendar.opened', { period: formatPeriod(opened, lang) })}</p>}
      <TableScroll label={t('admin.calendar.periods')}>
        <table data-testid="periods-table">
          <thead>
            <tr>
              <th scope="col">{t('admin.calendar.period')}</th>
              <th scope="col">{t('admin.calendar.from')}</th>
              <th scope="col">{t('admin.calendar.to')}</th>
              <th scope="col">{t('admin.calendar.deadline')}</th>
              <th scope="col">{t('admin.calendar.lockAfter')}</th>
              <th scope="col">{t('admin.calendar.state')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((p) => (
              <tr key={p.period}>
                <th scope="row">{formatPeriod(p.period, lang)}</th>
                <td>{formatDate(p.from, lang)}</td>
                <td>{formatDate(p.to, lang)}</td>
                <td>{formatDate(p.deadline, lang)}</td>
                <td>{formatDate(p.lockAfter, lang)}</td>
                <td>
                  <span className={`badge period-${p.state}`}>{t(`admin.calendar.states.${p.state}`)}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <button type="button" className="link-button" onClick={() => setAll((x) => !x)}>
        {all ? t('admin.calendar.showRecent') : t('admin.calendar.showAll')}
      </button>
      {confirm && (
        <ConfirmDialog
          title={t('admin.calendar.openNext', { period: formatPeriod(confirm, lang) })}
          message={t('admin.calendar.confirmOpen', { period: formatPeriod(confirm, lang) })}
          confirmLabel={t('admin.confirm')}
          busy={open.isPending}
          error={errorText(open.error, lang, t('common.networkError'))}
          onClose={() => {
            setConfirm(null);
            open.reset();
          }}
          onConfirm={() =>
            open.mutate(confirm, {
              onSuccess: () => {
                setOpened(confirm);
                setConfirm(null);
              },
            })
          }
        />
      )}
    </section>
  );
}
