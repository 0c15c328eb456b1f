/**
 * The offline dry-run (SPEC §2.2): every Pod and workload pod template
 * evaluated against the Pod Security Standards, at a given level or at the
 * enforce label of its namespace, as the PodSecurity admission plugin would.
 */
import type { Inventory, PodCarrier } from '../model/types.js';
import { policyForNamespace, DEFAULT_POLICY } from '../pss/index.js';
import { evaluateCarrier } from './plan.js';
import type { Level, Version, Violation } from '../pss/index.js';

export interface CheckOptions {
  /** Check every object at this level; without it, the enforce label of the object's namespace decides. */
  level?: Level;
  /** The version for `level`, and for namespaces whose labels pin none. */
  version: Version;
}

export interface CheckResult {
  file: string;
  line: number;
  kind: string;
  namespace: string;
  name: string;
  level: Level;
  version: Version;
  allowed: boolean;
  violations: Violation[];
}

/** The order objects were read in: by source, then by position. */
function inputOrder(sources: readonly string[]): (a: PodCarrier, b: PodCarrier) => number {
  const index = new Map(sources.map((s, i) => [s, i]));
  return (a, b) => (index.get(a.source.file) ?? 0) - (index.get(b.source.file) ?? 0) || a.source.line - b.source.line || a.source.col - b.source.col;
}

export function checkInventory(inv: Inventory, opts: CheckOptions): CheckResult[] {
  const namespaces = new Map(inv.namespaces.map((ns) => [ns.metadata.name, ns]));
  const defaults = { ...DEFAULT_POLICY, enforce: { level: DEFAULT_POLICY.enforce.level, version: opts.version } };
  const carriers = [...inv.pods, ...inv.workloads].sort(inputOrder(inv.sources));
  return carriers.map((obj) => {
    const namespace = obj.metadata.namespace ?? '';
    let level: Level;
    let version: Version;
    if (opts.level) {
      level = opts.level;
      version = opts.version;
    } else {
      // Objects without a namespace land in "default" when applied.
      const ns = namespaces.get(namespace || 'default');
      ({ level, version } = policyForNamespace(ns?.metadata.labels ?? {}, defaults).enforce);
    }
    const { allowed, violations } = evaluateCarrier(obj, level, version);
    return { file: obj.source.file, line: obj.source.line, kind: obj.kind, namespace, name: obj.metadata.name, level, version, allowed, violations: [...violations] };
  });
}
