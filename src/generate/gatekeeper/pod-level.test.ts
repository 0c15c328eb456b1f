/**
 * The pod-level families (host namespaces, host ports, volumes, host paths,
 * flexVolume and CSI drivers, sysctls, runtime class) against the PSP
 * admission model, on pods and PSPs written or generated here to reach what
 * the shared generators rarely do: several ranges and prefixes, trailing
 * slashes, read-only host paths mounted by init and ephemeral containers,
 * volumes with several sources, projected service account tokens, sysctl
 * patterns. Every expected decision is the model's (validatePod on a PSP that
 * allows everything but the family's fields), and the hand-written cases also
 * state upstream's decision.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PERMISSIVE, permissiveWith } from '../../../test/arbitraries.js';
import { apiDefaulted, celCodeOf, evaluateCel } from '../../../test/cel.js';
import { validatePod } from '../../mapping/admission.js';
import type { PodObject } from '../../mapping/admission.js';
import type { PodSecurityPolicy } from '../../model/types.js';
import type { ControlFamily } from './family.js';
import { csiDrivers } from './families/csi-drivers.js';
import { flexVolumeDrivers } from './families/flexvolume-drivers.js';
import { hostNamespaces } from './families/host-namespaces.js';
import { hostPaths } from './families/host-paths.js';
import { hostPorts } from './families/host-ports.js';
import { POD_LEVEL_FAMILIES } from './families/pod-level.js';
import { runtimeClass } from './families/runtime-class.js';
import { sysctls } from './families/sysctls.js';
import { volumes } from './families/volumes.js';
import { constraintTemplate } from './templates.js';

// ---------------------------------------------------------------- helpers

/** The permissive PSP with the family's fields from `spec` (a field `spec` leaves out is left out). */
function pspFor(family: ControlFamily, spec: Record<string, unknown>, name = 'p'): PodSecurityPolicy | undefined {
  return permissiveWith(name, Object.fromEntries(family.rawFields.spec.map((k) => [k, spec[k]])));
}

function mustPsp(family: ControlFamily, spec: Record<string, unknown>, name = 'p'): PodSecurityPolicy {
  const psp = pspFor(family, spec, name);
  if (psp === undefined) throw new Error(`invalid test PSP: ${JSON.stringify(spec)}`);
  return psp;
}

const codes = new Map<string, ReturnType<typeof celCodeOf>>();
function codeOf(family: ControlFamily) {
  let code = codes.get(family.id);
  if (!code) codes.set(family.id, (code = celCodeOf(constraintTemplate(family))));
  return code;
}

function paramsOf(family: ControlFamily, psps: readonly PodSecurityPolicy[]) {
  return { policies: psps.map((p) => ({ name: p.metadata.name, serviceAccounts: [], ...family.params(p) })) };
}

/** The model's decision: the pod as the API server hands it to admission, allowed if any PSP allows it. */
function model(psps: readonly PodSecurityPolicy[], pod: PodObject): boolean {
  const p = apiDefaulted(pod);
  return psps.some((psp) => validatePod(psp, p).length === 0);
}

function cel(family: ControlFamily, psps: readonly PodSecurityPolicy[], pod: PodObject, operation: 'CREATE' | 'UPDATE' = 'CREATE') {
  return evaluateCel(codeOf(family), paramsOf(family, psps), apiDefaulted(pod), operation);
}

/** Asserts that the CEL decides as the model, and returns the decision. */
function agree(family: ControlFamily, psps: readonly PodSecurityPolicy[], pod: PodObject): boolean {
  const expected = model(psps, pod);
  const got = cel(family, psps, pod);
  expect(got.allowed, `${family.id}: model says ${expected}, CEL ${JSON.stringify(got)}\nparams: ${JSON.stringify(paramsOf(family, psps))}\npod: ${JSON.stringify(pod)}`).toBe(expected);
  return expected;
}

/** A hand-written case: upstream's decision, which the model and the CEL must both give. */
function upstream(family: ControlFamily, specs: readonly Record<string, unknown>[], pod: PodObject, allowed: boolean): void {
  const psps = specs.map((s, i) => mustPsp(family, s, `psp-${i}`));
  expect(model(psps, pod), `model, ${family.id}: ${JSON.stringify(specs)} ${JSON.stringify(pod)}`).toBe(allowed);
  expect(cel(family, psps, pod).allowed, `CEL, ${family.id}: ${JSON.stringify(specs)} ${JSON.stringify(pod)}`).toBe(allowed);
}

const podOf = (spec: Record<string, unknown>): PodObject => ({ metadata: { name: 'p', annotations: {} }, spec: { containers: [{ name: 'app', image: 'a' }], ...spec } });

/** Runs a property comparing CEL and model, and checks both outcomes were seen often enough. */
function property<T>(arb: fc.Arbitrary<T>, run: (value: T) => boolean | undefined, numRuns = 400): void {
  let allowed = 0;
  let denied = 0;
  fc.assert(
    fc.property(arb, (value) => {
      const decision = run(value);
      if (decision === undefined) return;
      if (decision) allowed++;
      else denied++;
    }),
    { seed: 4242, numRuns },
  );
  expect(allowed, 'allowed cases').toBeGreaterThan(numRuns / 10);
  expect(denied, 'denied cases').toBeGreaterThan(numRuns / 10);
}

/** One or two PSP specs (two: a pod passes if either allows it). */
const oneOrTwo = <T>(arb: fc.Arbitrary<T>) => fc.array(arb, { minLength: 1, maxLength: 2 });

function agreeOn(family: ControlFamily, specs: readonly Record<string, unknown>[], pod: PodObject): boolean | undefined {
  const psps = specs.map((s, i) => pspFor(family, s, `psp-${i}`));
  if (psps.some((p) => p === undefined)) return undefined;
  return agree(family, psps as PodSecurityPolicy[], pod);
}

// ---------------------------------------------------------------- host namespaces

describe('host-namespaces', () => {
  const KEYS = ['hostNetwork', 'hostPID', 'hostIPC'] as const;
  const subsets = [0, 1, 2, 3, 4, 5, 6, 7].map((bits) => Object.fromEntries(KEYS.map((k, i) => [k, (bits >> i) % 2 === 1])));

  it('decides like the model for every pod and policy combination, with one and two policies', () => {
    let denied = 0;
    for (const podBits of subsets) {
      // false written out, and left unset.
      for (const pod of [podOf(podBits), podOf(Object.fromEntries(Object.entries(podBits).filter(([, v]) => v)))]) {
        for (const a of subsets) {
          if (!agree(hostNamespaces, [mustPsp(hostNamespaces, a)], pod)) denied++;
          for (const b of subsets) agree(hostNamespaces, [mustPsp(hostNamespaces, a, 'a'), mustPsp(hostNamespaces, b, 'b')], pod);
        }
      }
    }
    expect(denied).toBeGreaterThan(50);
  });

  it('needs one policy that allows every namespace the pod shares (provider.go ValidatePod)', () => {
    const pod = podOf({ hostNetwork: true, hostPID: true });
    upstream(hostNamespaces, [{ hostNetwork: true }], pod, false);
    upstream(hostNamespaces, [{ hostNetwork: true }, { hostPID: true }], pod, false);
    upstream(hostNamespaces, [{ hostNetwork: true, hostPID: true }], pod, true);
    upstream(hostNamespaces, [{ hostIPC: true }], podOf({ hostNetwork: false, hostPID: false, hostIPC: true }), true);
    upstream(hostNamespaces, [{}], podOf({}), true);
  });

  it('names the namespaces no policy allows, and the policies', () => {
    const psps = [mustPsp(hostNamespaces, { hostNetwork: true }, 'a'), mustPsp(hostNamespaces, { hostPID: true }, 'b')];
    expect(cel(hostNamespaces, psps, podOf({ hostNetwork: true, hostIPC: true })).messages).toEqual(['host namespaces hostIPC are not allowed by the PodSecurityPolicy that applies (a, b)']);
    expect(cel(hostNamespaces, psps, podOf({ hostNetwork: true, hostPID: true })).messages).toEqual(['host namespaces hostNetwork, hostPID are not allowed by the PodSecurityPolicy that applies (a, b)']);
  });
});

// ---------------------------------------------------------------- host ports

describe('host-ports', () => {
  const range = fc.oneof(fc.constantFrom({ min: 0, max: 0 }, { min: 80, max: 80 }, { min: 443, max: 443 }, { min: 1, max: 1024 }, { min: 8000, max: 9000 }, { min: 65535, max: 65535 }, { min: 0, max: 65535 }));
  const port = fc.record({ containerPort: fc.constantFrom(80, 8080, 9090), hostPort: fc.option(fc.constantFrom(0, 1, 80, 443, 1024, 1025, 8080, 9000, 9001, 65535), { nil: undefined }) }, { requiredKeys: ['containerPort'] });
  const container = (name: string) => fc.record({ name: fc.constant(name), image: fc.constant('a'), ports: fc.option(fc.array(port, { maxLength: 3 }), { nil: undefined }) }, { requiredKeys: ['name', 'image'] });
  const pod = fc
    .record({
      hostNetwork: fc.option(fc.boolean(), { nil: undefined }),
      containers: fc.tuple(container('app'), fc.option(container('sidecar'), { nil: undefined })).map(([a, b]) => (b ? [a, b] : [a])),
      initContainers: fc.option(container('init').map((c) => [c]), { nil: undefined }),
      ephemeralContainers: fc.option(container('debug').map((c) => [c]), { nil: undefined }),
    }, { requiredKeys: ['containers'] })
    .map((spec) => podOf(JSON.parse(JSON.stringify(spec)) as Record<string, unknown>));

  it('decides like the model on several ranges, hostNetwork defaulting, init and ephemeral containers', () => {
    property(fc.tuple(oneOrTwo(fc.record({ hostPorts: fc.option(fc.array(range, { maxLength: 3 }), { nil: undefined }) }, { requiredKeys: [] })), pod), ([specs, p]) => agreeOn(hostPorts, specs, p));
  });

  it('checks every host port against the ranges of one policy (provider.go hasInvalidHostPort)', () => {
    const two = podOf({ containers: [{ name: 'app', image: 'a', ports: [{ containerPort: 80, hostPort: 80 }] }], initContainers: [{ name: 'init', image: 'a', ports: [{ containerPort: 443, hostPort: 443 }] }] });
    upstream(hostPorts, [{ hostPorts: [{ min: 80, max: 80 }, { min: 443, max: 443 }] }], two, true);
    upstream(hostPorts, [{ hostPorts: [{ min: 80, max: 80 }] }, { hostPorts: [{ min: 443, max: 443 }] }], two, false);
    upstream(hostPorts, [{ hostPorts: [{ min: 80, max: 80 }] }], two, false);
    // hostPort 0 or unset is no host port; a hostNetwork pod's containerPort is its host port.
    upstream(hostPorts, [{}], podOf({ containers: [{ name: 'app', image: 'a', ports: [{ containerPort: 80, hostPort: 0 }, { containerPort: 81 }] }] }), true);
    upstream(hostPorts, [{}], podOf({ hostNetwork: true, containers: [{ name: 'app', image: 'a', ports: [{ containerPort: 80 }] }] }), false);
    upstream(hostPorts, [{ hostPorts: [{ min: 80, max: 80 }] }], podOf({ hostNetwork: true, containers: [{ name: 'app', image: 'a', ports: [{ containerPort: 80 }] }] }), true);
    // Ephemeral containers are validated too.
    upstream(hostPorts, [{ hostPorts: [{ min: 1, max: 1024 }] }], podOf({ ephemeralContainers: [{ name: 'debug', image: 'a', ports: [{ containerPort: 8080, hostPort: 8080 }] }] }), false);
  });

  it('checks ephemeral containers on UPDATE, and only them', () => {
    const psps = [mustPsp(hostPorts, { hostPorts: [] }, 'none')];
    const init = podOf({ initContainers: [{ name: 'init', image: 'a', ports: [{ containerPort: 80, hostPort: 80 }] }] });
    const debug = podOf({ ephemeralContainers: [{ name: 'debug', image: 'a', ports: [{ containerPort: 80, hostPort: 80 }] }] });
    expect(cel(hostPorts, psps, init, 'UPDATE').allowed).toBe(true);
    expect(cel(hostPorts, psps, init, 'CREATE').allowed).toBe(false);
    expect(cel(hostPorts, psps, debug, 'UPDATE').allowed).toBe(false);
  });

  it('names the containers and ports no policy allows', () => {
    const psps = [mustPsp(hostPorts, { hostPorts: [{ min: 80, max: 80 }] }, 'web')];
    const p = podOf({ containers: [{ name: 'app', image: 'a', ports: [{ containerPort: 80, hostPort: 80 }, { containerPort: 81, hostPort: 81 }] }, { name: 'side', image: 'a', ports: [{ containerPort: 9, hostPort: 9 }] }] });
    expect(cel(hostPorts, psps, p).messages).toEqual(['host ports of containers app (81), side (9) are not allowed by the PodSecurityPolicy that applies (web)']);
  });

  it('restricts unless the ranges cover every port', () => {
    expect(hostPorts.restricts(mustPsp(hostPorts, { hostPorts: [{ min: 0, max: 65535 }] }))).toBe(false);
    expect(hostPorts.restricts(mustPsp(hostPorts, { hostPorts: [{ min: 1000, max: 65535 }, { min: 1, max: 999 }] }))).toBe(false);
    expect(hostPorts.restricts(mustPsp(hostPorts, { hostPorts: [{ min: 1, max: 999 }, { min: 1001, max: 65535 }] }))).toBe(true);
    expect(hostPorts.restricts(mustPsp(hostPorts, { hostPorts: [{ min: 0, max: 65534 }] }))).toBe(true);
    expect(hostPorts.restricts(mustPsp(hostPorts, {}))).toBe(true);
  });
});

// ---------------------------------------------------------------- volumes

/** Every volume source the API knew, with a valid-looking body. */
const SOURCES: Record<string, unknown> = {
  hostPath: { path: '/data' }, emptyDir: {}, gcePersistentDisk: { pdName: 'd' }, awsElasticBlockStore: { volumeID: 'v' }, gitRepo: { repository: 'r' },
  secret: { secretName: 's' }, nfs: { server: 'n', path: '/' }, iscsi: { targetPortal: 't', iqn: 'i', lun: 0 }, glusterfs: { endpoints: 'e', path: 'p' },
  persistentVolumeClaim: { claimName: 'c' }, rbd: { monitors: ['m'], image: 'i' }, flexVolume: { driver: 'example/lvm' }, cinder: { volumeID: 'v' },
  cephfs: { monitors: ['m'] }, flocker: { datasetName: 'd' }, downwardAPI: { items: [] }, fc: { lun: 0 }, azureFile: { secretName: 's', shareName: 's' },
  configMap: { name: 'cm' }, vsphereVolume: { volumePath: 'p' }, quobyte: { registry: 'r', volume: 'v' }, azureDisk: { diskName: 'd', diskURI: 'u' },
  photonPersistentDisk: { pdID: 'p' }, storageos: { volumeName: 'v' }, projected: { sources: [] }, portworxVolume: { volumeID: 'v' },
  scaleIO: { gateway: 'g', system: 's', secretRef: { name: 's' } }, csi: { driver: 'csi.example.com' }, ephemeral: { volumeClaimTemplate: { spec: {} } },
};
const SOURCE_KEYS = Object.keys(SOURCES);
const VOLUME_TYPE_NAMES = [...SOURCE_KEYS.map((k) => (k === 'cephfs' ? 'cephFS' : k)), 'none', '*'];

/** Projected sources around what the service account admission plugin injects. */
const projectedSource = fc.oneof(
  fc.constant({ serviceAccountToken: { path: 'token' } }),
  fc.constant({ serviceAccountToken: { path: 'token', expirationSeconds: 3607 } }),
  fc.constant({ serviceAccountToken: { path: 'other' } }),
  fc.constant({ serviceAccountToken: { path: 'token', audience: 'vault' } }),
  fc.constant({ serviceAccountToken: {} }),
  fc.constant({ configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } }),
  fc.constant({ configMap: { name: 'other' } }),
  fc.constant({ downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } }),
  fc.constant({ downwardAPI: { items: [{ path: 'namespace', fieldRef: { fieldPath: 'metadata.namespace' } }] } }),
  fc.constant({ downwardAPI: { items: [{ path: 'labels', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.labels' } }] } }),
  fc.constant({ downwardAPI: {} }),
  fc.constant({ secret: { name: 's' } }),
  fc.constant({}),
);

describe('volumes', () => {
  const volume = (name: string) =>
    fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...SOURCE_KEYS).map((k) => ({ name, [k]: SOURCES[k] })) },
      // Several sources (the API refuses these, the type is the first in upstream's order).
      { weight: 1, arbitrary: fc.subarray(SOURCE_KEYS, { minLength: 2, maxLength: 3 }).map((ks) => ({ name, ...Object.fromEntries(ks.map((k) => [k, SOURCES[k]])) })) },
      { weight: 3, arbitrary: fc.array(projectedSource, { maxLength: 3 }).map((sources) => ({ name, projected: { sources } })) },
      { weight: 1, arbitrary: fc.constant({ name, projected: {} }) },
      { weight: 1, arbitrary: fc.constant({ name }) },
    );
  const pod = fc.array(fc.constantFrom('v0', 'v1', 'v2'), { maxLength: 3 }).chain((names) => fc.tuple(...[...new Set(names)].map(volume))).map((vs) => podOf(vs.length > 0 ? { volumes: vs } : {}));
  const types = fc.oneof({ weight: 5, arbitrary: fc.subarray(VOLUME_TYPE_NAMES.filter((t) => t !== '*'), { maxLength: 12 }) }, { weight: 3, arbitrary: fc.subarray(['secret', 'projected', 'configMap', 'emptyDir', 'csi', 'hostPath'], { maxLength: 3 }) }, { weight: 1, arbitrary: fc.constant(['*']) });

  it('decides like the model on every volume type, several sources and projected volumes', () => {
    property(fc.tuple(oneOrTwo(fc.record({ volumes: fc.option(types, { nil: undefined }) }, { requiredKeys: [] })), pod), ([specs, p]) => agreeOn(volumes, specs, p), 600);
  });

  it('knows every source by its PodSecurityPolicy name (cephfs is cephFS) and the order upstream looks in', () => {
    for (const k of SOURCE_KEYS) {
      const type = k === 'cephfs' ? 'cephFS' : k;
      upstream(volumes, [{ volumes: [type] }], podOf({ volumes: [{ name: 'v', [k]: SOURCES[k] }] }), true);
      // Every other type: refused, but for a projected volume without sources, which counts as a secret.
      upstream(volumes, [{ volumes: VOLUME_TYPE_NAMES.filter((t) => t !== type && t !== '*') }], podOf({ volumes: [{ name: 'v', [k]: SOURCES[k] }] }), k === 'projected');
    }
    // hostPath comes before secret; csi before ephemeral.
    upstream(volumes, [{ volumes: ['secret'] }], podOf({ volumes: [{ name: 'v', secret: {}, hostPath: { path: '/' } }] }), false);
    upstream(volumes, [{ volumes: ['hostPath'] }], podOf({ volumes: [{ name: 'v', secret: {}, hostPath: { path: '/' } }] }), true);
    upstream(volumes, [{ volumes: ['csi'] }], podOf({ volumes: [{ name: 'v', ephemeral: {}, csi: { driver: 'd' } }] }), true);
    // A volume without a source is an emptyDir (API defaulting).
    upstream(volumes, [{ volumes: ['emptyDir'] }], podOf({ volumes: [{ name: 'v' }] }), true);
    // An empty list allows no volume; "none" is no type; "*" is any.
    upstream(volumes, [{ volumes: [] }], podOf({ volumes: [{ name: 'v', emptyDir: {} }] }), false);
    upstream(volumes, [{ volumes: ['none'] }], podOf({}), true);
    upstream(volumes, [{ volumes: ['none'] }], podOf({ volumes: [{ name: 'v', configMap: { name: 'c' } }] }), false);
    upstream(volumes, [{ volumes: ['*'] }], podOf({ volumes: [{ name: 'v', nfs: { server: 's', path: '/' } }] }), true);
  });

  it('allows the projected service account token volume where secret is allowed (util.go IsOnlyServiceAccountTokenSources)', () => {
    const injected = { name: 'kube-api-access-x', projected: { sources: [{ serviceAccountToken: { path: 'token', expirationSeconds: 3607 } }, { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } }, { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } }] } };
    upstream(volumes, [{ volumes: ['secret'] }], podOf({ volumes: [injected] }), true);
    upstream(volumes, [{ volumes: ['configMap'] }], podOf({ volumes: [injected] }), false);
    upstream(volumes, [{ volumes: ['projected'] }], podOf({ volumes: [injected] }), true);
    const withAudience = { name: 'v', projected: { sources: [{ serviceAccountToken: { path: 'token', audience: 'vault' } }] } };
    upstream(volumes, [{ volumes: ['secret'] }], podOf({ volumes: [withAudience] }), false);
    // The namespace item must name fieldRef apiVersion v1, as the model reads it (the API server defaults an unset one to v1 before admission).
    const noApiVersion = { name: 'v', projected: { sources: [{ serviceAccountToken: { path: 'token' } }, { downwardAPI: { items: [{ path: 'namespace', fieldRef: { fieldPath: 'metadata.namespace' } }] } }] } };
    expect(model([mustPsp(volumes, { volumes: ['secret'] })], podOf({ volumes: [noApiVersion] }))).toBe(false);
    expect(cel(volumes, [mustPsp(volumes, { volumes: ['secret'] })], podOf({ volumes: [noApiVersion] })).allowed).toBe(false);
    const withSecret = { name: 'v', projected: { sources: [{ serviceAccountToken: { path: 'token' } }, { secret: { name: 's' } }] } };
    upstream(volumes, [{ volumes: ['secret'] }], podOf({ volumes: [withSecret] }), false);
    // One policy allows secret, the other configMap: each volume needs one policy allowing all.
    upstream(volumes, [{ volumes: ['secret'] }, { volumes: ['configMap'] }], podOf({ volumes: [injected, { name: 'c', configMap: { name: 'c' } }] }), false);
    upstream(volumes, [{ volumes: ['secret', 'configMap'] }], podOf({ volumes: [injected, { name: 'c', configMap: { name: 'c' } }] }), true);
  });

  it('is not checked on UPDATE (pod volumes are immutable)', () => {
    const psps = [mustPsp(volumes, { volumes: [] })];
    const p = podOf({ volumes: [{ name: 'v', hostPath: { path: '/' } }] });
    expect(cel(volumes, psps, p, 'UPDATE').allowed).toBe(true);
    expect(cel(volumes, psps, p, 'CREATE').allowed).toBe(false);
  });

  it('names the volumes and types no policy allows', () => {
    const psps = [mustPsp(volumes, { volumes: ['secret'] }, 'a'), mustPsp(volumes, { volumes: ['configMap'] }, 'b')];
    expect(cel(volumes, psps, podOf({ volumes: [{ name: 'c', configMap: { name: 'c' } }, { name: 'h', hostPath: { path: '/' } }, { name: 'x', cephfs: { monitors: [] } }] })).messages).toEqual([
      'volumes h (hostPath), x (cephFS) are not allowed by the PodSecurityPolicy that applies (a, b)',
    ]);
    expect(cel(volumes, psps, podOf({ volumes: [{ name: 'c', configMap: { name: 'c' } }, { name: 's', secret: {} }] })).messages).toEqual([
      'volumes c (configMap), s (secret) are not allowed by the PodSecurityPolicy that applies (a, b)',
    ]);
  });

  it('restricts unless every type is allowed', () => {
    expect(volumes.restricts(mustPsp(volumes, { volumes: ['*'] }))).toBe(false);
    expect(volumes.restricts(mustPsp(volumes, { volumes: VOLUME_TYPE_NAMES.filter((t) => t !== '*') }))).toBe(false);
    expect(volumes.restricts(mustPsp(volumes, { volumes: VOLUME_TYPE_NAMES.filter((t) => t !== '*' && t !== 'gitRepo') }))).toBe(true);
    expect(volumes.restricts(mustPsp(volumes, {}))).toBe(true);
  });
});

// ---------------------------------------------------------------- host paths

describe('host-paths', () => {
  const PATHS = ['/var/log', '/var/log/', '/var/logs', '/var/log/app', '/var/log//app', '/var', '/data', '/data/db/x', '/etc', '/', '', '//'];
  const PREFIXES = ['/', '/var/log', '/var/log/', '/var/log//', '/var', '/data/db', '/data/', '/etc/kubernetes'];
  const mountsOf = fc.subarray(['v0', 'v1', 'v2']).chain((names) => fc.tuple(...names.map((name) => fc.record({ name: fc.constant(name), mountPath: fc.constant(`/m/${name}`), readOnly: fc.option(fc.boolean(), { nil: undefined }) }, { requiredKeys: ['name', 'mountPath'] }))));
  const container = (name: string) => mountsOf.map((mounts) => ({ name, image: 'a', ...(mounts.length > 0 ? { volumeMounts: mounts } : {}) }));
  const volume = (name: string) => fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...PATHS).map((path) => ({ name, hostPath: { path } })) }, { weight: 1, arbitrary: fc.constant({ name, hostPath: {} }) }, { weight: 1, arbitrary: fc.constant({ name, emptyDir: {} }) });
  const pod = fc
    .record({
      volumes: fc.subarray(['v0', 'v1', 'v2'], { minLength: 1 }).chain((names) => fc.tuple(...names.map(volume))),
      containers: fc.tuple(container('app'), fc.option(container('sidecar'), { nil: undefined })).map(([a, b]) => (b ? [a, b] : [a])),
      initContainers: fc.option(container('init').map((c) => [c]), { nil: undefined }),
      ephemeralContainers: fc.option(container('debug').map((c) => [c]), { nil: undefined }),
    }, { requiredKeys: ['volumes', 'containers'] })
    .map((spec) => podOf(JSON.parse(JSON.stringify(spec)) as Record<string, unknown>));
  const entries = fc.array(fc.record({ pathPrefix: fc.constantFrom(...PREFIXES), readOnly: fc.option(fc.boolean(), { nil: undefined }) }, { requiredKeys: ['pathPrefix'] }), { maxLength: 3 });

  it('decides like the model on prefixes, trailing slashes, and read-only mounts in every kind of container', () => {
    property(fc.tuple(oneOrTwo(fc.record({ allowedHostPaths: fc.option(entries, { nil: undefined }) }, { requiredKeys: [] })), pod), ([specs, p]) => agreeOn(hostPaths, specs, p), 600);
  });

  const hostPathPod = (path: string, mount?: { readOnly?: boolean; where?: 'containers' | 'initContainers' | 'ephemeralContainers' }) => {
    const spec: Record<string, unknown> = { volumes: [{ name: 'h', hostPath: { path } }] };
    if (mount) {
      const c = { name: 'c', image: 'a', volumeMounts: [{ name: 'h', mountPath: '/h', ...(mount.readOnly === undefined ? {} : { readOnly: mount.readOnly }) }] };
      spec[mount.where ?? 'containers'] = [c];
    }
    return podOf(spec);
  };

  it('matches prefixes on path segments, trailing slashes ignored (util.go hasPathPrefix)', () => {
    upstream(hostPaths, [{ allowedHostPaths: [{ pathPrefix: '/var/log' }] }], hostPathPod('/var/log'), true);
    upstream(hostPaths, [{ allowedHostPaths: [{ pathPrefix: '/var/log' }] }], hostPathPod('/var/log/'), true);
    upstream(hostPaths, [{ allowedHostPaths: [{ pathPrefix: '/var/log/' }] }], hostPathPod('/var/log'), true);
    upstream(hostPaths, [{ allowedHostPaths: [{ pathPrefix: '/var/log' }] }], hostPathPod('/var/log/app/x'), true);
    upstream(hostPaths, [{ allowedHostPaths: [{ pathPrefix: '/var/log' }] }], hostPathPod('/var/logs'), false);
    upstream(hostPaths, [{ allowedHostPaths: [{ pathPrefix: '/var/log' }] }], hostPathPod('/var'), false);
    upstream(hostPaths, [{ allowedHostPaths: [{ pathPrefix: '/' }] }], hostPathPod('/etc'), true);
    upstream(hostPaths, [{ allowedHostPaths: [{ pathPrefix: '/data/db' }, { pathPrefix: '/etc' }] }], hostPathPod('/etc/x'), true);
    // An empty list allows any path; one policy must allow every volume.
    upstream(hostPaths, [{ allowedHostPaths: [] }], hostPathPod('/etc'), true);
    const two = podOf({ volumes: [{ name: 'a', hostPath: { path: '/data' } }, { name: 'b', hostPath: { path: '/etc' } }] });
    upstream(hostPaths, [{ allowedHostPaths: [{ pathPrefix: '/data' }] }, { allowedHostPaths: [{ pathPrefix: '/etc' }] }], two, false);
    upstream(hostPaths, [{ allowedHostPaths: [{ pathPrefix: '/data' }] }, { allowedHostPaths: [] }], two, true);
  });

  it('requires read-only mounts in every container where the path is allowed only read-only (util.go AllowsHostVolumePath)', () => {
    const ro = [{ allowedHostPaths: [{ pathPrefix: '/var/log', readOnly: true }] }];
    for (const where of ['containers', 'initContainers', 'ephemeralContainers'] as const) {
      upstream(hostPaths, ro, hostPathPod('/var/log', { where }), false);
      upstream(hostPaths, ro, hostPathPod('/var/log', { where, readOnly: false }), false);
      upstream(hostPaths, ro, hostPathPod('/var/log', { where, readOnly: true }), true);
    }
    upstream(hostPaths, ro, hostPathPod('/var/log'), true); // not mounted
    // A writable entry that matches wins over read-only ones.
    upstream(hostPaths, [{ allowedHostPaths: [{ pathPrefix: '/var', readOnly: true }, { pathPrefix: '/var/log' }] }], hostPathPod('/var/log/x', { readOnly: false }), true);
    upstream(hostPaths, [{ allowedHostPaths: [{ pathPrefix: '/var', readOnly: false }, { pathPrefix: '/var/log', readOnly: true }] }], hostPathPod('/var/log/x', { readOnly: false }), true);
    upstream(hostPaths, [{ allowedHostPaths: [{ pathPrefix: '/var' }, { pathPrefix: '/var/log', readOnly: true }] }], hostPathPod('/etc', { readOnly: true }), false);
    // Another policy that allows the path writable.
    upstream(hostPaths, [...ro, { allowedHostPaths: [{ pathPrefix: '/' }] }], hostPathPod('/var/log', { readOnly: false }), true);
    // Only mounts of the read-only volume count.
    upstream(hostPaths, ro, podOf({ volumes: [{ name: 'h', hostPath: { path: '/var/log' } }, { name: 'e', emptyDir: {} }], containers: [{ name: 'c', image: 'a', volumeMounts: [{ name: 'h', mountPath: '/h', readOnly: true }, { name: 'e', mountPath: '/e' }] }] }), true);
  });

  it('checks the mounts of ephemeral containers on UPDATE, and nothing else', () => {
    const psps = [mustPsp(hostPaths, { allowedHostPaths: [{ pathPrefix: '/var/log', readOnly: true }] })];
    expect(cel(hostPaths, psps, hostPathPod('/etc'), 'UPDATE').allowed).toBe(true);
    expect(cel(hostPaths, psps, hostPathPod('/var/log', { where: 'initContainers' }), 'UPDATE').allowed).toBe(true);
    expect(cel(hostPaths, psps, hostPathPod('/var/log', { where: 'ephemeralContainers' }), 'UPDATE').allowed).toBe(false);
    expect(cel(hostPaths, psps, hostPathPod('/var/log', { where: 'ephemeralContainers', readOnly: true }), 'UPDATE').allowed).toBe(true);
  });

  it('names the volumes and the writable mounts no policy allows', () => {
    const psps = [mustPsp(hostPaths, { allowedHostPaths: [{ pathPrefix: '/var/log', readOnly: true }] }, 'logs')];
    const p = podOf({
      volumes: [{ name: 'logs', hostPath: { path: '/var/log' } }, { name: 'etc', hostPath: { path: '/etc' } }],
      containers: [{ name: 'app', image: 'a', volumeMounts: [{ name: 'logs', mountPath: '/l' }, { name: 'etc', mountPath: '/e' }] }],
    });
    expect(cel(hostPaths, psps, p).messages).toEqual(['hostPath volumes etc (/etc) are not allowed; writable mounts of read-only host paths in containers app (logs, etc) are not allowed by the PodSecurityPolicy that applies (logs)']);
  });
});

// ---------------------------------------------------------------- flexVolume and CSI drivers

describe.each([
  ['flexvolume-drivers', flexVolumeDrivers, 'flexVolume', 'allowedFlexVolumes', 'driver', ['example/lvm', 'example/nfs'], 'flexVolume drivers'],
  ['csi-drivers', csiDrivers, 'csi', 'allowedCSIDrivers', 'name', ['csi.example.com', 'csi.other.io'], 'inline CSI drivers'],
] as const)('%s', (_id, family, key, field, entryKey, drivers, label) => {
  const volume = (name: string) =>
    fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...drivers, 'other/driver').map((driver) => ({ name, [key]: { driver } })) },
      { weight: 1, arbitrary: fc.constant({ name, [key]: {} }) },
      { weight: 1, arbitrary: fc.constant({ name, configMap: { name: 'c' } }) },
      // Another source first or after (the API refuses these): the type decides.
      { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...drivers, 'other/driver'), fc.constantFrom('hostPath', 'secret', 'flexVolume', 'csi', 'cephfs', 'projected', 'ephemeral')).map(([driver, other]) => ({ name, [other]: SOURCES[other], [key]: { driver } })) },
    );
  const pod = fc.subarray(['v0', 'v1', 'v2'], { minLength: 1 }).chain((names) => fc.tuple(...names.map(volume))).map((vs) => podOf({ volumes: vs }));
  const list = fc.option(fc.subarray([...drivers]).map((ds) => ds.map((d) => ({ [entryKey]: d }))), { nil: undefined });

  it('decides like the model on drivers, unset drivers and volumes with several sources', () => {
    property(fc.tuple(oneOrTwo(fc.record({ [field]: list }, { requiredKeys: [] })), pod), ([specs, p]) => agreeOn(family, specs, p), 500);
  });

  it('allows any driver with an empty list, else only the listed ones (provider.go validatePodVolumes)', () => {
    const one = (driver?: string) => podOf({ volumes: [{ name: 'v', [key]: driver === undefined ? {} : { driver } }] });
    upstream(family, [{ [field]: [] }], one('anything'), true);
    upstream(family, [{ [field]: [{ [entryKey]: drivers[0] }] }], one(drivers[0]), true);
    upstream(family, [{ [field]: [{ [entryKey]: drivers[0] }] }], one(drivers[1]), false);
    upstream(family, [{ [field]: [{ [entryKey]: drivers[0] }] }], one(), false);
    upstream(family, [{ [field]: [{ [entryKey]: drivers[0] }] }, { [field]: [{ [entryKey]: drivers[1] }] }], one(drivers[1]), true);
    const both = podOf({ volumes: [{ name: 'a', [key]: { driver: drivers[0] } }, { name: 'b', [key]: { driver: drivers[1] } }] });
    upstream(family, [{ [field]: [{ [entryKey]: drivers[0] }] }, { [field]: [{ [entryKey]: drivers[1] }] }], both, false);
    // A hostPath volume that also names a driver is a hostPath volume.
    upstream(family, [{ [field]: [{ [entryKey]: drivers[0] }] }], podOf({ volumes: [{ name: 'v', hostPath: { path: '/' }, [key]: { driver: 'other/driver' } }] }), true);
  });

  it('is not checked on UPDATE, and names the volumes and drivers', () => {
    const psps = [mustPsp(family, { [field]: [{ [entryKey]: drivers[0] }] }, 'only')];
    const p = podOf({ volumes: [{ name: 'ok', [key]: { driver: drivers[0] } }, { name: 'bad', [key]: { driver: 'other/driver' } }] });
    expect(cel(family, psps, p, 'UPDATE').allowed).toBe(true);
    expect(cel(family, psps, p).messages).toEqual([`${label} of volumes bad (other/driver) are not allowed by the PodSecurityPolicy that applies (only)`]);
  });

  it('restricts only with a list', () => {
    expect(family.restricts(mustPsp(family, {}))).toBe(false);
    expect(family.restricts(mustPsp(family, { [field]: [{ [entryKey]: drivers[0] }] }))).toBe(true);
  });
});

// ---------------------------------------------------------------- sysctls

describe('sysctls', () => {
  const SAFE = ['kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range', 'net.ipv4.ip_unprivileged_port_start'];
  const NAMES = [...SAFE, 'net.core.somaxconn', 'kernel.msgmax', 'kernel.msg', 'kernel.sem', 'net.ipv4.tcp_keepalive_time', 'net.ipv4.route.min_pmtu', 'vm.swappiness'];
  const pod = fc.subarray(NAMES, { maxLength: 3 }).map((names) => podOf({ securityContext: { sysctls: names.map((name) => ({ name, value: '1' })) } }));
  const allowedList = fc.oneof(fc.subarray(['net.core.somaxconn', 'kernel.msg*', 'kernel.sem', 'net.ipv4.tcp_keepalive_time', 'vm.*']), fc.constant(['*']));
  const forbiddenList = fc.subarray(['kernel.shm_rmid_forced', 'net.ipv4.*', 'kernel.msgmax', 'vm.swappiness', 'kernel.*']);

  it('decides like the model on the safe set, patterns and forbidden sysctls', () => {
    property(fc.tuple(oneOrTwo(fc.record({ allowedUnsafeSysctls: fc.option(allowedList, { nil: undefined }), forbiddenSysctls: fc.option(forbiddenList, { nil: undefined }) }, { requiredKeys: [] })), pod), ([specs, p]) => agreeOn(sysctls, specs, p), 600);
  });

  const withSysctls = (...names: string[]) => podOf({ securityContext: { sysctls: names.map((name) => ({ name, value: '1' })) } });

  it('allows the safe set, matches patterns by prefix, and forbids first (sysctl/mustmatchpatterns.go Validate)', () => {
    upstream(sysctls, [{}], withSysctls(...SAFE), true);
    upstream(sysctls, [{}], withSysctls('net.core.somaxconn'), false);
    upstream(sysctls, [{ forbiddenSysctls: ['kernel.shm_rmid_forced'] }], withSysctls('kernel.shm_rmid_forced'), false);
    upstream(sysctls, [{ forbiddenSysctls: ['net.ipv4.*'] }], withSysctls('net.ipv4.ping_group_range'), false);
    upstream(sysctls, [{ allowedUnsafeSysctls: ['kernel.msg*'] }], withSysctls('kernel.msgmax', 'kernel.msg'), true);
    upstream(sysctls, [{ allowedUnsafeSysctls: ['kernel.msg*'] }], withSysctls('kernel.sem'), false);
    upstream(sysctls, [{ allowedUnsafeSysctls: ['*'] }], withSysctls('vm.swappiness'), true);
    upstream(sysctls, [{ allowedUnsafeSysctls: ['net.*'], forbiddenSysctls: ['kernel.msgmax'] }], withSysctls('kernel.msgmax'), false);
    upstream(sysctls, [{ allowedUnsafeSysctls: ['kernel.sem'] }, { allowedUnsafeSysctls: ['vm.swappiness'] }], withSysctls('kernel.sem', 'vm.swappiness'), false);
    upstream(sysctls, [{ allowedUnsafeSysctls: ['kernel.sem'] }, { allowedUnsafeSysctls: ['vm.swappiness'] }], withSysctls('vm.swappiness'), true);
    upstream(sysctls, [{ allowedUnsafeSysctls: [] }], podOf({ securityContext: {} }), true);
  });

  it('is not checked on UPDATE, and names the sysctls no policy allows', () => {
    const psps = [mustPsp(sysctls, { forbiddenSysctls: ['kernel.shm_rmid_forced'] }, 'strict')];
    const p = withSysctls('kernel.shm_rmid_forced', 'net.ipv4.ping_group_range', 'vm.swappiness');
    expect(cel(sysctls, psps, p, 'UPDATE').allowed).toBe(true);
    expect(cel(sysctls, psps, p).messages).toEqual(['sysctls kernel.shm_rmid_forced, vm.swappiness are not allowed by the PodSecurityPolicy that applies (strict)']);
  });

  it('restricts unless every sysctl is allowed and none forbidden', () => {
    expect(sysctls.restricts(mustPsp(sysctls, { allowedUnsafeSysctls: ['*'] }))).toBe(false);
    expect(sysctls.restricts(mustPsp(sysctls, {}))).toBe(true);
    expect(sysctls.restricts(mustPsp(sysctls, { allowedUnsafeSysctls: ['net.*'] }))).toBe(true);
  });
});

// ---------------------------------------------------------------- runtime class

describe('runtime-class', () => {
  it('decides like the model on every combination', () => {
    const lists = [undefined, [], ['gvisor'], ['kata'], ['gvisor', 'kata'], ['*']];
    const pods = [podOf({}), podOf({ runtimeClassName: 'gvisor' }), podOf({ runtimeClassName: 'kata' }), podOf({ runtimeClassName: 'runc' })];
    let denied = 0;
    for (const p of pods) {
      for (const a of lists) {
        const specA = a === undefined ? {} : { runtimeClass: { allowedRuntimeClassNames: a } };
        if (!agree(runtimeClass, [mustPsp(runtimeClass, specA)], p)) denied++;
        for (const b of lists) agree(runtimeClass, [mustPsp(runtimeClass, specA, 'a'), mustPsp(runtimeClass, b === undefined ? {} : { runtimeClass: { allowedRuntimeClassNames: b } }, 'b')], p);
      }
    }
    expect(denied).toBeGreaterThan(5);
  });

  it('allows an unset class, any class without runtimeClass or with "*", else the listed ones (provider.go validateRuntimeClassName)', () => {
    upstream(runtimeClass, [{ runtimeClass: { allowedRuntimeClassNames: [] } }], podOf({}), true);
    upstream(runtimeClass, [{ runtimeClass: { allowedRuntimeClassNames: [] } }], podOf({ runtimeClassName: 'gvisor' }), false);
    upstream(runtimeClass, [{ runtimeClass: { allowedRuntimeClassNames: ['gvisor'], defaultRuntimeClassName: 'gvisor' } }], podOf({ runtimeClassName: 'kata' }), false);
    upstream(runtimeClass, [{ runtimeClass: { allowedRuntimeClassNames: ['gvisor'] } }], podOf({ runtimeClassName: 'gvisor' }), true);
    upstream(runtimeClass, [{ runtimeClass: { allowedRuntimeClassNames: ['*'] } }], podOf({ runtimeClassName: 'kata' }), true);
    upstream(runtimeClass, [{}], podOf({ runtimeClassName: 'kata' }), true);
    upstream(runtimeClass, [{ runtimeClass: { allowedRuntimeClassNames: ['gvisor'] } }, {}], podOf({ runtimeClassName: 'kata' }), true);
  });

  it('is not checked on UPDATE, and names the class', () => {
    const psps = [mustPsp(runtimeClass, { runtimeClass: { allowedRuntimeClassNames: ['gvisor'] } }, 'sandboxed')];
    expect(cel(runtimeClass, psps, podOf({ runtimeClassName: 'kata' }), 'UPDATE').allowed).toBe(true);
    expect(cel(runtimeClass, psps, podOf({ runtimeClassName: 'kata' })).messages).toEqual(['runtime class kata is not allowed by the PodSecurityPolicy that applies (sandboxed)']);
  });

  it('keeps the PSP shape in its parameters, and restricts only without "*"', () => {
    expect(runtimeClass.params(mustPsp(runtimeClass, {}))).toEqual({});
    expect(runtimeClass.params(mustPsp(runtimeClass, { runtimeClass: { allowedRuntimeClassNames: ['gvisor'], defaultRuntimeClassName: 'gvisor' } }))).toEqual({ runtimeClass: { allowedRuntimeClassNames: ['gvisor'] } });
    expect(runtimeClass.restricts(mustPsp(runtimeClass, {}))).toBe(false);
    expect(runtimeClass.restricts(mustPsp(runtimeClass, { runtimeClass: { allowedRuntimeClassNames: ['*'] } }))).toBe(false);
    expect(runtimeClass.restricts(mustPsp(runtimeClass, { runtimeClass: { allowedRuntimeClassNames: [] } }))).toBe(true);
  });
});

// ---------------------------------------------------------------- all of them

describe('every pod-level family', () => {
  it.each(POD_LEVEL_FAMILIES.map((f) => [f.id, f] as const))('%s: a fully permissive PSP restricts nothing and allows every pod', (_id, family) => {
    const permissive = mustPsp(family, PERMISSIVE.spec);
    expect(family.restricts(permissive)).toBe(false);
    const p = podOf({
      hostNetwork: true,
      hostPID: true,
      hostIPC: true,
      runtimeClassName: 'kata',
      securityContext: { sysctls: [{ name: 'vm.swappiness', value: '1' }] },
      volumes: [{ name: 'h', hostPath: { path: '/' } }, { name: 'f', flexVolume: { driver: 'x/y' } }, { name: 'c', csi: { driver: 'c' } }],
      containers: [{ name: 'app', image: 'a', ports: [{ containerPort: 80, hostPort: 80 }], volumeMounts: [{ name: 'h', mountPath: '/h' }] }],
    });
    expect(model([permissive], p)).toBe(true);
    expect(cel(family, [permissive], p).allowed).toBe(true);
  });

  it.each(POD_LEVEL_FAMILIES.map((f) => [f.id, f] as const))('%s: its Rego has the same package, lib and checks the pod only on CREATE where the CEL does', (_id, family) => {
    const t = constraintTemplate(family) as { spec: { targets: { code: { engine: string; source: { rego?: string } }[] }[] } };
    const rego = t.spec.targets[0]!.code[1]!.source.rego!;
    expect(rego).toContain(`package pspmigrate${family.id.replaceAll('-', '')}\n`);
    expect(rego).toContain('import data.lib.pspmigrate\n');
    const cel = JSON.stringify(codeOf(family));
    expect(rego.includes('pspmigrate.check_pod')).toBe(cel.includes('variables.checkPod'));
    expect(rego.includes('pspmigrate.containers')).toBe(cel.includes('variables.containers'));
  });
});
