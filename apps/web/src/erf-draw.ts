// Canvas drawing of the effective receptive field, at the footprint drawing's scale and position
// (InputView): a heat map (2-D and 3-D) or a bar profile (1-D) of the weight per input pixel on
// one canvas, and the marks — the input's frame, the theoretical field, the ±2σ box, the mean — on
// a second canvas laid over it, so the heat canvas holds nothing but the colour scale.
import type { ErfMap } from 'rfkit';
import { COLORS, cross, gridLines, type InputView } from './vis-draw.js';

/** Sequential colour scale (ColorBrewer YlOrRd): light yellow for little weight, dark red for most. */
const STOPS = [
  '#ffffcc',
  '#ffeda0',
  '#fed976',
  '#feb24c',
  '#fd8d3c',
  '#fc4e2a',
  '#e31a1c',
  '#bd0026',
  '#800026',
];
export const LUT_SIZE = 256;

/** 256 RGB triples interpolated between the stops. */
export const LUT: Uint8ClampedArray = (() => {
  const rgb = STOPS.map((s) => [1, 3, 5].map((i) => Number.parseInt(s.slice(i, i + 2), 16)));
  const out = new Uint8ClampedArray(LUT_SIZE * 3);
  for (let i = 0; i < LUT_SIZE; i++) {
    const t = (i / (LUT_SIZE - 1)) * (STOPS.length - 1);
    const k = Math.min(STOPS.length - 2, Math.floor(t));
    const f = t - k;
    for (let c = 0; c < 3; c++) out[i * 3 + c] = Math.round(rgb[k]![c]! * (1 - f) + rgb[k + 1]![c]! * f);
  }
  return out;
})();

/** The scale's entry for a weight `w` of at most `vmax` (w > 0). */
export function lutIndex(w: number, vmax: number): number {
  return Math.max(0, Math.min(LUT_SIZE - 1, Math.round((w / vmax) * (LUT_SIZE - 1))));
}

export function lutCss(i: number): string {
  return `rgb(${LUT[i * 3]},${LUT[i * 3 + 1]},${LUT[i * 3 + 2]})`;
}

/** The colour scale as a CSS gradient, for the legend. */
export function scaleGradient(): string {
  return `linear-gradient(to right, ${STOPS.join(', ')})`;
}

export const MARK = {
  sigma: '#1d4ed8',
  rf: '#111827',
  frame: '#000',
};

/** Input positions per screen pixel bin: 1 while a cell is at least a pixel wide, else enough to be one. */
export function binFor(cs: number): number {
  return cs >= 1 ? 1 : Math.ceil(1 / cs - 1e-9);
}

/**
 * The map as an image of bin × bin positions per pixel, each the mean weight of its positions
 * (positions outside the map weigh 0), coloured on the scale up to the largest mean, `vmax`.
 * Built once per map and bin, then only placed and scaled: a step costs one drawImage.
 */
export interface HeatTile {
  image: HTMLCanvasElement;
  bin: number;
  /** The weight per position at the top of the scale. */
  vmax: number;
}

export function heatTile(map: ErfMap, bin: number): HeatTile {
  const th = Math.ceil(map.height / bin);
  const tw = Math.ceil(map.width / bin);
  const sums = new Float64Array(th * tw);
  for (let i = 0; i < map.height; i++) {
    const row = Math.floor(i / bin) * tw;
    const src = i * map.width;
    for (let j = 0; j < map.width; j++) sums[row + Math.floor(j / bin)]! += map.weights[src + j]!;
  }
  const per = bin * bin;
  let vmax = 0;
  for (let k = 0; k < sums.length; k++) {
    sums[k] = sums[k]! / per;
    if (sums[k]! > vmax) vmax = sums[k]!;
  }
  const image = document.createElement('canvas');
  image.width = Math.max(1, tw);
  image.height = Math.max(1, th);
  const ctx = image.getContext('2d');
  if (ctx && vmax > 0) {
    const img = ctx.createImageData(tw, th);
    const px = img.data;
    for (let k = 0; k < sums.length; k++) {
      const w = sums[k]!;
      if (w <= 0) continue;
      const l = lutIndex(w, vmax) * 3;
      px[k * 4] = LUT[l]!;
      px[k * 4 + 1] = LUT[l + 1]!;
      px[k * 4 + 2] = LUT[l + 2]!;
      px[k * 4 + 3] = 255;
    }
    ctx.putImageData(img, 0, 0);
  }
  return { image, bin, vmax };
}

/** Input sizes of the drawn rows and columns (rows 1 for 1-D). */
export interface Extent {
  nr: number;
  nc: number;
}

function fitCanvas(
  canvas: HTMLCanvasElement,
  width: number,
  height: number,
): CanvasRenderingContext2D | null {
  if (canvas.width !== width) canvas.width = width;
  if (canvas.height !== height) canvas.height = height;
  return canvas.getContext('2d');
}

/** Padding grey and the input white, as in the footprint drawing; a 1-D strip (`strip`) runs the full height. */
function background(
  ctx: CanvasRenderingContext2D,
  v: InputView,
  e: Extent,
  height: number,
  strip: boolean,
): void {
  ctx.fillStyle = COLORS.padding;
  ctx.fillRect(0, 0, v.width, height);
  ctx.fillStyle = COLORS.input;
  const x0 = -v.cols[0] * v.cs;
  if (strip) ctx.fillRect(x0, 0, e.nc * v.cs, height);
  else ctx.fillRect(x0, -v.rows[0] * v.cs, e.nc * v.cs, e.nr * v.cs);
}

/** Paints the heat canvas: the padding and the input as the footprint drawing does, then the map at (row0, col0). */
export function drawHeat(
  canvas: HTMLCanvasElement,
  v: InputView,
  e: Extent,
  tile: HeatTile,
  row0: number,
  col0: number,
): void {
  const ctx = fitCanvas(canvas, v.width, v.height);
  if (!ctx) return;
  background(ctx, v, e, v.height, false);
  ctx.imageSmoothingEnabled = false;
  const step = tile.bin * v.cs;
  ctx.drawImage(
    tile.image,
    (col0 - v.cols[0]) * v.cs,
    (row0 - v.rows[0]) * v.cs,
    tile.image.width * step,
    tile.image.height * step,
  );
}

/** What the marks show, in input positions (continuous: a position's centre is its index). */
export interface Marks {
  /** The theoretical field: the first and last position the unit reads, per drawn axis. */
  rf: { rows: [number, number]; cols: [number, number] } | null;
  /** mean ± 2σ per drawn axis. */
  sigma: { rows: [number, number]; cols: [number, number] };
  mean: [number, number];
}

/** Pixel coordinate of a (continuous) position's centre. */
const centre = (p: number, lo: number, cs: number) => (p - lo + 0.5) * cs;

/** Draws the marks of a 2-D map over the heat canvas. */
export function drawMarks(canvas: HTMLCanvasElement, v: InputView, e: Extent, m: Marks): void {
  const ctx = fitCanvas(canvas, v.width, v.height);
  if (!ctx) return;
  ctx.clearRect(0, 0, v.width, v.height);
  const R = v.rows[1] - v.rows[0] + 1;
  const C = v.cols[1] - v.cols[0] + 1;
  if (v.cs >= 5) gridLines(ctx, C, R, v.cs);
  const x = (col: number) => (col - v.cols[0]) * v.cs;
  const y = (row: number) => (row - v.rows[0]) * v.cs;
  ctx.strokeStyle = MARK.frame;
  ctx.lineWidth = 1;
  ctx.strokeRect(x(0) + 0.5, y(0) + 0.5, e.nc * v.cs - 1, e.nr * v.cs - 1);
  if (m.rf) {
    ctx.setLineDash([5, 4]);
    ctx.strokeStyle = MARK.rf;
    const [r0, r1] = m.rf.rows;
    const [c0, c1] = m.rf.cols;
    ctx.strokeRect(x(c0) + 0.5, y(r0) + 0.5, (c1 - c0 + 1) * v.cs - 1, (r1 - r0 + 1) * v.cs - 1);
    ctx.setLineDash([]);
  }
  ctx.strokeStyle = MARK.sigma;
  ctx.lineWidth = 2;
  const sx0 = centre(m.sigma.cols[0], v.cols[0], v.cs);
  const sx1 = centre(m.sigma.cols[1], v.cols[0], v.cs);
  const sy0 = centre(m.sigma.rows[0], v.rows[0], v.cs);
  const sy1 = centre(m.sigma.rows[1], v.rows[0], v.cs);
  ctx.strokeRect(sx0, sy0, sx1 - sx0, sy1 - sy0);
  cross(ctx, centre(m.mean[1], v.cols[0], v.cs), centre(m.mean[0], v.rows[0], v.cs), Math.max(5, v.cs));
}

/** Height of the 1-D profile, and the room above its tallest bar. */
export const PROFILE_H = 160;
export const PROFILE_TOP = 16;

/**
 * Draws a 1-D ERF as bars at the footprint strip's scale: one bar per bin of positions (one
 * position while cells are a pixel wide), its height the mean weight per position, full height =
 * `vmax` (returned), coloured on the same scale as the 2-D map.
 */
export function drawProfile(
  canvas: HTMLCanvasElement,
  v: InputView,
  e: Extent,
  weights: Float64Array,
  start: number,
): number {
  const ctx = fitCanvas(canvas, v.width, PROFILE_H);
  const bin = binFor(v.cs);
  const lo = Math.floor((start - v.cols[0]) / bin);
  const hi = Math.floor((start + weights.length - 1 - v.cols[0]) / bin);
  const sums = new Float64Array(hi - lo + 1);
  for (let i = 0; i < weights.length; i++)
    sums[Math.floor((start + i - v.cols[0]) / bin) - lo]! += weights[i]! / bin;
  let vmax = 0;
  for (const s of sums) if (s > vmax) vmax = s;
  if (!ctx || vmax <= 0) return vmax;
  background(ctx, v, e, PROFILE_H, true);
  const full = PROFILE_H - PROFILE_TOP;
  const w = bin * v.cs;
  for (let k = 0; k < sums.length; k++) {
    const s = sums[k]!;
    if (s <= 0) continue;
    const hgt = Math.max(1, Math.round((s / vmax) * full));
    ctx.fillStyle = lutCss(lutIndex(s, vmax));
    ctx.fillRect((lo + k) * w, PROFILE_H - hgt, Math.max(1, w), hgt);
  }
  return vmax;
}

/** The marks of a 1-D profile: the input's edges, the theoretical field, ±2σ and the mean, the scale's lines. */
export function drawProfileMarks(
  canvas: HTMLCanvasElement,
  v: InputView,
  e: Extent,
  m: { rf: [number, number] | null; sigma: [number, number]; mean: number; vmax: number },
  label: (w: number) => string,
): void {
  const ctx = fitCanvas(canvas, v.width, PROFILE_H);
  if (!ctx) return;
  ctx.clearRect(0, 0, v.width, PROFILE_H);
  const x = (col: number) => (col - v.cols[0]) * v.cs;
  const full = PROFILE_H - PROFILE_TOP;
  ctx.font = '10px system-ui, sans-serif';
  ctx.textBaseline = 'bottom';
  ctx.lineWidth = 1;
  for (const f of [0.5, 1]) {
    const yy = Math.round(PROFILE_H - f * full) + 0.5;
    ctx.strokeStyle = 'rgba(0,0,0,0.15)';
    ctx.beginPath();
    ctx.moveTo(0, yy);
    ctx.lineTo(v.width, yy);
    ctx.stroke();
    ctx.fillStyle = '#374151';
    const text = label(f * m.vmax);
    ctx.fillText(text, Math.max(2, v.width - ctx.measureText(text).width - 3), yy - 1);
  }
  ctx.strokeStyle = MARK.frame;
  ctx.strokeRect(x(0) + 0.5, 0.5, e.nc * v.cs - 1, PROFILE_H - 1);
  if (m.rf) {
    ctx.setLineDash([5, 4]);
    ctx.strokeStyle = MARK.rf;
    for (const edge of [x(m.rf[0]), x(m.rf[1] + 1)]) {
      ctx.beginPath();
      ctx.moveTo(Math.round(edge) + 0.5, 0);
      ctx.lineTo(Math.round(edge) + 0.5, PROFILE_H);
      ctx.stroke();
    }
    ctx.setLineDash([]);
  }
  ctx.strokeStyle = MARK.sigma;
  ctx.lineWidth = 2;
  const s0 = centre(m.sigma[0], v.cols[0], v.cs);
  const s1 = centre(m.sigma[1], v.cols[0], v.cs);
  const yb = PROFILE_TOP / 2;
  ctx.beginPath();
  ctx.moveTo(s0, yb - 4);
  ctx.lineTo(s0, yb + 4);
  ctx.moveTo(s0, yb);
  ctx.lineTo(s1, yb);
  ctx.moveTo(s1, yb - 4);
  ctx.lineTo(s1, yb + 4);
  const cx = centre(m.mean, v.cols[0], v.cs);
  ctx.moveTo(cx, yb);
  ctx.lineTo(cx, PROFILE_H);
  ctx.stroke();
}
