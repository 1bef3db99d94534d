/**
 * The files a report is downloaded as, the monthly report and an issued meeting report alike:
 * PDF to read and sign, Word to edit, Excel for the figures. Apart from the API schemas so a
 * download menu does not pull zod into the client's first load.
 */
export const REPORT_FORMATS = ['pdf', 'docx', 'xlsx'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];
