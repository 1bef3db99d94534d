import { useQuery } from '@tanstack/react-query';
import { tierName } from '@tiendo/shared';
import { QueryState } from '../../components/QueryState.tsx';
import { TableScroll } from '../../components/TableScroll.tsx';
import { useLang } from '../../i18n/index.ts';
import { kpisQuery } from '../catalog/queries.ts';
import { goAdmin } from './use-admin-route.ts';

/** The catalogue, retired KPIs included, each opening its editor. */
export function KpisPanel({ canEdit }: { canEdit: boolean }) {
  const { t, lang } = useLang();
  const kpis = useQuery(kpisQuery());
  return (
    <section className="panel" aria-labelledby="kpis-heading">
      <div className="panel-head">
        <h2 id="kpis-heading">{t('admin.kpis.heading')}</h2>
        {canEdit && (
          <button type="button" className="primary" onClick={() => goAdmin({ tab: 'kpis', kpi: null, isNew: true })}>
            {t('admin.kpis.create')}
          </button>
        )}
      </div>
      <QueryState query={kpis}>
        {(list) => (
          <TableScroll label={t('admin.kpis.heading')}>
            <table data-testid="kpis-table">
              <thead>
                <tr>
                  <th scope="col">{t('admin.kpis.name')}</th>
                  <th scope="col">{t('admin.kpis.code')}</th>
                  <th scope="col">{t('admin.kpis.group')}</th>
                  <th scope="col">{t('admin.kpis.kind')}</th>
                  <th scope="col">{t('admin.kpis.levels')}</th>
                  <th scope="col">{t('admin.kpis.state')}</th>
                </tr>
              </thead>
              <tbody>
                {list.map((k) => (
                  <tr key={k.code}>
                    <th scope="row">
                      <a
                        href={`/admin/kpis/${k.code}`}
                        onClick={(e) => {
                          e.preventDefault();
                          goAdmin({ tab: 'kpis', kpi: k.code, isNew: false });
                        }}
                      >
                        {lang === 'en' ? k.nameEn : k.name}
                      </a>
                    </th>
                    <td>
                      <code>{k.code}</code>
                    </td>
                    <td>{lang === 'en' ? k.groupNameEn : k.groupName}</td>
                    <td>{t(`admin.kpis.kinds.${k.kind}`)}</td>
                    <td>{k.reportLevels.map((l) => tierName(l, lang)).join(', ')}</td>
                    <td>{k.retired ? t('admin.kpis.retiredShort') : t('admin.kpis.active')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </QueryState>
    </section>
  );
}
