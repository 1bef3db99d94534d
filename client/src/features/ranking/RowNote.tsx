import type { FigureNote } from '@tiendo/shared';
import { useState } from 'react';
import { useLang } from '../../i18n/index.ts';
import { NOTE_PREVIEW } from './ranking-data.ts';

/**
 * What a unit wrote about a figure, under its name or on its card: "Giải trình: …" for the
 * explanation of a flagged value, "Khó khăn: …" for its difficulties. A long note is cut at two
 * lines, the whole text a press away (and always there for a screen reader).
 */
export function RowNote({ note, testId }: { note: FigureNote; testId: string }) {
  const { t } = useLang();
  const [open, setOpen] = useState(false);
  const long = note.text.length > NOTE_PREVIEW;
  return (
    <div className={`unit-note${open || !long ? ' open' : ''}`} data-testid={testId} data-source={note.source}>
      <p className="unit-note-text" title={long && !open ? note.text : undefined}>
        <span className="unit-note-label">{t(`ranking.note.${note.source}`)}:</span> {note.text}
      </p>
      {long && (
        <button type="button" className="link-button unit-note-more" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
          {open ? t('ranking.note.less') : t('ranking.note.more')}
        </button>
      )}
    </div>
  );
}
