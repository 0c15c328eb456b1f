/**
 * A control family: one of our ConstraintTemplates. The rule itself lives in
 * templates/gatekeeper/<id>.rego and <id>.cel.yaml; this says what the
 * template is called, what its parameters look like, and how a PSP fills them.
 */
import type { PodSecurityPolicy } from '../../model/types.js';

/** An OpenAPI v3 schema fragment (structural, as templates.gatekeeper.sh/v1 requires). */
export type Schema = Record<string, unknown>;

export interface ControlFamily {
  /** File name in templates/gatekeeper/ and the Constraint name suffix, e.g. `privileged`. */
  id: string;
  /** The Constraint kind: `PspMigrate…`, never the library's `K8sPSP…`. */
  kind: string;
  title: string;
  description: string;
  /** The PSP fields and annotations this family keeps, as findings name them (`spec.privileged`). */
  findingFields: readonly string[];
  /** The raw PSP keys it reads: `spec.<key>` and `metadata.annotations.<key>` (tests copy these onto a permissive PSP). */
  rawFields: { spec: readonly string[]; annotations?: readonly string[] };
  /** The PSP-shaped parameters of one policy, besides `name` and `serviceAccounts`. */
  schema: Record<string, Schema>;
  /** A PSP's parameters for this family. */
  params(psp: PodSecurityPolicy): Record<string, unknown>;
  /** Whether the PSP restricts anything in this family at all (a fully permissive one needs no Constraint). */
  restricts(psp: PodSecurityPolicy): boolean;
}

/** A schema for a list of `{min, max}` ranges. */
export const RANGES: Schema = {
  type: 'array',
  items: { type: 'object', properties: { min: { type: 'integer' }, max: { type: 'integer' } } },
};

export const STRINGS: Schema = { type: 'array', items: { type: 'string' } };
