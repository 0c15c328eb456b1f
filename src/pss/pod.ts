/**
 * A typed, read-only view of the parts of a pod that the checks look at, built once per evaluation from
 * the untyped metadata and spec. Missing or wrongly typed fields read as "not set" (Go's nil / zero value).
 */
import { defaultHostPort, defaultVolumeSources } from './defaults.js';
import {
  asArray,
  asBoolean,
  asNumber,
  asObject,
  asString,
  field,
  objectField,
  stringList,
  type JsonObject,
} from './json.js';

/** A `seccompProfile` or `appArmorProfile` object that is present; `type` is `''` when unset. */
export interface ProfileView {
  readonly type: string;
}

export interface SELinuxOptionsView {
  readonly type: string;
  readonly user: string;
  readonly role: string;
}

/** Every security context field the checks read, at pod or container level. */
interface SecurityContextFields {
  readonly runAsNonRoot: boolean | undefined;
  readonly runAsUser: number | undefined;
  readonly seLinuxOptions: SELinuxOptionsView | undefined;
  readonly seccompProfile: ProfileView | undefined;
  readonly appArmorProfile: ProfileView | undefined;
  /** `windowsOptions.hostProcess` */
  readonly hostProcess: boolean | undefined;
  /** Pod level only: `sysctls[*].name`, in spec order. */
  readonly sysctls: readonly string[];
  /** Container level only from here on. */
  readonly privileged: boolean | undefined;
  readonly allowPrivilegeEscalation: boolean | undefined;
  readonly procMount: string | undefined;
  readonly capabilities: CapabilitiesView | undefined;
}

export interface CapabilitiesView {
  readonly add: readonly string[];
  readonly drop: readonly string[];
}

type CommonField = 'runAsNonRoot' | 'runAsUser' | 'seLinuxOptions' | 'seccompProfile' | 'appArmorProfile' | 'hostProcess';

/** Fields common to the pod-level and container-level security contexts. */
export type SecurityContextView = Pick<SecurityContextFields, CommonField>;
export type PodSecurityContextView = Pick<SecurityContextFields, CommonField | 'sysctls'>;
export type ContainerSecurityContextView = Omit<SecurityContextFields, 'sysctls'>;

export interface ContainerView {
  readonly name: string;
  readonly securityContext: ContainerSecurityContextView | undefined;
  /** `ports[*].hostPort`, 0 when unset. */
  readonly hostPorts: readonly number[];
  /** Non-empty `host` of the httpGet/tcpSocket handlers of the probes and lifecycle hooks. */
  readonly probeAndLifecycleHosts: readonly string[];
}

export interface VolumeView {
  readonly name: string;
  /** The volume source fields that are set (after defaulting, never empty). */
  readonly sources: readonly string[];
}

export interface PodView {
  readonly annotations: ReadonlyMap<string, string>;
  readonly hostNetwork: boolean;
  readonly hostPID: boolean;
  readonly hostIPC: boolean;
  readonly hostUsers: boolean | undefined;
  /** `spec.os.name` */
  readonly osName: string | undefined;
  readonly securityContext: PodSecurityContextView | undefined;
  /** Init containers, then containers, then ephemeral containers: upstream `visitContainers` order. */
  readonly containers: readonly ContainerView[];
  readonly volumes: readonly VolumeView[];
}

export interface ReadPodOptions {
  /** Apply the Pod-only hostNetwork port defaulting (see `defaultHostPort`). */
  readonly defaultHostNetworkPorts?: boolean;
}

/** Every member of `corev1.VolumeSource`. */
const VOLUME_SOURCE_FIELDS: readonly string[] = [
  'hostPath', 'emptyDir', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'secret', 'nfs', 'iscsi',
  'glusterfs', 'persistentVolumeClaim', 'rbd', 'flexVolume', 'cinder', 'cephfs', 'flocker', 'downwardAPI', 'fc',
  'azureFile', 'configMap', 'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'projected',
  'portworxVolume', 'scaleIO', 'storageos', 'csi', 'ephemeral', 'image',
];

const PROBE_FIELDS = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;
const LIFECYCLE_FIELDS = ['postStart', 'preStop'] as const;
const HANDLER_FIELDS = ['httpGet', 'tcpSocket'] as const;

export function readPod(metadata: unknown, spec: unknown, options: ReadPodOptions = {}): PodView {
  const podSpec = asObject(spec);
  const hostNetwork = field(podSpec, 'hostNetwork') === true;
  const hostNetworkPod = hostNetwork && options.defaultHostNetworkPorts === true;
  return {
    annotations: readAnnotations(objectField(asObject(metadata), 'annotations')),
    hostNetwork,
    hostPID: field(podSpec, 'hostPID') === true,
    hostIPC: field(podSpec, 'hostIPC') === true,
    hostUsers: asBoolean(field(podSpec, 'hostUsers')),
    osName: asString(field(objectField(podSpec, 'os'), 'name')),
    securityContext: readSecurityContext(objectField(podSpec, 'securityContext')),
    containers: [
      ...readContainers(field(podSpec, 'initContainers'), hostNetworkPod),
      ...readContainers(field(podSpec, 'containers'), hostNetworkPod),
      ...readContainers(field(podSpec, 'ephemeralContainers'), false),
    ],
    volumes: asArray(field(podSpec, 'volumes')).flatMap((item) => {
      const volume = asObject(item);
      return volume === undefined ? [] : [readVolume(volume)];
    }),
  };
}

function readAnnotations(annotations: JsonObject | undefined): ReadonlyMap<string, string> {
  const result = new Map<string, string>();
  for (const [key, value] of Object.entries(annotations ?? {})) {
    if (typeof value === 'string') result.set(key, value);
  }
  return result;
}

/**
 * Reads a pod-level or container-level security context. One reader (and one object shape) for both keeps this
 * hot path free of object spreads; the view types hide the fields that do not belong to a level.
 */
function readSecurityContext(sc: JsonObject | undefined): SecurityContextFields | undefined {
  if (sc === undefined) return undefined;
  const seLinux = objectField(sc, 'seLinuxOptions');
  const capabilities = objectField(sc, 'capabilities');
  return {
    runAsNonRoot: asBoolean(field(sc, 'runAsNonRoot')),
    runAsUser: asNumber(field(sc, 'runAsUser')),
    seLinuxOptions:
      seLinux === undefined
        ? undefined
        : { type: stringField(seLinux, 'type'), user: stringField(seLinux, 'user'), role: stringField(seLinux, 'role') },
    seccompProfile: readProfile(objectField(sc, 'seccompProfile')),
    appArmorProfile: readProfile(objectField(sc, 'appArmorProfile')),
    hostProcess: asBoolean(field(objectField(sc, 'windowsOptions'), 'hostProcess')),
    sysctls: asArray(field(sc, 'sysctls')).flatMap((item) => {
      const sysctl = asObject(item);
      return sysctl === undefined ? [] : [stringField(sysctl, 'name')];
    }),
    privileged: asBoolean(field(sc, 'privileged')),
    allowPrivilegeEscalation: asBoolean(field(sc, 'allowPrivilegeEscalation')),
    procMount: asString(field(sc, 'procMount')),
    capabilities:
      capabilities === undefined
        ? undefined
        : { add: stringList(field(capabilities, 'add')), drop: stringList(field(capabilities, 'drop')) },
  };
}

function readContainers(list: unknown, hostNetworkPod: boolean): ContainerView[] {
  return asArray(list).flatMap((item) => {
    const container = asObject(item);
    return container === undefined ? [] : [readContainer(container, hostNetworkPod)];
  });
}

function readContainer(container: JsonObject, hostNetworkPod: boolean): ContainerView {
  return {
    name: stringField(container, 'name'),
    securityContext: readSecurityContext(objectField(container, 'securityContext')),
    hostPorts: asArray(field(container, 'ports')).flatMap((item) => {
      const port = asObject(item);
      if (port === undefined) return [];
      const hostPort = asNumber(field(port, 'hostPort')) ?? 0;
      const containerPort = asNumber(field(port, 'containerPort')) ?? 0;
      return [defaultHostPort(hostPort, containerPort, hostNetworkPod)];
    }),
    probeAndLifecycleHosts: readHandlerHosts(container),
  };
}

function readHandlerHosts(container: JsonObject): string[] {
  const lifecycle = objectField(container, 'lifecycle');
  const handlers = [
    ...PROBE_FIELDS.map((name) => objectField(container, name)),
    ...LIFECYCLE_FIELDS.map((name) => objectField(lifecycle, name)),
  ];
  const hosts: string[] = [];
  for (const handler of handlers) {
    for (const action of HANDLER_FIELDS) {
      const host = stringField(objectField(handler, action), 'host');
      if (host !== '') hosts.push(host);
    }
  }
  return hosts;
}

function readVolume(volume: JsonObject): VolumeView {
  // Any non-null value counts as a set source, even of the wrong type: a bogus `hostPath: "x"` is flagged
  // rather than defaulted to emptyDir.
  const sources = VOLUME_SOURCE_FIELDS.filter((name) => {
    const value = field(volume, name);
    return value !== undefined && value !== null;
  });
  return { name: stringField(volume, 'name'), sources: defaultVolumeSources(sources) };
}

function readProfile(profile: JsonObject | undefined): ProfileView | undefined {
  return profile === undefined ? undefined : { type: stringField(profile, 'type') };
}

/** A string field, `''` (Go's zero value) when unset. */
function stringField(obj: JsonObject | undefined, key: string): string {
  return asString(field(obj, key)) ?? '';
}
