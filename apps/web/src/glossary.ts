// The words of the page, defined once: column tooltips, the glossary and the diagram use these.
import { h } from './dom.js';

export interface Term {
  id: string;
  term: string;
  /** One line, for tooltips. */
  short: string;
  /** A paragraph with the formula, for the glossary. */
  long: string;
}

export const TERMS = {
  rf: {
    id: 'rf',
    term: 'receptive field (rf)',
    short: 'How many input pixels, per axis, one output unit of this layer can see (the span of its region).',
    long:
      'The span, in input pixels, of the region one output unit depends on. Layer by layer, with ' +
      'effective kernel ke = d·(k − 1) + 1: rf = rf_prev + (ke − 1)·jump_prev, starting from rf = 1 ' +
      'at the input. After a merge it is the span of the union of the paths’ regions.',
  },
  jump: {
    id: 'jump',
    term: 'jump',
    short: 'Distance in input pixels between neighbouring output units (the product of the strides so far).',
    long:
      'How far apart, in input pixels, two neighbouring units of the layer are: jump = jump_prev · s ' +
      '(the product of the strides). Upsampling and transposed convolutions divide it, so it can be a ' +
      'fraction such as 0.5.',
  },
  effectivePadding: {
    id: 'effectivePadding',
    term: 'effective padding (eff. pad)',
    short: 'How far the region of unit 0 starts before the first input pixel.',
    long:
      'The padding seen from the input: P = P_prev + p·jump_prev, where p is the layer’s left ' +
      'padding. Unit j then reads input positions j·jump − P … j·jump − P + rf − 1; positions below 0 ' +
      'or from n on lie in the padding. Negative P means cropping.',
  },
  center: {
    id: 'center',
    term: 'centre',
    short: 'Input position of the centre of unit 0’s region; unit j is centred at centre + j·jump.',
    long:
      'The middle of unit 0’s region, (rf − 1)/2 − P; unit j is centred at centre + j·jump. Paths ' +
      'whose centres differ are misaligned at a merge (a warning, or an error with strict).',
  },
  outputSize: {
    id: 'outputSize',
    term: 'output size',
    short: 'Units per axis of the layer’s output, for the model’s input size.',
    long:
      'out = floor((n + pL + pR − ke)/s) + 1 for a convolution or pool (ceil instead with ceil mode, ' +
      'PyTorch’s rule), ceil(n/s) with SAME padding, n·scale for an upsample and ' +
      '(n − 1)·s − pL − pR + ke + output padding for a transposed convolution.',
  },
  covered: {
    id: 'covered',
    term: 'covered',
    short:
      'Input pixels, per axis, that unit 0 really depends on: fewer than rf where dilation or strides leave holes.',
    long:
      'How many of the rf positions in the span (per axis) unit 0 really reads. Dilation, or a stride ' +
      'larger than the field below it, skips positions (gridding): covered < rf shows those holes. The ' +
      'visualiser draws the exact set, in n-D.',
  },
  rfMin: {
    id: 'rfMin',
    term: 'rf min',
    short:
      'The smallest receptive field over the paths from the input to this layer (a shortcut path skips convolutions); equals rf in a chain.',
    long:
      'A network with branches reaches a layer along many paths, each a chain with its own receptive ' +
      'field; rf is the span of their union, rf min the smallest of them (Araujo et al., Distill 2019). ' +
      'In a chain it equals rf. A ResNet keeps the rf min of its stem, because the identity shortcuts ' +
      'skip every 3×3 convolution.',
  },
  erfStd: {
    id: 'erfStd',
    term: 'ERF σ (effective receptive field)',
    short:
      'Spread, in input pixels, of how much each input pixel weighs in unit 0: the standard deviation of its effective receptive field.',
    long:
      'Not every pixel of the field counts the same (Luo et al., NeurIPS 2016): the influence of the ' +
      'input on a unit is close to Gaussian and concentrated in the middle. rfkit computes it exactly ' +
      'for a network in which every op spreads a unit’s weight equally over what it reads (1/k to each ' +
      'tap of a window, an equal share to each input of a merge). σ is the standard deviation of those ' +
      'weights over the input positions; in a chain σ² = Σ jump²·d²·(k² − 1)/12 over the layers (jump ' +
      'of the layer’s input, d its dilation), so σ grows like √depth while rf grows like depth. The ' +
      'visualiser draws the weights as a heat map beside the exact footprint.',
  },
  erfSpan: {
    id: 'erfSpan',
    term: 'ERF span',
    short:
      'Input pixels, per axis, holding the central 95% of unit 0’s weight (about ±2σ); span / rf is the share of the field the unit really uses.',
    long:
      'The positions from the first where the cumulative weight passes 2.5% to the first where it ' +
      'reaches 97.5%: the central 95% of the influence, about ±2σ. span / rf is the share of the ' +
      'theoretical field the effective field occupies; it shrinks as networks get deeper. “–” on a ' +
      'global layer (and after one), “?” where it depends on an unknown input size.',
  },
  unproductive: {
    id: 'unproductive',
    term: 'unproductive layer (⚠)',
    short: 'A layer whose rf min exceeds the input on every axis: it cannot add context.',
    long:
      'When even the smallest receptive field over all paths is larger than the input on every axis, ' +
      'the layer already sees past the image on every path: it adds parameters and compute but no ' +
      'wider context (Richter et al. 2021). The warning names the first such layer, on its row.',
  },
} satisfies Record<string, Term>;

export type TermId = keyof typeof TERMS;

/** A header or label whose tooltip and accessible description is the term's short definition. */
export function termLabel(id: TermId, text: string): HTMLElement {
  const t = TERMS[id];
  return h('abbr', { title: t.short, 'data-term': id, tabindex: 0, 'aria-describedby': `term-${id}` }, text);
}

/** The glossary and the formulas, for a <details> below the table. */
export function glossary(): HTMLElement {
  return h(
    'details',
    { class: 'glossary', id: 'glossary' },
    h('summary', {}, 'What the columns mean, and how they are computed'),
    h(
      'p',
      {},
      'Every value is per spatial axis (shown once when the axes agree, as 3×5 when they do not). ' +
        'Each layer has kernel k, stride s, dilation d and left padding p; from the input (rf = 1, ' +
        'jump = 1, P = 0) every layer applies:',
    ),
    h(
      'pre',
      { class: 'formula' },
      'ke   = d·(k − 1) + 1          effective kernel\n' +
        'rf   = rf + (ke − 1)·jump\n' +
        'P    = P + p·jump             effective padding\n' +
        'jump = jump · s\n' +
        'unit j reads input  j·jump − P  …  j·jump − P + rf − 1',
    ),
    h(
      'dl',
      {},
      Object.values(TERMS).flatMap((t) => [h('dt', {}, t.term), h('dd', { id: `term-${t.id}` }, t.long)]),
    ),
  );
}
