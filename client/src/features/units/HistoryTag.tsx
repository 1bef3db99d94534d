import { useLang } from '../../i18n/index.ts';
import type { HistoryMark } from './history-mark.ts';

/** "(dựng lại)" / "(ước tính)" after a value or a name, with the why in its title. */
export function HistoryTag({ mark, long }: { mark: HistoryMark; long?: boolean }) {
  const { t } = useLang();
  if (!mark) return null;
  const text =
    mark === 'estimated'
      ? long
        ? t('mapView.estimated')
        : t('mapView.estimatedShort')
      : long
        ? t('mapView.rebuilt')
        : t('mapView.rebuiltShort');
  return (
    <span className={`history-tag history-${mark}`} title={mark === 'estimated' ? t('mapView.estimatedHelp') : t('mapView.rebuiltHelp')}>
      {' '}
      {text}
    </span>
  );
}
