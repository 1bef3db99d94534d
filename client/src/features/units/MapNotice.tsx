import type { MapView, UnitReply } from '@tiendo/shared';
import { formatPeriod } from '../../i18n/format.ts';
import { useLang } from '../../i18n/index.ts';
import { chooseMap } from './MapSwitch.tsx';
import { otherMap } from './map-view.ts';
import { unitFullName } from './UnitNotInPeriod.tsx';

const LIST_MAX = 6;

/** Two replies about one code are the same unit when they agree on its name and its life. */
export function sameUnit(
  a: Pick<UnitReply, 'fullName' | 'validFrom' | 'validTo'>,
  b: Pick<UnitReply, 'fullName' | 'validFrom' | 'validTo'>,
) {
  return a.fullName === b.fullName && a.validFrom === b.validFrom && a.validTo === b.validTo;
}

/**
 * What a reader of a past period must know about the unit on screen: it did not exist yet (its
 * figures are rebuilt from the units it was made from, named), and the same code names another
 * unit on the other map (Phường Tứ Liên in 2025-06 as reported, Phường Hồng Hà on today's map) —
 * with the one click to it.
 */
export function MapNotice({ unit, other, period, map }: { unit: UnitReply; other: UnitReply | undefined; period: string; map: MapView }) {
  const { t, lang } = useLang();
  const formedLater = unit.validFrom !== null && unit.validFrom > period;
  const otherUnit = other && !sameUnit(unit, other) ? other : null;
  if (!formedLater && !otherUnit) return null;
  const names = unit.predecessors.map(unitFullName);
  const list =
    names.length > LIST_MAX
      ? `${names.slice(0, LIST_MAX).join(', ')} ${t('common.more', { n: names.length - LIST_MAX })}`
      : names.join(', ');
  const to = otherMap(map);
  const mapName = to === 'today' ? t('mapView.todayMap') : t('mapView.periodMap');
  return (
    <div className="notice map-notice" role="status" data-testid="map-notice">
      {formedLater && (
        <p>
          {t('mapView.formedNotice', {
            unit: unit.fullName,
            from: formatPeriod(unit.validFrom, lang),
            period: formatPeriod(period, lang),
            list,
          })}
        </p>
      )}
      {otherUnit && (
        <p>
          {t('mapView.sameCode', { map: mapName, code: unit.code, other: otherUnit.fullName })}{' '}
          <button type="button" className="link-button" onClick={() => chooseMap(to)} data-testid="map-notice-switch">
            {t('mapView.openOther', { unit: otherUnit.fullName, map: mapName })}
          </button>
        </p>
      )}
    </div>
  );
}
