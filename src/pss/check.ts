/**
 * The shape of a check, after upstream `policy/checks.go`: an ID, a level, and revisions that each apply from a
 * minimum policy version until the next revision.
 */
import type { PodView } from './pod.js';

export type CheckId =
  | 'allowPrivilegeEscalation'
  | 'appArmorProfile'
  | 'capabilities_baseline'
  | 'capabilities_restricted'
  | 'hostNamespaces'
  | 'hostPathVolumes'
  | 'hostPorts'
  | 'hostProbesAndHostLifecycle'
  | 'privileged'
  | 'procMount'
  | 'procMount_restricted'
  | 'restrictedVolumes'
  | 'runAsNonRoot'
  | 'runAsUser'
  | 'seLinuxOptions'
  | 'seccompProfile_baseline'
  | 'seccompProfile_restricted'
  | 'sysctls'
  | 'windowsHostProcess';

export type CheckResult =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly reason: string; readonly detail: string };

export type CheckFn = (pod: PodView) => CheckResult;

/** A policy version that a revision starts at; never `latest`. */
export type MinimumVersion = `v1.${number}`;

export interface CheckRevision {
  readonly minVersion: MinimumVersion;
  readonly check: CheckFn;
  /** Restricted checks only: the baseline checks this revision replaces. */
  readonly overrides?: readonly CheckId[];
}

export interface Check {
  readonly id: CheckId;
  readonly level: 'baseline' | 'restricted';
  /** Strictly increasing `minVersion`. */
  readonly revisions: readonly CheckRevision[];
}

export const ALLOWED: CheckResult = { allowed: true };

export function forbidden(reason: string, detail: string): CheckResult {
  return { allowed: false, reason, detail };
}

/** The pod sets `hostUsers: false` (upstream `relaxPolicyForUserNamespacePod`); unset is not relaxed. */
export function usesUserNamespace(pod: PodView): boolean {
  return pod.hostUsers === false;
}

/** `spec.os.name` is exactly `windows`. */
export function isWindowsPod(pod: PodView): boolean {
  return pod.osName === 'windows';
}

/** A revision that allows the pod when `exempt` holds, and otherwise runs `check`. */
export function exemptWhen(exempt: (pod: PodView) => boolean, check: CheckFn): CheckFn {
  return (pod) => (exempt(pod) ? ALLOWED : check(pod));
}
