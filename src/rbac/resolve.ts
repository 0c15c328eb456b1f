/**
 * Who may use each PSP (SPEC §5.2, reference psp-to-pss.md §4): RBAC `use`
 * resolved the way PSP admission asked the authorizer —
 * verb `use` on `podsecuritypolicies` named after the PSP, in API group
 * `policy` or `extensions` (admission checked both), in the pod's namespace,
 * for the pod's service account (or the requesting user, which we can only
 * report).
 *
 * The rule matching follows the RBAC authorizer (plugin/pkg/auth/authorizer/rbac:
 * VerbMatches, APIGroupMatches, ResourceMatches, ResourceNameMatches,
 * appliesToUser) and the ClusterRole aggregation controller.
 */
import type { Pos } from '../input/errors.js';
import type { Binding, Inventory, LabelSelector, PolicyRule, Role, Subject } from '../model/types.js';

/** One grant of `use` on a PSP to service accounts. */
export interface Grant {
  psp: string;
  binding: { kind: Binding['kind']; name: string; namespace?: string; source: Pos };
  role: { kind: string; name: string; namespace?: string; source?: Pos };
  /** How the subject names the service accounts: `ServiceAccount ns/name`, `Group system:serviceaccounts:ns`, … */
  subject: string;
}

/** Which service accounts a subject covers. */
type SubjectScope =
  | { kind: 'serviceAccount'; namespace: string; name: string }
  | { kind: 'namespace'; namespace: string } // every service account of one namespace
  | { kind: 'all' } // every service account (and, for system:authenticated, every user)
  | { kind: 'other'; description: string }; // users and groups that only covered pods they create themselves

export interface RbacFinding {
  kind: 'user-grant' | 'dangling-role-ref' | 'unknown-psp';
  message: string;
  source: Pos;
}

export interface RbacResolution {
  /** Every grant, in input order. */
  grants: { grant: Grant; scope: SubjectScope; namespace?: string }[];
  findings: RbacFinding[];
}

function matchesSelector(labels: Record<string, string>, selector: LabelSelector): boolean {
  for (const [k, v] of Object.entries(selector.matchLabels)) if (labels[k] !== v) return false;
  for (const e of selector.matchExpressions) {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    const value = labels[e.key];
    switch (e.operator) {
      case 'In':
        if (!has || !e.values.includes(value!)) return false;
        break;
      case 'NotIn':
        if (has && e.values.includes(value!)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false; // an invalid operator selects nothing
    }
  }
  return true;
}

/**
 * The rules of every ClusterRole after aggregation: a ClusterRole with an
 * aggregationRule gets the rules of every ClusterRole its selectors match
 * (repeated until nothing changes, since aggregated roles can be aggregated in turn).
 */
export function aggregatedRules(roles: readonly Role[]): Map<string, PolicyRule[]> {
  const clusterRoles = roles.filter((r) => r.kind === 'ClusterRole');
  const rules = new Map(clusterRoles.map((r) => [r.metadata.name, [...r.rules]]));
  for (let changed = true, rounds = 0; changed && rounds <= clusterRoles.length; rounds++) {
    changed = false;
    for (const role of clusterRoles) {
      const selectors = role.aggregationRule?.clusterRoleSelectors;
      if (!selectors || selectors.length === 0) continue;
      const mine = rules.get(role.metadata.name)!;
      for (const other of clusterRoles) {
        if (other === role || !selectors.some((s) => matchesSelector(other.metadata.labels, s))) continue;
        for (const rule of rules.get(other.metadata.name) ?? []) {
          if (!mine.includes(rule)) {
            mine.push(rule);
            changed = true;
          }
        }
      }
    }
  }
  return rules;
}

const PSP_GROUPS = ['policy', 'extensions'];

/** Whether a rule grants `use` on PodSecurityPolicies (of some names). */
function grantsUse(rule: PolicyRule): boolean {
  const verb = rule.verbs.includes('use') || rule.verbs.includes('*');
  const group = rule.apiGroups.includes('*') || rule.apiGroups.some((g) => PSP_GROUPS.includes(g));
  const resource = rule.resources.includes('*') || rule.resources.includes('podsecuritypolicies');
  return verb && group && resource;
}

/** The PSPs (by name, among `psps`) a rule lets its subjects `use`. */
export function pspsGrantedBy(rule: PolicyRule, psps: readonly string[]): string[] {
  if (!grantsUse(rule)) return [];
  // An empty resourceNames matches every name.
  return rule.resourceNames.length === 0 ? [...psps] : psps.filter((p) => rule.resourceNames.includes(p));
}

const SA_USER_PREFIX = 'system:serviceaccount:';
const SA_GROUP_PREFIX = 'system:serviceaccounts:';

/** appliesToUser: which service accounts a binding subject covers. */
function scopeOf(subject: Subject, bindingNamespace: string | undefined): SubjectScope {
  switch (subject.kind) {
    case 'ServiceAccount':
      // A ServiceAccount subject without a namespace means the binding's namespace.
      return { kind: 'serviceAccount', namespace: subject.namespace || bindingNamespace || '', name: subject.name };
    case 'User':
      if (subject.name.startsWith(SA_USER_PREFIX)) {
        const [namespace, name] = subject.name.slice(SA_USER_PREFIX.length).split(':');
        if (namespace && name) return { kind: 'serviceAccount', namespace, name };
      }
      return { kind: 'other', description: `User ${subject.name}` };
    case 'Group':
      if (subject.name === 'system:serviceaccounts' || subject.name === 'system:authenticated') return { kind: 'all' };
      if (subject.name.startsWith(SA_GROUP_PREFIX)) return { kind: 'namespace', namespace: subject.name.slice(SA_GROUP_PREFIX.length) };
      return { kind: 'other', description: `Group ${subject.name}` };
    default:
      return { kind: 'other', description: `${subject.kind} ${subject.name}` };
  }
}

function describeSubject(subject: Subject, scope: SubjectScope): string {
  return scope.kind === 'serviceAccount' ? `ServiceAccount ${scope.namespace}/${scope.name}` : `${subject.kind} ${subject.name}`;
}

export function resolveRbac(inv: Inventory): RbacResolution {
  const pspNames = inv.psps.map((p) => p.metadata.name);
  const clusterRules = aggregatedRules(inv.roles);
  const roles = new Map(inv.roles.filter((r) => r.kind === 'Role').map((r) => [`${r.metadata.namespace ?? ''}/${r.metadata.name}`, r]));
  const clusterRoles = new Map(inv.roles.filter((r) => r.kind === 'ClusterRole').map((r) => [r.metadata.name, r]));
  const out: RbacResolution = { grants: [], findings: [] };

  // By source, not by the order the files were given in.
  const bindings = [...inv.bindings].sort((a, b) => (a.source.file < b.source.file ? -1 : a.source.file > b.source.file ? 1 : a.source.line - b.source.line || a.source.col - b.source.col));
  for (const binding of bindings) {
    const ns = binding.kind === 'RoleBinding' ? binding.metadata.namespace : undefined;
    const { kind, name } = binding.roleRef;
    let role: Role | undefined;
    let rules: PolicyRule[] | undefined;
    if (kind === 'ClusterRole') {
      role = clusterRoles.get(name);
      rules = clusterRules.get(name);
    } else if (kind === 'Role' && binding.kind === 'RoleBinding') {
      role = roles.get(`${ns ?? ''}/${name}`);
      rules = role?.rules;
    }
    const bindingRef = { kind: binding.kind, name: binding.metadata.name, ...(ns ? { namespace: ns } : {}), source: binding.source };
    if (!role || !rules) {
      out.findings.push({
        kind: 'dangling-role-ref',
        message: `${binding.kind} ${ns ? `${ns}/` : ''}${binding.metadata.name} refers to ${kind} ${kind === 'Role' && ns ? `${ns}/` : ''}${name}, which is not in the input; any PSP it grants is unknown`,
        source: binding.map.at(['roleRef']),
      });
      continue;
    }
    const granted = [...new Set(rules.flatMap((rule) => pspsGrantedBy(rule, pspNames)))].sort();
    // resourceNames that name no PSP in the input.
    for (const rule of rules.filter(grantsUse)) {
      for (const missing of rule.resourceNames.filter((n) => !pspNames.includes(n))) {
        out.findings.push({ kind: 'unknown-psp', message: `${binding.kind} ${ns ? `${ns}/` : ''}${binding.metadata.name} grants use of PodSecurityPolicy ${missing} (through ${role.kind} ${role.metadata.name}), which is not in the input`, source: binding.source });
      }
    }
    if (granted.length === 0) continue;
    const roleRef = { kind: role.kind, name: role.metadata.name, ...(role.metadata.namespace ? { namespace: role.metadata.namespace } : {}), source: role.source };
    binding.subjects.forEach((subject, i) => {
      const scope = scopeOf(subject, ns);
      for (const psp of granted) {
        const grant: Grant = { psp, binding: bindingRef, role: roleRef, subject: describeSubject(subject, scope) };
        out.grants.push({ grant, scope, ...(ns ? { namespace: ns } : {}) });
      }
      if (scope.kind === 'other') {
        out.findings.push({
          kind: 'user-grant',
          message: `${binding.kind} ${ns ? `${ns}/` : ''}${binding.metadata.name} grants ${granted.join(', ')} to ${scope.description}${ns ? ` in ${ns}` : ''}: that covered only pods this identity created directly, which Pod Security Admission cannot express`,
          source: binding.map.at(['subjects', i]),
        });
      }
    });
  }
  return out;
}

type GrantEntry = RbacResolution['grants'][number];

/** The grants that may apply in each namespace, in their order (a cluster has thousands of namespaces and bindings). */
const grantIndex = new WeakMap<RbacResolution, { all: [number, GrantEntry][]; byNamespace: Map<string, [number, GrantEntry][]> }>();

function grantsIn(res: RbacResolution, namespace: string): GrantEntry[] {
  let index = grantIndex.get(res);
  if (!index) {
    index = { all: [], byNamespace: new Map() };
    for (const [i, entry] of res.grants.entries()) {
      const ns = entry.namespace ?? (entry.scope.kind === 'namespace' || entry.scope.kind === 'serviceAccount' ? entry.scope.namespace : undefined);
      if (entry.scope.kind === 'other') continue;
      if (ns === undefined) index.all.push([i, entry]);
      else {
        const list = index.byNamespace.get(ns);
        if (list) list.push([i, entry]);
        else index.byNamespace.set(ns, [[i, entry]]);
      }
    }
    grantIndex.set(res, index);
  }
  const local = index.byNamespace.get(namespace) ?? [];
  if (index.all.length === 0) return local.map(([, e]) => e);
  return [...index.all, ...local].sort((a, b) => a[0] - b[0]).map(([, e]) => e);
}

const namedAccounts = new WeakMap<RbacResolution, Map<string, string[]>>();

/** The service accounts of one namespace that some grant names one by one (wherever the binding is). */
export function accountsGrantedIn(res: RbacResolution, namespace: string): string[] {
  let index = namedAccounts.get(res);
  if (!index) {
    index = new Map();
    for (const { scope } of res.grants) {
      if (scope.kind !== 'serviceAccount') continue;
      const list = index.get(scope.namespace);
      if (list) list.push(scope.name);
      else index.set(scope.namespace, [scope.name]);
    }
    namedAccounts.set(res, index);
  }
  return index.get(namespace) ?? [];
}

/** The PSPs one service account may use in one namespace, with the grants that allow each. */
export function usablePsps(res: RbacResolution, namespace: string, serviceAccount: string): Map<string, Grant[]> {
  const out = new Map<string, Grant[]>();
  for (const { grant, scope, namespace: bindingNs } of grantsIn(res, namespace)) {
    if (bindingNs !== undefined && bindingNs !== namespace) continue; // a RoleBinding grants in its namespace only
    const applies =
      scope.kind === 'all' ||
      (scope.kind === 'namespace' && scope.namespace === namespace) ||
      (scope.kind === 'serviceAccount' && scope.namespace === namespace && scope.name === serviceAccount);
    if (!applies) continue;
    const list = out.get(grant.psp);
    if (list) list.push(grant);
    else out.set(grant.psp, [grant]);
  }
  return out;
}
