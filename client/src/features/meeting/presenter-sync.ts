import { useCallback, useEffect, useRef } from 'react';
import { type DeckMessage, isDeckMessage } from './meeting-data.ts';

const CHANNEL = 'tiendo-meeting';

/** Where the presenter window lives: the same query as the deck, on its own path. */
export const PRESENTER_PATH = '/presenter';

export const isPresenterWindow = () => window.location.pathname === PRESENTER_PATH;

/**
 * Keeps the deck on the projector and the presenter window on the laptop on the same slide.
 * Both are windows of one origin, so a BroadcastChannel carries the moves. Only a move made in
 * this window is sent (never one received), so two windows cannot echo each other back a step.
 * A presenter window that opens asks where the deck is; the deck answers.
 */
export function useDeckSync(place: string, index: number, onRemoteSlide: (slide: number) => void): (slide: number) => void {
  const channel = useRef<BroadcastChannel | null>(null);
  const current = useRef(index);
  current.current = index;
  const follow = useRef(onRemoteSlide);
  follow.current = onRemoteSlide;

  useEffect(() => {
    if (typeof BroadcastChannel === 'undefined') return;
    const ch = new BroadcastChannel(CHANNEL);
    channel.current = ch;
    const presenter = isPresenterWindow();
    ch.onmessage = (e: MessageEvent<unknown>) => {
      const m = e.data;
      if (!isDeckMessage(m) || m.place !== place) return;
      if (m.type === 'slide') follow.current(m.slide);
      else if (!presenter) ch.postMessage({ type: 'slide', place, slide: current.current } satisfies DeckMessage);
    };
    if (presenter) ch.postMessage({ type: 'hello', place } satisfies DeckMessage);
    return () => {
      ch.close();
      channel.current = null;
    };
  }, [place]);

  return useCallback((slide: number) => channel.current?.postMessage({ type: 'slide', place, slide } satisfies DeckMessage), [place]);
}
