/**
 * Findings: what the mapper, the planner and the generators say about one
 * PSP field, namespace or workload. The report shows them; report.json
 * carries them as they are.
 */
import type { Pos } from '../input/errors.js';
import type { Level } from '../pss/index.js';

/**
 * - `conforms`: the PSP's level enforces exactly the PSP's setting.
 * - `blocks-level`: the setting keeps the PSP from the next stricter level (`blocks`).
 * - `residual`: the PSP is stricter than its level here; a Constraint must keep it.
 * - `mutating`: the PSP sets a default that PSS never sets; a mutator keeps it.
 * - `no-opinion`: PSS does not cover the field and the PSP restricts it; a Constraint must keep it.
 * - `tightens`: the level rejects pods the PSP admitted.
 */
export type FindingStatus = 'conforms' | 'blocks-level' | 'residual' | 'mutating' | 'no-opinion' | 'tightens';

/** `gap`: not kept by the namespace labels alone; `breaking`: a workload would be rejected. */
export type Severity = 'info' | 'gap' | 'breaking';

export interface Finding {
  /** The PSP field or annotation, as a YAML path (`spec.seLinux.rule`, `metadata.annotations[…]`). */
  field: string;
  status: FindingStatus;
  /** With `blocks-level`: the level this setting keeps the PSP from. */
  blocks?: Level;
  /** With `tightens`: the Pod Security Standards check that rejects what the PSP admitted. */
  check?: string;
  severity: Severity;
  message: string;
  source: Pos;
}

export const SEVERITY_OF: Record<FindingStatus, Severity> = {
  conforms: 'info',
  'blocks-level': 'info',
  residual: 'gap',
  mutating: 'gap',
  'no-opinion': 'gap',
  tightens: 'info',
};
