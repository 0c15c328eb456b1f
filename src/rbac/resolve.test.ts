import { describe, expect, it } from 'vitest';
import { parseSource } from '../input/read.js';
import { buildInventory } from '../model/objects.js';
import { resolveRbac, usablePsps } from './resolve.js';

const PSP = (name: string) => `apiVersion: policy/v1beta1
kind: PodSecurityPolicy
metadata: {name: ${name}}
spec: {seLinux: {rule: RunAsAny}, runAsUser: {rule: RunAsAny}, supplementalGroups: {rule: RunAsAny}, fsGroup: {rule: RunAsAny}}
`;
const PSPS = ['a', 'b', 'c'].map(PSP).join('---\n');

function clusterRole(name: string, rule: string, opts: { labels?: string; aggregate?: string } = {}) {
  const labels = opts.labels ? `, labels: ${opts.labels}` : '';
  const aggregation = opts.aggregate ? `aggregationRule: {clusterRoleSelectors: [${opts.aggregate}]}\n` : '';
  return `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: ${name}${labels}}\n${aggregation}rules: [${rule}]\n`;
}
function role(ns: string, name: string, rule: string) {
  return `apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: ${name}, namespace: ${ns}}\nrules: [${rule}]\n`;
}
function binding(kind: 'RoleBinding' | 'ClusterRoleBinding', name: string, roleRef: string, subjects: string, ns?: string) {
  return `apiVersion: rbac.authorization.k8s.io/v1\nkind: ${kind}\nmetadata: {name: ${name}${ns ? `, namespace: ${ns}` : ''}}\nroleRef: {apiGroup: rbac.authorization.k8s.io, ${roleRef}}\nsubjects: [${subjects}]\n`;
}
const ALL_SAS = '{kind: Group, name: "system:serviceaccounts"}';

function resolve(...docs: string[]) {
  const inv = buildInventory(parseSource([PSPS, ...docs].join('---\n'), 'rbac.yaml'), ['rbac.yaml']);
  const res = resolveRbac(inv);
  const usable = (ns: string, sa = 'default') => [...usablePsps(res, ns, sa).keys()].sort();
  return { res, usable };
}

describe('which rules grant use', () => {
  it.each([
    ['verb use, resourceNames', '{apiGroups: [policy], resources: [podsecuritypolicies], verbs: [use], resourceNames: [a, c]}', ['a', 'c']],
    ['no resourceNames: every PSP', '{apiGroups: [policy], resources: [podsecuritypolicies], verbs: [use]}', ['a', 'b', 'c']],
    ['the extensions group', '{apiGroups: [extensions], resources: [podsecuritypolicies], verbs: [use], resourceNames: [b]}', ['b']],
    ['wildcard group, resource and verb (cluster-admin)', '{apiGroups: ["*"], resources: ["*"], verbs: ["*"]}', ['a', 'b', 'c']],
    ['verb get is not use', '{apiGroups: [policy], resources: [podsecuritypolicies], verbs: [get, list]}', []],
    ['another group', '{apiGroups: [apps], resources: [podsecuritypolicies], verbs: [use]}', []],
    ['another resource', '{apiGroups: [policy], resources: [poddisruptionbudgets], verbs: ["*"]}', []],
  ])('%s', (_what, rule, expected) => {
    const { usable } = resolve(clusterRole('r', rule), binding('ClusterRoleBinding', 'b', 'kind: ClusterRole, name: r', ALL_SAS));
    expect(usable('any-ns')).toEqual(expected);
  });
});

const USE_A = '{apiGroups: [policy], resources: [podsecuritypolicies], verbs: [use], resourceNames: [a]}';
const USE_B = '{apiGroups: [policy], resources: [podsecuritypolicies], verbs: [use], resourceNames: [b]}';

describe('bindings and subjects', () => {
  it('a ClusterRoleBinding grants in every namespace; a RoleBinding only in its own', () => {
    const { usable } = resolve(
      clusterRole('use-a', USE_A),
      clusterRole('use-b', USE_B),
      binding('ClusterRoleBinding', 'everywhere', 'kind: ClusterRole, name: use-a', ALL_SAS),
      binding('RoleBinding', 'only-dev', 'kind: ClusterRole, name: use-b', ALL_SAS, 'dev'),
    );
    expect(usable('dev')).toEqual(['a', 'b']);
    expect(usable('prod')).toEqual(['a']);
  });

  it('a RoleBinding to a Role of its namespace', () => {
    const { usable } = resolve(role('dev', 'use-b', USE_B), binding('RoleBinding', 'rb', 'kind: Role, name: use-b', ALL_SAS, 'dev'));
    expect(usable('dev')).toEqual(['b']);
    expect(usable('prod')).toEqual([]);
  });

  it('the group system:serviceaccounts:<ns> covers that namespace only', () => {
    const { usable } = resolve(clusterRole('use-a', USE_A), binding('ClusterRoleBinding', 'crb', 'kind: ClusterRole, name: use-a', '{kind: Group, name: "system:serviceaccounts:dev"}'));
    expect(usable('dev', 'anything')).toEqual(['a']);
    expect(usable('prod')).toEqual([]);
  });

  it('the group system:authenticated covers every service account', () => {
    const { usable } = resolve(clusterRole('use-a', USE_A), binding('ClusterRoleBinding', 'crb', 'kind: ClusterRole, name: use-a', '{kind: Group, name: "system:authenticated"}'));
    expect(usable('dev', 'builder')).toEqual(['a']);
  });

  it('a ServiceAccount subject covers that account; without a namespace, the binding’s', () => {
    const { usable } = resolve(
      clusterRole('use-a', USE_A),
      clusterRole('use-b', USE_B),
      binding('ClusterRoleBinding', 'crb', 'kind: ClusterRole, name: use-a', '{kind: ServiceAccount, name: app, namespace: dev}'),
      binding('RoleBinding', 'rb', 'kind: ClusterRole, name: use-b', '{kind: ServiceAccount, name: app}', 'prod'),
    );
    expect(usable('dev', 'app')).toEqual(['a']);
    expect(usable('dev', 'default')).toEqual([]);
    expect(usable('prod', 'app')).toEqual(['b']);
  });

  it('the user name of a service account counts as that service account', () => {
    const { usable, res } = resolve(clusterRole('use-a', USE_A), binding('ClusterRoleBinding', 'crb', 'kind: ClusterRole, name: use-a', '{kind: User, name: "system:serviceaccount:dev:app"}'));
    expect(usable('dev', 'app')).toEqual(['a']);
    expect(res.findings).toEqual([]);
  });

  it('grants to users and other groups are findings, and grant no service account anything', () => {
    const { usable, res } = resolve(
      clusterRole('use-a', USE_A),
      binding('RoleBinding', 'people', 'kind: ClusterRole, name: use-a', '{kind: User, name: alice}, {kind: Group, name: developers}', 'dev'),
    );
    expect(usable('dev')).toEqual([]);
    expect(res.findings.map((f) => [f.kind, f.message, f.source.line])).toEqual([
      ['user-grant', 'RoleBinding dev/people grants a to User alice in dev: that covered only pods this identity created directly, which Pod Security Admission cannot express', 25],
      ['user-grant', 'RoleBinding dev/people grants a to Group developers in dev: that covered only pods this identity created directly, which Pod Security Admission cannot express', 25],
    ]);
  });
});

describe('aggregated ClusterRoles', () => {
  it('take the rules of the ClusterRoles their selectors match, transitively', () => {
    const { usable } = resolve(
      clusterRole('top', '', { aggregate: '{matchLabels: {rbac.example.com/aggregate-to-top: "true"}}' }),
      clusterRole('middle', USE_A, { labels: '{rbac.example.com/aggregate-to-top: "true"}', aggregate: '{matchExpressions: [{key: psp, operator: In, values: [b]}]}' }),
      clusterRole('leaf', USE_B, { labels: '{psp: b}' }),
      clusterRole('unrelated', USE_A.replace('[a]', '[c]'), { labels: '{psp: c}' }),
      binding('ClusterRoleBinding', 'crb', 'kind: ClusterRole, name: top', ALL_SAS),
    );
    expect(usable('dev')).toEqual(['a', 'b']);
  });
});

describe('references to what is not in the input', () => {
  it('a binding to a missing role is a finding, not a crash', () => {
    const { usable, res } = resolve(binding('RoleBinding', 'rb', 'kind: Role, name: gone', ALL_SAS, 'dev'), binding('ClusterRoleBinding', 'crb', 'kind: ClusterRole, name: also-gone', ALL_SAS));
    expect(usable('dev')).toEqual([]);
    expect(res.findings.map((f) => f.message)).toEqual([
      'RoleBinding dev/rb refers to Role dev/gone, which is not in the input; any PSP it grants is unknown',
      'ClusterRoleBinding crb refers to ClusterRole also-gone, which is not in the input; any PSP it grants is unknown',
    ]);
  });

  it('a grant of a PSP that is not in the input is a finding', () => {
    const { res } = resolve(clusterRole('r', '{apiGroups: [policy], resources: [podsecuritypolicies], verbs: [use], resourceNames: [a, gone]}'), binding('ClusterRoleBinding', 'crb', 'kind: ClusterRole, name: r', ALL_SAS));
    expect(res.findings.map((f) => [f.kind, f.message])).toEqual([['unknown-psp', 'ClusterRoleBinding crb grants use of PodSecurityPolicy gone (through ClusterRole r), which is not in the input']]);
  });
});
