import { describe, expect, it } from 'vitest';
import { errorMessage, filenameFromDisposition, reportUrl } from './report-download.ts';

describe('report download helpers', () => {
  it('builds the report URL', () => {
    expect(reportUrl('00001', '2026-11', 'docx', 'en')).toBe('/api/units/00001/report?period=2026-11&format=docx&lang=en');
  });

  it('asks for the report on today’s map only when the dashboard reads it there', () => {
    expect(reportUrl('01', '2025-06', 'pdf', 'vi', 'today')).toBe('/api/units/01/report?period=2025-06&format=pdf&lang=vi&map=today');
    expect(reportUrl('01', '2025-06', 'pdf', 'vi', 'period')).toBe('/api/units/01/report?period=2025-06&format=pdf&lang=vi');
  });

  it('prefers the UTF-8 file name', () => {
    const h = `attachment; filename="Bao-cao_Ha-Noi_2026-11.pdf"; filename*=UTF-8''B%C3%A1o%20c%C3%A1o%20-%20H%C3%A0%20N%E1%BB%99i.pdf`;
    expect(filenameFromDisposition(h)).toBe('Báo cáo - Hà Nội.pdf');
    expect(filenameFromDisposition('attachment; filename="a.xlsx"')).toBe('a.xlsx');
    expect(filenameFromDisposition(null)).toBeNull();
  });

  it('reads the server error message', () => {
    expect(errorMessage('{"error":{"code":"forbidden","message":"Không có quyền"}}')).toBe('Không có quyền');
    expect(errorMessage('<html>')).toBeNull();
  });
});
