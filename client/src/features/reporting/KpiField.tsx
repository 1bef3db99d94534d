import { useEffect, useRef } from 'react';
import { type CodedItem, useItemText } from '../../api/errors.ts';
import { formatNumber, formatPercent } from '../../i18n/format.ts';
import { useLang } from '../../i18n/index.ts';
import { kpiName, kpiUnit } from '../dashboard/view.ts';
import type { FieldInput, LocalError, ReportKpi } from './report-form.ts';
import { ratioPercent } from './report-form.ts';
import { valueText } from './value-text.ts';

interface Props {
  kpi: ReportKpi;
  input: FieldInput;
  onChange: (next: FieldInput) => void;
  readOnly: boolean;
  localErrors: LocalError[];
  /** Server errors by field ('' for the KPI as a whole). */
  serverErrors: Map<string, CodedItem[]>;
  flag: (CodedItem & { explanation: string | null }) | undefined;
  explanation: string;
  onExplain: (text: string) => void;
}

/** One KPI: its input(s), last month and the running total beside it, its errors and flag. */
export function KpiField({ kpi, input, onChange, readOnly, localErrors, serverErrors, flag, explanation, onExplain }: Props) {
  const { t, lang } = useLang();
  const itemText = useItemText();
  const id = `kpi-${kpi.code}`;
  // A flag that appears after a save is brought into view, clear of the sticky action bar (its
  // scroll margin, reporting.css): the explanation it asks for is never hidden under the bar.
  const flagRef = useRef<HTMLDivElement>(null);
  const flagged = flag !== undefined;
  const wasFlagged = useRef(flagged);
  useEffect(() => {
    if (flagged && !wasFlagged.current) flagRef.current?.scrollIntoView({ block: 'nearest' });
    wasFlagged.current = flagged;
  }, [flagged]);
  const messages = (field: string) => [
    ...localErrors.filter((e) => e.field === field).map((e) => t(`reporting.errors.${e.code}`)),
    ...(serverErrors.get(field) ?? []).map(itemText),
  ];
  const errorBlock = (field: string) => {
    const list = messages(field);
    if (!list.length) return null;
    return (
      <p className="field-error" id={`${id}-${field}-error`} data-testid={`error-${kpi.code}`}>
        {list.join(' ')}
      </p>
    );
  };
  const described = (field: string) => [`${id}-context`, messages(field).length ? `${id}-${field}-error` : ''].filter(Boolean).join(' ');
  const context = (
    <p className="kpi-context muted" id={`${id}-context`}>
      <span>
        {t('reporting.field.previous')}:{' '}
        <b data-testid={`previous-${kpi.code}`}>{kpi.previous === null ? t('reporting.field.none') : valueText(kpi, kpi.previous, lang)}</b>
      </span>
      {kpi.cumulative !== null && (
        <span>
          {t('reporting.field.cumulative')}: <b>{formatNumber(kpi.cumulative, lang)}</b>
        </span>
      )}
    </p>
  );
  const name = kpiName(kpi, lang);
  const unitLabel = kpiUnit(kpi, lang);

  let body: React.ReactNode;
  if ('value' in input) {
    body = (
      <>
        <label htmlFor={id} className="kpi-label">
          {name} <span className="muted">({unitLabel})</span>
        </label>
        {context}
        <input
          id={id}
          className="count-input"
          type="text"
          inputMode="numeric"
          autoComplete="off"
          enterKeyHint="next"
          value={input.value}
          readOnly={readOnly}
          aria-invalid={messages('value').length > 0}
          aria-describedby={described('value')}
          onChange={(e) => onChange({ value: e.target.value })}
          data-testid={`input-${kpi.code}`}
        />
        {errorBlock('value')}
      </>
    );
  } else if ('numerator' in input) {
    const pct = ratioPercent(input.numerator, input.denominator);
    body = (
      <fieldset className="ratio-field">
        <legend className="kpi-label">{name}</legend>
        {context}
        <div className="ratio-inputs">
          <label>
            <span>{t('reporting.field.numerator')}</span>
            <input
              type="text"
              inputMode="numeric"
              autoComplete="off"
              value={input.numerator}
              readOnly={readOnly}
              aria-invalid={messages('numerator').length > 0}
              aria-describedby={described('numerator')}
              onChange={(e) => onChange({ ...input, numerator: e.target.value })}
              data-testid={`input-${kpi.code}-numerator`}
            />
          </label>
          <span aria-hidden="true" className="ratio-slash">
            /
          </span>
          <label>
            <span>{t('reporting.field.denominator')}</span>
            <input
              type="text"
              inputMode="numeric"
              autoComplete="off"
              value={input.denominator}
              readOnly={readOnly}
              aria-invalid={messages('denominator').length > 0}
              aria-describedby={described('denominator')}
              onChange={(e) => onChange({ ...input, denominator: e.target.value })}
              data-testid={`input-${kpi.code}-denominator`}
            />
          </label>
          <output className="ratio-percent" aria-live="polite" data-testid={`percent-${kpi.code}`}>
            {t('reporting.field.percent')}: <b>{formatPercent(pct, lang)}</b>
          </output>
        </div>
        {errorBlock('numerator')}
        {errorBlock('denominator')}
      </fieldset>
    );
  } else {
    const items = kpi.items ?? [];
    const ticked = new Set(input.items);
    body = (
      <fieldset className="checklist-field">
        <legend className="kpi-label">{name}</legend>
        {context}
        <p className="muted" aria-live="polite">
          {t('reporting.field.items', { done: formatNumber(ticked.size, lang), total: formatNumber(items.length, lang) })}
        </p>
        <ul className="checklist">
          {items.map((item) => (
            <li key={item.code}>
              <label>
                <input
                  type="checkbox"
                  checked={ticked.has(item.code)}
                  disabled={readOnly}
                  onChange={(e) => {
                    const next = new Set(ticked);
                    if (e.target.checked) next.add(item.code);
                    else next.delete(item.code);
                    onChange({ items: [...next].sort() });
                  }}
                />
                {item.name}
              </label>
            </li>
          ))}
        </ul>
        {errorBlock('items')}
      </fieldset>
    );
  }

  return (
    <div className={`kpi-field${flag ? ' flagged' : ''}`} data-testid={`field-${kpi.code}`}>
      {body}
      {errorBlock('')}
      {flag && (
        <div className="flag-box" role="note" ref={flagRef} data-testid={`flag-${kpi.code}`}>
          <p>
            <span aria-hidden="true">⚠ </span>
            <strong>{t('reporting.flag.heading')}:</strong> {itemText(flag)}
          </p>
          {readOnly ? (
            flag.explanation && <p>{t('reporting.flag.explained', { text: flag.explanation })}</p>
          ) : (
            <label className="field-block">
              <span>{t('reporting.flag.explain')}</span>
              <textarea
                rows={2}
                maxLength={1000}
                value={explanation}
                onChange={(e) => onExplain(e.target.value)}
                aria-invalid={messages('explanation').length > 0}
                data-testid={`explain-${kpi.code}`}
              />
              {errorBlock('explanation')}
            </label>
          )}
        </div>
      )}
    </div>
  );
}
