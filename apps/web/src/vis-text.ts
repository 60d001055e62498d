// The words of the visualiser: the line above the drawing and the legend under it.
import { type Footprint, footprintSize, type Report } from 'rfkit';
import { h } from './dom.js';
import { formatAxis } from './fields.js';
import type { Plane } from './geometry.js';
import { COLORS, type InputDrawing } from './vis-draw.js';

export const AXIS_NAMES = ['axis 0', 'axis 1', 'axis 2'];

/** The line above the drawing: which unit, what it reads, and the counts a designer checks. */
export function describe(
  lr: Report['layers'][number],
  unit: number[],
  outSize: number[],
  fp: Footprint | null,
  d: InputDrawing,
  plane: Plane,
  at: number[],
  error: string | null,
): string {
  const head = `${lr.name}: unit (${unit.join(', ')}) of ${outSize.join('×')}`;
  const fields = ` — rf ${formatAxis(lr.rf)}${lr.global ? '' : `, jump ${formatAxis(lr.jump)}`}, covered ${formatAxis(lr.covered)} per axis`;
  if (!fp) return `${head}: ${error ?? 'no footprint'}${fields}`;
  if (fp.boxes.length === 0) return `${head} reads no input position (a phase with no taps)${fields}`;
  const ranges = fp.start.map((s, a) => `${s}…${fp.end[a]}`).join(' × ');
  const sliceNote =
    plane.hidden.length > 0
      ? `; in the slice at ${AXIS_NAMES[plane.hidden[0]!]} = ${at[plane.hidden[0]!]}: ${d.read} read`
      : '';
  const holes = d.span - d.read;
  const total =
    plane.hidden.length > 0 ? ` (${footprintSize(fp)} positions in all)` : ` (${d.read} positions)`;
  return (
    `${head} reads input ${ranges}${total}${sliceNote}, ${holes} hole${holes === 1 ? '' : 's'} in the span` +
    fields +
    (lr.global ? ' (global: every input pixel)' : '') +
    (fp.exact ? '' : ' — drawn by its bounds: too irregular to list exactly')
  );
}

export function legend(): HTMLElement {
  const sw = (color: string, label: string) =>
    h('span', { class: 'swatch' }, h('i', { style: `background:${color}` }), label);
  return h(
    'span',
    { class: 'legend' },
    sw('rgba(37,99,235,0.62)', 'read by the unit'),
    sw('rgba(234,88,12,0.62)', 'read, in padding'),
    sw('rgba(37,99,235,0.12)', 'hole (not read, inside the span)'),
    sw(COLORS.padding, 'padding'),
  );
}
