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
const APPARMOR = ['runtime/default', 'localhost/k8s-prof', 'unconfined'];
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
    allowedHostPaths: fc.array(fc.record({ pathPrefix: fc.constantFrom('/var/log', '/data', '/', '/var/log/'), readOnly: fc.boolean() }), { maxLength: 2 }),
    allowedFlexVolumes: fc.array(fc.record({ driver: fc.constantFrom('example/lvm', 'example/nfs') }), { maxLength: 2 }),
    allowedCSIDrivers: fc.array(fc.record({ name: fc.constantFrom('csi.example.com', 'csi.other.io') }), { maxLength: 2 }),
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

// ---------------------------------------------------------------- pods

/** Mostly unset, so that a PSP's own defaults make many generated pods admissible. */
const maybe = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arb });
const SECCOMP_TYPES = [{ type: 'RuntimeDefault' }, { type: 'Localhost', localhostProfile: 'prof.json' }, { type: 'Unconfined' }];

const securityContext = fc.record(
  {
    privileged: maybe(fc.boolean()),
    allowPrivilegeEscalation: maybe(fc.boolean()),
    capabilities: maybe(fc.record({ add: maybe(subset(['NET_BIND_SERVICE', 'CHOWN', 'NET_RAW', 'SYS_ADMIN'])), drop: maybe(subset(['ALL', 'NET_RAW'])) }, { requiredKeys: [] })),
    runAsUser: maybe(fc.constantFrom(0, 1000, 100500)),
    runAsNonRoot: maybe(fc.boolean()),
    runAsGroup: maybe(fc.constantFrom(0, 1000)),
    readOnlyRootFilesystem: maybe(fc.boolean()),
    procMount: maybe(fc.constantFrom('Default', 'Unmasked')),
    seLinuxOptions: maybe(fc.record({ type: fc.constantFrom('container_t', 'spc_t'), user: fc.constant('system_u'), level: fc.constantFrom('s0:c1,c2', 's0:c2,c1') }, { requiredKeys: [] })),
    seccompProfile: maybe(fc.constantFrom(...SECCOMP_TYPES)),
  },
  { requiredKeys: [] },
);

const probe = fc.oneof(fc.constant(undefined), fc.record({ httpGet: fc.record({ port: fc.constant(8080), host: fc.constantFrom('', 'example.com') }) }));

const container = (name: string) =>
  fc.record({
    name: fc.constant(name),
    image: fc.constant('app:1'),
    securityContext: maybe(securityContext),
    ports: maybe(fc.array(fc.record({ containerPort: fc.constant(8080), hostPort: maybe(fc.constantFrom(0, 80, 8080)) }, { requiredKeys: ['containerPort'] }), { maxLength: 1 })),
    livenessProbe: probe,
    volumeMounts: maybe(fc.constantFrom([{ name: 'v0', mountPath: '/v0' }], [{ name: 'v0', mountPath: '/v0', readOnly: true }])),
  }, { requiredKeys: ['name', 'image'] });

const volume = fc.oneof(
  fc.constant({ name: 'v0', configMap: { name: 'cm' } }),
  fc.constant({ name: 'v0', secret: { secretName: 's' } }),
  fc.constant({ name: 'v0', emptyDir: {} }),
  fc.constant({ name: 'v0', nfs: { server: 'nfs', path: '/' } }),
  // hostPath weighs more: allowedHostPaths only ever judges these.
  fc.constantFrom('/var/log/app', '/var/logs', '/data', '/etc', '/var/log').map((path) => ({ name: 'v0', hostPath: { path } })),
  fc.constantFrom('/var/log/app', '/var/logs', '/data', '/etc', '/var/log').map((path) => ({ name: 'v0', hostPath: { path } })),
  fc.constantFrom('/var/log/app', '/var/logs', '/data', '/etc', '/var/log').map((path) => ({ name: 'v0', hostPath: { path } })),
  fc.constantFrom('example/lvm', 'example/other').map((driver) => ({ name: 'v0', flexVolume: { driver } })),
  fc.constantFrom('csi.example.com', 'csi.else.io').map((driver) => ({ name: 'v0', csi: { driver } })),
  fc.constant({ name: 'v0', projected: { sources: [{ serviceAccountToken: { path: 'token' } }, { configMap: { name: 'kube-root-ca.crt' } }, { downwardAPI: { items: [{ path: 'namespace', fieldRef: { fieldPath: 'metadata.namespace' } }] } }] } }),
  fc.constant({ name: 'v0', gitRepo: { repository: 'https://example.com/r.git' } }),
  fc.constant({ name: 'v0', ephemeral: { volumeClaimTemplate: { spec: {} } } }),
);

/** A pod as a v1.19–v1.24 API server stored it. */
export const pod = fc
  .record({
    hostNetwork: maybe(fc.boolean()),
    hostPID: maybe(fc.boolean()),
    hostIPC: maybe(fc.boolean()),
    securityContext: fc.option(
      fc.record({
        runAsUser: maybe(fc.constantFrom(0, 1000)),
        runAsNonRoot: maybe(fc.boolean()),
        runAsGroup: maybe(fc.constantFrom(0, 1000)),
        fsGroup: maybe(fc.constantFrom(0, 1000, 100500)),
        supplementalGroups: maybe(fc.constantFrom([], [1000], [0])),
        seLinuxOptions: maybe(fc.record({ type: fc.constantFrom('container_t', 'spc_t'), level: fc.constantFrom('s0:c1,c2', 's0:c2,c1') }, { requiredKeys: [] })),
        sysctls: maybe(fc.constantFrom([{ name: 'net.ipv4.ping_group_range', value: '0 1' }], [{ name: 'net.core.somaxconn', value: '1024' }], [{ name: 'net.ipv4.tcp_keepalive_time', value: '60' }])),
        seccompProfile: maybe(fc.constantFrom(...SECCOMP_TYPES)),
      }, { requiredKeys: [] }),
      { nil: undefined },
    ),
    volumes: fc.option(fc.array(volume, { minLength: 1, maxLength: 1 }), { nil: undefined }),
    runtimeClassName: maybe(fc.constantFrom('gvisor', 'kata')),
    containers: fc.tuple(container('app'), maybe(container('sidecar'))).map(([a, b]) => (b ? [a, b] : [a])),
    initContainers: maybe(container('init').map((c) => [c])),
    ephemeralContainers: maybe(container('debug').map(({ name, image, securityContext }) => [{ name, image, ...(securityContext ? { securityContext } : {}) }])),
    appArmor: fc.dictionary(fc.constantFrom('app', 'sidecar', 'init', 'debug'), fc.constantFrom('runtime/default', 'localhost/k8s-prof', 'unconfined'), { maxKeys: 2 }),
  }, { requiredKeys: ['containers', 'appArmor'] })
  .map(({ appArmor, ...spec }) => {
    const names = [...(spec.containers as { name: string }[]), ...((spec.initContainers as { name: string }[] | undefined) ?? []), ...((spec.ephemeralContainers as { name: string }[] | undefined) ?? [])].map((c) => c.name);
    const annotations: Record<string, string> = {};
    // AppArmor annotations only for containers that exist (the API server refuses others).
    for (const [name, profile] of Object.entries(appArmor)) if (names.includes(name)) annotations[`container.apparmor.security.beta.kubernetes.io/${name}`] = profile;
    const p = { metadata: { name: 'p', annotations }, spec: JSON.parse(JSON.stringify(spec)) as Record<string, unknown> };
    syncSeccomp(p);
    return p;
  });

const SECCOMP_POD = 'seccomp.security.alpha.kubernetes.io/pod';
const SECCOMP_CONTAINER = 'container.seccomp.security.alpha.kubernetes.io/';

function annotationFor(profile: { type?: unknown; localhostProfile?: unknown }): string | undefined {
  if (profile.type === 'RuntimeDefault') return 'runtime/default';
  if (profile.type === 'Unconfined') return 'unconfined';
  if (profile.type === 'Localhost') return `localhost/${String(profile.localhostProfile ?? '')}`;
  return undefined;
}

function fieldFor(annotation: string): Record<string, string> | undefined {
  if (annotation === 'runtime/default' || annotation === 'docker/default') return { type: 'RuntimeDefault' };
  if (annotation === 'unconfined') return { type: 'Unconfined' };
  if (annotation.startsWith('localhost/')) return { type: 'Localhost', localhostProfile: annotation.slice('localhost/'.length) };
  return undefined;
}

/**
 * The API server keeps the seccomp annotations and fields in step when it
 * creates a pod (v1.19+, pod strategy PrepareForCreate): a field without its
 * annotation gets the annotation, an annotation without its field the field.
 * Admission runs before this; stored pods have both.
 */
export function syncSeccomp(p: { metadata: { annotations: Record<string, string> }; spec: Record<string, unknown> }): void {
  const sc = (p.spec.securityContext ??= {}) as Record<string, unknown>;
  const a = p.metadata.annotations;
  const sync = (holder: Record<string, unknown>, key: string) => {
    const field = holder.seccompProfile as { type?: unknown } | undefined;
    if (field && a[key] === undefined) {
      const value = annotationFor(field);
      if (value !== undefined) a[key] = value;
    } else if (!field && a[key] !== undefined) {
      const value = fieldFor(a[key]!);
      if (value) holder.seccompProfile = value;
    }
  };
  sync(sc, SECCOMP_POD);
  for (const list of ['initContainers', 'containers'] as const) {
    for (const c of (p.spec[list] as Record<string, unknown>[] | undefined) ?? []) sync((c.securityContext ??= {}) as Record<string, unknown>, `${SECCOMP_CONTAINER}${String(c.name)}`);
  }
}

// ---------------------------------------------------------------- PSPs for one control family

/** A PSP that allows everything PSP admission can allow. */
export const PERMISSIVE: RawPsp = {
  apiVersion: 'policy/v1beta1',
  kind: 'PodSecurityPolicy',
  metadata: { name: 'permissive', annotations: { 'seccomp.security.alpha.kubernetes.io/allowedProfileNames': '*' } },
  spec: {
    privileged: true,
    allowedCapabilities: ['*'],
    volumes: ['*'],
    hostNetwork: true,
    hostPID: true,
    hostIPC: true,
    hostPorts: [{ min: 0, max: 65535 }],
    seLinux: { rule: 'RunAsAny' },
    runAsUser: { rule: 'RunAsAny' },
    supplementalGroups: { rule: 'RunAsAny' },
    fsGroup: { rule: 'RunAsAny' },
    allowPrivilegeEscalation: true,
    allowedUnsafeSysctls: ['*'],
    allowedProcMountTypes: ['Default', 'Unmasked'],
  },
};

/**
 * The permissive PSP with the given spec keys and annotations set instead
 * (a value `undefined` removes the key), or undefined when the API server
 * would reject it. Tests of one control family build their PSPs with it.
 */
export function permissiveWith(name: string, spec: Record<string, unknown>, annotations: Record<string, string | undefined> = {}): PodSecurityPolicy | undefined {
  const raw = structuredClone(PERMISSIVE);
  raw.metadata.name = name;
  for (const [key, value] of Object.entries(spec)) {
    if (value === undefined) delete raw.spec[key];
    else raw.spec[key] = structuredClone(value);
  }
  for (const [key, value] of Object.entries(annotations)) {
    if (value === undefined) delete raw.metadata.annotations[key];
    else raw.metadata.annotations[key] = value;
  }
  return modelOf(raw);
}
