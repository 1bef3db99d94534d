import { useQuery } from '@tanstack/react-query';
import { type AdminUser, formatPhone, ROLES, type Role, type UserCreated } from '@tiendo/shared';
import { rolesGrantableBy } from '@tiendo/shared/permissions';
import { type FormEvent, useId, useState } from 'react';
import { useLang } from '../../i18n/index.ts';
import { endedBefore, fullName, monthYear } from '../reporting/unit-life.ts';
import { lineageQuery } from '../units/queries.ts';
import { ConfirmDialog, Dialog, DialogActions, FieldError } from './Dialog.tsx';
import { errorText, useCreateUser, useUpdateUser } from './mutations.ts';
import { type PickedUnit, UnitPicker } from './UnitPicker.tsx';
import { contactValue, patchOf, sameUnit, userFormProblems } from './user-form.ts';

/**
 * Create an account (then show its one-time password) or edit one; role or unit changes are
 * confirmed. An account whose unit ended (merged in a reorganisation) is offered its successor
 * units, one click each.
 */
export function UserDialog({
  myRole,
  user,
  now = null,
  onClose,
  onCreated,
}: {
  myRole: Role;
  user: AdminUser | null;
  /** The month reporting is at: an account's unit that ended before it has ended. */
  now?: string | null;
  onClose: () => void;
  onCreated: (c: UserCreated) => void;
}) {
  const { t, lang } = useLang();
  const create = useCreateUser();
  const update = useUpdateUser();
  const [username, setUsername] = useState(user?.username ?? '');
  const [displayName, setDisplayName] = useState(user?.displayName ?? '');
  const [unit, setUnit] = useState<PickedUnit | null>(user?.unit ?? null);
  const ended = user !== null && endedBefore(user.unit, now) ? (user.unit.validTo ?? null) : null;
  // where the ended unit went: read in its last month, when the code still named it
  const lineage = useQuery({ ...lineageQuery(user?.unit.code ?? '', ended), enabled: ended !== null });
  const [role, setRole] = useState<Role>(user?.role ?? 'reporter');
  const [phone, setPhone] = useState(user?.phone ? formatPhone(user.phone) : '');
  const [email, setEmail] = useState(user?.email ?? '');
  const [touched, setTouched] = useState<Record<string, boolean>>({});
  const [submitted, setSubmitted] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const ids = { username: useId(), displayName: useId(), unit: useId(), role: useId(), phone: useId(), email: useId() };
  const problems = userFormProblems(
    { username, displayName, unit: unit?.code ?? null, role, phone, email, unitLevel: unit?.level ?? null },
    myRole,
    user === null,
  );
  const show = (k: keyof typeof problems) => ((touched[k] || submitted) && problems[k] ? t(problems[k] as string) : null);
  const grantable = rolesGrantableBy(myRole);
  const mutation = user ? update : create;
  const serverError = errorText(mutation.error, lang, t('common.networkError'));

  const save = () => {
    if (!user) {
      create.mutate(
        { username, displayName, unit: unit?.code ?? '', role, phone: contactValue(phone), email: contactValue(email) },
        { onSuccess: onCreated },
      );
      return;
    }
    update.mutate({ username: user.username, patch: patchOf(user, { displayName, unit, role, phone, email }) }, { onSuccess: onClose });
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    if (Object.keys(problems).length) return;
    if (user && (role !== user.role || !sameUnit(unit, user.unit))) setConfirming(true);
    else save();
  };

  if (confirming && user) {
    return (
      <ConfirmDialog
        title={t('admin.users.editTitle', { name: user.username })}
        message={
          unit && !sameUnit(unit, user.unit)
            ? t('admin.users.confirmMoveTo', {
                name: user.username,
                from: `${user.unit.name} (${user.unit.code})`,
                to: `${unit.name} (${unit.code})`,
              })
            : t('admin.users.confirmMove', { name: user.username })
        }
        confirmLabel={t('admin.save')}
        busy={update.isPending}
        error={serverError}
        onClose={() => setConfirming(false)}
        onConfirm={save}
      />
    );
  }
  return (
    <Dialog title={user ? t('admin.users.editTitle', { name: user.username }) : t('admin.users.create')} onClose={onClose}>
      <form className="admin-form" onSubmit={submit} noValidate>
        {!user && (
          <div className="field">
            <label htmlFor={ids.username}>{t('admin.users.username')}</label>
            <input
              id={ids.username}
              name="username"
              autoCapitalize="none"
              spellCheck={false}
              value={username}
              onChange={(e) => {
                setUsername(e.target.value);
                setTouched((x) => ({ ...x, username: true }));
              }}
              aria-invalid={show('username') ? true : undefined}
              aria-describedby={`${ids.username}-e`}
            />
            <FieldError id={`${ids.username}-e`} message={show('username')} />
          </div>
        )}
        <div className="field">
          <label htmlFor={ids.displayName}>{t('admin.users.displayName')}</label>
          <input
            id={ids.displayName}
            name="displayName"
            value={displayName}
            onChange={(e) => {
              setDisplayName(e.target.value);
              setTouched((x) => ({ ...x, displayName: true }));
            }}
            aria-invalid={show('displayName') ? true : undefined}
            aria-describedby={`${ids.displayName}-e`}
          />
          <FieldError id={`${ids.displayName}-e`} message={show('displayName')} />
        </div>
        {ended && user && (
          <div className="notice ended-notice" data-testid="unit-ended-notice">
            <p>{t('admin.users.endedIntro', { unit: fullName(lineage.data?.unit ?? user.unit), month: monthYear(ended, lang) })}</p>
            {lineage.data && lineage.data.successors.length === 0 && <p>{t('admin.users.noSuccessor')}</p>}
            {lineage.data && lineage.data.successors.length > 0 && (
              <div className="successors">
                <span>{t('admin.users.moveToHint')}</span>
                {lineage.data.successors.map((s) => (
                  <button
                    key={`${s.code}-${s.period}`}
                    type="button"
                    className={unit && unit.code === s.code && unit.name === s.name ? 'primary' : undefined}
                    aria-pressed={Boolean(unit && unit.code === s.code && unit.name === s.name)}
                    onClick={() => {
                      setUnit({ code: s.code, name: s.name, level: s.level, type: s.type, validTo: s.validTo });
                      setTouched((x) => ({ ...x, unit: true }));
                    }}
                    data-testid={`move-to-${s.code}`}
                  >
                    {t('admin.users.moveTo', { name: fullName(s), code: s.code })}
                  </button>
                ))}
              </div>
            )}
            {unit && !sameUnit(unit, user.unit) && (
              <p role="status" data-testid="moving-to">
                {t('admin.users.moving', { name: unit.name, code: unit.code })}
              </p>
            )}
          </div>
        )}
        <UnitPicker
          id={ids.unit}
          label={t('admin.users.unit')}
          value={unit}
          onChange={(u) => {
            setUnit(u);
            setTouched((x) => ({ ...x, unit: true }));
          }}
          invalid={Boolean(show('unit'))}
          describedBy={`${ids.unit}-e`}
        />
        <FieldError id={`${ids.unit}-e`} message={show('unit')} />
        <div className="field">
          <label htmlFor={ids.role}>{t('admin.users.role')}</label>
          <select id={ids.role} name="role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {ROLES.map((r) => (
              <option key={r} value={r} disabled={!grantable.includes(r)}>
                {t(`auth.role.${r}`)}
              </option>
            ))}
          </select>
          <FieldError id={`${ids.role}-e`} message={show('role')} />
        </div>
        <div className="field">
          <label htmlFor={ids.phone}>{t('admin.users.phone')}</label>
          <input
            id={ids.phone}
            name="phone"
            type="tel"
            inputMode="tel"
            autoComplete="off"
            placeholder="0912 345 678"
            value={phone}
            onChange={(e) => {
              setPhone(e.target.value);
              setTouched((x) => ({ ...x, phone: true }));
            }}
            aria-invalid={show('phone') ? true : undefined}
            aria-describedby={`${ids.phone}-e`}
          />
          <FieldError id={`${ids.phone}-e`} message={show('phone')} />
        </div>
        <div className="field">
          <label htmlFor={ids.email}>{t('admin.users.email')}</label>
          <input
            id={ids.email}
            name="email"
            type="email"
            autoCapitalize="none"
            autoComplete="off"
            spellCheck={false}
            value={email}
            onChange={(e) => {
              setEmail(e.target.value);
              setTouched((x) => ({ ...x, email: true }));
            }}
            aria-invalid={show('email') ? true : undefined}
            aria-describedby={`${ids.email}-e`}
          />
          <FieldError id={`${ids.email}-e`} message={show('email')} />
        </div>
        {submitted && Object.keys(problems).length > 0 && (
          <p className="form-error" role="alert">
            {t('admin.fixErrors')}
          </p>
        )}
        {serverError && (
          <p className="form-error" role="alert">
            {serverError}
          </p>
        )}
        <DialogActions
          onCancel={onClose}
          label={mutation.isPending ? t('admin.saving') : user ? t('admin.save') : t('admin.users.create')}
          disabled={mutation.isPending}
          testId="user-save"
        />
      </form>
    </Dialog>
  );
}
