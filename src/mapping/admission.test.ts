/**
 * The PSP admission model against the behaviour of the v1.19–v1.24 plugin
 * (pkg/security/podsecuritypolicy/provider.go and its strategies,
 * plugin/pkg/admission/security/podsecuritypolicy/admission.go). Expected
 * values come from the upstream code paths named in each block.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { modelOf, rawPsp } from '../../test/arbitraries.js';
import { parseSource } from '../input/read.js';
import { buildInventory } from '../model/objects.js';
import type { PodSecurityPolicy } from '../model/types.js';
import { admitPod, choosePsp, mutatePod, validatePod } from './admission.js';
import type { PodObject } from './admission.js';

const PERMISSIVE = {
  seLinux: { rule: 'RunAsAny' },
  runAsUser: { rule: 'RunAsAny' },
  supplementalGroups: { rule: 'RunAsAny' },
  fsGroup: { rule: 'RunAsAny' },
  volumes: ['*'],
};

const SECCOMP_ALLOWED = 'seccomp.security.alpha.kubernetes.io/allowedProfileNames';
const SECCOMP_DEFAULT = 'seccomp.security.alpha.kubernetes.io/defaultProfileName';
const APPARMOR_ALLOWED = 'apparmor.security.beta.kubernetes.io/allowedProfileNames';
const APPARMOR_DEFAULT = 'apparmor.security.beta.kubernetes.io/defaultProfileName';
const SECCOMP_POD = 'seccomp.security.alpha.kubernetes.io/pod';
const SECCOMP_POD_FIELD = `metadata.annotations[${SECCOMP_POD}]`;
const seccompContainerField = (name: string) => `metadata.annotations[container.seccomp.security.alpha.kubernetes.io/${name}]`;
const appArmorKey = (name: string) => `container.apparmor.security.beta.kubernetes.io/${name}`;

/** A PSP read through the real model: `spec` overrides a permissive base. */
function makePsp(spec: Record<string, unknown> = {}, opts: { name?: string; annotations?: Record<string, string> } = {}): PodSecurityPolicy {
  const doc = {
    apiVersion: 'policy/v1beta1',
    kind: 'PodSecurityPolicy',
    metadata: { name: opts.name ?? 'p', ...(opts.annotations ? { annotations: opts.annotations } : {}) },
    spec: { ...PERMISSIVE, ...spec },
  };
  const inv = buildInventory(parseSource(stringify(doc), 'x.yaml'), ['x.yaml']);
  expect(inv.psps).toHaveLength(1);
  return inv.psps[0]!;
}

function container(extra: Record<string, unknown> = {}, name = 'app'): Record<string, unknown> {
  return { name, image: 'nginx', ...extra };
}

function podOf(spec: Record<string, unknown>, annotations?: Record<string, string>): PodObject {
  return { metadata: { name: 'pod', ...(annotations ? { annotations } : {}) }, spec };
}

/** A pod with one container whose securityContext is `sc`. */
function simplePod(sc?: Record<string, unknown>, podSC?: Record<string, unknown>, annotations?: Record<string, string>): PodObject {
  return podOf({ ...(podSC ? { securityContext: podSC } : {}), containers: [container(sc ? { securityContext: sc } : {})] }, annotations);
}

const fieldsOf = (errors: { field: string }[]) => errors.map((e) => e.field);

function deepFreeze<T>(v: T): T {
  if (typeof v === 'object' && v !== null) {
    for (const x of Object.values(v)) deepFreeze(x);
    Object.freeze(v);
  }
  return v;
}

describe('a permissive PSP', () => {
  it('admits a plain pod without changing it', () => {
    const pod = simplePod();
    const a = admitPod(makePsp(), pod);
    expect(a).toEqual({ psp: 'p', allowed: true, mutated: false, mutations: [], errors: [], pod });
    expect(a.pod).not.toBe(pod);
  });

  it('never writes to the input pod', () => {
    const psp = makePsp(
      {
        runAsUser: { rule: 'MustRunAs', ranges: [{ min: 1000, max: 2000 }] },
        fsGroup: { rule: 'MustRunAs', ranges: [{ min: 1, max: 10 }] },
        supplementalGroups: { rule: 'MustRunAs', ranges: [{ min: 1, max: 10 }] },
        seLinux: { rule: 'MustRunAs', seLinuxOptions: { type: 'container_t' } },
        defaultAddCapabilities: ['CHOWN'],
        requiredDropCapabilities: ['NET_RAW'],
        readOnlyRootFilesystem: true,
        allowPrivilegeEscalation: false,
        runtimeClass: { allowedRuntimeClassNames: ['gvisor'], defaultRuntimeClassName: 'gvisor' },
      },
      { annotations: { [SECCOMP_ALLOWED]: 'runtime/default', [SECCOMP_DEFAULT]: 'runtime/default', [APPARMOR_ALLOWED]: 'runtime/default', [APPARMOR_DEFAULT]: 'runtime/default' } },
    );
    const pod = deepFreeze(podOf({ initContainers: [container({}, 'init')], containers: [container({ securityContext: { capabilities: { add: ['CHOWN'] } } })] }));
    const before = structuredClone(pod);
    const a = admitPod(psp, pod);
    expect(a.mutated).toBe(true);
    expect(a.allowed).toBe(true);
    expect(pod).toEqual(before);
  });
});

describe('runAsUser (user/mustrunas.go, nonroot.go, runasany.go)', () => {
  const mustRunAs = () => makePsp({ runAsUser: { rule: 'MustRunAs', ranges: [{ min: 1000, max: 2000 }, { min: 3000, max: 4000 }] } });
  const nonRoot = () => makePsp({ runAsUser: { rule: 'MustRunAsNonRoot' } });

  it('MustRunAs sets the first range min on every init container and container', () => {
    const pod = podOf({ initContainers: [container({}, 'init')], containers: [container()] });
    const { mutations, pod: out } = mutatePod(mustRunAs(), pod);
    expect(mutations).toEqual([
      { field: 'spec.initContainers[0].securityContext.runAsUser', value: 1000 },
      { field: 'spec.containers[0].securityContext.runAsUser', value: 1000 },
    ]);
    expect((out.spec!['containers'] as { securityContext: unknown }[])[0]!.securityContext).toEqual({ runAsUser: 1000 });
  });

  it('MustRunAs leaves a pod-level runAsUser alone and validates it per container', () => {
    expect(admitPod(mustRunAs(), simplePod(undefined, { runAsUser: 3500 }))).toMatchObject({ allowed: true, mutated: false });
    const a = admitPod(mustRunAs(), simplePod(undefined, { runAsUser: 5 }));
    expect(a.mutated).toBe(false);
    expect(a.errors).toEqual([{ field: 'spec.containers[0].securityContext.runAsUser', message: 'must be in the ranges: [{1000 2000} {3000 4000}]' }]);
  });

  it('MustRunAs requires a runAsUser when validating an unmutated pod', () => {
    expect(validatePod(mustRunAs(), simplePod())).toEqual([{ field: 'spec.containers[0].securityContext.runAsUser', message: 'Required value' }]);
  });

  it('MustRunAsNonRoot sets runAsNonRoot only when runAsNonRoot and runAsUser are both unset', () => {
    expect(mutatePod(nonRoot(), simplePod()).mutations).toEqual([{ field: 'spec.containers[0].securityContext.runAsNonRoot', value: true }]);
    expect(mutatePod(nonRoot(), simplePod({ runAsUser: 1000 })).mutations).toEqual([]);
    expect(mutatePod(nonRoot(), simplePod(undefined, { runAsNonRoot: true })).mutations).toEqual([]);
    expect(mutatePod(nonRoot(), simplePod(undefined, { runAsUser: 1000 })).mutations).toEqual([]);
  });

  it('MustRunAsNonRoot admits runAsUser 1000 without runAsNonRoot', () => {
    expect(admitPod(nonRoot(), simplePod({ runAsUser: 1000 }))).toMatchObject({ allowed: true, mutated: false, errors: [] });
  });

  it('MustRunAsNonRoot refuses runAsNonRoot false and UID 0', () => {
    expect(admitPod(nonRoot(), simplePod({ runAsNonRoot: false })).errors).toEqual([{ field: 'spec.containers[0].securityContext.runAsNonRoot', message: 'must be true' }]);
    expect(admitPod(nonRoot(), simplePod({ runAsUser: 0 })).errors).toEqual([{ field: 'spec.containers[0].securityContext.runAsUser', message: 'running with the root UID is forbidden' }]);
    expect(admitPod(nonRoot(), simplePod({ runAsNonRoot: true }, { runAsUser: 0 })).errors).toEqual([
      { field: 'spec.containers[0].securityContext.runAsUser', message: 'running with the root UID is forbidden' },
    ]);
  });

  it('MustRunAsNonRoot requires runAsNonRoot when validating an unmutated pod', () => {
    expect(validatePod(nonRoot(), simplePod())).toEqual([{ field: 'spec.containers[0].securityContext.runAsNonRoot', message: 'must be true' }]);
  });

  it('RunAsAny admits root and mutates nothing', () => {
    expect(admitPod(makePsp(), simplePod({ runAsUser: 0 }))).toMatchObject({ allowed: true, mutated: false });
  });
});

describe('fsGroup, supplementalGroups, runAsGroup (group/mustrunas.go, mayrunas.go)', () => {
  const mustRunAs = () => makePsp({ supplementalGroups: { rule: 'MustRunAs', ranges: [{ min: 10, max: 20 }] }, fsGroup: { rule: 'MustRunAs', ranges: [{ min: 30, max: 40 }] } });
  const mayRunAs = () => makePsp({ supplementalGroups: { rule: 'MayRunAs', ranges: [{ min: 10, max: 20 }] }, fsGroup: { rule: 'MayRunAs', ranges: [{ min: 30, max: 40 }] } });

  it('MustRunAs defaults both to the first range min', () => {
    const a = admitPod(mustRunAs(), simplePod());
    expect(a.mutations).toEqual([
      { field: 'spec.securityContext.supplementalGroups', value: [10] },
      { field: 'spec.securityContext.fsGroup', value: 30 },
    ]);
    expect(a.allowed).toBe(true);
  });

  it('MayRunAs never mutates, but checks values that are set', () => {
    expect(admitPod(mayRunAs(), simplePod())).toMatchObject({ allowed: true, mutated: false });
    expect(admitPod(mayRunAs(), simplePod(undefined, { fsGroup: 50, supplementalGroups: [15, 99] })).errors).toEqual([
      { field: 'spec.securityContext.fsGroup', message: 'group 50 must be in the ranges: [{30 40}]' },
      { field: 'spec.securityContext.supplementalGroups', message: 'group 99 must be in the ranges: [{10 20}]' },
    ]);
  });

  it('MustRunAs treats an empty supplementalGroups list as set, and refuses it', () => {
    const a = admitPod(mustRunAs(), simplePod(undefined, { supplementalGroups: [] }));
    expect(a.mutations).toEqual([{ field: 'spec.securityContext.fsGroup', value: 30 }]);
    expect(a.errors).toEqual([{ field: 'spec.securityContext.supplementalGroups', message: 'unable to validate empty groups against required ranges' }]);
  });

  it('runAsGroup MustRunAs defaults the container; an absent strategy controls nothing', () => {
    const psp = makePsp({ runAsGroup: { rule: 'MustRunAs', ranges: [{ min: 100, max: 200 }] } });
    expect(mutatePod(psp, simplePod()).mutations).toEqual([{ field: 'spec.containers[0].securityContext.runAsGroup', value: 100 }]);
    expect(mutatePod(psp, simplePod(undefined, { runAsGroup: 150 })).mutations).toEqual([]);
    expect(admitPod(makePsp(), simplePod({ runAsGroup: 0 }))).toMatchObject({ allowed: true, mutated: false });
  });

  it('runAsGroup MayRunAs checks the effective group', () => {
    const psp = makePsp({ runAsGroup: { rule: 'MayRunAs', ranges: [{ min: 100, max: 200 }] } });
    expect(admitPod(psp, simplePod(undefined, { runAsGroup: 5 }))).toMatchObject({
      mutated: false,
      errors: [{ field: 'spec.containers[0].securityContext.runAsGroup', message: 'group 5 must be in the ranges: [{100 200}]' }],
    });
  });
});

describe('SELinux (selinux/mustrunas.go)', () => {
  const psp = () => makePsp({ seLinux: { rule: 'MustRunAs', seLinuxOptions: { type: 'container_t', level: 's0:c1,c2' } } });

  it('MustRunAs sets the pod-level options; containers inherit them', () => {
    const a = admitPod(psp(), simplePod());
    expect(a.mutations).toEqual([{ field: 'spec.securityContext.seLinuxOptions', value: { type: 'container_t', level: 's0:c1,c2' } }]);
    expect(a.allowed).toBe(true);
  });

  it('refuses other options at pod and container level', () => {
    expect(admitPod(psp(), simplePod(undefined, { seLinuxOptions: { type: 'spc_t' } })).errors).toEqual([
      { field: 'spec.securityContext.seLinuxOptions.level', message: 'must be s0:c1,c2' },
      { field: 'spec.securityContext.seLinuxOptions.type', message: 'must be container_t' },
      { field: 'spec.containers[0].securityContext.seLinuxOptions.level', message: 'must be s0:c1,c2' },
      { field: 'spec.containers[0].securityContext.seLinuxOptions.type', message: 'must be container_t' },
    ]);
  });

  it('compares level categories in any order', () => {
    expect(admitPod(psp(), simplePod(undefined, { seLinuxOptions: { type: 'container_t', level: 's0:c2,c1' } }))).toMatchObject({ allowed: true, mutated: false });
  });

  it('requires options when validating an unmutated pod', () => {
    expect(validatePod(psp(), simplePod())).toEqual([
      { field: 'spec.securityContext.seLinuxOptions', message: 'Required value' },
      { field: 'spec.containers[0].securityContext.seLinuxOptions', message: 'Required value' },
    ]);
  });
});

describe('capabilities (capabilities/capabilities.go)', () => {
  const caps = (a: { pod: PodObject }) => (a.pod.spec!['containers'] as { securityContext?: { capabilities?: unknown } }[])[0]!.securityContext?.capabilities;

  it('adds the defaults as a sorted set', () => {
    const a = admitPod(makePsp({ defaultAddCapabilities: ['NET_ADMIN', 'CHOWN'] }), simplePod());
    expect(a.mutations).toEqual([{ field: 'spec.containers[0].securityContext.capabilities', value: { add: ['CHOWN', 'NET_ADMIN'] } }]);
    expect(a.allowed).toBe(true);
  });

  it('merges container adds and skips defaults the container drops', () => {
    const psp = makePsp({ defaultAddCapabilities: ['CHOWN', 'KILL'], allowedCapabilities: ['SYS_TIME'] });
    const a = admitPod(psp, simplePod({ capabilities: { add: ['SYS_TIME'], drop: ['KILL'] } }));
    expect(caps(a)).toEqual({ add: ['CHOWN', 'SYS_TIME'], drop: ['KILL'] });
    expect(a.allowed).toBe(true);
    // Dropping every default leaves nothing to add: the capabilities stay as written.
    expect(mutatePod(makePsp({ defaultAddCapabilities: ['CHOWN'] }), simplePod({ capabilities: { drop: ['CHOWN'] } })).mutations).toEqual([]);
  });

  it('adds the required drops', () => {
    const psp = makePsp({ requiredDropCapabilities: ['ALL'] });
    expect(caps(admitPod(psp, simplePod()))).toEqual({ drop: ['ALL'] });
    expect(caps(admitPod(psp, simplePod({ capabilities: { drop: ['NET_RAW'] } })))).toEqual({ drop: ['ALL', 'NET_RAW'] });
    expect(mutatePod(psp, simplePod({ capabilities: { drop: ['ALL'] } })).mutations).toEqual([]);
  });

  it('keeps the original order when nothing is added', () => {
    const a = admitPod(makePsp({ defaultAddCapabilities: ['CHOWN'], allowedCapabilities: ['KILL'] }), simplePod({ capabilities: { add: ['KILL', 'CHOWN'] } }));
    expect(a).toMatchObject({ allowed: true, mutated: false });
    expect(caps(a)).toEqual({ add: ['KILL', 'CHOWN'] });
  });

  it('refuses adds outside defaultAdd and allowed, unless * is allowed', () => {
    expect(admitPod(makePsp(), simplePod({ capabilities: { add: ['SYS_ADMIN'] } })).errors).toEqual([
      { field: 'spec.containers[0].securityContext.capabilities.add', message: 'capability may not be added: SYS_ADMIN' },
    ]);
    expect(admitPod(makePsp({ allowedCapabilities: ['*'] }), simplePod({ capabilities: { add: ['SYS_ADMIN'] } })).allowed).toBe(true);
  });

  it('checks required drops and missing capabilities when validating an unmutated pod', () => {
    const psp = makePsp({ requiredDropCapabilities: ['ALL'] });
    expect(validatePod(psp, simplePod({ capabilities: { drop: ['NET_RAW'] } }))).toEqual([
      { field: 'spec.containers[0].securityContext.capabilities.drop', message: 'ALL is required to be dropped but was not found' },
    ]);
    expect(validatePod(psp, simplePod())).toEqual([{ field: 'spec.containers[0].securityContext.capabilities', message: 'required capabilities are not set on the securityContext' }]);
  });
});

describe('allowPrivilegeEscalation (provider.go mutateContainer / validateContainer)', () => {
  const ape = (v?: boolean) => simplePod(v === undefined ? undefined : { allowPrivilegeEscalation: v });
  const APE = 'spec.containers[0].securityContext.allowPrivilegeEscalation';

  it('PSP false: unset becomes false, true is refused, false passes', () => {
    const psp = makePsp({ allowPrivilegeEscalation: false });
    expect(admitPod(psp, ape())).toMatchObject({ allowed: true, mutations: [{ field: APE, value: false }] });
    expect(admitPod(psp, ape(true))).toMatchObject({ mutated: false, errors: [{ field: APE, message: 'Allowing privilege escalation for containers is not allowed' }] });
    expect(admitPod(psp, ape(false))).toMatchObject({ allowed: true, mutated: false });
    expect(validatePod(psp, ape())).toEqual([{ field: APE, message: 'Allowing privilege escalation for containers is not allowed' }]);
  });

  it('PSP true with a default: only unset containers get the default', () => {
    const psp = makePsp({ defaultAllowPrivilegeEscalation: false });
    expect(admitPod(psp, ape())).toMatchObject({ allowed: true, mutations: [{ field: APE, value: false }] });
    expect(admitPod(psp, ape(true))).toMatchObject({ allowed: true, mutated: false });
    expect(admitPod(makePsp({ defaultAllowPrivilegeEscalation: true }), ape())).toMatchObject({ allowed: true, mutations: [{ field: APE, value: true }] });
  });

  it('PSP true (the API default) without a default mutates nothing', () => {
    expect(admitPod(makePsp(), ape())).toMatchObject({ allowed: true, mutated: false });
    expect(admitPod(makePsp(), ape(true))).toMatchObject({ allowed: true, mutated: false });
  });
});

describe('readOnlyRootFilesystem, privileged, procMount', () => {
  const ROFS = 'spec.containers[0].securityContext.readOnlyRootFilesystem';

  it('readOnlyRootFilesystem: unset becomes true, false is refused', () => {
    const psp = makePsp({ readOnlyRootFilesystem: true });
    expect(admitPod(psp, simplePod())).toMatchObject({ allowed: true, mutations: [{ field: ROFS, value: true }] });
    expect(admitPod(psp, simplePod({ readOnlyRootFilesystem: false })).errors).toEqual([{ field: ROFS, message: 'ReadOnlyRootFilesystem must be set to true' }]);
    expect(validatePod(psp, simplePod())).toEqual([{ field: ROFS, message: 'ReadOnlyRootFilesystem may not be nil and must be set to true' }]);
  });

  it('privileged containers need a privileged PSP', () => {
    expect(admitPod(makePsp(), simplePod({ privileged: true })).errors).toEqual([
      { field: 'spec.containers[0].securityContext.privileged', message: 'Privileged containers are not allowed' },
    ]);
    expect(admitPod(makePsp({ privileged: true }), simplePod({ privileged: true })).allowed).toBe(true);
  });

  it('procMount: an empty list means [Default]; unset reads as Default', () => {
    expect(admitPod(makePsp(), simplePod({ procMount: 'Unmasked' })).errors).toEqual([
      { field: 'spec.containers[0].securityContext.procMount', message: 'ProcMountType is not allowed: Unmasked' },
    ]);
    expect(admitPod(makePsp({ allowedProcMountTypes: ['Default', 'Unmasked'] }), simplePod({ procMount: 'Unmasked' })).allowed).toBe(true);
    expect(admitPod(makePsp({ allowedProcMountTypes: ['Unmasked'] }), simplePod()).errors).toEqual([
      { field: 'spec.containers[0].securityContext.procMount', message: 'ProcMountType is not allowed: Default' },
    ]);
  });
});

describe('seccomp (seccomp/strategy.go)', () => {
  const withAllowed = (allowed: string, extra: Record<string, string> = {}) => makePsp({}, { annotations: { [SECCOMP_ALLOWED]: allowed, ...extra } });

  it('no allowedProfileNames annotation: only an unset profile', () => {
    expect(admitPod(makePsp(), simplePod()).allowed).toBe(true);
    expect(admitPod(makePsp(), simplePod(undefined, undefined, { [SECCOMP_POD]: 'runtime/default' })).errors).toEqual([
      { field: SECCOMP_POD_FIELD, message: 'seccomp may not be set' },
      { field: seccompContainerField('app'), message: 'seccomp may not be set' },
    ]);
  });

  it('a pod-level seccompProfile field is written to the annotation in the mutating phase, and validated', () => {
    const pod = simplePod(undefined, { seccompProfile: { type: 'RuntimeDefault' } });
    const refused = admitPod(makePsp(), pod);
    expect(refused.mutations).toEqual([{ field: SECCOMP_POD_FIELD, value: 'runtime/default' }]);
    expect(refused.errors).toEqual([
      { field: SECCOMP_POD_FIELD, message: 'seccomp may not be set' },
      { field: 'spec.securityContext.seccompProfile', message: 'seccomp may not be set' },
    ]);
    expect(admitPod(withAllowed('runtime/default'), pod)).toMatchObject({ allowed: true, mutated: true });
  });

  it('without a trailing comma an unset profile is refused', () => {
    expect(admitPod(withAllowed('runtime/default'), simplePod()).errors).toEqual([
      { field: SECCOMP_POD_FIELD, message: ' is not an allowed seccomp profile. Valid values are runtime/default' },
      { field: seccompContainerField('app'), message: ' is not an allowed seccomp profile. Valid values are runtime/default' },
    ]);
  });

  it('a trailing comma allows an unset profile', () => {
    expect(admitPod(withAllowed('runtime/default,'), simplePod()).allowed).toBe(true);
  });

  it('* allows any profile, and unset', () => {
    expect(admitPod(withAllowed('*'), simplePod(undefined, undefined, { [SECCOMP_POD]: 'unconfined' })).allowed).toBe(true);
    expect(admitPod(withAllowed('*'), simplePod()).allowed).toBe(true);
  });

  it('docker/default and runtime/default stand for each other', () => {
    expect(admitPod(withAllowed('runtime/default'), simplePod(undefined, undefined, { [SECCOMP_POD]: 'docker/default' })).allowed).toBe(true);
    expect(admitPod(withAllowed('docker/default'), simplePod(undefined, { seccompProfile: { type: 'RuntimeDefault' } })).allowed).toBe(true);
  });

  it('defaultProfileName sets the pod annotation only when the pod has no profile', () => {
    const psp = withAllowed('runtime/default', { [SECCOMP_DEFAULT]: 'runtime/default' });
    expect(admitPod(psp, simplePod())).toMatchObject({ allowed: true, mutations: [{ field: SECCOMP_POD_FIELD, value: 'runtime/default' }] });
    expect(admitPod(psp, simplePod(undefined, undefined, { [SECCOMP_POD]: 'runtime/default' }))).toMatchObject({ allowed: true, mutated: false });
  });

  it('a container profile overrides the pod profile', () => {
    const psp = withAllowed('runtime/default');
    const pod = simplePod(undefined, undefined, { [SECCOMP_POD]: 'runtime/default', 'container.seccomp.security.alpha.kubernetes.io/app': 'unconfined' });
    expect(admitPod(psp, pod).errors).toEqual([{ field: seccompContainerField('app'), message: 'unconfined is not an allowed seccomp profile. Valid values are runtime/default' }]);
    const localhost = simplePod({ seccompProfile: { type: 'Localhost', localhostProfile: 'prof.json' } });
    expect(admitPod(withAllowed('localhost/prof.json,'), localhost).allowed).toBe(true);
    // Without the trailing comma the unset pod-level profile is refused even though the container sets one.
    expect(fieldsOf(admitPod(withAllowed('localhost/prof.json'), localhost).errors)).toEqual([SECCOMP_POD_FIELD]);
  });
});

describe('AppArmor (apparmor/strategy.go)', () => {
  const KEY = appArmorKey('app');
  const FIELD = `metadata.annotations[${KEY}]`;

  it('no allowedProfileNames annotation allows anything, unconfined included', () => {
    expect(admitPod(makePsp(), simplePod(undefined, undefined, { [KEY]: 'unconfined' })).allowed).toBe(true);
    expect(admitPod(makePsp(), simplePod()).allowed).toBe(true);
  });

  it('with the annotation a profile must be set, even with a trailing comma', () => {
    const psp = makePsp({}, { annotations: { [APPARMOR_ALLOWED]: 'runtime/default' } });
    expect(admitPod(psp, simplePod()).errors).toEqual([{ field: FIELD, message: 'AppArmor profile must be set' }]);
    expect(admitPod(psp, simplePod(undefined, undefined, { [KEY]: 'runtime/default' })).allowed).toBe(true);
    expect(admitPod(psp, simplePod(undefined, undefined, { [KEY]: 'unconfined' })).errors).toEqual([
      { field: FIELD, message: 'unconfined is not an allowed profile. Allowed values: "runtime/default"' },
    ]);
    const trailing = makePsp({}, { annotations: { [APPARMOR_ALLOWED]: 'runtime/default,' } });
    expect(admitPod(trailing, simplePod()).errors).toEqual([{ field: FIELD, message: 'AppArmor profile must be set' }]);
  });

  it('defaultProfileName annotates each container that has no profile', () => {
    const psp = makePsp({}, { annotations: { [APPARMOR_ALLOWED]: 'runtime/default,localhost/x', [APPARMOR_DEFAULT]: 'runtime/default' } });
    const pod = podOf({ initContainers: [container({}, 'init')], containers: [container({}, 'app'), container({}, 'side')] }, { [appArmorKey('side')]: 'localhost/x' });
    const a = admitPod(psp, pod);
    expect(a.mutations).toEqual([
      { field: `metadata.annotations[${appArmorKey('init')}]`, value: 'runtime/default' },
      { field: FIELD, value: 'runtime/default' },
    ]);
    expect(a.allowed).toBe(true);
  });
});

describe('host namespaces, host ports, sysctls', () => {
  it('host namespaces', () => {
    const pod = podOf({ hostNetwork: true, hostPID: true, hostIPC: true, containers: [container()] });
    expect(admitPod(makePsp(), pod).errors).toEqual([
      { field: 'spec.hostNetwork', message: 'Host network is not allowed to be used' },
      { field: 'spec.hostPID', message: 'Host PID is not allowed to be used' },
      { field: 'spec.hostIPC', message: 'Host IPC is not allowed to be used' },
    ]);
    expect(admitPod(makePsp({ hostNetwork: true, hostPID: true, hostIPC: true }), pod).allowed).toBe(true);
  });

  it('host ports must be in a range', () => {
    const pod = (hostPort: number) => podOf({ containers: [container({ ports: [{ containerPort: 80, hostPort }] })] });
    expect(admitPod(makePsp(), pod(1)).errors).toEqual([{ field: 'spec.containers[0].ports[0].hostPort', message: 'Host port 1 is not allowed to be used. Allowed ports: []' }]);
    const ranged = makePsp({ hostPorts: [{ min: 80, max: 80 }, { min: 8000, max: 9000 }] });
    expect(admitPod(ranged, pod(8080)).allowed).toBe(true);
    expect(admitPod(ranged, pod(81)).errors[0]?.message).toBe('Host port 81 is not allowed to be used. Allowed ports: [80,8000-9000]');
    expect(admitPod(makePsp(), podOf({ containers: [container({ ports: [{ containerPort: 80 }] })] })).allowed).toBe(true);
  });

  it('a hostNetwork pod uses its container ports as host ports', () => {
    const pod = podOf({ hostNetwork: true, containers: [container({ ports: [{ containerPort: 8080 }] })] });
    expect(admitPod(makePsp({ hostNetwork: true }), pod).errors).toEqual([
      { field: 'spec.containers[0].ports[0].hostPort', message: 'Host port 8080 is not allowed to be used. Allowed ports: []' },
    ]);
  });

  it('sysctls: forbidden first, then the safe set, then allowedUnsafeSysctls', () => {
    const sysctls = ['kernel.shm_rmid_forced', 'net.ipv4.ip_unprivileged_port_start', 'net.core.somaxconn', 'kernel.msgmax'].map((name) => ({ name, value: '1' }));
    const pod = simplePod(undefined, { sysctls });
    expect(admitPod(makePsp(), pod).errors).toEqual([
      { field: 'spec.securityContext.sysctls[2]', message: 'unsafe sysctl "net.core.somaxconn" is not allowed' },
      { field: 'spec.securityContext.sysctls[3]', message: 'unsafe sysctl "kernel.msgmax" is not allowed' },
    ]);
    expect(admitPod(makePsp({ allowedUnsafeSysctls: ['net.core.*', 'kernel.msgmax'] }), pod).allowed).toBe(true);
    expect(admitPod(makePsp({ forbiddenSysctls: ['kernel.*'], allowedUnsafeSysctls: ['net.core.*'] }), pod).errors).toEqual([
      { field: 'spec.securityContext.sysctls[0]', message: 'sysctl "kernel.shm_rmid_forced" is not allowed' },
      { field: 'spec.securityContext.sysctls[3]', message: 'sysctl "kernel.msgmax" is not allowed' },
    ]);
  });
});

describe('volumes (provider.go validatePodVolumes, util.go)', () => {
  const withVolume = (volume: Record<string, unknown>, mounts: Record<string, unknown>[] = [], initMounts?: Record<string, unknown>[]) =>
    podOf({
      volumes: [{ name: 'v', ...volume }],
      ...(initMounts ? { initContainers: [container({ volumeMounts: initMounts }, 'init')] } : {}),
      containers: [container({ volumeMounts: mounts })],
    });

  it('the volume type must be listed, or *', () => {
    expect(admitPod(makePsp({ volumes: ['configMap'] }), withVolume({ secret: { secretName: 's' } })).errors).toEqual([
      { field: 'spec.volumes[0]', message: 'secret volumes are not allowed to be used' },
    ]);
    expect(admitPod(makePsp({ volumes: ['*'] }), withVolume({ hostPath: { path: '/etc' } })).allowed).toBe(true);
    expect(admitPod(makePsp({ volumes: ['cephFS'] }), withVolume({ cephfs: { monitors: ['m'] } })).allowed).toBe(true);
  });

  it('detects the type in upstream order, and a volume without a source is an emptyDir', () => {
    expect(admitPod(makePsp({ volumes: ['emptyDir'] }), withVolume({ hostPath: { path: '/x' }, emptyDir: {} })).errors).toEqual([
      { field: 'spec.volumes[0]', message: 'hostPath volumes are not allowed to be used' },
    ]);
    expect(admitPod(makePsp({ volumes: ['emptyDir'] }), withVolume({})).allowed).toBe(true);
    expect(admitPod(makePsp({ volumes: ['configMap'] }), withVolume({})).errors[0]?.message).toBe('emptyDir volumes are not allowed to be used');
  });

  it('allowedHostPaths match on path segment boundaries', () => {
    const psp = makePsp({ allowedHostPaths: [{ pathPrefix: '/foo' }] });
    for (const path of ['/foo', '/foo/', '/foo/bar']) expect(admitPod(psp, withVolume({ hostPath: { path } })).allowed).toBe(true);
    expect(admitPod(psp, withVolume({ hostPath: { path: '/foobar' } })).errors).toEqual([{ field: 'spec.volumes[0].hostPath.path', message: '/foobar is not allowed to be used' }]);
  });

  it('a readOnly prefix requires every mount of the volume to be readOnly', () => {
    const psp = makePsp({ allowedHostPaths: [{ pathPrefix: '/data', readOnly: true }] });
    const ro = { name: 'v', mountPath: '/d', readOnly: true };
    const rw = { name: 'v', mountPath: '/d' };
    expect(admitPod(psp, withVolume({ hostPath: { path: '/data/x' } }, [ro], [ro])).allowed).toBe(true);
    expect(admitPod(psp, withVolume({ hostPath: { path: '/data/x' } }, [ro, { name: 'other', mountPath: '/o' }], [rw])).errors).toEqual([
      { field: 'spec.initContainers[0].volumeMounts[0].readOnly', message: 'must be read-only' },
    ]);
    const mixed = makePsp({ allowedHostPaths: [{ pathPrefix: '/data', readOnly: true }, { pathPrefix: '/data/rw' }] });
    expect(admitPod(mixed, withVolume({ hostPath: { path: '/data/rw/x' } }, [rw])).allowed).toBe(true);
  });

  it('flexVolume and CSI driver lists', () => {
    const flex = makePsp({ allowedFlexVolumes: [{ driver: 'example/lvm' }] });
    expect(admitPod(flex, withVolume({ flexVolume: { driver: 'example/lvm' } })).allowed).toBe(true);
    expect(admitPod(flex, withVolume({ flexVolume: { driver: 'example/nfs' } })).errors).toEqual([
      { field: 'spec.volumes[0].flexVolume.driver', message: 'Flexvolume driver is not allowed to be used: example/nfs' },
    ]);
    const csi = makePsp({ allowedCSIDrivers: [{ name: 'csi.example.com' }] });
    expect(admitPod(csi, withVolume({ csi: { driver: 'csi.example.com' } })).allowed).toBe(true);
    expect(admitPod(csi, withVolume({ csi: { driver: 'other' } })).errors).toEqual([{ field: 'spec.volumes[0].csi.driver', message: 'Inline CSI driver is not allowed to be used: other' }]);
  });

  it('a projected service account token counts as a secret volume', () => {
    const token = {
      projected: {
        sources: [
          { serviceAccountToken: { path: 'token', expirationSeconds: 3607 } },
          { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
          { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
        ],
      },
    };
    expect(admitPod(makePsp({ volumes: ['secret'] }), withVolume(token)).allowed).toBe(true);
    const other = { projected: { sources: [{ configMap: { name: 'app-config' } }] } };
    expect(admitPod(makePsp({ volumes: ['secret'] }), withVolume(other)).errors[0]?.message).toBe('projected volumes are not allowed to be used');
  });
});

describe('runtimeClass (provider.go validateRuntimeClassName)', () => {
  const psp = makePsp({ runtimeClass: { allowedRuntimeClassNames: ['gvisor'], defaultRuntimeClassName: 'gvisor' } });

  it('defaults an unset runtimeClassName', () => {
    expect(admitPod(psp, simplePod())).toMatchObject({ allowed: true, mutations: [{ field: 'spec.runtimeClassName', value: 'gvisor' }] });
  });

  it('refuses a class outside the list; * allows any; no runtimeClass strategy allows any', () => {
    const kata = podOf({ runtimeClassName: 'kata', containers: [container()] });
    expect(fieldsOf(admitPod(psp, kata).errors)).toEqual(['spec.runtimeClassName']);
    expect(admitPod(makePsp({ runtimeClass: { allowedRuntimeClassNames: ['*'] } }), kata)).toMatchObject({ allowed: true, mutated: false });
    expect(admitPod(makePsp(), kata).allowed).toBe(true);
  });
});

describe('ephemeral containers', () => {
  it('are validated but not mutated', () => {
    const psp = makePsp({ runAsUser: { rule: 'MustRunAs', ranges: [{ min: 1000, max: 2000 }] } });
    const pod = podOf({ containers: [container()], ephemeralContainers: [container({ securityContext: { privileged: true } }, 'debug')] });
    const a = admitPod(psp, pod);
    expect(a.mutations).toEqual([{ field: 'spec.containers[0].securityContext.runAsUser', value: 1000 }]);
    expect(a.errors).toEqual([
      { field: 'spec.ephemeralContainers[0].securityContext.runAsUser', message: 'Required value' },
      { field: 'spec.ephemeralContainers[0].securityContext.privileged', message: 'Privileged containers are not allowed' },
    ]);
  });
});

describe('unusable PSPs', () => {
  it('admit nothing and mutate nothing', () => {
    const psp = makePsp({ runAsUser: { rule: 'MustRunAs' } });
    expect(psp.unusable).not.toHaveLength(0);
    const a = admitPod(psp, simplePod());
    expect(a).toMatchObject({ allowed: false, mutated: false, mutations: [] });
    expect(a.errors[0]?.message).toContain('MustRunAs without ranges');
    expect(mutatePod(psp, simplePod()).mutations).toEqual([]);
    expect(validatePod(psp, simplePod())).toEqual(a.errors);
  });
});

describe('choosePsp (admission.go computeSecurityContext)', () => {
  const mutating = (name: string) => makePsp({ runAsUser: { rule: 'MustRunAs', ranges: [{ min: 1000, max: 2000 }] } }, { name });
  const permissive = (name: string) => makePsp({}, { name });
  const refusing = (name: string) => makePsp({ volumes: [] }, { name });
  const pod = podOf({ volumes: [{ name: 'v', emptyDir: {} }], containers: [container()] });

  it('prefers a non-mutating PSP over an alphabetically earlier mutating one', () => {
    const { chosen, tried } = choosePsp([permissive('z-privileged'), mutating('a-mutating')], pod);
    expect(chosen?.psp).toBe('z-privileged');
    expect(tried.map((a) => [a.psp, a.allowed, a.mutated])).toEqual([
      ['a-mutating', true, true],
      ['z-privileged', true, false],
    ]);
  });

  it('takes the first mutating PSP by name when none admits the pod as is', () => {
    expect(choosePsp([mutating('b'), refusing('a'), mutating('c')], pod).chosen?.psp).toBe('b');
    expect(choosePsp([permissive('d'), permissive('c')], pod).chosen?.psp).toBe('c');
  });

  it('skips mutating PSPs when mutation is not allowed', () => {
    expect(choosePsp([mutating('a'), mutating('b')], pod, { mutationAllowed: false }).chosen).toBeUndefined();
    expect(choosePsp([mutating('a'), permissive('b')], pod, { mutationAllowed: false }).chosen?.psp).toBe('b');
  });

  it('chooses nothing when no PSP admits the pod; unusable PSPs are tried and refuse', () => {
    const { chosen, tried } = choosePsp([refusing('a'), makePsp({ fsGroup: { rule: 'MustRunAs' } }, { name: 'b' })], pod);
    expect(chosen).toBeUndefined();
    expect(tried.map((a) => a.allowed)).toEqual([false, false]);
    expect(tried[0]!.errors).toEqual([{ field: 'spec.volumes[0]', message: 'emptyDir volumes are not allowed to be used' }]);
  });
});

describe('odd input', () => {
  it('never throws on malformed pods', () => {
    const psp = makePsp({ runAsUser: { rule: 'MustRunAsNonRoot' }, defaultAddCapabilities: ['CHOWN'], allowedHostPaths: [{ pathPrefix: '/x', readOnly: true }] }, { annotations: { [APPARMOR_DEFAULT]: 'runtime/default' } });
    const odd: unknown[] = [
      {},
      { spec: null },
      { metadata: 'x', spec: { containers: 'x' } },
      { metadata: { annotations: 5 }, spec: { securityContext: 'x', containers: [null, 5, { securityContext: 'x' }, { name: 3, securityContext: { capabilities: 'x' } }] } },
      { spec: { volumes: [null, { hostPath: 'x' }, { hostPath: { path: 7 } }], containers: [{ volumeMounts: [null, { name: 'v' }], ports: 'x' }] } },
      { spec: { securityContext: { sysctls: [null, {}, { name: 5 }], supplementalGroups: ['a', 1] }, containers: [] } },
    ];
    for (const pod of odd) expect(() => admitPod(psp, pod as PodObject)).not.toThrow();
    const { pod: out } = mutatePod(psp, { metadata: { annotations: {} }, spec: { containers: [{ name: 'a', securityContext: 'x' }] } });
    expect(out.spec!['containers']).toEqual([{ name: 'a', securityContext: { runAsNonRoot: true, capabilities: { add: ['CHOWN'] } } }]);
  });

  it('keeps a __proto__ key as data', () => {
    const pod = JSON.parse('{"spec":{"containers":[{"name":"a","__proto__":{"x":1}}]}}') as PodObject;
    const { pod: out } = mutatePod(makePsp(), pod);
    expect(Object.getPrototypeOf((out.spec!['containers'] as object[])[0])).toBe(Object.prototype);
  });
});

// ---------------------------------------------------------------- properties

const CAPS = ['CHOWN', 'KILL', 'NET_RAW', 'SYS_ADMIN', 'NET_BIND_SERVICE', 'ALL'];
const securityContext = fc.record(
  {
    runAsUser: fc.constantFrom(0, 1000, 1500),
    runAsNonRoot: fc.boolean(),
    runAsGroup: fc.constantFrom(0, 100, 2500),
    privileged: fc.boolean(),
    allowPrivilegeEscalation: fc.boolean(),
    readOnlyRootFilesystem: fc.boolean(),
    capabilities: fc.record({ add: fc.subarray(CAPS), drop: fc.subarray(CAPS) }, { requiredKeys: [] }),
    seLinuxOptions: fc.record({ type: fc.constantFrom('container_t', 'spc_t') }),
    seccompProfile: fc.constantFrom({ type: 'RuntimeDefault' }, { type: 'Unconfined' }, { type: 'Localhost', localhostProfile: 'prof.json' }),
  },
  { requiredKeys: [] },
);
const arbContainer = (name: string) => fc.record({ name: fc.constant(name), image: fc.constant('x'), securityContext: securityContext }, { requiredKeys: ['name', 'image'] });
const arbPod: fc.Arbitrary<PodObject> = fc
  .record({
    annotations: fc.dictionary(
      fc.constantFrom(SECCOMP_POD, 'container.seccomp.security.alpha.kubernetes.io/app', appArmorKey('app'), appArmorKey('init')),
      fc.constantFrom('runtime/default', 'unconfined', 'localhost/prof.json', ''),
    ),
    podSC: fc.record(
      {
        runAsUser: fc.constantFrom(0, 1000),
        runAsNonRoot: fc.boolean(),
        fsGroup: fc.constantFrom(0, 50),
        supplementalGroups: fc.subarray([1, 50, 3000]),
        seLinuxOptions: fc.record({ type: fc.constantFrom('container_t', 'spc_t') }),
        seccompProfile: fc.constantFrom({ type: 'RuntimeDefault' }, { type: 'Unconfined' }),
      },
      { requiredKeys: [] },
    ),
    init: fc.option(arbContainer('init'), { nil: undefined }),
    app: arbContainer('app'),
    runtimeClassName: fc.option(fc.constantFrom('gvisor', 'kata'), { nil: undefined }),
  })
  .map(({ annotations, podSC, init, app, runtimeClassName }) => ({
    metadata: { annotations },
    spec: { securityContext: podSC, ...(init ? { initContainers: [init] } : {}), containers: [app], ...(runtimeClassName ? { runtimeClassName } : {}) },
  }));
const arbPsp = rawPsp.map(modelOf).filter((p): p is PodSecurityPolicy => p !== undefined);

describe('properties', () => {
  it('mutations are empty exactly when the pod is unchanged, and mutating twice changes nothing more', () => {
    fc.assert(
      fc.property(arbPsp, arbPod, (psp, pod) => {
        const first = mutatePod(psp, pod);
        expect(first.mutations.length === 0).toBe(JSON.stringify(first.pod) === JSON.stringify(pod));
        expect(mutatePod(psp, first.pod).mutations).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('admitPod agrees with validatePod on the mutated pod and never touches its input', () => {
    fc.assert(
      fc.property(arbPsp, arbPod, (psp, pod) => {
        const before = structuredClone(pod);
        const a = admitPod(psp, pod);
        expect(pod).toEqual(before);
        expect(a.errors).toEqual(validatePod(psp, a.pod));
        expect(a.allowed).toBe(a.errors.length === 0);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on arbitrary JSON', () => {
    fc.assert(
      fc.property(arbPsp, fc.jsonValue(), fc.jsonValue(), (psp, spec, metadata) => {
        const pod = { metadata, spec } as unknown as PodObject;
        admitPod(psp, pod);
        choosePsp([psp], pod);
      }),
      { numRuns: 300 },
    );
  });
});
