/**
 * The report's one typeface, Noto Serif (SIL OFL, shipped as an npm package so no machine's system
 * fonts are involved): its files for pdfkit and resvg, and text widths measured from its own
 * metrics, which lay out table columns and chart labels before anything is drawn.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { create } from 'fontkit';

const require = createRequire(import.meta.url);

export const FACES = {
  regular: 'NotoSerif',
  bold: 'NotoSerif-Bold',
  italic: 'NotoSerif-Italic',
  boldItalic: 'NotoSerif-BoldItalic',
} as const;
export type Face = keyof typeof FACES;

/** The family name inside the files, which resvg matches an SVG's font-family against. */
export const FAMILY = 'Noto Serif';

const SPECS: Record<Face, string> = {
  regular: '@expo-google-fonts/noto-serif/400Regular/NotoSerif_400Regular.ttf',
  bold: '@expo-google-fonts/noto-serif/700Bold/NotoSerif_700Bold.ttf',
  italic: '@expo-google-fonts/noto-serif/400Regular_Italic/NotoSerif_400Regular_Italic.ttf',
  boldItalic: '@expo-google-fonts/noto-serif/700Bold_Italic/NotoSerif_700Bold_Italic.ttf',
};

export function fontFile(face: Face): string {
  return require.resolve(SPECS[face]);
}

export function fontFiles(): string[] {
  return (Object.keys(SPECS) as Face[]).map(fontFile);
}

let data: Map<Face, Buffer> | null = null;
/** The TTF files, read once per process. */
export function fontData(): Map<Face, Buffer> {
  if (!data) data = new Map((Object.keys(SPECS) as Face[]).map((f) => [f, readFileSync(fontFile(f))]));
  return data;
}

interface MeasuredFont {
  unitsPerEm: number;
  layout(text: string): { advanceWidth: number };
}

let parsed: Map<Face, unknown> | null = null;
/** Parsed fontkit fonts, once per process: parsing costs more than laying out a whole report. */
export function parsedFonts(): Map<Face, unknown> {
  if (!parsed) parsed = new Map([...fontData()].map(([face, buf]) => [face, create(buf)]));
  return parsed;
}

/** A private instance for measuring, so pdfkit's subsetting never sees glyphs looked up here. */
let measuring: Map<Face, MeasuredFont> | null = null;
const widthCache = new Map<string, number>();

/** The advance width of a line of text in points, with the font's kerning as pdfkit applies it. */
export function textWidth(text: string, size: number, face: Face = 'regular'): number {
  if (!measuring) measuring = new Map([...fontData()].map(([f, buf]) => [f, create(buf) as MeasuredFont]));
  const key = `${face}\u0000${text}`;
  let em = widthCache.get(key);
  if (em === undefined) {
    const font = measuring.get(face) as MeasuredFont;
    em = font.layout(text).advanceWidth / font.unitsPerEm;
    if (widthCache.size > 20_000) widthCache.clear();
    widthCache.set(key, em);
  }
  return em * size;
}

/**
 * Splits text into lines no wider than `width` at regular spaces (a no-break space holds its two
 * sides together); a word longer than the line stays whole on its own line.
 */
export function wrapText(text: string, width: number, size: number, face: Face = 'regular'): string[] {
  const lines: string[] = [];
  for (const para of text.split('\n')) {
    let line = '';
    for (const word of para.split(' ').filter(Boolean)) {
      const next = line ? `${line} ${word}` : word;
      if (line && textWidth(next, size, face) > width) {
        lines.push(line);
        line = word;
      } else line = next;
    }
    lines.push(line);
  }
  return lines;
}
