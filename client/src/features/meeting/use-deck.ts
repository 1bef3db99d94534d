import { useQuery } from '@tanstack/react-query';
import { useCallback, useEffect } from 'react';
import { formatPeriod } from '../../i18n/format.ts';
import { useLang } from '../../i18n/index.ts';
import { navigate } from '../../routing/use-url-state.ts';
import type { DashboardView } from '../dashboard/view.ts';
import { groupCards } from '../overview/overview-data.ts';
import { figuresQuery } from '../units/queries.ts';
import { buildSlides, type Slide, slideAfterKey } from './meeting-data.ts';
import { useDeckSync } from './presenter-sync.ts';

export interface Deck {
  slides: Slide[];
  index: number;
  title: (s: Slide | undefined) => string;
  /** Moves this window and tells the other (projector ↔ presenter). */
  go: (n: number) => void;
  position: (n: number) => string;
}

/** The slides of the unit and period on screen, the current one, and how to move between them. */
export function useDeck(view: DashboardView, slide: number): Deck | null {
  const { t, lang } = useLang();
  const figures = useQuery(figuresQuery(view.unitCode, view));
  const groups = figures.data ? groupCards(view.kpis, figures.data.figures) : [];
  const slides = buildSlides(
    groups.map((g) => g.group),
    (view.unit?.children.length ?? 0) > 0,
  );
  const index = Math.min(slide, slides.length - 1);
  const place = `${view.unitCode}|${view.period}|${view.map}`;
  const follow = useCallback((n: number) => navigate({ slide: n }, { replace: true }), []);
  const send = useDeckSync(place, index, follow);
  const go = useCallback(
    (n: number) => {
      navigate({ slide: n }, { replace: true });
      send(n);
    },
    [send],
  );
  if (!figures.data || !view.unit) return null;
  const title = (s: Slide | undefined): string => {
    if (!s) return '';
    if (s.kind === 'overview') return t('meeting.overview', { period: formatPeriod(view.period, lang) });
    if (s.kind === 'group') {
      const g = groups.find((x) => x.group === s.group);
      return g ? (lang === 'en' ? g.nameEn : g.name) : s.group;
    }
    return t(`meeting.${s.kind}`);
  };
  return { slides, index, title, go, position: (n) => t('meeting.slideOf', { n: n + 1, total: slides.length }) };
}

/** Keys move the deck in whichever window has the focus; a focused button keeps Enter and Space. */
export function useDeckKeys(deck: Deck | null, leave: () => void): void {
  const index = deck?.index ?? 0;
  const total = deck?.slides.length ?? 0;
  const go = deck?.go;
  useEffect(() => {
    if (!go) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      const target = e.target as HTMLElement | null;
      if (target && (target.tagName === 'SELECT' || target.tagName === 'INPUT' || target.tagName === 'TEXTAREA')) return;
      if (target?.tagName === 'BUTTON' && (e.key === ' ' || e.key === 'Enter')) return;
      const next = slideAfterKey(e.key, index, total);
      if (next === null) return;
      e.preventDefault();
      if (next === 'exit') leave();
      else if (next !== index) go(next);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [index, total, go, leave]);
}
