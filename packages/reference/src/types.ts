// The shapes the reference reads and writes: structural copies of rfkit's public types. The
// reference may not import rfkit (rfkit's tests import the reference, and workspace packages may
// not depend on each other both ways); rfkit's test/support/reference.ts checks at typecheck that
// these stay assignable to and from rfkit's own types.

export type Objective = 'kernel-area' | 'params' | 'flops';

export type Holes = 'none' | 'allow';

export interface ChoiceLists {
  kernel: number[];
  stride: number[];
  dilation?: number[];
}

/** A search space as written (see rfkit's SweepSpec). */
export interface SweepSpec {
  depth: number;
  choices: ChoiceLists;
  layers?: Record<string, Partial<ChoiceLists>>;
  constraints?: {
    rf?: { min?: number; max?: number };
    stride?: number;
    inputSize?: number;
    minOutput?: number;
    holes?: Holes;
  };
  objective?: Objective;
  channels?: { in?: number; base?: number; growth?: number; max?: number };
  top?: number;
}

/** A search space with every layer's lists and every default filled in (see rfkit's NormalizedSweep). */
export interface NormalizedSweep {
  depth: number;
  layers: { kernel: number[]; stride: number[]; dilation: number[] }[];
  rfMin: number | null;
  rfMax: number | null;
  stride: number | null;
  inputSize: number | null;
  minOutput: number | null;
  holes: Holes;
  objective: Objective;
  channels: { in: number; base: number; growth: number; max: number };
  top: number;
  total: bigint;
}

export interface LayerChoice {
  kernel: number;
  stride: number;
  dilation: number;
}

export interface Candidate {
  index: bigint;
  layers: LayerChoice[];
  rf: number;
  stride: number;
  covered: number;
  cost: number;
}

export type Backend = 'wasm' | 'js';

export type Engine = 'sweep' | 'dp';

export interface SearchWarning {
  code: string;
  message: string;
}

export interface SweepResult {
  evaluated: bigint;
  feasible: bigint;
  top: Candidate[];
  pareto: Candidate[];
  histogram: { rf: number; count: bigint }[];
  warnings: SearchWarning[];
  engine: Engine;
  backend: Backend;
  elapsedMs: number;
  range: { start: bigint; end: bigint };
  complete: boolean;
  nextIndex: bigint;
  total: bigint;
  spaceId: string;
}

export type Op =
  | 'conv'
  | 'maxpool'
  | 'avgpool'
  | 'deconv'
  | 'upsample'
  | 'identity'
  | 'add'
  | 'concat'
  | 'mul'
  | 'global';

export type PerAxis = number | number[];

export type PaddingSpec =
  | number
  | number[]
  | { begin: number[]; end: number[] }
  | 'valid'
  | 'same'
  | 'same-lower';

/** A layer of a model as written (see rfkit's LayerSpec). */
export interface LayerSpec {
  name?: string;
  op: Op;
  kernel?: PerAxis;
  stride?: PerAxis;
  dilation?: PerAxis;
  scale?: PerAxis;
  padding?: PaddingSpec;
  ceilMode?: boolean;
  outputPadding?: PerAxis;
  channels?: number;
  inputs?: string[];
}

export interface ModelSpec {
  name?: string;
  input?: { size?: number[]; channels?: number };
  layers: LayerSpec[];
}
