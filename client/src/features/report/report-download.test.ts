import { describe, expect, it } from 'vitest';
import { reportUrl } from './report-download.ts';

describe('report download helpers', () => {
  it('builds the report URL', () => {
    expect(reportUrl('00001', '2026-11', 'docx', 'en')).toBe('/api/units/00001/report?period=2026-11&format=docx&lang=en');
  });

  it('asks for the report on today’s map only when the dashboard reads it there', () => {
    expect(reportUrl('01', '2025-06', 'pdf', 'vi', 'today')).toBe('/api/units/01/report?period=2025-06&format=pdf&lang=vi&map=today');
    expect(reportUrl('01', '2025-06', 'pdf', 'vi', 'period')).toBe('/api/units/01/report?period=2025-06&format=pdf&lang=vi');
  });
});
