import { useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { ErrorPanel, Loading } from '../../components/QueryState.tsx';
import { formatPeriod } from '../../i18n/format.ts';
import { useLang } from '../../i18n/index.ts';
import { navigate } from '../../routing/use-url-state.ts';
import type { DashboardView } from '../dashboard/view.ts';
import { figuresQuery } from '../units/queries.ts';
import PresenterView from './PresenterView.tsx';
import { isPresenterWindow, PRESENTER_PATH } from './presenter-sync.ts';
import { SlideFrame } from './SlideView.tsx';
import { type Deck, useDeck, useDeckKeys } from './use-deck.ts';
import './meeting.css';

/** The projector deck: one topic per slide, arrows or a presenter remote to move, Esc to leave. */
export default function MeetingMode({ view, slide }: { view: DashboardView; slide: number }) {
  const deck = useDeck(view, slide);
  const figures = useQuery(figuresQuery(view.unitCode, view));
  if (isPresenterWindow()) return <PresenterView view={view} deck={deck} />;
  return <Projector view={view} deck={deck} error={figures.error} retry={() => void figures.refetch()} />;
}

function Projector({ view, deck, error, retry }: { view: DashboardView; deck: Deck | null; error: unknown; retry: () => void }) {
  const { t, lang } = useLang();
  const rootRef = useRef<HTMLDivElement>(null);
  const [fullscreen, setFullscreen] = useState(() => document.fullscreenElement !== null);

  const leave = useCallback(() => {
    if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
    navigate({ slide: null });
  }, []);
  useDeckKeys(deck, leave);

  useEffect(() => {
    rootRef.current?.focus();
    // full screen needs the click that opened the deck; a deck opened from a link stays windowed.
    // Leaving full screen (Esc, or the presenter window opening) keeps the deck: Esc again leaves it.
    const el = document.documentElement;
    if (!document.fullscreenElement && el.requestFullscreen) void el.requestFullscreen().catch(() => undefined);
    const onFs = () => setFullscreen(document.fullscreenElement !== null);
    document.addEventListener('fullscreenchange', onFs);
    return () => document.removeEventListener('fullscreenchange', onFs);
  }, []);

  const toggleFullscreen = () => {
    if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
    else void document.documentElement.requestFullscreen?.().catch(() => undefined);
  };
  const openPresenter = () => {
    window.open(`${PRESENTER_PATH}${window.location.search}`, 'tiendo-presenter', 'popup,width=1280,height=800');
  };

  const current = deck ? deck.slides[deck.index] : undefined;
  const title = deck?.title(current) ?? '';
  return (
    <div className="deck deck-frame" ref={rootRef} tabIndex={-1} data-testid="meeting">
      <div className="deck-scale">
        <header className="deck-bar">
          <p className="deck-where">
            {view.unit?.name ?? view.unitCode} · {formatPeriod(view.period, lang)}
            {view.map === 'today' && view.mapDiffers && ` · ${t('mapView.onToday')}`}
          </p>
          <p className="deck-counter" data-testid="meeting-count">
            {deck ? deck.position(deck.index) : ''}
          </p>
          <p className="visually-hidden" aria-live="polite" data-testid="meeting-announce">
            {deck ? t('meeting.announce', { position: deck.position(deck.index), title }) : ''}
          </p>
          <nav className="deck-buttons" aria-label={t('meeting.controls')}>
            <button
              type="button"
              onClick={() => deck?.go(Math.max(0, deck.index - 1))}
              disabled={!deck || deck.index === 0}
              aria-label={t('meeting.prev')}
              data-testid="meeting-prev"
            >
              <span aria-hidden="true">←</span>
            </button>
            <button
              type="button"
              onClick={() => deck?.go(Math.min(deck.slides.length - 1, deck.index + 1))}
              disabled={!deck || deck.index >= deck.slides.length - 1}
              aria-label={t('meeting.next')}
              data-testid="meeting-next"
            >
              <span aria-hidden="true">→</span>
            </button>
            <button type="button" onClick={toggleFullscreen} aria-pressed={fullscreen}>
              {t('meeting.fullscreen')}
            </button>
            <button type="button" onClick={openPresenter} title={t('meeting.presenterHelp')} data-testid="presenter-open">
              {t('meeting.presenterOpen')}
            </button>
            <button type="button" onClick={leave} data-testid="meeting-exit" title={t('meeting.help')}>
              {t('meeting.exit')}
            </button>
          </nav>
        </header>
        <main className="deck-main" id="main">
          {deck && current ? (
            <SlideFrame view={view} slide={current} title={title} />
          ) : error ? (
            <ErrorPanel error={error} onRetry={retry} />
          ) : (
            <Loading />
          )}
        </main>
      </div>
    </div>
  );
}
