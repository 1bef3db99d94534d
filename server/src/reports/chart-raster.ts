/**
 * The PNG that a DOCX carries beside each SVG chart, for readers that do not draw SVG (LibreOffice
 * 7, Word before 2016): resvg renders the very same SVG with the report's own font files, never
 * the machine's fonts, so titles, axes, labels and values are in the picture wherever it opens.
 */
import { Resvg } from '@resvg/resvg-js';
import { FAMILY, fontFiles } from './font-metrics.ts';
import { type Chart, toSvg } from './svg-charts.ts';

/** Pixels per point: 3 gives 216 dpi, sharp 7-point labels on paper. */
export const RASTER_ZOOM = 3;

export function rasterSvg(svg: string, zoom = RASTER_ZOOM): Buffer {
  const resvg = new Resvg(svg, {
    font: { fontFiles: fontFiles(), loadSystemFonts: false, defaultFontFamily: FAMILY, serifFamily: FAMILY },
    fitTo: { mode: 'zoom', value: zoom },
    background: '#ffffff',
    logLevel: 'off',
  });
  return resvg.render().asPng();
}

export function rasterise(chart: Chart, zoom = RASTER_ZOOM): Buffer {
  return rasterSvg(toSvg(chart), zoom);
}
