import type { MapView } from '@tiendo/shared';
import { useLang } from '../../i18n/index.ts';
import { navigate } from '../../routing/use-url-state.ts';
import { setMap } from './map-view.ts';

/** Choose a map for the switch: remembered for next time, and written in the URL so a link says it. */
export function chooseMap(next: MapView): void {
  setMap(next);
  navigate({ map: next });
}

/**
 * "Bản đồ: theo kỳ báo cáo | hiện nay": read a period before a reorganisation on its own map or on
 * today's. Shown only where the two differ for the unit on screen.
 */
export function MapSwitch({ map }: { map: MapView }) {
  const { t } = useLang();
  return (
    <label className="basis-switch map-switch" title={t('mapView.help')}>
      <span className="visually-hidden">{t('mapView.label')}</span>
      <select value={map} onChange={(e) => chooseMap(e.target.value === 'today' ? 'today' : 'period')} data-testid="map-switch">
        <option value="period">{t('mapView.period')}</option>
        <option value="today">{t('mapView.today')}</option>
      </select>
    </label>
  );
}
