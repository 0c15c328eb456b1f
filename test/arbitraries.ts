/**
 * fast-check arbitraries for PodSecurityPolicies (as raw manifests, read
 * through the real model so the API server's validation applies) and for pods
 * shaped as a v1.19–v1.24 API server stored them.
 */
import fc from 'fast-check';
import { InputError } from '../src/input/errors.js';
import { SourceMapBuilder } from '../src/input/source-map.js';
import { readPodSecurityPolicy } from '../src/model/psp.js';
import type { PodSecurityPolicy } from '../src/model/types.js';

export type RawPsp = { apiVersion: string; kind: string; metadata: { name: string; annotations: Record<string, string> }; spec: Record<string, unknown> };

const CAPS = ['NET_BIND_SERVICE', 'CHOWN', 'KILL', 'NET_RAW', 'SYS_ADMIN', 'AUDIT_WRITE', 'ALL'];
const VOLUMES = ['configMap', 'secret', 'emptyDir', 'projected', 'downwardAPI', 'persistentVolumeClaim', 'csi', 'ephemeral', 'nfs', 'hostPath', 'flexVolume', 'gitRepo'];
const SECCOMP = ['runtime/default', 'docker/default', 'localhost/prof.json', 'unconfined', '*', ''];
const APPARMOR = ['runtime/default', 'localhost/k8s-prof', 'unconfined', '*'];
const SELINUX_TYPES = ['container_t', 'container_init_t', 'spc_t', 'container_engine_t'];

const subset = <T>(items: readonly T[]) => fc.subarray([...items]);
const range = (lo: number, hi: number) => fc.tuple(fc.integer({ min: lo, max: hi }), fc.integer({ min: 0, max: 3000 })).map(([min, span]) => ({ min, max: min + span }));

const groupStrategy = (rules: string[]) =>
  fc.oneof(
    fc.constant({ rule: 'RunAsAny' }),
    fc.record({ rule: fc.constantFrom(...rules), ranges: fc.array(range(0, 3000), { minLength: 1, maxLength: 2 }) }),
  );

/** Mostly the restricted column's value, so that levels other than privileged are common. */
const biased = (restricted: fc.Arbitrary<unknown>, other: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> => fc.oneof({ weight: 9, arbitrary: restricted }, { weight: 1, arbitrary: other });
const RESTRICTED_VOLUMES = ['configMap', 'secret', 'emptyDir', 'projected', 'downwardAPI', 'persistentVolumeClaim', 'csi', 'ephemeral'];

export const rawPsp: fc.Arbitrary<RawPsp> = fc
  .record({
    privileged: biased(fc.constant(false), fc.boolean()),
    defaultAddCapabilities: biased(fc.constant([]), subset(CAPS.filter((c) => c !== 'ALL'))),
    allowedCapabilities: biased(subset(['NET_BIND_SERVICE']), fc.oneof(subset(CAPS.filter((c) => c !== 'ALL')), fc.constant(['*']))),
    requiredDropCapabilities: biased(fc.constant(['ALL']), subset(CAPS)),
    volumes: biased(subset(RESTRICTED_VOLUMES), fc.oneof({ weight: 5, arbitrary: subset(VOLUMES) }, { weight: 1, arbitrary: fc.constant(['*']) })),
    hostNetwork: biased(fc.constant(false), fc.boolean()),
    hostPID: biased(fc.constant(false), fc.boolean()),
    hostIPC: biased(fc.constant(false), fc.boolean()),
    hostPorts: biased(fc.constant([]), fc.array(fc.oneof(fc.constant({ min: 0, max: 0 }), range(1, 9000)), { maxLength: 2 })),
    seLinux: biased(
      fc.constant({ rule: 'MustRunAs', seLinuxOptions: { type: 'container_t' } }),
      fc.oneof(
        fc.constant({ rule: 'RunAsAny' }),
        fc.record({ rule: fc.constant('MustRunAs'), seLinuxOptions: fc.record({ type: fc.constantFrom(...SELINUX_TYPES), level: fc.constantFrom('', 's0:c1,c2') }, { requiredKeys: [] }) }),
      ),
    ),
    runAsUser: biased(fc.constant({ rule: 'MustRunAsNonRoot' }), fc.oneof(fc.constant({ rule: 'RunAsAny' }), fc.record({ rule: fc.constant('MustRunAs'), ranges: fc.array(range(0, 2000), { minLength: 1, maxLength: 2 }) }))),
    runAsGroup: fc.option(groupStrategy(['MustRunAs', 'MayRunAs']), { nil: undefined }),
    supplementalGroups: groupStrategy(['MustRunAs', 'MayRunAs']),
    fsGroup: groupStrategy(['MustRunAs', 'MayRunAs']),
    readOnlyRootFilesystem: fc.boolean(),
    defaultAllowPrivilegeEscalation: fc.option(fc.boolean(), { nil: undefined }),
    allowPrivilegeEscalation: biased(fc.constant(false), fc.option(fc.boolean(), { nil: undefined })),
    allowedHostPaths: fc.array(fc.record({ pathPrefix: fc.constantFrom('/var/log', '/data', '/'), readOnly: fc.boolean() }), { maxLength: 2 }),
    allowedUnsafeSysctls: biased(fc.constant([]), subset(['net.core.somaxconn', 'kernel.msg*'])),
    forbiddenSysctls: subset(['kernel.shm_rmid_forced']),
    allowedProcMountTypes: biased(subset(['Default']), subset(['Default', 'Unmasked'])),
    runtimeClass: fc.option(fc.record({ allowedRuntimeClassNames: subset(['gvisor', 'kata', '*']) }), { nil: undefined }),
  }, { requiredKeys: ['seLinux', 'runAsUser', 'supplementalGroups', 'fsGroup'] })
  .chain((spec) =>
    fc
      .record({
        seccompAllowed: fc.oneof({ weight: 9, arbitrary: fc.constantFrom('runtime/default', 'runtime/default,localhost/prof.json') }, { weight: 1, arbitrary: fc.option(subset(SECCOMP).map((l) => l.join(',')), { nil: undefined }) }),
        seccompDefault: fc.option(fc.constantFrom('runtime/default', 'unconfined'), { nil: undefined }),
        appArmorAllowed: fc.oneof({ weight: 9, arbitrary: fc.constant('runtime/default') }, { weight: 1, arbitrary: fc.option(fc.subarray(APPARMOR, { minLength: 1 }).map((l) => l.join(',')), { nil: undefined }) }),
        appArmorDefault: fc.option(fc.constant('runtime/default'), { nil: undefined }),
      })
      .map(({ seccompAllowed, seccompDefault, appArmorAllowed, appArmorDefault }) => {
        const annotations: Record<string, string> = {};
        if (seccompAllowed !== undefined) annotations['seccomp.security.alpha.kubernetes.io/allowedProfileNames'] = seccompAllowed;
        if (seccompDefault !== undefined) annotations['seccomp.security.alpha.kubernetes.io/defaultProfileName'] = seccompDefault;
        if (appArmorAllowed !== undefined) annotations['apparmor.security.beta.kubernetes.io/allowedProfileNames'] = appArmorAllowed;
        if (appArmorDefault !== undefined) annotations['apparmor.security.beta.kubernetes.io/defaultProfileName'] = appArmorDefault;
        const clean = Object.fromEntries(Object.entries(spec).filter(([, v]) => v !== undefined));
        return { apiVersion: 'policy/v1beta1', kind: 'PodSecurityPolicy', metadata: { name: 'generated', annotations }, spec: clean };
      }),
  );

/** The model of a raw PSP, or undefined when the API server would reject it. */
export function modelOf(raw: RawPsp): PodSecurityPolicy | undefined {
  try {
    const { psp, problems } = readPodSecurityPolicy({ apiVersion: raw.apiVersion, kind: raw.kind, value: raw as unknown as Record<string, unknown>, pos: { file: 'generated', line: 1, col: 1 }, map: new SourceMapBuilder().build('generated') });
    return problems.length === 0 ? psp : undefined;
  } catch (err) {
    if (err instanceof InputError) return undefined;
    throw err;
  }
}
