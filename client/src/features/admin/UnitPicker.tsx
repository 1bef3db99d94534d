import { useQuery } from '@tanstack/react-query';
import type { UnitRef } from '@tiendo/shared';
import { useDeferredValue, useId, useState } from 'react';
import { useLang } from '../../i18n/index.ts';
import { monthYear } from '../reporting/unit-life.ts';
import { unitsSearchQuery } from './queries.ts';

/** A unit as the picker holds it: today's, or (history) one that ended, with its last month. */
export type PickedUnit = UnitRef & { validTo?: string | null | undefined };

/**
 * Searches the units on the server as you type; never loads the whole list. Today's units by
 * default; `allowEnded` offers a switch to include units that ended (to find their accounts).
 */
export function UnitPicker({
  label,
  value,
  onChange,
  invalid,
  describedBy,
  id,
  allowEnded = false,
}: {
  label: string;
  value: PickedUnit | null;
  onChange: (u: PickedUnit | null) => void;
  invalid?: boolean;
  describedBy?: string | undefined;
  id?: string;
  allowEnded?: boolean;
}) {
  const { t, lang } = useLang();
  const [q, setQ] = useState('');
  const [ended, setEnded] = useState(false);
  const deferred = useDeferredValue(q.trim());
  const autoId = useId();
  const inputId = id ?? autoId;
  const listId = useId();
  const all = allowEnded && ended;
  const results = useQuery({ ...unitsSearchQuery({ q: deferred, pageSize: 8, all }), enabled: value === null && deferred.length >= 2 });
  const endedMark = (u: PickedUnit) =>
    u.validTo ? <span className="ended-mark">{t('admin.unitPicker.ended', { month: monthYear(u.validTo, lang) })}</span> : null;

  if (value) {
    return (
      <div className="field">
        <span>{label}</span>
        <span className="unit-chosen">
          <span data-testid="unit-chosen">{t('admin.unitPicker.selected', { name: value.name, code: value.code })}</span>
          {endedMark(value)}
          <button type="button" className="link-button" onClick={() => onChange(null)}>
            {t('admin.unitPicker.change')}
          </button>
        </span>
      </div>
    );
  }
  const list = results.data?.units ?? [];
  return (
    <div className="field unit-picker">
      <label htmlFor={inputId}>{label}</label>
      <input
        id={inputId}
        type="search"
        value={q}
        placeholder={t('admin.unitPicker.placeholder')}
        onChange={(e) => setQ(e.target.value)}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy}
        aria-controls={deferred.length >= 2 ? listId : undefined}
        autoComplete="off"
      />
      {allowEnded && (
        <label className="check-inline">
          <input type="checkbox" checked={ended} onChange={(e) => setEnded(e.target.checked)} data-testid="unit-include-ended" />
          {t('admin.unitPicker.includeEnded')}
        </label>
      )}
      {deferred.length >= 2 && (
        <ul id={listId} className="unit-results" aria-label={t('admin.unitPicker.results')}>
          {list.map((u) => (
            <li key={`${u.code}-${u.validTo ?? ''}`}>
              <button
                type="button"
                onClick={() => onChange({ code: u.code, name: u.name, level: u.level, type: u.type, validTo: u.validTo })}
              >
                {u.name}{' '}
                <span className="muted">
                  ({u.code}
                  {u.parent ? ` · ${u.parent.name}` : ''})
                </span>{' '}
                {endedMark(u)}
              </button>
            </li>
          ))}
          {results.data && list.length === 0 && <li className="muted">{t('admin.noResults')}</li>}
          {results.data && results.data.total > list.length && (
            <li className="muted">{t('admin.unitPicker.more', { n: results.data.total - list.length })}</li>
          )}
        </ul>
      )}
    </div>
  );
}
