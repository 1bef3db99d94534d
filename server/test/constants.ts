/** Tests run on a fixed date so the demo's periods never depend on the clock. */
export const TEST_TODAY = '2026-11-27';
/** The latest closed period on TEST_TODAY (cut-off on the 14th). */
export const TEST_LAST_CLOSED = '2026-11';
/** The period open for reporting on TEST_TODAY. */
export const TEST_OPEN = '2026-12';
