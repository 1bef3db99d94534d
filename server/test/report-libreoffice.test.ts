/**
 * The city's meeting report as LibreOffice renders the DOCX (a real `soffice --convert-to pdf`):
 * the charts' titles, axes and labels are there (as text, or in the pictures: compared pixel by
 * pixel with resvg's rendering of the SVG the DOCX carries, with and without its words), the
 * pages are numbered, the body is 4 to 6 pages long and no table cell breaks a token.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Resvg } from '@resvg/resvg-js';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_LAST_CLOSED } from './constants.ts';
import { createTestApp, type Session, type TestContext } from './helpers.ts';

const ARTIFACTS = resolve(dirname(fileURLToPath(import.meta.url)), '../../test-artifacts/report-libreoffice');
const P = TEST_LAST_CLOSED;
/** The PNG fallback's pixels per point (chart-raster.ts); the pictures LibreOffice embeds keep them. */
const ZOOM = 3;

function requireTool(tool: string, pkg: string): void {
  try {
    execFileSync(tool, ['--version'], { stdio: 'pipe' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(`${tool} is missing: apt-get install ${pkg}`);
  }
}

let t: TestContext;
let leader: Session;
let work: string;
beforeAll(async () => {
  requireTool('soffice', 'libreoffice-writer-nogui');
  requireTool('pdftotext', 'poppler-utils');
  mkdirSync(ARTIFACTS, { recursive: true });
  work = mkdtempSync(join(tmpdir(), 'tiendo-lo-'));
  // The demo: the body's 4 to 6 pages are calibrated on Hanoi's 126 communes (a small world's report is 3 pages).
  t = await createTestApp({ demo: true });
  leader = await t.login('lanhdao');
});
afterAll(async () => {
  await t?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** Converts with a profile of its own, so parallel runs (and a desktop LibreOffice) never clash. */
function toPdf(file: string, outDir: string): string {
  const profile = mkdtempSync(join(tmpdir(), 'tiendo-lo-profile-'));
  try {
    execFileSync(
      'soffice',
      [`-env:UserInstallation=file://${profile}`, '--headless', '--norestore', '--convert-to', 'pdf', '--outdir', outDir, file],
      { stdio: 'pipe', timeout: 170_000 },
    );
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
  return join(
    outDir,
    `${file
      .split('/')
      .pop()
      ?.replace(/\.[^.]+$/, '')}.pdf`,
  );
}

const pagesOf = (pdf: string) => Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))?.[1]);
const pageText = (pdf: string, n: number) =>
  execFileSync('pdftotext', ['-layout', '-f', String(n), '-l', String(n), pdf, '-'], { encoding: 'utf8' });

/** Every page from the second starts with its number (Decree 30: top centre, none on page 1). */
function expectPageNumbers(pdf: string): number {
  const pages = pagesOf(pdf);
  for (let n = 2; n <= pages; n++) {
    const first = pageText(pdf, n)
      .split('\n')
      .find((l) => l.trim() !== '');
    expect(first?.trim(), `${pdf} page ${n}`).toBe(String(n));
  }
  return pages;
}

/** How often `token` stands whole (between spaces or line ends) in `text`; pdftotext may drop the gap before "%". */
function countToken(text: string, token: string): number {
  const norm = (s: string) => s.replace(/[\s\u00a0]+/g, ' ').replace(/ %/g, '%');
  const hay = ` ${norm(text)} `;
  const needle = ` ${norm(token)} `;
  let n = 0;
  for (let i = hay.indexOf(needle); i >= 0; i = hay.indexOf(needle, i + needle.length - 1)) n++;
  return n;
}

const decode = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
/** A paragraph's text, its line breaks kept. */
const paraText = (xml: string) =>
  decode([...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>|<w:br\/>/g)].map((m) => (m[1] !== undefined ? m[1] : '\n')).join(''));

interface Pixels {
  width: number;
  height: number;
  rgb: Uint8Array;
}

/** A binary PPM (P6), as pdfimages writes them by default. */
function readPpm(file: string): Pixels {
  const buf = readFileSync(file);
  const header: string[] = [];
  let i = 0;
  while (header.length < 4) {
    while (/\s/.test(String.fromCharCode(buf[i] as number))) i++;
    let tok = '';
    while (!/\s/.test(String.fromCharCode(buf[i] as number))) tok += String.fromCharCode(buf[i++] as number);
    header.push(tok);
  }
  expect(header[0]).toBe('P6');
  const width = Number(header[1]);
  const height = Number(header[2]);
  return { width, height, rgb: new Uint8Array(buf.subarray(i + 1, i + 1 + width * height * 3)) };
}

const fonts = (() => {
  const req = createRequire(import.meta.url);
  return ['400Regular/NotoSerif_400Regular.ttf', '700Bold/NotoSerif_700Bold.ttf', '400Regular_Italic/NotoSerif_400Regular_Italic.ttf'].map(
    (f) => req.resolve(`@expo-google-fonts/noto-serif/${f}`),
  );
})();

/** resvg's rendering of an SVG on white, as RGB, with only the report's font. */
function render(svg: string): Pixels {
  const img = new Resvg(svg, {
    font: { fontFiles: fonts, loadSystemFonts: false, defaultFontFamily: 'Noto Serif' },
    fitTo: { mode: 'zoom', value: ZOOM },
    background: '#ffffff',
  }).render();
  const rgba = img.pixels;
  const rgb = new Uint8Array(img.width * img.height * 3);
  for (let p = 0; p < img.width * img.height; p++) for (let c = 0; c < 3; c++) rgb[p * 3 + c] = rgba[p * 4 + c] as number;
  return { width: img.width, height: img.height, rgb };
}

describe("the city's DOCX rendered by LibreOffice", () => {
  let docx: Buffer;
  let pdf: string;
  let text: string;
  beforeAll(async () => {
    const r = await t.app.inject({ url: `/api/units/01/report?period=${P}&format=docx`, headers: leader.headers });
    expect(r.statusCode).toBe(200);
    docx = r.rawPayload;
    const file = join(work, 'city.docx');
    writeFileSync(file, docx);
    pdf = toPdf(file, work);
    writeFileSync(join(ARTIFACTS, 'city-docx-libreoffice.pdf'), readFileSync(pdf));
    text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
  }, 200_000);

  it('numbers its pages and keeps the body within 4 to 6 pages', () => {
    // Times New Roman, or Liberation Serif with its metrics: a wider stand-in would lay out another document.
    expect(execFileSync('pdffonts', [pdf], { encoding: 'utf8' }), 'apt-get install fonts-liberation2').toMatch(
      /LiberationSerif|TimesNewRoman/,
    );
    const pages = expectPageNumbers(pdf);
    expect(pages).toBeGreaterThanOrEqual(4);
    expect(pages).toBeLessThanOrEqual(6);
    const zip = text.replace(/\s+/g, ' ');
    for (const s of [
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'BÁO CÁO',
      'TM. BAN CHỈ ĐẠO',
      'I. KẾT QUẢ CHUNG',
      'VI. KHÓ KHĂN, VƯỚNG MẮC VÀ KIẾN NGHỊ',
    ])
      expect(zip).toContain(s);
  });

  it('shows the charts’ titles, axes and labels, as text or in pictures rendered from the same SVG', async () => {
    const zip = await JSZip.loadAsync(docx);
    const svgs = await Promise.all(
      Object.keys(zip.files)
        .filter((f) => /^word\/media\/.+\.svg$/.test(f))
        .map((f) => zip.file(f)?.async('string') as Promise<string>),
    );
    expect(svgs.length).toBeGreaterThanOrEqual(2);
    const words = (svg: string) => [...svg.matchAll(/<text [^>]*>([^<]*)<\/text>/g)].map((m) => decode(m[1] as string));
    const all = svgs.flatMap(words);
    // What the charts must say: the panel's title, a KPI's title, the months and the axis values,
    // the target, the ranking's title and its zero-based axis.
    for (const s of [
      'Diễn biến 12 tháng gần nhất so với chỉ tiêu',
      'Thông tin công dân đã rà soát, làm sạch (%)',
      '01/26',
      '11/26',
      'Chỉ tiêu: 100\u00a0%',
    ])
      expect(all, s).toContain(s);
    expect(all.some((w) => w.startsWith('Xếp hạng đơn vị trực thuộc: '))).toBe(true);
    expect(all).toContain('0\u00a0%');
    expect(all).toContain('100\u00a0%');

    const flat = text.replace(/\s+/g, ' ');
    if (flat.includes('Diễn biến 12 tháng gần nhất so với chỉ tiêu')) {
      // A LibreOffice that draws the SVG: its words are text in the PDF.
      for (const s of ['01/26', '11/26', 'Xếp hạng đơn vị trực thuộc']) expect(flat).toContain(s);
      return;
    }
    // LibreOffice 7 draws the PNG fallback: the pictures in the PDF are resvg's rendering of the
    // charts' SVG with their words. Where the words are, the picture matches the rendering with
    // them, not the one without.
    const dir = join(work, 'images');
    mkdirSync(dir, { recursive: true });
    execFileSync('pdfimages', [pdf, join(dir, 'chart')]);
    // The pictures, not their soft masks (written out the same way): `pdfimages -list` tells which is which.
    const kinds = execFileSync('pdfimages', ['-list', pdf], { encoding: 'utf8' })
      .split('\n')
      .slice(2)
      .filter((l) => l.trim() !== '')
      .map((l) => l.trim().split(/\s+/)[2]);
    const images = readdirSync(dir)
      .filter((f) => f.endsWith('.ppm'))
      .sort()
      .filter((_, i) => kinds[i] === 'image')
      .map((f) => readPpm(join(dir, f)));
    expect(images.length).toBe(svgs.length);
    for (const svg of svgs) {
      const full = render(svg);
      const bare = render(svg.replace(/<text [^>]*>[^<]*<\/text>/g, ''));
      const image = images.find((im) => im.width === full.width && im.height === full.height);
      expect(image, `a picture of ${full.width}×${full.height} for "${words(svg)[0]}"`).toBeDefined();
      let ink = 0;
      let same = 0;
      for (let p = 0; p < full.width * full.height; p++) {
        let diff = 0;
        for (let c = 0; c < 3; c++) diff = Math.max(diff, Math.abs((full.rgb[p * 3 + c] as number) - (bare.rgb[p * 3 + c] as number)));
        if (diff < 96) continue;
        ink++;
        let off = 0;
        for (let c = 0; c < 3; c++) off = Math.max(off, Math.abs((image?.rgb[p * 3 + c] as number) - (full.rgb[p * 3 + c] as number)));
        if (off < 48) same++;
      }
      // Thousands of pixels of lettering, and the picture has them where the words are.
      expect(ink, words(svg)[0]).toBeGreaterThan(5000);
      expect(same / ink, words(svg)[0]).toBeGreaterThan(0.97);
    }
  });

  it('breaks no token of a table cell across lines', async () => {
    const xml = (await (await JSZip.loadAsync(docx)).file('word/document.xml')?.async('string')) ?? '';
    const paragraphs = [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((m) => paraText(m[0]));
    const cells = [...xml.matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((m) => paraText(m[0]));
    const tokens = new Set(cells.flatMap((c) => c.split(/[ \n\t]+/).filter((tok) => tok.length > 1)));
    expect(tokens).toContain('12/2022');
    expect(tokens).toContain('TT');
    const lines = text.split('\n');
    for (const token of tokens) {
      const expected = paragraphs.reduce((n, p) => n + p.split('\n').reduce((k, line) => k + countToken(line, token), 0), 0);
      const found = lines.reduce((n, line) => n + countToken(line, token), 0);
      expect(found, `"${token}" whole on a line`).toBeGreaterThanOrEqual(expected);
    }
  });
});

describe("the city's PDF", () => {
  it('numbers its pages the same way', async () => {
    for (const lang of ['vi', 'en']) {
      const r = await t.app.inject({ url: `/api/units/01/report?period=${P}&format=pdf&lang=${lang}`, headers: leader.headers });
      expect(r.statusCode).toBe(200);
      const file = join(work, `city-${lang}.pdf`);
      writeFileSync(file, r.rawPayload);
      const pages = expectPageNumbers(file);
      expect(pages).toBeGreaterThanOrEqual(4);
      expect(pages).toBeLessThanOrEqual(6);
    }
  });
});
