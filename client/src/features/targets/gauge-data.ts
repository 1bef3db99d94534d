/**
 * A half-circle gauge of a percentage against its target, and the sentence under it.
 */
import type { Figure } from '@tiendo/shared';

export interface GaugeGeometry {
  /** Path of the filled arc (value), from the left end of the half circle. */
  valuePath: string;
  /** Where the target tick sits on the arc. */
  targetTick: { x1: number; y1: number; x2: number; y2: number } | null;
}

const clamp = (v: number) => Math.max(0, Math.min(100, v));

function point(cx: number, cy: number, r: number, percent: number): [number, number] {
  const angle = Math.PI * (1 - clamp(percent) / 100);
  return [cx + r * Math.cos(angle), cy - r * Math.sin(angle)];
}

const round = (n: number) => Math.round(n * 100) / 100;

export function gaugeGeometry(value: number | null, target: number | null, cx = 100, cy = 100, r = 80): GaugeGeometry {
  let valuePath = '';
  if (value !== null && value > 0) {
    const [x0, y0] = point(cx, cy, r, 0);
    const [x1, y1] = point(cx, cy, r, value);
    valuePath = `M ${round(x0)} ${round(y0)} A ${r} ${r} 0 0 1 ${round(x1)} ${round(y1)}`;
  }
  let targetTick: GaugeGeometry['targetTick'] = null;
  if (target !== null) {
    const [xa, ya] = point(cx, cy, r - 14, target);
    const [xb, yb] = point(cx, cy, r + 14, target);
    targetTick = { x1: round(xa), y1: round(ya), x2: round(xb), y2: round(yb) };
  }
  return { valuePath, targetTick };
}

export type GaugeVerdict =
  | { kind: 'achieved' }
  | { kind: 'projection'; value: number; deadline: string }
  | { kind: 'missed'; deadline: string }
  | { kind: 'none' };

/** "At this rate: 64 % by 12/2022" while the deadline is ahead; a plain verdict after it. */
export function gaugeVerdict(f: Pick<Figure, 'status' | 'projection' | 'deadline'>, period: string): GaugeVerdict {
  if (f.status === 'achieved') return { kind: 'achieved' };
  if (f.deadline && f.deadline < period) return { kind: 'missed', deadline: f.deadline };
  if (f.deadline && f.projection !== null && f.projection !== undefined)
    return { kind: 'projection', value: f.projection, deadline: f.deadline };
  return { kind: 'none' };
}
