/**
 * The per-namespace plan (SPEC §5.3): which PSPs each namespace's service
 * accounts may use, the Pod Security Admission labels that follow, the
 * strictest level its pods and templates already pass, and what the labels
 * would reject.
 */
import type { Pos } from '../input/errors.js';
import type { PspAnalysis } from '../mapping/level.js';
import type { Inventory, PodCarrier } from '../model/types.js';
import { LEVELS, compareLevels, evaluatePod } from '../pss/index.js';
import type { Level, Version, Violation } from '../pss/index.js';
import type { Grant, RbacResolution } from '../rbac/resolve.js';
import { accountsGrantedIn, usablePsps } from '../rbac/resolve.js';
import { describeValue, mutationReliance } from './mutation.js';
import type { MutationReliance } from './mutation.js';

export const DEFAULT_EXEMPT_NAMESPACES = ['kube-system', 'kube-public', 'kube-node-lease'];
export const LABEL = 'pod-security.kubernetes.io/';

export interface PlanOptions {
  version: Version;
  exemptNamespaces: readonly string[];
  /** Enforce the strictest level every pod and template passes, where that is stricter. */
  tighten: boolean;
}

export type PlanFindingKind = 'no-usable-psp' | 'breaking' | 'tightened' | 'psp-evidence' | 'existing-labels' | 'sa-limited' | 'mutation-reliance' | 'rejected-template';

export interface PlanFinding {
  kind: PlanFindingKind;
  severity: 'info' | 'gap' | 'breaking';
  message: string;
  source?: Pos;
}

export interface ServiceAccountPlan {
  name: string;
  /** The PSPs it may use, by name, with the grants that allow each. */
  psps: { name: string; level: Level; grants: Grant[] }[];
}

/** A pod or template the namespace's enforce level rejects. */
export interface WorkloadVerdict {
  object: PodCarrier;
  serviceAccount: string;
  /** The strictest level it passes at the plan's version. */
  passes: Level;
  /** Its violations at the namespace's enforce level (shared with identical pods: never changed). */
  violations: readonly Violation[];
}

export interface NamespacePlan {
  name: string;
  /** Where the Namespace object is; undefined when only other objects name it. */
  source?: Pos;
  exempt: boolean;
  serviceAccounts: ServiceAccountPlan[];
  /** Every PSP any service account of the namespace may use, by name. */
  psps: string[];
  /** The least strict usable PSP's level; restricted when none is usable. */
  derivedLevel: Level;
  /** The strictest level every pod and workload template in the namespace passes. */
  passingLevel: Level;
  enforce: Level;
  audit: Level;
  warn: Level;
  version: Version;
  /** The pod-security labels to set (empty for an exempt namespace). */
  labels: Record<string, string>;
  /** The pods and templates its enforce level rejects (only those: a cluster has a hundred thousand pods). */
  breaking: WorkloadVerdict[];
  /** Workload templates that PSP admission would have admitted only by setting defaults. */
  reliances: MutationReliance[];
  findings: PlanFinding[];
}

export interface Plan {
  namespaces: NamespacePlan[];
  exemptNamespaces: string[];
  /** The level for namespaces not in the input: the least strict PSP granted to every service account cluster-wide. */
  defaults: { enforce: Level; audit: Level; warn: Level; version: Version; psps: string[] };
}

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function oneStricter(level: Level): Level {
  return LEVELS[Math.min(LEVELS.indexOf(level) + 1, LEVELS.length - 1)]!;
}

function leastStrict(levels: Iterable<Level>): Level | undefined {
  let out: Level | undefined;
  for (const l of levels) if (out === undefined || compareLevels(l, out) < 0) out = l;
  return out;
}

/** Results of the PSS checks per pod summary: replicas share their summary (src/model/summary.ts), so each is judged once. */
const evaluations = new WeakMap<object, Map<Version, ReturnType<typeof evaluatePod>[]>>();

/** evaluatePod for a pod or template, remembered per shared summary, version, kind and level. */
export function evaluateCarrier(obj: PodCarrier, level: Level, version: Version): ReturnType<typeof evaluatePod> {
  let byVersion = evaluations.get(obj.podSpec);
  if (!byVersion) evaluations.set(obj.podSpec, (byVersion = new Map()));
  let results = byVersion.get(version);
  if (!results) byVersion.set(version, (results = []));
  // A Pod's hostNetwork port defaulting differs from a template's.
  const pod = obj.kind === 'Pod';
  const at = (pod ? LEVELS.length : 0) + LEVELS.indexOf(level);
  return (results[at] ??= evaluatePod(obj.podMetadata, obj.podSpec, level, version, { defaultHostNetworkPorts: pod }));
}

/** The strictest level a pod or template passes. */
function passingLevel(obj: PodCarrier, version: Version): Level {
  for (const level of ['restricted', 'baseline'] as const) {
    if (evaluateCarrier(obj, level, version).allowed) return level;
  }
  return 'privileged';
}

function serviceAccountOf(obj: PodCarrier): string {
  const spec = obj.podSpec;
  const name = typeof spec.serviceAccountName === 'string' && spec.serviceAccountName !== '' ? spec.serviceAccountName : typeof spec.serviceAccount === 'string' && spec.serviceAccount !== '' ? spec.serviceAccount : undefined;
  return name ?? 'default';
}

function labelsFor(enforce: Level, audit: Level, warn: Level, version: Version): Record<string, string> {
  return {
    [`${LABEL}audit`]: audit,
    [`${LABEL}audit-version`]: version,
    [`${LABEL}enforce`]: enforce,
    [`${LABEL}enforce-version`]: version,
    [`${LABEL}warn`]: warn,
    [`${LABEL}warn-version`]: version,
  };
}

export function buildPlan(inv: Inventory, analyses: readonly PspAnalysis[], rbac: RbacResolution, opts: PlanOptions): Plan {
  const levels = new Map(analyses.filter((a) => a.psp.unusable.length === 0).map((a) => [a.psp.metadata.name, a.level]));
  // By source file and position, not by the order the files were given in: the output must not depend on it.
  const bySource = (a: PodCarrier, b: PodCarrier) => byName(a.source.file, b.source.file) || a.source.line - b.source.line || a.source.col - b.source.col;
  const carriers = [...inv.pods, ...inv.workloads].sort(bySource);
  const nsOf = (o: { metadata: { namespace?: string } }) => o.metadata.namespace || 'default';

  // Every namespace the input has or names.
  const names = new Set<string>([...inv.namespaces.map((n) => n.metadata.name), ...carriers.map(nsOf), ...inv.serviceAccounts.map(nsOf)]);
  const namespaceObjects = new Map(inv.namespaces.map((n) => [n.metadata.name, n]));
  // Grouped once: a cluster has thousands of namespaces and a hundred thousand pods.
  const group = <T extends { metadata: { namespace?: string } }>(items: readonly T[]) => {
    const out = new Map<string, T[]>();
    for (const item of items) {
      const list = out.get(nsOf(item));
      if (list) list.push(item);
      else out.set(nsOf(item), [item]);
    }
    return out;
  };
  const carriersByNs = group(carriers);
  const accountsByNs = group(inv.serviceAccounts);
  const pspObjects = new Map(analyses.filter((a) => a.psp.unusable.length === 0).map((a) => [a.psp.metadata.name, a.psp]));

  const namespaces = [...names].sort(byName).map((name): NamespacePlan => {
    const exempt = opts.exemptNamespaces.includes(name);
    const nsObject = namespaceObjects.get(name);
    const inNs = carriersByNs.get(name) ?? [];
    // Accounts of the namespace: in the input, named by pods and templates, granted a PSP by name, and default.
    const granted = accountsGrantedIn(rbac, name);
    const saNames = new Set(['default', ...(accountsByNs.get(name) ?? []).map((s) => s.metadata.name), ...inNs.map(serviceAccountOf), ...granted]);
    const serviceAccounts = [...saNames].sort(byName).map((sa): ServiceAccountPlan => {
      const usable = usablePsps(rbac, name, sa);
      const psps = [...usable.entries()]
        .filter(([psp]) => levels.has(psp))
        .map(([psp, grants]) => ({ name: psp, level: levels.get(psp)!, grants }))
        .sort((a, b) => byName(a.name, b.name));
      return { name: sa, psps };
    });
    const psps = [...new Set(serviceAccounts.flatMap((s) => s.psps.map((p) => p.name)))].sort(byName);
    const findings: PlanFinding[] = [];

    const derived = leastStrict(psps.map((p) => levels.get(p)!));
    if (derived === undefined && !exempt) {
      findings.push({ kind: 'no-usable-psp', severity: 'info', message: `no service account in ${name} may use any PodSecurityPolicy in the input, so PSP admission let no pod in (unless the user creating it had a grant); it gets restricted`, ...(nsObject ? { source: nsObject.source } : {}) });
    }
    const derivedLevel = derived ?? 'restricted';
    const passing = leastStrict(inNs.map((o) => passingLevel(o, opts.version))) ?? 'restricted';
    const tightened = opts.tighten && compareLevels(passing, derivedLevel) > 0;
    const enforce = tightened ? passing : derivedLevel;
    if (tightened) findings.push({ kind: 'tightened', severity: 'info', message: `--tighten: enforcing ${passing}, the strictest level every pod and workload template in ${name} passes, instead of ${derivedLevel} from its PSPs` });

    // Service accounts that were limited to fewer PSPs than the namespace as a whole.
    if (!exempt && psps.length > 0) {
      for (const sa of serviceAccounts) {
        if (sa.psps.length === psps.length) continue;
        const own = leastStrict(sa.psps.map((p) => p.level));
        const others = psps.filter((p) => !sa.psps.some((q) => q.name === p));
        const limited = sa.psps.length === 0 ? 'may use no PodSecurityPolicy' : `was limited to ${sa.psps.map((p) => `${p.name} (${p.level})`).join(', ')}`;
        const stricter = own === undefined || compareLevels(own, enforce) > 0;
        findings.push({
          kind: 'sa-limited',
          severity: stricter ? 'gap' : 'info',
          message: `service account ${name}/${sa.name} ${limited}, not ${others.join(', ')}; the namespace label applies ${enforce} to every account${stricter ? `, so what was stricter for ${sa.name} is no longer enforced by the label` : ''}`,
        });
      }
    }

    if (nsObject) {
      const existing = Object.keys(nsObject.metadata.labels).filter((k) => k.startsWith(LABEL)).sort(byName);
      if (existing.length > 0) findings.push({ kind: 'existing-labels', severity: 'info', message: `${name} already has ${existing.map((k) => `${k}=${nsObject.metadata.labels[k]}`).join(', ')}; the plan replaces them`, source: nsObject.source });
    }

    const breaking: WorkloadVerdict[] = [];
    if (!exempt) {
      for (const object of inNs) {
        const { violations } = evaluateCarrier(object, enforce, opts.version);
        if (violations.length > 0) breaking.push({ object, serviceAccount: serviceAccountOf(object), passes: passingLevel(object, opts.version), violations });
      }
    }
    for (const v of breaking) {
      findings.push({ kind: 'breaking', severity: 'breaking', message: `${v.object.kind} ${name}/${v.object.metadata.name} would be rejected by enforce=${enforce}: ${v.violations.map((x) => (x.detail ? `${x.reason} (${x.detail})` : x.reason)).join(', ')}`, source: v.object.source });
    }

    // Evidence: which PSP admitted each pod.
    for (const pod of inNs.filter((o) => o.kind === 'Pod')) {
      const annotation = pod.pspAnnotation;
      if (annotation === undefined) continue;
      const sa = serviceAccounts.find((s) => s.name === serviceAccountOf(pod));
      if (!sa?.psps.some((p) => p.name === annotation)) {
        findings.push({ kind: 'psp-evidence', severity: 'info', message: `Pod ${name}/${pod.metadata.name} was admitted by PodSecurityPolicy ${annotation} (kubernetes.io/psp), which RBAC in the input does not grant to its service account ${serviceAccountOf(pod)}${levels.has(annotation) ? '' : ', and which is not in the input'}: the user or controller that created it had the grant, or RBAC changed since`, source: pod.source });
      }
    }

    // Mutation reliance: templates PSP admission would have defaulted.
    const pspsFor = (sa: string) => (serviceAccounts.find((s) => s.name === sa)?.psps ?? []).map((p) => pspObjects.get(p.name)!);
    const { reliances, rejected } = exempt ? { reliances: [], rejected: [] } : mutationReliance(inNs, pspsFor, serviceAccountOf);
    for (const r of reliances) {
      const pods = r.pods.length > 0 ? ` (pods in the input created from it: ${r.pods.map((p) => p.metadata.name).join(', ')})` : '';
      findings.push({
        kind: 'mutation-reliance',
        severity: 'gap',
        message: `${r.object.kind} ${name}/${r.object.metadata.name} relies on PSP mutation (${r.psp} sets it): set ${r.fields.map((f) => `${f.field}: ${describeValue(f.value)}`).join(', ')}${pods}`,
        source: r.object.source,
      });
    }
    for (const t of rejected) {
      findings.push({
        kind: 'rejected-template',
        severity: 'info',
        message: `${t.object.kind} ${name}/${t.object.metadata.name}: no PSP its service account may use admits its template (${t.tried.map((a) => `${a.psp}: ${a.errors[0]?.message ?? 'refused'}`).join('; ')}); its pods could only be created with another identity's grant`,
        source: t.object.source,
      });
    }

    const audit = oneStricter(enforce);
    return {
      name,
      ...(nsObject ? { source: nsObject.source } : {}),
      exempt,
      serviceAccounts,
      psps,
      derivedLevel,
      passingLevel: passing,
      enforce,
      audit,
      warn: audit,
      version: opts.version,
      labels: exempt ? {} : labelsFor(enforce, audit, audit, opts.version),
      breaking,
      reliances,
      findings,
    };
  });

  // Cluster-wide defaults: what every service account in a new namespace may use.
  const clusterWide = [...usablePsps({ grants: rbac.grants.filter((g) => g.namespace === undefined && g.scope.kind === 'all'), findings: [] }, '\u0000new-namespace', '\u0000any').keys()].filter((p) => levels.has(p)).sort(byName);
  const enforce = leastStrict(clusterWide.map((p) => levels.get(p)!)) ?? 'restricted';
  return {
    namespaces,
    exemptNamespaces: [...opts.exemptNamespaces].sort(byName),
    defaults: { enforce, audit: oneStricter(enforce), warn: oneStricter(enforce), version: opts.version, psps: clusterWide },
  };
}
