/**
 * Walks the containers and security contexts of a pod, after upstream `policy/visitor.go`: init containers,
 * then containers, then ephemeral containers (the order `PodView.containers` already has).
 */
import type { ContainerView, PodView, SecurityContextView } from './pod.js';

export interface ContainerOffences<V> {
  /** Names of the offending containers, in visiting order (not de-duplicated). */
  readonly names: readonly string[];
  /** Every offending value, in visiting order. */
  readonly values: readonly V[];
}

export interface PodOffences<V> extends ContainerOffences<V> {
  /** The pod-level security context offends. */
  readonly pod: boolean;
}

/** Names of the containers matching `predicate`, in visiting order. */
export function containerNames(pod: PodView, predicate: (container: ContainerView) => boolean): string[] {
  return pod.containers.filter(predicate).map((container) => container.name);
}

/** The containers for which `offences` returns a non-empty list, and those lists concatenated. */
export function containerOffences<V>(
  pod: PodView,
  offences: (container: ContainerView) => readonly V[],
): ContainerOffences<V> {
  const names: string[] = [];
  const values: V[] = [];
  for (const container of pod.containers) {
    const found = offences(container);
    if (found.length > 0) {
      names.push(container.name);
      values.push(...found);
    }
  }
  return { names, values };
}

/**
 * Applies `offence` to the pod-level security context, then to each container's. It returns the offending
 * value, or `undefined` when that security context (possibly absent) is fine.
 */
export function securityContextOffences<V>(
  pod: PodView,
  offence: (securityContext: SecurityContextView | undefined) => V | undefined,
): PodOffences<V> {
  const podValue = offence(pod.securityContext);
  const { names, values } = containerOffences(pod, (container) => {
    const value = offence(container.securityContext);
    return value === undefined ? [] : [value];
  });
  return {
    pod: podValue !== undefined,
    names,
    values: podValue === undefined ? values : [podValue, ...values],
  };
}
