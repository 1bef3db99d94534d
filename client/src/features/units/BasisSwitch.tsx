import { useQueryClient } from '@tanstack/react-query';
import type { Basis } from '@tiendo/shared';
import { useSyncExternalStore } from 'react';
import { useLang } from '../../i18n/index.ts';
import { getBasis, setBasis, subscribeBasis } from './basis.ts';
import { unitKeys } from './queries.ts';

/** Switch between figures as submitted and approved reports only. */
export function BasisSwitch() {
  const { t } = useLang();
  const queryClient = useQueryClient();
  const basis = useSyncExternalStore(subscribeBasis, getBasis, getBasis);
  const change = (next: Basis) => {
    setBasis(next);
    // Every figure on screen is read again on the new basis.
    queryClient.resetQueries({ queryKey: unitKeys.all });
  };
  return (
    <label className="basis-switch" title={t('basis.help')}>
      <span className="visually-hidden">{t('basis.label')}</span>
      <select value={basis} onChange={(e) => change(e.target.value as Basis)} data-testid="basis-switch">
        <option value="submitted">{t('basis.submitted')}</option>
        <option value="approved">{t('basis.approved')}</option>
      </select>
    </label>
  );
}
