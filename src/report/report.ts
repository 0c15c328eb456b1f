/**
 * report.json (SPEC §6): the whole migration in one stable, documented shape.
 * REPORT.md and the terminal summary are views of this object.
 */
import type { Pos } from '../input/errors.js';
import type { Generated } from '../generate/bundle.js';
import type { PspAnalysis } from '../mapping/level.js';
import type { Plan } from '../plan/plan.js';
import type { RbacResolution } from '../rbac/resolve.js';
import { compareLevels } from '../pss/index.js';
import type { Level, Version } from '../pss/index.js';
import { VERSION } from '../version.js';

/** Where something comes from in the input. */
export interface ReportSource {
  file: string;
  line: number;
}

export interface ReportFinding {
  /** PSP findings: the field or annotation (`spec.seLinux.rule`); others: the kind of finding. */
  field?: string;
  kind: string;
  severity: 'info' | 'gap' | 'breaking';
  message: string;
  /** With `blocks-level`: the level this setting keeps the PSP from. */
  blocks?: Level;
  /** With `tightens` and `breaking`: the Pod Security Standards check. */
  check?: string;
  /** What keeps this control after the migration: `label`, a Constraint or mutator name, or `not kept`. */
  keptBy?: string[];
  source?: ReportSource;
}

export interface ReportPsp {
  name: string;
  apiVersion: string;
  source: ReportSource;
  level: Level;
  mutating: boolean;
  /** Why PSP admission could not use it, if it could not. */
  unusable: string[];
  findings: ReportFinding[];
}

export interface ReportNamespace {
  name: string;
  exempt: boolean;
  /** The PSPs any of its service accounts may use. */
  psps: string[];
  /** The labels to set (empty when exempt). */
  labels: Record<string, string>;
  /** The least strict usable PSP's level (restricted when none). */
  derivedLevel: Level;
  /** The strictest level every pod and workload template passes. */
  passingLevel: Level;
  serviceAccounts: { name: string; psps: { name: string; level: Level; via: string[] }[] }[];
  /** What enforcing `passingLevel` (`--tighten`) forbids that the namespace's PSPs allowed. */
  tighteningForbids: string[];
  findings: ReportFinding[];
}

export interface Report {
  tool: { name: 'psp-migrate'; version: string };
  pssVersion: Version;
  psps: ReportPsp[];
  namespaces: ReportNamespace[];
  /** Findings about no single PSP or namespace: RBAC, Gatekeeper approximations. */
  findings: ReportFinding[];
  gatekeeper: {
    constraints: { name: string; kind: string; namespaces: string[]; psps: { name: string; serviceAccounts: string[] }[] }[];
    mutators: { name: string; kind: string; psp: string; field: string; location: string; namespaces: string[] }[];
  };
  exemptNamespaces: string[];
  defaults: { enforce: Level; audit: Level; warn: Level; version: Version };
  summary: { psps: number; namespaces: number; gaps: number; breaking: number; mutationReliance: number };
}

const source = (pos: Pos | undefined): ReportSource | undefined => (pos ? { file: pos.file, line: pos.line } : undefined);

export function buildReport(analyses: readonly PspAnalysis[], plan: Plan, rbac: RbacResolution, generated: Generated, version: Version): Report {
  // Which Constraints and mutators keep each PSP field.
  // (Indexed once: a large cluster has tens of thousands of Constraints and hundreds of PSPs.)
  const keepers = new Map<string, string[]>();
  for (const c of generated.constraints) {
    for (const [psp, fields] of c.keeps) {
      for (const field of new Set(fields)) {
        const key = `${psp}\u0000${field}`;
        const list = keepers.get(key);
        if (list) list.push(c.name);
        else keepers.set(key, [c.name]);
      }
    }
  }
  const constraintsFor = (psp: string, field: string) => [...(keepers.get(`${psp}\u0000${field}`) ?? [])];
  const mutatorsFor = (psp: string, field: string) => [...new Set(generated.mutations.mutators.filter((m) => m.psp.metadata.name === psp && m.field === field).map((m) => m.name))];

  const psps: ReportPsp[] = analyses.map((a) => ({
    name: a.psp.metadata.name,
    apiVersion: a.psp.apiVersion,
    source: source(a.psp.source)!,
    level: a.level,
    mutating: a.mutating,
    unusable: a.psp.unusable.map((u) => u.message),
    findings: a.findings.map((f): ReportFinding => {
      let keptBy: string[] | undefined;
      let severity = f.severity;
      if (f.status === 'residual' || f.status === 'no-opinion') {
        const names = constraintsFor(a.psp.metadata.name, f.field);
        keptBy = names.length > 0 ? names : ['not kept'];
        severity = names.length > 0 ? 'info' : 'gap';
      } else if (f.status === 'mutating') {
        const names = mutatorsFor(a.psp.metadata.name, f.field);
        keptBy = names.length > 0 ? names : ['not kept'];
        severity = names.length > 0 ? 'info' : 'gap';
      } else if (f.status === 'conforms') {
        keptBy = ['label'];
      }
      return {
        field: f.field,
        kind: f.status,
        severity,
        message: f.message,
        ...(f.blocks ? { blocks: f.blocks } : {}),
        ...(f.check ? { check: f.check } : {}),
        ...(keptBy ? { keptBy } : {}),
        source: source(f.source)!,
      };
    }),
  }));

  const namespaces: ReportNamespace[] = plan.namespaces.map((ns) => ({
    name: ns.name,
    exempt: ns.exempt,
    psps: ns.psps,
    labels: ns.labels,
    derivedLevel: ns.derivedLevel,
    passingLevel: ns.passingLevel,
    tighteningForbids: analyses
      .filter((a) => ns.psps.includes(a.psp.metadata.name))
      .flatMap((a) => a.findings.filter((f) => f.status === 'blocks-level' && f.blocks !== undefined && compareLevels(f.blocks, ns.passingLevel) <= 0 && compareLevels(f.blocks, ns.derivedLevel) > 0).map((f) => `${a.psp.metadata.name} ${f.field}: ${f.message}`)),
    serviceAccounts: ns.serviceAccounts.map((sa) => ({ name: sa.name, psps: sa.psps.map((p) => ({ name: p.name, level: p.level, via: p.grants.map((g) => `${g.binding.kind} ${g.binding.namespace ? `${g.binding.namespace}/` : ''}${g.binding.name}`) })) })),
    findings: ns.findings.map((f) => ({ kind: f.kind, severity: f.severity, message: f.message, ...(f.source ? { source: source(f.source)! } : {}) })),
  }));

  const findings: ReportFinding[] = [
    ...rbac.findings.map((f) => ({ kind: f.kind, severity: (f.kind === 'user-grant' ? 'gap' : 'info') as ReportFinding['severity'], message: f.message, source: source(f.source)! })),
    ...generated.mutations.mutators.flatMap((m) => (m.differs ? [{ kind: 'approximation', severity: 'info' as const, message: `mutator ${m.name}: ${m.differs}` }] : [])),
    ...generated.mutations.skipped.map((s) => ({ kind: 'mutators-skipped', severity: 'gap' as const, message: `no mutators for namespace ${s.namespace}: several PSPs applied (${s.psps.join(', ')}) and PSP admission chose one per pod; set the defaults in the workloads` })),
  ];
  const multi = generated.constraints.filter((c) => c.entries.length > 1);
  for (const ns of [...new Set(multi.flatMap((c) => c.namespaces))].sort()) {
    findings.push({ kind: 'approximation', severity: 'info', message: `in ${ns} several PSPs applied; each Constraint admits a pod if any of them allows it for its own control, while PSP admission required one PSP to allow every control at once` });
  }

  const all = [...psps.flatMap((p) => p.findings), ...namespaces.flatMap((n) => n.findings), ...findings];
  return {
    tool: { name: 'psp-migrate', version: VERSION },
    pssVersion: version,
    psps,
    namespaces,
    findings,
    gatekeeper: {
      constraints: generated.constraints.map((c) => ({ name: c.name, kind: c.family.kind, namespaces: c.namespaces, psps: c.entries.map((e) => ({ name: e.psp.metadata.name, serviceAccounts: e.serviceAccounts })) })),
      mutators: generated.mutations.mutators.map((m) => ({ name: m.name, kind: m.kind, psp: m.psp.metadata.name, field: m.field, location: m.location, namespaces: m.namespaces })),
    },
    exemptNamespaces: plan.exemptNamespaces,
    defaults: { enforce: plan.defaults.enforce, audit: plan.defaults.audit, warn: plan.defaults.warn, version: plan.defaults.version },
    summary: {
      psps: psps.length,
      namespaces: namespaces.filter((n) => !n.exempt).length,
      gaps: all.filter((f) => f.severity === 'gap').length,
      breaking: all.filter((f) => f.severity === 'breaking').length,
      mutationReliance: namespaces.flatMap((n) => n.findings).filter((f) => f.kind === 'mutation-reliance').length,
    },
  };
}
