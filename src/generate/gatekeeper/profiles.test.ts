/**
 * The profile families (SELinux, seccomp, AppArmor) on hand-written pods and
 * PSPs: the cases the shared generators reach rarely or never (category
 * order, container-versus-pod precedence, empty annotations, trailing
 * commas, init and ephemeral containers). Each case states the upstream
 * outcome; the PSP admission model must give it, and the CEL must agree.
 */
import { describe, expect, it } from 'vitest';
import { permissiveWith } from '../../../test/arbitraries.js';
import { apiDefaulted, celCodeOf, evaluateCel } from '../../../test/cel.js';
import { validatePod } from '../../mapping/admission.js';
import type { PodObject } from '../../mapping/admission.js';
import { APPARMOR_ALLOWED, SECCOMP_ALLOWED } from '../../model/psp.js';
import type { PodSecurityPolicy } from '../../model/types.js';
import type { ControlFamily } from './family.js';
import { appArmor } from './families/apparmor.js';
import { PROFILE_FAMILIES } from './families/profiles.js';
import { seccomp } from './families/seccomp.js';
import { seLinux } from './families/selinux.js';
import { constraintTemplate } from './templates.js';

/** A PSP allowing everything except what `spec` and `annotations` set (an annotation value `undefined` removes it). */
function psp(name: string, spec: Record<string, unknown>, annotations: Record<string, string | undefined> = {}): PodSecurityPolicy {
  const model = permissiveWith(name, spec, { [SECCOMP_ALLOWED]: '*', ...annotations });
  if (!model) throw new Error(`the API server would reject PSP ${name}`);
  return model;
}

interface PodSpec {
  annotations?: Record<string, string>;
  securityContext?: Record<string, unknown>;
  containers?: Record<string, unknown>[];
  initContainers?: Record<string, unknown>[];
  ephemeralContainers?: Record<string, unknown>[];
}

function pod(p: PodSpec = {}): PodObject {
  const spec: Record<string, unknown> = { containers: p.containers ?? [{ name: 'app', image: 'a' }] };
  if (p.securityContext) spec.securityContext = p.securityContext;
  if (p.initContainers) spec.initContainers = p.initContainers;
  if (p.ephemeralContainers) spec.ephemeralContainers = p.ephemeralContainers;
  return apiDefaulted({ metadata: { name: 'p', annotations: p.annotations ?? {} }, spec }) as PodObject;
}

const container = (name: string, securityContext?: Record<string, unknown>) => ({ name, image: 'a', ...(securityContext ? { securityContext } : {}) });

function params(family: ControlFamily, psps: readonly PodSecurityPolicy[]) {
  return { policies: psps.map((p) => ({ name: p.metadata.name, serviceAccounts: [], ...family.params(p) })) };
}

/**
 * `want`: the upstream outcome (PSP admission allowed the pod). The model
 * must give it and the CEL must agree with the model.
 */
function decides(family: ControlFamily, psps: readonly PodSecurityPolicy[], p: PodObject, want: boolean) {
  const model = psps.some((x) => validatePod(x, p).length === 0);
  expect(model, `model: ${JSON.stringify(psps.map((x) => validatePod(x, p)))}`).toBe(want);
  const got = evaluateCel(celCodeOf(constraintTemplate(family)), params(family, psps), p);
  expect(got.allowed, JSON.stringify(got)).toBe(want);
  return got;
}

describe('the selinux template', () => {
  const mustRunAs = (options: Record<string, string>, name = 'selinux') => psp(name, { seLinux: { rule: 'MustRunAs', seLinuxOptions: options } });
  const sc = (seLinuxOptions: Record<string, string>) => ({ seLinuxOptions });

  it('allows anything under RunAsAny', () => {
    decides(seLinux, [psp('any', { seLinux: { rule: 'RunAsAny' } })], pod({ securityContext: sc({ type: 'spc_t', user: 'root' }), containers: [container('app', sc({ role: 'r' }))] }), true);
    decides(seLinux, [psp('any', { seLinux: { rule: 'RunAsAny' } })], pod(), true);
  });

  it('requires the pod-level options under MustRunAs, even when every container sets its own', () => {
    const p = mustRunAs({ type: 'container_t' });
    decides(seLinux, [p], pod({ containers: [container('app', sc({ type: 'container_t' }))] }), false);
    decides(seLinux, [p], pod(), false);
    decides(seLinux, [p], pod({ securityContext: sc({ type: 'container_t' }) }), true);
  });

  it('checks each container\'s effective options: its own, else the pod\'s', () => {
    const p = mustRunAs({ type: 'container_t' });
    const podLevel = sc({ type: 'container_t' });
    decides(seLinux, [p], pod({ securityContext: podLevel, containers: [container('app'), container('sidecar', sc({ type: 'container_t' }))] }), true);
    decides(seLinux, [p], pod({ securityContext: podLevel, containers: [container('app'), container('sidecar', sc({ type: 'spc_t' }))] }), false);
    // A container's own options replace the pod's as a whole: an unset field is not inherited.
    decides(seLinux, [mustRunAs({ type: 'container_t', level: 's0:c1' })], pod({ securityContext: sc({ type: 'container_t', level: 's0:c1' }), containers: [container('app', sc({ type: 'container_t' }))] }), false);
    decides(seLinux, [p], pod({ securityContext: podLevel, initContainers: [container('init', sc({ type: 'spc_t' }))] }), false);
    decides(seLinux, [p], pod({ securityContext: podLevel, ephemeralContainers: [container('debug', sc({ type: 'spc_t' }))] }), false);
    decides(seLinux, [p], pod({ securityContext: podLevel, initContainers: [container('init')], ephemeralContainers: [container('debug')] }), true);
  });

  it('compares user, role and type exactly, an unset one as ""', () => {
    const p = mustRunAs({ user: 'system_u', role: 'system_r', type: 'container_t' });
    decides(seLinux, [p], pod({ securityContext: sc({ user: 'system_u', role: 'system_r', type: 'container_t' }) }), true);
    decides(seLinux, [p], pod({ securityContext: sc({ role: 'system_r', type: 'container_t' }) }), false);
    decides(seLinux, [p], pod({ securityContext: sc({ user: 'system_u', role: 'object_r', type: 'container_t' }) }), false);
    // The pod may not add what the PSP leaves unset.
    decides(seLinux, [mustRunAs({ type: 'container_t' })], pod({ securityContext: sc({ type: 'container_t', user: 'system_u' }) }), false);
    // seLinuxOptions: {} requires options that are all unset.
    decides(seLinux, [mustRunAs({})], pod({ securityContext: sc({}) }), true);
    decides(seLinux, [mustRunAs({})], pod({ securityContext: sc({ type: 'container_t' }) }), false);
  });

  it('compares levels as equalLevels does: the same sensitivity and the same categories in any order', () => {
    const at = (want: string, level: string, expected: boolean) =>
      decides(seLinux, [mustRunAs({ type: 'container_t', level: want })], pod({ securityContext: sc({ type: 'container_t', level }) }), expected);
    at('s0:c1,c2', 's0:c1,c2', true);
    at('s0:c1,c2', 's0:c2,c1', true);
    at('s0:c1,c2,c3', 's0:c3,c1,c2', true);
    at('s0:c1,c2', 's0:c1', false);
    at('s0:c1,c2', 's0:c1,c2,c3', false);
    at('s0:c1,c2', 's1:c2,c1', false);
    // Sorted lists, not sets: duplicates count.
    at('s0:c1,c1,c2', 's0:c1,c2,c2', false);
    at('s0:c1,c1,c2', 's0:c2,c1,c1', true);
    // Without ":" only an exact match.
    at('s0', 's0', true);
    at('s0', 's0:c1', false);
    at('s0:c1', 's0', false);
    // Only the first ":" separates.
    at('s0:c1:x,c2', 's0:c2,c1:x', true);
    decides(seLinux, [mustRunAs({ type: 'container_t' })], pod({ securityContext: sc({ type: 'container_t', level: 's0' }) }), false);
  });

  it('needs one policy that allows the pod and all its containers', () => {
    const a = mustRunAs({ type: 'container_t' }, 'a');
    const b = mustRunAs({ type: 'spc_t' }, 'b');
    const mixed = pod({ securityContext: sc({ type: 'container_t' }), containers: [container('app'), container('sidecar', sc({ type: 'spc_t' }))] });
    const got = decides(seLinux, [a, b], mixed, false);
    expect(got.messages).toEqual(['seLinuxOptions of the pod, container app, container sidecar are unset or differ from the seLinuxOptions that spec.seLinux (MustRunAs) requires in the PodSecurityPolicy that applies (a, b)']);
    decides(seLinux, [a, b], pod({ securityContext: sc({ type: 'spc_t' }) }), true);
    decides(seLinux, [a, psp('c', { seLinux: { rule: 'RunAsAny' } })], mixed, true);
  });

  it('names what a single policy refuses', () => {
    const got = decides(seLinux, [mustRunAs({ type: 'container_t' }, 'restricted')], pod({ securityContext: sc({ type: 'container_t' }), containers: [container('app'), container('sidecar', sc({ type: 'spc_t' }))] }), false);
    expect(got.messages).toEqual(['seLinuxOptions of container sidecar are unset or differ from the seLinuxOptions that spec.seLinux (MustRunAs) requires in the PodSecurityPolicy that applies (restricted)']);
  });

  it('allows no pod under MustRunAs without seLinuxOptions, a PSP admission could not use', () => {
    const unusable = psp('unusable', { seLinux: { rule: 'MustRunAs' } });
    expect(unusable.unusable).not.toHaveLength(0);
    decides(seLinux, [unusable], pod({ securityContext: sc({ type: 'container_t' }) }), false);
    decides(seLinux, [unusable], pod(), false);
  });

  it('checks only ephemeral containers on UPDATE', () => {
    const code = celCodeOf(constraintTemplate(seLinux));
    const ps = params(seLinux, [mustRunAs({ type: 'container_t' })]);
    expect(evaluateCel(code, ps, pod(), 'UPDATE').allowed).toBe(true);
    expect(evaluateCel(code, ps, pod({ securityContext: sc({ type: 'container_t' }), ephemeralContainers: [container('debug', sc({ type: 'spc_t' }))] }), 'UPDATE')).toEqual({
      allowed: false,
      messages: ['seLinuxOptions of container debug are unset or differ from the seLinuxOptions that spec.seLinux (MustRunAs) requires in the PodSecurityPolicy that applies (selinux)'],
    });
    expect(evaluateCel(code, ps, pod({ securityContext: sc({ type: 'container_t' }), ephemeralContainers: [container('debug')] }), 'UPDATE').allowed).toBe(true);
    // An ephemeral container without options and a pod without options: refused.
    expect(evaluateCel(code, ps, pod({ ephemeralContainers: [container('debug')] }), 'UPDATE').allowed).toBe(false);
  });
});

describe('the seccomp template', () => {
  const allowed = (value: string | undefined, name = 'seccomp') => psp(name, {}, { [SECCOMP_ALLOWED]: value });
  const POD = 'seccomp.security.alpha.kubernetes.io/pod';
  const C = (name: string) => `container.seccomp.security.alpha.kubernetes.io/${name}`;
  const field = (type: string, localhostProfile?: string) => ({ seccompProfile: { type, ...(localhostProfile !== undefined ? { localhostProfile } : {}) } });

  it('without the annotation (or with an empty one) allows only an unset profile', () => {
    for (const value of [undefined, '']) {
      decides(seccomp, [allowed(value)], pod(), true);
      decides(seccomp, [allowed(value)], pod({ annotations: { [POD]: 'runtime/default' } }), false);
      decides(seccomp, [allowed(value)], pod({ containers: [container('app', field('RuntimeDefault'))] }), false);
    }
  });

  it('allows any profile with "*"', () => {
    decides(seccomp, [allowed('*')], pod({ annotations: { [POD]: 'unconfined', [C('app')]: 'localhost/x' } }), true);
    decides(seccomp, [allowed('runtime/default,*')], pod({ securityContext: field('Unconfined') }), true);
  });

  it('requires a listed profile, and allows unset only with an empty item', () => {
    decides(seccomp, [allowed('runtime/default')], pod(), false);
    decides(seccomp, [allowed('runtime/default,')], pod(), true);
    decides(seccomp, [allowed(',runtime/default')], pod({ annotations: { [POD]: 'runtime/default' } }), true);
    decides(seccomp, [allowed('runtime/default,')], pod({ annotations: { [POD]: 'unconfined' } }), false);
    decides(seccomp, [allowed('localhost/prof.json')], pod({ securityContext: field('Localhost', 'prof.json') }), true);
    decides(seccomp, [allowed('localhost/prof.json')], pod({ securityContext: field('Localhost', 'other.json') }), false);
  });

  it('treats runtime/default and docker/default as one profile', () => {
    decides(seccomp, [allowed('docker/default')], pod({ securityContext: field('RuntimeDefault') }), true);
    decides(seccomp, [allowed('docker/default')], pod({ annotations: { [POD]: 'runtime/default' } }), true);
    decides(seccomp, [allowed('runtime/default')], pod({ annotations: { [POD]: 'docker/default' } }), true);
    decides(seccomp, [allowed('localhost/prof.json')], pod({ annotations: { [POD]: 'docker/default' } }), false);
  });

  it('reads a field as the annotation it stands for: a Localhost profile without a path is unset', () => {
    decides(seccomp, [allowed('runtime/default')], pod({ securityContext: field('Localhost') }), false);
    decides(seccomp, [allowed('runtime/default,')], pod({ securityContext: field('Localhost') }), true);
    // An empty path is still a path ("localhost/"), not an unset profile.
    decides(seccomp, [allowed('runtime/default,')], pod({ securityContext: field('Localhost', '') }), false);
    // A type this API does not know stands for no profile.
    decides(seccomp, [allowed('runtime/default,')], pod({ securityContext: field('Bogus') }), true);
    decides(seccomp, [allowed('runtime/default')], pod({ securityContext: field('Bogus') }), false);
  });

  it('takes the pod profile from its annotation, else its field', () => {
    // The annotation wins over the field.
    decides(seccomp, [allowed('runtime/default')], pod({ annotations: { [POD]: 'unconfined' }, securityContext: field('RuntimeDefault') }), false);
    // An empty annotation counts as none.
    decides(seccomp, [allowed('runtime/default')], pod({ annotations: { [POD]: '' }, securityContext: field('RuntimeDefault') }), true);
  });

  it('takes a container profile from its field, its annotation (even empty), the pod field, the pod annotation', () => {
    const rd = allowed('runtime/default');
    // Container field over container annotation.
    decides(seccomp, [rd], pod({ annotations: { [POD]: 'runtime/default', [C('app')]: 'unconfined' }, containers: [container('app', field('RuntimeDefault'))] }), true);
    decides(seccomp, [rd], pod({ annotations: { [POD]: 'runtime/default', [C('app')]: 'runtime/default' }, containers: [container('app', field('Unconfined'))] }), false);
    // Container annotation over the pod's field and annotation.
    decides(seccomp, [rd], pod({ annotations: { [POD]: 'runtime/default', [C('app')]: 'unconfined' }, securityContext: field('RuntimeDefault') }), false);
    // An empty container annotation is an unset profile, not a fallback to the pod.
    decides(seccomp, [rd], pod({ annotations: { [POD]: 'runtime/default', [C('app')]: '' }, securityContext: field('RuntimeDefault') }), false);
    decides(seccomp, [allowed('runtime/default,')], pod({ annotations: { [POD]: 'runtime/default', [C('app')]: '' } }), true);
    // The pod's field over the pod's annotation (for containers: the reverse of the pod's own order).
    decides(seccomp, [rd], pod({ annotations: { [POD]: 'runtime/default' }, securityContext: field('Unconfined') }), false);
    decides(seccomp, [allowed('runtime/default,unconfined')], pod({ annotations: { [POD]: 'runtime/default' }, securityContext: field('Unconfined') }), true);
    // Finally the pod's annotation.
    decides(seccomp, [rd], pod({ annotations: { [POD]: 'runtime/default' } }), true);
    // Another container's annotation is not this one's.
    decides(seccomp, [rd], pod({ annotations: { [POD]: 'runtime/default', [C('sidecar')]: 'unconfined' } }), true);
  });

  it('checks init and ephemeral containers', () => {
    const rd = allowed('runtime/default');
    const base = { annotations: { [POD]: 'runtime/default' } };
    decides(seccomp, [rd], pod({ ...base, initContainers: [container('init', field('Unconfined'))] }), false);
    decides(seccomp, [rd], pod({ ...base, ephemeralContainers: [container('debug', field('Unconfined'))] }), false);
    decides(seccomp, [rd], pod({ annotations: { ...base.annotations, [C('debug')]: 'unconfined' }, ephemeralContainers: [container('debug')] }), false);
    decides(seccomp, [rd], pod({ ...base, initContainers: [container('init')], ephemeralContainers: [container('debug', field('RuntimeDefault'))] }), true);
  });

  it('needs one policy that allows every profile of the pod', () => {
    const a = allowed('runtime/default', 'a');
    const b = allowed('unconfined', 'b');
    const mixed = pod({ annotations: { [POD]: 'runtime/default' }, containers: [container('app'), container('sidecar', field('Unconfined'))] });
    const got = decides(seccomp, [a, b], mixed, false);
    expect(got.messages).toEqual(['seccomp profiles of the pod (runtime/default), container app (runtime/default), container sidecar (unconfined) are not in the allowedProfileNames annotation of the PodSecurityPolicy that applies (a, b)']);
    decides(seccomp, [a, allowed('runtime/default,unconfined', 'c')], mixed, true);
    const single = decides(seccomp, [a], mixed, false);
    expect(single.messages).toEqual(['seccomp profiles of container sidecar (unconfined) are not in the allowedProfileNames annotation of the PodSecurityPolicy that applies (a)']);
    expect(decides(seccomp, [a], pod(), false).messages[0]).toContain('the pod (no profile), container app (no profile)');
  });

  it('checks the pod profile on CREATE only and ephemeral containers on UPDATE', () => {
    const code = celCodeOf(constraintTemplate(seccomp));
    const ps = params(seccomp, [allowed('runtime/default')]);
    expect(evaluateCel(code, ps, pod(), 'UPDATE').allowed).toBe(true);
    expect(evaluateCel(code, ps, pod({ annotations: { [POD]: 'unconfined' } }), 'UPDATE').allowed).toBe(true);
    expect(evaluateCel(code, ps, pod({ annotations: { [POD]: 'runtime/default' }, ephemeralContainers: [container('debug', field('Unconfined'))] }), 'UPDATE')).toEqual({
      allowed: false,
      messages: ['seccomp profiles of container debug (unconfined) are not in the allowedProfileNames annotation of the PodSecurityPolicy that applies (seccomp)'],
    });
  });

  it('keeps the annotation as a list, and needs no Constraint only for "*"', () => {
    expect(seccomp.params(allowed('runtime/default,'))).toEqual({ allowedProfileNames: ['runtime/default', ''] });
    expect(seccomp.params(allowed(undefined))).toEqual({ allowedProfileNames: [] });
    expect(seccomp.restricts(allowed('*'))).toBe(false);
    expect(seccomp.restricts(allowed('runtime/default,*'))).toBe(false);
    expect(seccomp.restricts(allowed(undefined))).toBe(true);
    expect(seccomp.restricts(allowed('runtime/default'))).toBe(true);
  });
});

describe('the apparmor template', () => {
  const allowed = (value: string | undefined, name = 'apparmor') => psp(name, {}, { [APPARMOR_ALLOWED]: value });
  const A = (name: string) => `container.apparmor.security.beta.kubernetes.io/${name}`;

  it('allows anything without the annotation', () => {
    decides(appArmor, [allowed(undefined)], pod(), true);
    decides(appArmor, [allowed(undefined)], pod({ annotations: { [A('app')]: 'unconfined' } }), true);
    expect(appArmor.restricts(allowed(undefined))).toBe(false);
    expect(appArmor.params(allowed(undefined))).toEqual({});
  });

  it('requires every container to have a listed profile', () => {
    const rd = allowed('runtime/default');
    decides(appArmor, [rd], pod(), false);
    decides(appArmor, [rd], pod({ annotations: { [A('app')]: 'runtime/default' } }), true);
    decides(appArmor, [rd], pod({ annotations: { [A('app')]: 'unconfined' } }), false);
    decides(appArmor, [allowed('runtime/default,localhost/k8s-prof')], pod({ annotations: { [A('app')]: 'localhost/k8s-prof' } }), true);
    // Exact items: no prefix matching.
    decides(appArmor, [allowed('localhost/k8s')], pod({ annotations: { [A('app')]: 'localhost/k8s-prof' } }), false);
    // Another container's annotation is not this one's.
    decides(appArmor, [rd], pod({ annotations: { [A('sidecar')]: 'runtime/default' } }), false);
  });

  it('refuses an unset profile even with a trailing comma, and an empty annotation value is unset', () => {
    decides(appArmor, [allowed('runtime/default,')], pod(), false);
    decides(appArmor, [allowed(',runtime/default')], pod({ annotations: { [A('app')]: '' } }), false);
    decides(appArmor, [allowed('')], pod({ annotations: { [A('app')]: 'runtime/default' } }), false);
    expect(appArmor.params(allowed('runtime/default,'))).toEqual({ allowedProfileNames: ['runtime/default', ''] });
    expect(appArmor.restricts(allowed(''))).toBe(true);
  });

  it('checks init and ephemeral containers', () => {
    const rd = allowed('runtime/default');
    const ok = { [A('app')]: 'runtime/default' };
    decides(appArmor, [rd], pod({ annotations: ok, initContainers: [container('init')] }), false);
    decides(appArmor, [rd], pod({ annotations: ok, ephemeralContainers: [container('debug')] }), false);
    decides(appArmor, [rd], pod({ annotations: { ...ok, [A('init')]: 'runtime/default', [A('debug')]: 'runtime/default' }, initContainers: [container('init')], ephemeralContainers: [container('debug')] }), true);
  });

  it('needs one policy that allows every container', () => {
    const a = allowed('runtime/default', 'a');
    const b = allowed('unconfined', 'b');
    const mixed = pod({ annotations: { [A('app')]: 'runtime/default', [A('sidecar')]: 'unconfined' }, containers: [container('app'), container('sidecar')] });
    const got = decides(appArmor, [a, b], mixed, false);
    expect(got.messages).toEqual(['AppArmor profiles of container app (runtime/default), container sidecar (unconfined) are not in the allowedProfileNames annotation of the PodSecurityPolicy that applies (a, b)']);
    decides(appArmor, [a, allowed(undefined, 'c')], mixed, true);
    decides(appArmor, [a, allowed('unconfined,runtime/default', 'c')], mixed, true);
    expect(decides(appArmor, [a], pod({ containers: [container('app'), container('sidecar')], annotations: { [A('app')]: 'runtime/default' } }), false).messages).toEqual([
      'AppArmor profiles of container sidecar (no profile) are not in the allowedProfileNames annotation of the PodSecurityPolicy that applies (a)',
    ]);
  });

  it('checks only ephemeral containers on UPDATE', () => {
    const code = celCodeOf(constraintTemplate(appArmor));
    const ps = params(appArmor, [allowed('runtime/default')]);
    expect(evaluateCel(code, ps, pod(), 'UPDATE').allowed).toBe(true);
    expect(evaluateCel(code, ps, pod({ ephemeralContainers: [container('debug')] }), 'UPDATE').allowed).toBe(false);
    expect(evaluateCel(code, ps, pod({ annotations: { [A('debug')]: 'runtime/default' }, ephemeralContainers: [container('debug')] }), 'UPDATE').allowed).toBe(true);
  });
});

describe('the profile families', () => {
  it('are registered with their kinds', () => {
    expect(PROFILE_FAMILIES.map((f) => [f.id, f.kind])).toEqual([
      ['selinux', 'PspMigrateSELinux'],
      ['seccomp', 'PspMigrateSeccomp'],
      ['apparmor', 'PspMigrateAppArmor'],
    ]);
  });

  it('say when a PSP needs no Constraint', () => {
    expect(seLinux.restricts(psp('any', { seLinux: { rule: 'RunAsAny' } }))).toBe(false);
    expect(seLinux.restricts(psp('must', { seLinux: { rule: 'MustRunAs', seLinuxOptions: { type: 'container_t' } } }))).toBe(true);
    expect(seLinux.params(psp('must', { seLinux: { rule: 'MustRunAs', seLinuxOptions: { type: 'container_t', level: 's0:c1' } } }))).toEqual({ seLinux: { rule: 'MustRunAs', seLinuxOptions: { type: 'container_t', level: 's0:c1' } } });
  });
});
