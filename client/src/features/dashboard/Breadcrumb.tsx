import type { UnitReply } from '@tiendo/shared';
import { useId } from 'react';
import { useLang } from '../../i18n/index.ts';
import { useLinkPlace } from '../../routing/link-place.ts';
import { unitLinkPatch } from '../../routing/url-state.ts';
import { navigate } from '../../routing/use-url-state.ts';
import { distinctNames } from '../units/unit-names.ts';
import { UnitLink } from './UnitLink.tsx';

export function Breadcrumb({ unit, home }: { unit: UnitReply | undefined; home: string }) {
  const { t } = useLang();
  const selectId = useId();
  const place = useLinkPlace();
  if (!unit) return <nav aria-label={t('nav.breadcrumb')} className="breadcrumb" />;
  // a signed-in user sees the path from their own unit down, not the levels above it
  const homeIndex = unit.ancestors.findIndex((a) => a.code === home);
  const childNames = distinctNames(unit.children);
  const ancestors = homeIndex >= 0 ? unit.ancestors.slice(homeIndex) : unit.code === home ? [] : unit.ancestors;
  return (
    <nav aria-label={t('nav.breadcrumb')} className="breadcrumb" data-testid="breadcrumb">
      <ol>
        {ancestors.map((a) => (
          <li key={a.code}>
            <UnitLink code={a.code}>{a.name}</UnitLink>
          </li>
        ))}
        <li>
          <span aria-current="page">{unit.name}</span>
        </li>
      </ol>
      {unit.children.length > 0 && (
        <span className="child-picker no-print">
          <label htmlFor={selectId} className="visually-hidden">
            {t('nav.goBelow')}
          </label>
          <select
            id={selectId}
            value=""
            onChange={(e) => {
              if (e.target.value) navigate(unitLinkPatch(e.target.value, place));
            }}
            data-testid="child-picker"
          >
            <option value="">{t('nav.goBelow')}</option>
            {unit.children.map((c) => (
              <option key={c.code} value={c.code}>
                {childNames.get(c.code) ?? c.name}
              </option>
            ))}
          </select>
        </span>
      )}
    </nav>
  );
}
