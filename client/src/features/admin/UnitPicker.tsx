import { useQuery } from '@tanstack/react-query';
import type { UnitRef } from '@tiendo/shared';
import { useDeferredValue, useId, useState } from 'react';
import { useLang } from '../../i18n/index.ts';
import { unitsSearchQuery } from './queries.ts';

/** Searches the 5,857 units on the server as you type; never loads the whole list. */
export function UnitPicker({
  label,
  value,
  onChange,
  invalid,
  describedBy,
  id,
}: {
  label: string;
  value: UnitRef | null;
  onChange: (u: UnitRef | null) => void;
  invalid?: boolean;
  describedBy?: string | undefined;
  id?: string;
}) {
  const { t } = useLang();
  const [q, setQ] = useState('');
  const deferred = useDeferredValue(q.trim());
  const autoId = useId();
  const inputId = id ?? autoId;
  const listId = useId();
  const results = useQuery({ ...unitsSearchQuery({ q: deferred, pageSize: 8 }), enabled: value === null && deferred.length >= 2 });

  if (value) {
    return (
      <div className="field">
        <span>{label}</span>
        <span className="unit-chosen">
          <span data-testid="unit-chosen">{t('admin.unitPicker.selected', { name: value.name, code: value.code })}</span>
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
      {deferred.length >= 2 && (
        <ul id={listId} className="unit-results" aria-label={t('admin.unitPicker.results')}>
          {list.map((u) => (
            <li key={u.code}>
              <button type="button" onClick={() => onChange(u)}>
                {u.name}{' '}
                <span className="muted">
                  ({u.code}
                  {u.parent ? ` · ${u.parent.name}` : ''})
                </span>
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
