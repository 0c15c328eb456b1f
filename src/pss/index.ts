/**
 * Pod Security Standards evaluator: a port of the checks of `k8s.io/pod-security-admission` that works on plain
 * parsed JSON/YAML objects. See /work/shared/reference/pss-checks.md for the behaviour it follows.
 */
export {
  compareLevels,
  parseLevel,
  parseVersion,
  LEVELS,
  type Level,
  type LevelVersion,
  type ParseResult,
  type Version,
} from './api.js';
export type { CheckId } from './check.js';
export {
  evaluatePod,
  forbiddenDetail,
  forbiddenMessage,
  forbiddenReason,
  warningMessage,
  type EvaluateOptions,
  type EvaluationResult,
  type Violation,
} from './evaluate.js';
export {
  policyForNamespace,
  DEFAULT_POLICY,
  LABEL_PREFIX,
  type LabelError,
  type NamespacePolicy,
  type NamespacePolicyResult,
} from './namespace.js';
export { checksFor, effectiveMinor, effectiveVersion, LATEST_VERSION, type CheckInfo } from './registry.js';
export { podTemplateOf, type PodTemplate } from './template.js';
