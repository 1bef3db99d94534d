/**
 * Where the reporting screens live: `/report?unit=&period=` and `/late?unit=&period=`. Kept tiny:
 * the shell imports it to pick the screen and to link to it; the screens themselves load lazily.
 */
export const REPORT_PATH = '/report';
export const LATE_PATH = '/late';
/** The meeting's conclusions and the tasks they assigned: `/conclusions?unit=&period=`. */
export const CONCLUSIONS_PATH = '/conclusions';

export const isReportingPath = (path: string) => path === REPORT_PATH || path === LATE_PATH || path === CONCLUSIONS_PATH;

function withQuery(path: string, unit: string, period: string | null): string {
  const q = new URLSearchParams({ unit });
  if (period) q.set('period', period);
  return `${path}?${q.toString()}`;
}

export const reportHref = (unit: string, period: string | null) => withQuery(REPORT_PATH, unit, period);
export const lateHref = (unit: string, period: string | null) => withQuery(LATE_PATH, unit, period);
export const dashboardHref = (unit: string, period: string | null) => withQuery('/', unit, period);
export const conclusionsHref = (unit: string, period: string | null) => withQuery(CONCLUSIONS_PATH, unit, period);

/** Pushes a new path and tells every URL listener (the dashboard's too, which listens to popstate). */
export function goTo(href: string): void {
  if (href === `${window.location.pathname}${window.location.search}`) return;
  window.history.pushState(null, '', href);
  window.dispatchEvent(new PopStateEvent('popstate'));
  window.scrollTo({ top: 0 });
}

/** Plain clicks navigate in place; modified clicks keep the browser's new-tab behaviour. */
export function onLinkClick(href: string) {
  return (e: { metaKey: boolean; ctrlKey: boolean; shiftKey: boolean; button: number; preventDefault: () => void }) => {
    if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
    e.preventDefault();
    goTo(href);
  };
}
