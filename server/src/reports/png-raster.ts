/**
 * A tiny rasteriser for the chart shapes, for the PNG that DOCX requires next to an SVG picture
 * (shown only by Word versions without SVG support). Bars, lines and dots; text is left out,
 * since drawing glyphs would need a font rasteriser.
 */
import { deflateSync } from 'node:zlib';
import type { Chart } from './svg-charts.ts';

function rgb(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = (CRC_TABLE[(c ^ b) & 255] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

export function encodePng(width: number, height: number, rgbPixels: Uint8Array): Buffer {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 3 + 1)] = 0;
    Buffer.from(rgbPixels.buffer, rgbPixels.byteOffset + y * width * 3, width * 3).copy(raw, y * (width * 3 + 1) + 1);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // truecolour
  const sig = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([sig, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

export function rasterise(chart: Chart, scale = 2): Buffer {
  const w = Math.max(1, Math.ceil(chart.width * scale));
  const h = Math.max(1, Math.ceil(chart.height * scale));
  const px = new Uint8Array(w * h * 3).fill(255);
  const set = (x: number, y: number, c: [number, number, number]) => {
    if (x < 0 || y < 0 || x >= w || y >= h) return;
    const i = (y * w + x) * 3;
    px[i] = c[0];
    px[i + 1] = c[1];
    px[i + 2] = c[2];
  };
  const fillRect = (x0: number, y0: number, x1: number, y1: number, c: [number, number, number]) => {
    for (let y = Math.floor(y0); y < Math.ceil(y1); y++) for (let x = Math.floor(x0); x < Math.ceil(x1); x++) set(x, y, c);
  };
  const disc = (cx: number, cy: number, r: number, c: [number, number, number]) => {
    for (let y = Math.floor(cy - r); y <= Math.ceil(cy + r); y++)
      for (let x = Math.floor(cx - r); x <= Math.ceil(cx + r); x++) if ((x - cx) ** 2 + (y - cy) ** 2 <= r * r) set(x, y, c);
  };
  for (const s of chart.shapes) {
    if (s.t === 'rect') fillRect(s.x * scale, s.y * scale, (s.x + s.w) * scale, (s.y + s.h) * scale, rgb(s.fill));
    else if (s.t === 'circle') disc(s.x * scale, s.y * scale, s.r * scale, rgb(s.fill));
    else if (s.t === 'line') {
      const c = rgb(s.stroke);
      const r = Math.max(0.5, (s.width * scale) / 2);
      for (let k = 1; k < s.points.length; k++) {
        const [ax, ay] = s.points[k - 1] as [number, number];
        const [bx, by] = s.points[k] as [number, number];
        const len = Math.hypot(bx - ax, by - ay) * scale;
        const steps = Math.max(1, Math.ceil(len));
        for (let i = 0; i <= steps; i++) {
          if (s.dash && Math.floor(i / (4 * scale)) % 2 === 1) continue;
          disc((ax + ((bx - ax) * i) / steps) * scale, (ay + ((by - ay) * i) / steps) * scale, r, c);
        }
      }
    }
  }
  return encodePng(w, h, px);
}
