import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { celCodeOf, evaluateCel } from '../../../test/cel.js';
import { FAMILIES } from './families/index.js';
import { constraintTemplate, templateName } from './templates.js';
import { privileged } from './families/privileged.js';

describe('every ConstraintTemplate', () => {
  it.each(FAMILIES.map((f) => [f.id, f] as const))('%s is a valid templates.gatekeeper.sh/v1 object with both engines', (_id, family) => {
    const t = constraintTemplate(family) as { metadata: { name: string }; spec: { crd: { spec: { names: { kind: string }; validation: { openAPIV3Schema: Record<string, unknown> } } }; targets: { target: string; code: { engine: string; source: Record<string, unknown> }[] }[] } };
    expect(family.kind).toMatch(/^PspMigrate[A-Z][A-Za-z]+$/);
    expect(family.kind.startsWith('K8sPSP')).toBe(false);
    expect(t.metadata.name).toBe(family.kind.toLowerCase());
    expect(t.metadata.name).toBe(templateName(family));
    expect(t.spec.crd.spec.validation.openAPIV3Schema.type).toBe('object');
    expect(t.spec.targets).toHaveLength(1);
    expect(t.spec.targets[0]!.target).toBe('admission.k8s.gatekeeper.sh');
    expect(t.spec.targets[0]!.code.map((c) => c.engine)).toEqual(['K8sNativeValidation', 'Rego']);
    const rego = t.spec.targets[0]!.code[1]!.source as { rego: string; libs: string[] };
    expect(rego.rego).toMatch(/^package pspmigrate[a-z]+$/m);
    expect(rego.rego).toContain('violation[{"msg": msg}]');
    // Imports only from data.lib, as Gatekeeper requires.
    for (const line of rego.rego.split('\n').filter((l) => l.startsWith('import '))) expect(line).toMatch(/^import data\.lib\./);
    expect(rego.libs.every((l) => l.startsWith('package lib.'))).toBe(true);
    // Every structural schema level has a type.
    const untyped: string[] = [];
    const walk = (s: Record<string, unknown>, at: string) => {
      if (typeof s.type !== 'string') untyped.push(at);
      for (const [k, v] of Object.entries((s.properties as Record<string, Record<string, unknown>>) ?? {})) walk(v, `${at}.${k}`);
      if (s.items) walk(s.items as Record<string, unknown>, `${at}[]`);
    };
    walk(t.spec.crd.spec.validation.openAPIV3Schema, 'parameters');
    expect(untyped).toEqual([]);
    // It survives a YAML round trip unchanged.
    expect(parseAllDocuments(JSON.stringify(t))[0]!.toJS()).toEqual(t);
  });
});

describe('UPDATE', () => {
  const code = celCodeOf(constraintTemplate(privileged));
  const params = { policies: [{ name: 'restricted', serviceAccounts: [], privileged: false }] };
  const pod = (list: string) => ({ spec: { containers: [{ name: 'app', image: 'a' }], [list]: [{ name: 'x', image: 'a', securityContext: { privileged: true } }] } });

  it('checks only ephemeral containers, the one part of a pod an update can add', () => {
    expect(evaluateCel(code, params, pod('initContainers'), 'UPDATE').allowed).toBe(true);
    expect(evaluateCel(code, params, pod('initContainers'), 'CREATE')).toEqual({ allowed: false, messages: ['privileged containers x are not allowed by the PodSecurityPolicy that applies (restricted)'] });
    expect(evaluateCel(code, params, pod('ephemeralContainers'), 'UPDATE').allowed).toBe(false);
  });
});
