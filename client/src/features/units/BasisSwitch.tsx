import type { Basis } from '@tiendo/shared';
import { useSyncExternalStore } from 'react';
import { useLang } from '../../i18n/index.ts';
import { getBasis, setBasis, subscribeBasis } from './basis.ts';

/**
 * Switch between figures as submitted and approved reports only. The basis is in every figure
 * query's key, so the figures on screen are read again on the new basis (and the old basis's
 * stay cached, correct, for a switch back).
 */
export function BasisSwitch() {
  const { t } = useLang();
  const basis = useSyncExternalStore(subscribeBasis, getBasis, getBasis);
  return (
    <label className="basis-switch" title={t('basis.help')}>
      <span className="visually-hidden">{t('basis.label')}</span>
      <select value={basis} onChange={(e) => setBasis(e.target.value as Basis)} data-testid="basis-switch">
        <option value="submitted">{t('basis.submitted')}</option>
        <option value="approved">{t('basis.approved')}</option>
      </select>
    </label>
  );
}
