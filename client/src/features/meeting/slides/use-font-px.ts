import { type RefObject, useLayoutEffect, useState } from 'react';

/**
 * The font size an element is drawn at, kept up to date as it resizes. Charts take sizes in
 * pixels (axis widths, tick fonts); the deck sizes everything from its frame, so the chart asks.
 */
export function useFontPx(ref: RefObject<HTMLElement | null>, fallback = 16): number {
  const [px, setPx] = useState(fallback);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const read = () => setPx(Number.parseFloat(getComputedStyle(el).fontSize) || fallback);
    read();
    const ro = new ResizeObserver(read);
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref, fallback]);
  return px;
}
