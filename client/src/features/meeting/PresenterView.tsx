import { useCallback, useEffect, useState } from 'react';
import { Loading } from '../../components/QueryState.tsx';
import { formatPeriod } from '../../i18n/format.ts';
import { useLang } from '../../i18n/index.ts';
import type { DashboardView } from '../dashboard/view.ts';
import { SlideNotes, SlideThumb } from './SlideView.tsx';
import { type Deck, useDeckKeys } from './use-deck.ts';

const clockFormat = new Intl.DateTimeFormat('vi-VN', {
  timeZone: 'Asia/Ho_Chi_Minh',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

function elapsedText(ms: number): string {
  const s = Math.floor(ms / 1000);
  const mm = String(Math.floor(s / 60)).padStart(2, '0');
  const ss = String(s % 60).padStart(2, '0');
  return `${mm}:${ss}`;
}

/** The time of day in Hà Nội and the time since the presenter window opened, once a second. */
function useClock(): { now: string; elapsed: string } {
  const [start] = useState(() => Date.now());
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(id);
  }, []);
  return { now: clockFormat.format(now), elapsed: elapsedText(now - start) };
}

/**
 * The presenter's window on the laptop: what to say over the slide on the projector, what comes
 * next, and the time. It moves with the deck, and the deck with it.
 */
export default function PresenterView({ view, deck }: { view: DashboardView; deck: Deck | null }) {
  const { t, lang } = useLang();
  const clock = useClock();
  // a window the deck opened closes; one opened from its address goes back to the dashboard
  const leave = useCallback(() => {
    window.close();
    window.setTimeout(() => {
      if (window.closed) return;
      const q = new URLSearchParams(window.location.search);
      q.delete('slide');
      window.location.assign(`/?${q.toString()}`);
    }, 200);
  }, []);
  useDeckKeys(deck, leave);
  useEffect(() => {
    document.title = `${t('meeting.presenter.title')} — ${t('app.title')}`;
  }, [t]);
  const current = deck ? deck.slides[deck.index] : undefined;
  const next = deck ? deck.slides[deck.index + 1] : undefined;
  return (
    <div className="presenter" data-testid="presenter">
      <header className="presenter-bar">
        <p>
          <strong>{t('meeting.presenter.title')}</strong> · {view.unit?.name ?? view.unitCode} · {formatPeriod(view.period, lang)}
        </p>
        <p className="presenter-clock">
          <span className="visually-hidden">{t('meeting.presenter.clock')} </span>
          <time data-testid="presenter-clock">{clock.now}</time>
          <span className="presenter-elapsed">
            {t('meeting.presenter.elapsed')} <span data-testid="presenter-elapsed">{clock.elapsed}</span>
          </span>
        </p>
      </header>
      {!deck || !current ? (
        <main id="main">
          <Loading />
        </main>
      ) : (
        <main id="main" className="presenter-grid">
          <section className="presenter-now" aria-labelledby="presenter-now-title">
            <p className="presenter-kicker" data-testid="presenter-position">
              {t('meeting.presenter.now')} · {deck.position(deck.index)}
            </p>
            <h1 id="presenter-now-title" data-testid="presenter-current" aria-live="polite">
              {deck.title(current)}
            </h1>
            <h2 className="presenter-label" id="presenter-notes-label">
              {t('meeting.presenter.notes')}
            </h2>
            {/* long notes scroll in their own box (reachable by keyboard), so the next slide and the buttons stay in view */}
            {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must take the focus to scroll by keyboard */}
            <section className="presenter-notes" data-testid="presenter-notes" tabIndex={0} aria-labelledby="presenter-notes-label">
              <SlideNotes view={view} slide={current} />
            </section>
          </section>
          <aside className="presenter-side" aria-label={t('meeting.presenter.side')}>
            <div className="presenter-buttons">
              <button type="button" onClick={() => deck.go(Math.max(0, deck.index - 1))} disabled={deck.index === 0}>
                ← {t('meeting.prev')}
              </button>
              <button
                type="button"
                onClick={() => deck.go(Math.min(deck.slides.length - 1, deck.index + 1))}
                disabled={deck.index >= deck.slides.length - 1}
                data-testid="presenter-next-button"
              >
                {t('meeting.next')} →
              </button>
            </div>
            <h2 className="presenter-label">{t('meeting.presenter.next')}</h2>
            {next ? (
              <>
                <p className="presenter-next-title" data-testid="presenter-next">
                  {deck.title(next)}
                </p>
                <SlideThumb view={view} slide={next} title={deck.title(next)} />
              </>
            ) : (
              <p className="presenter-next-title" data-testid="presenter-next">
                {t('meeting.presenter.last')}
              </p>
            )}
            <h2 className="presenter-label">{t('meeting.presenter.onScreen')}</h2>
            <div className="presenter-on-screen">
              <SlideThumb view={view} slide={current} title={deck.title(current)} />
            </div>
            <p className="presenter-help">{t('meeting.presenter.help')}</p>
          </aside>
        </main>
      )}
    </div>
  );
}
