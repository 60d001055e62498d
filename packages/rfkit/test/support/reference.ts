// @rfkit/reference keeps structural copies of rfkit's public types (it may not import rfkit). These
// assertions fail the typecheck when the two drift apart, in either direction.
import type * as Ref from '@rfkit/reference';
import type * as Rf from '../../src/types.js';

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

export const referenceTypesMatch: [
  Same<Ref.SweepSpec, Rf.SweepSpec>,
  Same<Ref.NormalizedSweep, Rf.NormalizedSweep>,
  Same<Ref.LayerChoice, Rf.LayerChoice>,
  Same<Ref.Candidate, Rf.Candidate>,
  Same<Ref.SweepResult, Rf.SweepResult>,
  Same<Ref.ModelSpec, Rf.ModelSpec>,
  Same<Ref.LayerSpec, Rf.LayerSpec>,
] = [true, true, true, true, true, true, true];
