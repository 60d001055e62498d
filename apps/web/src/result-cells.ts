// The result columns of the layer table: which report values they show, their headers, and what
// each cell says — with, for the ERF columns, a tooltip giving the share of rf or why there is no
// value.
import type { Report } from 'rfkit';
import { erfGap } from './erf-model.js';
import { formatAxis } from './fields.js';

export const OUT_FIELDS = [
  'rf',
  'jump',
  'effectivePadding',
  'center',
  'outputSize',
  'covered',
  'rfMin',
  'erfStd',
  'erfSpan',
] as const;
export type OutField = (typeof OUT_FIELDS)[number];
export const OUT_TITLES: Record<OutField, string> = {
  rf: 'rf',
  jump: 'jump',
  effectivePadding: 'eff. pad',
  center: 'centre',
  outputSize: 'out size',
  covered: 'covered',
  rfMin: 'rf min',
  erfStd: 'ERF σ',
  erfSpan: 'ERF span',
};
/** Where a global layer's value is not shown ("–"): everything but its rf, rf min and covered. */
const GLOBAL_SHOWN = new Set<OutField>(['rf', 'rfMin', 'covered']);

/** A result cell: its text and, for the ERF columns, a tooltip that says what a value means or why there is none. */
export function outCell(report: Report, i: number, f: OutField): { text: string; title: string } {
  const lr = report.layers[i]!;
  if (f !== 'erfStd' && f !== 'erfSpan')
    return { text: lr.global && !GLOBAL_SHOWN.has(f) ? '–' : formatAxis(lr[f]), title: '' };
  const span = f === 'erfSpan';
  const values = span ? lr.erf.span : lr.erf.std;
  const gaps = values.map((_, a) => erfGap(report, i, a, span));
  const gap = gaps.find((g) => g !== null);
  if (gap && gap.kind === 'global') return { text: '–', title: `No ERF: ${gap.text}.` };
  const text = formatAxis(values, 1);
  if (gap) return { text, title: `? — ${gap.text}.` };
  if (!span) return { text, title: 'σ of unit 0’s weight over the input, in pixels' };
  const shares = values.map((s, a) => {
    const rf = lr.rf[a];
    return rf ? `${s} of rf ${rf} (${Math.round((s! / rf) * 100)}%)` : `${s}`;
  });
  const same = shares.every((t) => t === shares[0]);
  return {
    text,
    title: `central 95% of unit 0’s weight in ${same ? shares[0] : shares.join(' × ')}${same && shares.length > 1 ? ' per axis' : ''}`,
  };
}
