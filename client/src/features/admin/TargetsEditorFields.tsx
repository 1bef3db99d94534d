/**
 * The fields a target is written with, the same in the editor's rows and in the correction dialog:
 * whom it is for (a whole tier, or one unit), its value in the KPI's unit, and its deadline.
 */
import type { KpiDetail, UnitRef } from '@tiendo/shared';
import { tierName } from '@tiendo/shared/tier';
import { useLang } from '../../i18n/index.ts';
import { FieldError } from './Dialog.tsx';
import { UnitPicker } from './UnitPicker.tsx';

export interface TargetScope {
  scope: 'level' | 'unit';
  level: string;
  unit: UnitRef | null;
}

/** "Áp dụng cho" a tier or a unit, then the tier's select or the unit picker. */
export function TargetScopeFields({
  value,
  onChange,
  tiers,
  disabled = false,
  unitInvalid,
  unitError,
  describedBy,
  allowEnded = false,
}: {
  value: TargetScope;
  onChange: (patch: Partial<TargetScope>) => void;
  tiers: number;
  disabled?: boolean;
  unitInvalid: boolean;
  unitError: string | null;
  describedBy: string;
  allowEnded?: boolean;
}) {
  const { t, lang } = useLang();
  return (
    <>
      <label className="field">
        {t('admin.targets.scope')}
        <select value={value.scope} disabled={disabled} onChange={(e) => onChange({ scope: e.target.value as TargetScope['scope'] })}>
          <option value="level">{t('admin.targets.forLevel')}</option>
          <option value="unit">{t('admin.targets.forUnit')}</option>
        </select>
      </label>
      {value.scope === 'level' ? (
        <label className="field">
          {t('admin.targets.tier')}
          <select value={value.level} disabled={disabled} onChange={(e) => onChange({ level: e.target.value })}>
            {Array.from({ length: tiers }, (_, l) => l + 1).map((n) => (
              <option key={n} value={String(n)}>
                {tierName(n, lang)}
              </option>
            ))}
          </select>
        </label>
      ) : (
        <div>
          <UnitPicker
            label={t('admin.users.unit')}
            value={value.unit}
            onChange={(u) => onChange({ unit: u })}
            invalid={unitInvalid}
            describedBy={describedBy}
            allowEnded={allowEnded}
          />
          <FieldError id={describedBy} message={unitError} />
        </div>
      )}
    </>
  );
}

/** The target's value (labelled with the KPI's unit) and its deadline `YYYY-MM`. */
export function TargetValueFields({
  kpi,
  id,
  value,
  deadline,
  onChange,
  disabled = false,
  valueError,
  deadlineError,
  valueTestId,
}: {
  kpi: Pick<KpiDetail, 'unit' | 'unitEn'>;
  /** The base of the fields' ids: `${id}-v`, `${id}-d` and their errors `${id}-ve`, `${id}-de`. */
  id: string;
  value: string;
  deadline: string;
  onChange: (patch: { value?: string; deadline?: string }) => void;
  disabled?: boolean;
  valueError: string | null;
  deadlineError: string | null;
  valueTestId: string;
}) {
  const { t, lang } = useLang();
  return (
    <>
      <div className="field">
        <label htmlFor={`${id}-v`}>
          {t('admin.targets.value')} ({lang === 'en' ? kpi.unitEn : kpi.unit})
        </label>
        <input
          id={`${id}-v`}
          inputMode="decimal"
          value={value}
          disabled={disabled}
          onChange={(e) => onChange({ value: e.target.value })}
          aria-invalid={valueError ? true : undefined}
          aria-describedby={`${id}-ve`}
          data-testid={valueTestId}
        />
        <FieldError id={`${id}-ve`} message={valueError} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-d`}>{t('admin.targets.deadline')}</label>
        <input
          id={`${id}-d`}
          value={deadline}
          placeholder="YYYY-MM"
          disabled={disabled}
          onChange={(e) => onChange({ deadline: e.target.value })}
          aria-invalid={deadlineError ? true : undefined}
          aria-describedby={`${id}-de`}
        />
        <FieldError id={`${id}-de`} message={deadlineError} />
      </div>
    </>
  );
}
