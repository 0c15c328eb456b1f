/**
 * Evaluating a pod and rendering the result, after upstream `policy/registry.go` (EvaluatePod),
 * `policy/checks.go` (AggregateCheckResults) and `admission/admission.go` (the forbidden message).
 */
import { isLevel, type Level, type Version } from './api.js';
import type { CheckId } from './check.js';
import { readPod } from './pod.js';
import { activeChecks } from './registry.js';

export interface Violation {
  readonly check: CheckId;
  readonly reason: string;
  readonly detail: string;
}

export interface EvaluationResult {
  readonly allowed: boolean;
  /** Failed checks in upstream order. */
  readonly violations: readonly Violation[];
}

export interface EvaluateOptions {
  /**
   * Set when the object is a Pod rather than a workload's pod template: applies the defaulting the API server
   * does for Pods only (with `hostNetwork: true`, a port without hostPort gets hostPort = containerPort), so
   * such pods also report `hostPort` as a live server does.
   */
  readonly defaultHostNetworkPorts?: boolean;
}

export const UNKNOWN_FORBIDDEN_REASON = 'unknown forbidden reason';

/**
 * Evaluates a pod (or pod template) against a level and version. `podMetadata` and `podSpec` are the parsed
 * `metadata` and `spec` objects; anything malformed reads as "not set". An invalid level evaluates as
 * restricted and an invalid version as latest (the fallbacks upstream applies to namespace labels).
 */
export function evaluatePod(
  podMetadata: unknown,
  podSpec: unknown,
  level: Level,
  version: Version,
  options: EvaluateOptions = {},
): EvaluationResult {
  const effectiveLevel: Level = isLevel(level) ? level : 'restricted';
  const checks = activeChecks(effectiveLevel, version);
  if (checks.length === 0) return { allowed: true, violations: [] };

  const pod = readPod(podMetadata, podSpec, options);
  const violations: Violation[] = [];
  for (const { id, check } of checks) {
    const result = check(pod);
    if (!result.allowed) {
      violations.push({ check: id, reason: result.reason || UNKNOWN_FORBIDDEN_REASON, detail: result.detail });
    }
  }
  return { allowed: violations.length === 0, violations };
}

/** The reasons joined with ", " (used for the namespace dry-run warnings). */
export function forbiddenReason(violations: readonly Violation[]): string {
  return violations.map((violation) => violation.reason).join(', ');
}

/** Each violation as `reason (detail)`, or `reason` when the detail is empty, joined with ", ". */
export function forbiddenDetail(violations: readonly Violation[]): string {
  return violations
    .map((violation) => (violation.detail === '' ? violation.reason : `${violation.reason} (${violation.detail})`))
    .join(', ');
}

/**
 * The enforce error: `violates PodSecurity "<level>:<version>": <details>`. The version keeps its label
 * spelling (`restricted:latest`, `baseline:v1.99`).
 */
export function forbiddenMessage(level: Level, version: Version, violations: readonly Violation[]): string {
  return `violates PodSecurity "${level}:${version}": ${forbiddenDetail(violations)}`;
}

/** The warn and audit form: `would violate PodSecurity "<level>:<version>": <details>`. */
export function warningMessage(level: Level, version: Version, violations: readonly Violation[]): string {
  return `would violate PodSecurity "${level}:${version}": ${forbiddenDetail(violations)}`;
}
