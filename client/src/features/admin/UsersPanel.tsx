import { useQuery } from '@tanstack/react-query';
import { type AdminUser, formatPhone, ROLES, type Role, USER_STATES, type UserState } from '@tiendo/shared';
import { mayGrant } from '@tiendo/shared/permissions';
import { useDeferredValue, useState } from 'react';
import { QueryState } from '../../components/QueryState.tsx';
import { TableScroll } from '../../components/TableScroll.tsx';
import { useLang } from '../../i18n/index.ts';
import { periodsQuery } from '../catalog/queries.ts';
import { defaultReportPeriod, endedBefore, monthYear } from '../reporting/unit-life.ts';
import { ConfirmDialog, Dialog, OneTimePassword, Pager } from './Dialog.tsx';
import { errorText, useResetPassword, useUpdateUser } from './mutations.ts';
import { PAGE_SIZE, usersQuery } from './queries.ts';
import { type PickedUnit, UnitPicker } from './UnitPicker.tsx';
import { UserDialog } from './UserDialog.tsx';
import { UserImport } from './UserImport.tsx';

type Action = { kind: 'create' } | { kind: 'import' } | { kind: 'edit' | 'disable' | 'enable' | 'reset'; user: AdminUser } | null;

export function UsersPanel({ myRole, myUsername }: { myRole: Role; myUsername: string }) {
  const { t, lang } = useLang();
  const [q, setQ] = useState('');
  const [role, setRole] = useState('');
  const [state, setState] = useState<UserState | ''>('');
  const [unit, setUnit] = useState<PickedUnit | null>(null);
  const [page, setPage] = useState(1);
  const [action, setAction] = useState<Action>(null);
  const [otp, setOtp] = useState<{ name: string; password: string; created: boolean } | null>(null);
  const deferredQ = useDeferredValue(q.trim());
  const users = useQuery(usersQuery({ q: deferredQ, role, state, unit: unit?.code ?? '', page }));
  const update = useUpdateUser();
  const periods = useQuery(periodsQuery());
  // the month reporting is at: a unit whose last month is before it has ended
  const now = periods.data ? defaultReportPeriod(periods.data, null) : null;
  const reset = useResetPassword();
  const filter =
    <T,>(set: (v: T) => void) =>
    (v: T) => {
      set(v);
      setPage(1);
    };
  const close = () => {
    setAction(null);
    update.reset();
    reset.reset();
  };

  return (
    <section className="panel" aria-labelledby="users-heading">
      <div className="panel-head">
        <h2 id="users-heading">{t('admin.users.heading')}</h2>
        <div className="panel-actions">
          <button type="button" onClick={() => setAction({ kind: 'import' })} data-testid="users-import">
            {t('admin.users.import.open')}
          </button>
          <button type="button" className="primary" onClick={() => setAction({ kind: 'create' })} data-testid="user-create">
            {t('admin.users.create')}
          </button>
        </div>
      </div>
      <div className="admin-filters">
        <label className="field">
          {t('admin.search')}
          <input type="search" value={q} placeholder={t('admin.users.searchHint')} onChange={(e) => filter(setQ)(e.target.value)} />
        </label>
        <label className="field">
          {t('admin.users.role')}
          <select value={role} onChange={(e) => filter(setRole)(e.target.value)}>
            <option value="">{t('admin.all')}</option>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`auth.role.${r}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          {t('admin.users.state')}
          <select value={state} onChange={(e) => filter(setState)(e.target.value as UserState | '')}>
            <option value="">{t('admin.all')}</option>
            {USER_STATES.map((s) => (
              <option key={s} value={s}>
                {t(`admin.users.states.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <UnitPicker label={t('admin.users.unit')} value={unit} onChange={filter(setUnit)} allowEnded />
      </div>
      <QueryState query={users}>
        {(data) => (
          <>
            <TableScroll label={t('admin.users.heading')}>
              <table data-testid="users-table">
                <thead>
                  <tr>
                    <th scope="col">{t('admin.users.username')}</th>
                    <th scope="col">{t('admin.users.displayName')}</th>
                    <th scope="col">{t('admin.users.unit')}</th>
                    <th scope="col">{t('admin.users.role')}</th>
                    <th scope="col">{t('admin.users.contact')}</th>
                    <th scope="col">{t('admin.users.state')}</th>
                    <th scope="col">{t('admin.users.actions')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.users.map((u) => (
                    <tr key={u.username}>
                      <th scope="row">{u.username}</th>
                      <td>{u.displayName}</td>
                      <td>
                        {u.unit.name} <span className="muted">({u.unit.code})</span>
                        {/* an account whose unit ended reads its past only: the secretariat moves it on */}
                        {endedBefore(u.unit, now) && u.unit.validTo && (
                          <>
                            {' '}
                            <span className="ended-mark" data-testid={`unit-ended-${u.username}`}>
                              {t('admin.users.unitEnded', { month: monthYear(u.unit.validTo, lang) })}
                            </span>
                          </>
                        )}
                      </td>
                      <td>{t(`auth.role.${u.role}`)}</td>
                      <td className="contact">
                        {u.phone && (
                          <a href={`tel:${u.phone}`} aria-label={t('admin.users.call', { name: u.username, phone: formatPhone(u.phone) })}>
                            {formatPhone(u.phone)}
                          </a>
                        )}
                        {u.phone && u.email && <br />}
                        {u.email && <a href={`mailto:${u.email}`}>{u.email}</a>}
                      </td>
                      <td>{t(`admin.users.states.${!u.active ? 'disabled' : u.mustChangePassword ? 'pending' : 'active'}`)}</td>
                      <td className="row-actions">
                        {/* accounts above one's own rank are shown but not editable (the API refuses too) */}
                        {mayGrant(myRole, u.role) && (
                          <button type="button" onClick={() => setAction({ kind: 'edit', user: u })}>
                            {t('admin.edit')}
                            <span className="visually-hidden"> {u.username}</span>
                          </button>
                        )}
                        {u.username !== myUsername && mayGrant(myRole, u.role) && (
                          <>
                            <button type="button" onClick={() => setAction({ kind: u.active ? 'disable' : 'enable', user: u })}>
                              {t(u.active ? 'admin.users.disable' : 'admin.users.enable')}
                              <span className="visually-hidden"> {u.username}</span>
                            </button>
                            <button type="button" onClick={() => setAction({ kind: 'reset', user: u })}>
                              {t('admin.users.reset')}
                              <span className="visually-hidden"> {u.username}</span>
                            </button>
                          </>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {data.users.length === 0 && <p className="empty">{t('admin.noResults')}</p>}
            </TableScroll>
            <Pager page={data.page} pageSize={PAGE_SIZE} total={data.total} onPage={setPage} />
          </>
        )}
      </QueryState>

      {(action?.kind === 'create' || action?.kind === 'edit') && (
        <UserDialog
          myRole={myRole}
          user={action.kind === 'edit' ? action.user : null}
          now={now}
          onClose={close}
          onCreated={(created) => {
            setAction(null);
            setOtp({ name: created.user.username, password: created.temporaryPassword, created: true });
          }}
        />
      )}
      {action?.kind === 'import' && <UserImport onClose={close} />}
      {(action?.kind === 'disable' || action?.kind === 'enable') && (
        <ConfirmDialog
          title={t(action.kind === 'disable' ? 'admin.users.disable' : 'admin.users.enable')}
          message={action.kind === 'disable' ? t('admin.users.confirmDisable', { name: action.user.username }) : action.user.username}
          confirmLabel={t(action.kind === 'disable' ? 'admin.users.disable' : 'admin.users.enable')}
          busy={update.isPending}
          error={errorText(update.error, lang, t('common.networkError'))}
          onClose={close}
          onConfirm={() =>
            update.mutate({ username: action.user.username, patch: { active: action.kind === 'enable' } }, { onSuccess: close })
          }
        />
      )}
      {action?.kind === 'reset' && (
        <ConfirmDialog
          title={t('admin.users.reset')}
          message={t('admin.users.confirmReset', { name: action.user.username })}
          confirmLabel={t('admin.users.reset')}
          busy={reset.isPending}
          error={errorText(reset.error, lang, t('common.networkError'))}
          onClose={close}
          onConfirm={() =>
            reset.mutate(action.user.username, {
              onSuccess: (r) => {
                setOtp({ name: action.user.username, password: r.temporaryPassword, created: false });
                close();
              },
            })
          }
        />
      )}
      {otp && (
        <Dialog
          title={t(otp.created ? 'admin.users.createdTitle' : 'admin.users.resetTitle', { name: otp.name })}
          onClose={() => setOtp(null)}
        >
          <OneTimePassword password={otp.password} />
          <div className="dialog-actions">
            <button type="button" className="primary" onClick={() => setOtp(null)}>
              {t('admin.users.done')}
            </button>
          </div>
        </Dialog>
      )}
    </section>
  );
}
