/**
 * A model of the PodSecurityPolicy admission plugin (Kubernetes v1.19–v1.24,
 * removed in v1.25) for one pod: how one PSP mutates the pod, whether it then
 * admits it, and which of several PSPs the plugin would choose.
 *
 * Upstream sources this follows (kubernetes/kubernetes, release-1.19 to 1.24):
 * - plugin/pkg/admission/security/podsecuritypolicy/admission.go
 *   (computeSecurityContext: the order PSPs are tried in and which one wins);
 * - pkg/security/podsecuritypolicy/provider.go (MutatePod, mutateContainer,
 *   ValidatePod, validatePodVolumes, validateContainer, hasInvalidHostPort,
 *   validateRuntimeClassName) and factory.go (which strategy each rule builds);
 * - pkg/security/podsecuritypolicy/{user,group,selinux,capabilities,seccomp,
 *   apparmor,sysctl}/ (the strategies) and util/util.go (volume types, host
 *   paths, the projected service-account-token exception);
 * - pkg/securitycontext/accessors.go (the "effective" container security
 *   context: a container value, else the pod's for runAsUser, runAsGroup,
 *   runAsNonRoot and seLinuxOptions; a setter that would store the value the
 *   effective context already has changes nothing).
 *
 * What this models is the plugin's mutating phase on CREATE (`Admit`): the pod
 * as the user submitted it, after API defaulting. Two API defaults that change
 * what PSP sees are applied when reading (never written back, never reported
 * as mutations): a volume with no source is an `emptyDir`
 * (SetDefaults_Volume), and in a `hostNetwork` pod a port without `hostPort`
 * uses its `containerPort` (defaultHostNetworkPorts).
 *
 * Pods are untrusted JSON: a field of the wrong type reads as "not set" (the
 * API server would not have decoded such a pod), nothing here throws, and the
 * input is never modified (mutations go to a deep copy).
 *
 * Field paths are the v1 pod's (`spec.hostNetwork`,
 * `spec.containers[0].ports[1].hostPort`,
 * `metadata.annotations[seccomp.security.alpha.kubernetes.io/pod]`), where
 * upstream sometimes printed internal-API paths (`spec.securityContext.hostNetwork`,
 * `spec.containers[0].hostPort`, `pod.metadata.annotations[…]`). Messages are
 * upstream's error details; where upstream kept the offending value only in
 * the error's value part, it is appended (`capability may not be added:
 * SYS_ADMIN`), and an empty detail is spelled out ('Required value').
 *
 * Unusable PSPs: a PSP whose strategies admission could not build
 * (`psp.unusable` non-empty: MustRunAs user/group rules without ranges,
 * SELinux MustRunAs without options; factory.go's CreateStrategies fails) was
 * skipped by the plugin and admitted nothing. Here it mutates nothing and
 * `validatePod` / `admitPod` report the unusable messages as its errors.
 */
import { formatPath, setOwn } from '../model/fields.js';
import type { Path } from '../input/source-map.js';
import type { IDRange, PodSecurityPolicy, SELinuxOptions } from '../model/types.js';

// ---------------------------------------------------------------- API

export interface PodObject {
  metadata?: { annotations?: Record<string, string>; [k: string]: unknown };
  spec?: Record<string, unknown>;
  [k: string]: unknown;
}

/** One reason a PSP refuses the pod. `field`: 'spec.containers[0].securityContext.privileged'. */
export interface AdmissionError {
  field: string;
  message: string;
}

/** One value the PSP wrote into the pod, e.g. { field: 'spec.containers[0].securityContext.runAsUser', value: 1000 }. */
export interface Mutation {
  field: string;
  value: unknown;
}

export interface Admission {
  /** The PSP's name. */
  psp: string;
  /** No errors: the PSP admits the (mutated) pod. */
  allowed: boolean;
  /** The PSP changed the pod (`mutations` is not empty). */
  mutated: boolean;
  mutations: Mutation[];
  errors: AdmissionError[];
  /** The pod after the PSP's mutations (a copy; the input is untouched). */
  pod: PodObject;
}

// ---------------------------------------------------------------- annotation keys

const SECCOMP_POD = 'seccomp.security.alpha.kubernetes.io/pod';
const SECCOMP_CONTAINER_PREFIX = 'container.seccomp.security.alpha.kubernetes.io/';
const APPARMOR_CONTAINER_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

// ---------------------------------------------------------------- reading untrusted JSON

type JsonMap = Record<string, unknown>;

function isMap(v: unknown): v is JsonMap {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** An own property (never one from the prototype). */
function own(obj: unknown, key: string): unknown {
  return isMap(obj) && Object.hasOwn(obj, key) ? obj[key] : undefined;
}

function mapAt(obj: unknown, key: string): JsonMap | undefined {
  const v = own(obj, key);
  return isMap(v) ? v : undefined;
}

function num(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'bigint') return Number(v);
  return undefined;
}

function bool(v: unknown): boolean | undefined {
  return typeof v === 'boolean' ? v : undefined;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function list(v: unknown): readonly unknown[] {
  return Array.isArray(v) ? v : [];
}

function strList(v: unknown): string[] {
  return list(v).filter((x): x is string => typeof x === 'string');
}

function isPlainObject(v: unknown): v is JsonMap {
  if (!isMap(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/** A deep copy of JSON-like data; other objects (dates, …) are shared, never written to. */
function deepCopy<T>(v: T): T {
  if (Array.isArray(v)) return v.map((x: unknown) => deepCopy(x)) as T;
  if (isPlainObject(v)) {
    const out: JsonMap = {};
    for (const [k, x] of Object.entries(v)) setOwn(out, k, deepCopy(x));
    return out as T;
  }
  return v;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  }
  if (isMap(a) && isMap(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

/** Go's byte-order string sort (sets.String.List). PSP values are ASCII. */
function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// ---------------------------------------------------------------- the pod: containers and security contexts

type ContainerKind = 'initContainers' | 'containers' | 'ephemeralContainers';

interface ContainerSite {
  /** ['spec', 'containers', 0] */
  path: Path;
  container: JsonMap;
  name: string;
}

/**
 * The pod's containers in upstream visiting order: init containers, then
 * containers, then (validation only) ephemeral containers
 * (pkg/apis/core/pods VisitContainersWithPath).
 */
function containerSites(pod: PodObject, opts: { ephemeral: boolean }): ContainerSite[] {
  const kinds: ContainerKind[] = opts.ephemeral ? ['initContainers', 'containers', 'ephemeralContainers'] : ['initContainers', 'containers'];
  const out: ContainerSite[] = [];
  for (const kind of kinds) {
    list(own(pod.spec, kind)).forEach((container, i) => {
      if (isMap(container)) out.push({ path: ['spec', kind, i], container, name: str(own(container, 'name')) ?? '' });
    });
  }
  return out;
}

interface SELinuxView {
  user: string;
  role: string;
  type: string;
  level: string;
}

function seLinuxOf(v: unknown): SELinuxView | undefined {
  if (!isMap(v)) return undefined;
  return { user: str(own(v, 'user')) ?? '', role: str(own(v, 'role')) ?? '', type: str(own(v, 'type')) ?? '', level: str(own(v, 'level')) ?? '' };
}

interface CapabilitiesView {
  add: string[];
  drop: string[];
}

function capabilitiesOf(v: unknown): CapabilitiesView | undefined {
  if (!isMap(v)) return undefined;
  return { add: strList(own(v, 'add')), drop: strList(own(v, 'drop')) };
}

/** The security context a container runs with (pkg/securitycontext/accessors.go, effectiveContainerSecurityContextWrapper). */
interface EffectiveContext {
  runAsUser?: number;
  runAsGroup?: number;
  runAsNonRoot?: boolean;
  seLinuxOptions?: SELinuxView;
  /** Container-only from here on. */
  privileged?: boolean;
  readOnlyRootFilesystem?: boolean;
  allowPrivilegeEscalation?: boolean;
  /** An unset procMount reads as Default. */
  procMount: string;
  capabilities?: CapabilitiesView;
}

function podSecurityContext(pod: PodObject): JsonMap | undefined {
  return mapAt(pod.spec, 'securityContext');
}

function effectiveContext(pod: PodObject, container: JsonMap): EffectiveContext {
  const p = podSecurityContext(pod);
  const c = mapAt(container, 'securityContext');
  const fromEither = <T>(read: (v: unknown) => T | undefined, key: string): T | undefined => read(own(c, key)) ?? read(own(p, key));
  return {
    runAsUser: fromEither(num, 'runAsUser'),
    runAsGroup: fromEither(num, 'runAsGroup'),
    runAsNonRoot: fromEither(bool, 'runAsNonRoot'),
    seLinuxOptions: fromEither(seLinuxOf, 'seLinuxOptions'),
    privileged: bool(own(c, 'privileged')),
    readOnlyRootFilesystem: bool(own(c, 'readOnlyRootFilesystem')),
    allowPrivilegeEscalation: bool(own(c, 'allowPrivilegeEscalation')),
    procMount: str(own(c, 'procMount')) ?? 'Default',
    capabilities: capabilitiesOf(own(c, 'capabilities')),
  };
}

function annotationsOf(pod: PodObject): JsonMap | undefined {
  return mapAt(pod.metadata, 'annotations');
}

/** An annotation's value; '' when absent (Go's map lookup). */
function annotation(pod: PodObject, key: string): string {
  return str(own(annotationsOf(pod), key)) ?? '';
}

function hasAnnotation(pod: PodObject, key: string): boolean {
  return str(own(annotationsOf(pod), key)) !== undefined;
}

// ---------------------------------------------------------------- writing mutations

type ContainerField = 'runAsUser' | 'runAsGroup' | 'runAsNonRoot' | 'seLinuxOptions' | 'capabilities' | 'readOnlyRootFilesystem' | 'allowPrivilegeEscalation';

/** The container fields that fall back to the pod's value. */
const POD_FALLBACK: readonly ContainerField[] = ['runAsUser', 'runAsGroup', 'runAsNonRoot', 'seLinuxOptions'];

/** Writes into the pod copy and records each change. */
class Mutator {
  readonly mutations: Mutation[] = [];

  constructor(readonly pod: PodObject) {}

  private ensureMap(parent: JsonMap, key: string): JsonMap {
    const cur = own(parent, key);
    if (isMap(cur)) return cur;
    const fresh: JsonMap = {};
    setOwn(parent, key, fresh);
    return fresh;
  }

  private write(parent: JsonMap, key: string, path: Path, value: unknown): void {
    setOwn(parent, key, deepCopy(value));
    this.mutations.push({ field: formatPath(path), value: deepCopy(value) });
  }

  podSecurityContext(key: string, value: unknown): void {
    const root = this.pod as JsonMap;
    this.write(this.ensureMap(this.ensureMap(root, 'spec'), 'securityContext'), key, ['spec', 'securityContext', key], value);
  }

  spec(key: string, value: unknown): void {
    this.write(this.ensureMap(this.pod as JsonMap, 'spec'), key, ['spec', key], value);
  }

  annotation(key: string, value: string): void {
    this.write(this.ensureMap(this.ensureMap(this.pod as JsonMap, 'metadata'), 'annotations'), key, ['metadata', 'annotations', key], value);
  }

  /**
   * The effective setter: the value goes on the container, unless the
   * container already runs with it (from its own or the pod's context).
   */
  container(site: ContainerSite, key: ContainerField, value: unknown): void {
    const ownValue = own(mapAt(site.container, 'securityContext'), key);
    const current = ownValue ?? (POD_FALLBACK.includes(key) ? own(podSecurityContext(this.pod), key) : undefined);
    if (deepEqual(current, value)) return;
    this.write(this.ensureMap(site.container, 'securityContext'), key, [...site.path, 'securityContext', key], value);
  }
}

// ---------------------------------------------------------------- strategies: users and groups

function inRanges(id: number, ranges: readonly IDRange[]): boolean {
  return ranges.some((r) => id >= r.min && id <= r.max);
}

/** Go's %v of []IDRange: `[{1 65535} {70000 80000}]`. */
function formatRanges(ranges: readonly IDRange[]): string {
  return `[${ranges.map((r) => `{${r.min} ${r.max}}`).join(' ')}]`;
}

/** user/{mustrunas,nonroot,runasany}.go Generate: only MustRunAs picks a UID, the first range's min. */
function generateUser(psp: PodSecurityPolicy): number | undefined {
  const { rule, ranges } = psp.spec.runAsUser;
  return rule === 'MustRunAs' ? ranges[0]?.min : undefined;
}

/** user/{mustrunas,nonroot,runasany}.go Validate, on the container's effective runAsNonRoot and runAsUser. */
function validateUser(psp: PodSecurityPolicy, scPath: Path, ctx: EffectiveContext): AdmissionError[] {
  const { rule, ranges } = psp.spec.runAsUser;
  const at = (key: string, message: string): AdmissionError[] => [{ field: formatPath([...scPath, key]), message }];
  if (rule === 'MustRunAs') {
    if (ctx.runAsUser === undefined) return at('runAsUser', 'Required value');
    if (!inRanges(ctx.runAsUser, ranges)) return at('runAsUser', `must be in the ranges: ${formatRanges(ranges)}`);
    return [];
  }
  if (rule === 'MustRunAsNonRoot') {
    if (ctx.runAsNonRoot === undefined && ctx.runAsUser === undefined) return at('runAsNonRoot', 'must be true');
    if (ctx.runAsNonRoot === false) return at('runAsNonRoot', 'must be true');
    if (ctx.runAsUser === 0) return at('runAsUser', 'running with the root UID is forbidden');
  }
  return [];
}

type GroupStrategy = PodSecurityPolicy['spec']['fsGroup'];

/** group/mustrunas.go Generate/GenerateSingle: the first range's min; MayRunAs and RunAsAny generate nothing (group/mayrunas.go, runasany.go). */
function generateGroup(strategy: GroupStrategy | undefined): number | undefined {
  return strategy?.rule === 'MustRunAs' ? strategy.ranges[0]?.min : undefined;
}

/**
 * group/mustrunas.go and group/mayrunas.go (helpers.go ValidateGroupsInRanges):
 * MustRunAs requires a value, both require every value in a range; RunAsAny
 * (and an absent runAsGroup strategy) accepts anything.
 */
function validateGroups(strategy: GroupStrategy | undefined, path: Path, groups: readonly number[]): AdmissionError[] {
  if (strategy === undefined || strategy.rule === 'RunAsAny') return [];
  const field = formatPath(path);
  const errs: AdmissionError[] = [];
  if (strategy.rule === 'MustRunAs' && groups.length === 0 && strategy.ranges.length > 0) {
    errs.push({ field, message: 'unable to validate empty groups against required ranges' });
  }
  for (const g of groups) {
    if (!inRanges(g, strategy.ranges)) errs.push({ field, message: `group ${g} must be in the ranges: ${formatRanges(strategy.ranges)}` });
  }
  return errs;
}

// ---------------------------------------------------------------- strategies: SELinux

/** selinux/mustrunas.go Generate: the PSP's options; RunAsAny generates nothing. */
function generateSELinux(psp: PodSecurityPolicy): SELinuxOptions | undefined {
  const { rule, seLinuxOptions } = psp.spec.seLinux;
  return rule === 'MustRunAs' && seLinuxOptions ? { ...seLinuxOptions } : undefined;
}

/** selinux/mustrunas.go equalLevels: same sensitivity, same categories in any order. */
function equalLevels(expected: string, actual: string): boolean {
  if (expected === actual) return true;
  const e = splitOnce(expected, ':');
  const a = splitOnce(actual, ':');
  if (e === undefined || a === undefined || e[0] !== a[0]) return false;
  const ec = e[1].split(',').sort(byteOrder);
  const ac = a[1].split(',').sort(byteOrder);
  return ec.length === ac.length && ec.every((c, i) => c === ac[i]);
}

function splitOnce(s: string, sep: string): [string, string] | undefined {
  const i = s.indexOf(sep);
  return i < 0 ? undefined : [s.slice(0, i), s.slice(i + sep.length)];
}

/** selinux/mustrunas.go Validate: options are required and must equal the PSP's (level, role, type, user). */
function validateSELinux(psp: PodSecurityPolicy, path: Path, options: SELinuxView | undefined): AdmissionError[] {
  const { rule, seLinuxOptions } = psp.spec.seLinux;
  if (rule !== 'MustRunAs' || seLinuxOptions === undefined) return [];
  if (options === undefined) return [{ field: formatPath(path), message: 'Required value' }];
  const want: SELinuxView = { user: seLinuxOptions.user ?? '', role: seLinuxOptions.role ?? '', type: seLinuxOptions.type ?? '', level: seLinuxOptions.level ?? '' };
  const errs: AdmissionError[] = [];
  const mismatch = (key: keyof SELinuxView) => errs.push({ field: formatPath([...path, key]), message: `must be ${want[key]}` });
  if (!equalLevels(want.level, options.level)) mismatch('level');
  if (options.role !== want.role) mismatch('role');
  if (options.type !== want.type) mismatch('type');
  if (options.user !== want.user) mismatch('user');
  return errs;
}

// ---------------------------------------------------------------- strategies: capabilities

/**
 * capabilities/capabilities.go Generate: defaultAdd minus what the container
 * drops, plus what it adds; requiredDrop plus what it drops. When that adds
 * nothing the container's capabilities stay as written, otherwise both lists
 * are replaced by sorted sets (an empty one omitted).
 */
function generateCapabilities(psp: PodSecurityPolicy, container: JsonMap): { add?: string[]; drop?: string[] } | undefined {
  const current = capabilitiesOf(own(mapAt(container, 'securityContext'), 'capabilities'));
  const containerAdd = new Set(current?.add ?? []);
  const containerDrop = new Set(current?.drop ?? []);
  const add = new Set(psp.spec.defaultAddCapabilities.filter((c) => !containerDrop.has(c)));
  for (const c of containerAdd) add.add(c);
  const drop = new Set(psp.spec.requiredDropCapabilities);
  for (const c of containerDrop) drop.add(c);
  if (add.size === containerAdd.size && drop.size === containerDrop.size) return undefined;
  const out: { add?: string[]; drop?: string[] } = {};
  if (add.size > 0) out.add = [...add].sort(byteOrder);
  if (drop.size > 0) out.drop = [...drop].sort(byteOrder);
  return out;
}

/** capabilities/capabilities.go Validate. */
function validateCapabilities(psp: PodSecurityPolicy, path: Path, caps: CapabilitiesView | undefined): AdmissionError[] {
  const { defaultAddCapabilities, requiredDropCapabilities, allowedCapabilities } = psp.spec;
  if (caps === undefined) {
    if (defaultAddCapabilities.length === 0 && requiredDropCapabilities.length === 0) return [];
    return [{ field: formatPath(path), message: 'required capabilities are not set on the securityContext' }];
  }
  if (allowedCapabilities.includes('*')) return [];
  const errs: AdmissionError[] = [];
  for (const cap of caps.add) {
    if (!defaultAddCapabilities.includes(cap) && !allowedCapabilities.includes(cap)) {
      errs.push({ field: formatPath([...path, 'add']), message: `capability may not be added: ${cap}` });
    }
  }
  for (const cap of requiredDropCapabilities) {
    if (!caps.drop.includes(cap)) errs.push({ field: formatPath([...path, 'drop']), message: `${cap} is required to be dropped but was not found` });
  }
  return errs;
}

// ---------------------------------------------------------------- strategies: seccomp

/**
 * podutil.SeccompAnnotationForField (v1.19+): the annotation value a
 * seccompProfile field stands for; '' for a Localhost profile without a path
 * or an unknown type.
 */
function seccompAnnotationForField(profile: JsonMap): string {
  switch (str(own(profile, 'type'))) {
    case 'Unconfined':
      return 'unconfined';
    case 'RuntimeDefault':
      return 'runtime/default';
    case 'Localhost': {
      const path = str(own(profile, 'localhostProfile'));
      return path === undefined ? '' : `localhost/${path}`;
    }
    default:
      return '';
  }
}

/** A profile and where it was read. */
interface ProfileSource {
  profile: string;
  path: Path;
}

/**
 * seccomp/strategy.go ValidatePod (v1.19+): the pod annotation, else the pod
 * field. Reported at the annotation unless the field supplied the profile.
 */
function podSeccompProfile(pod: PodObject): ProfileSource {
  const annotationPath = ['metadata', 'annotations', SECCOMP_POD];
  const value = annotation(pod, SECCOMP_POD);
  const field = mapAt(podSecurityContext(pod), 'seccompProfile');
  if (value === '' && field !== undefined) return { profile: seccompAnnotationForField(field), path: ['spec', 'securityContext', 'seccompProfile'] };
  return { profile: value, path: annotationPath };
}

/**
 * seccomp/strategy.go profileForContainer (v1.19+): the container field, the
 * container annotation (when present, even empty), the pod field, the pod
 * annotation.
 */
function containerSeccompProfile(pod: PodObject, site: ContainerSite): ProfileSource {
  const key = SECCOMP_CONTAINER_PREFIX + site.name;
  const containerField = mapAt(mapAt(site.container, 'securityContext'), 'seccompProfile');
  if (containerField !== undefined) return { profile: seccompAnnotationForField(containerField), path: [...site.path, 'securityContext', 'seccompProfile'] };
  if (hasAnnotation(pod, key)) return { profile: annotation(pod, key), path: ['metadata', 'annotations', key] };
  const podField = mapAt(podSecurityContext(pod), 'seccompProfile');
  if (podField !== undefined) return { profile: seccompAnnotationForField(podField), path: ['spec', 'securityContext', 'seccompProfile'] };
  return { profile: annotation(pod, SECCOMP_POD), path: ['metadata', 'annotations', key] };
}

/**
 * seccomp/strategy.go generate: the pod annotation when set, else the pod
 * field translated to its annotation value (written into the annotation: the
 * API server only synced field and annotation after admission's mutating
 * phase), else the PSP's defaultProfileName.
 */
function generateSeccomp(psp: PodSecurityPolicy, pod: PodObject): string {
  const value = annotation(pod, SECCOMP_POD);
  if (value !== '') return value;
  const field = mapAt(podSecurityContext(pod), 'seccompProfile');
  if (field !== undefined) return seccompAnnotationForField(field);
  return psp.seccomp.default ?? '';
}

/**
 * seccomp/strategy.go NewStrategy + validation: allowedProfileNames split on
 * ','; `*` allows any profile; an absent annotation allows only an unset
 * profile ("seccomp may not be set"); an empty item allows unset;
 * `runtime/default` and `docker/default` stand for each other (v1.19.4+).
 */
function validateSeccomp(psp: PodSecurityPolicy, source: ProfileSource): AdmissionError[] {
  const raw = psp.seccomp.allowed?.raw;
  const allowed = new Set<string>();
  let allowAny = false;
  for (const p of raw === undefined ? [] : raw.split(',')) {
    if (p === '*') {
      allowAny = true;
      continue;
    }
    allowed.add(p);
    if (p === 'runtime/default' || p === 'docker/default') {
      allowed.add('runtime/default');
      allowed.add('docker/default');
    }
  }
  const { profile } = source;
  const field = formatPath(source.path);
  if (!allowAny && allowed.size === 0 && profile !== '') return [{ field, message: 'seccomp may not be set' }];
  if ((allowed.size === 0 && profile === '') || allowAny || allowed.has(profile)) return [];
  return [{ field, message: `${profile} is not an allowed seccomp profile. Valid values are ${raw ?? ''}` }];
}

// ---------------------------------------------------------------- strategies: AppArmor

/**
 * apparmor/strategy.go Validate: no allowedProfileNames annotation allows
 * anything. Otherwise an unset profile is refused before the list is looked
 * at (so a trailing comma does not allow unset), and the profile must be an
 * item of the list; `*` is not a wildcard for AppArmor.
 */
function validateAppArmor(psp: PodSecurityPolicy, pod: PodObject, site: ContainerSite): AdmissionError[] {
  const allowed = psp.appArmor.allowed;
  if (allowed === undefined) return [];
  const key = APPARMOR_CONTAINER_PREFIX + site.name;
  const field = formatPath(['metadata', 'annotations', key]);
  const profile = annotation(pod, key);
  // Splitting always yields at least one item, so "unset" is always refused.
  if (profile === '') return [{ field, message: 'AppArmor profile must be set' }];
  if (!allowed.raw.split(',').includes(profile)) return [{ field, message: `${profile} is not an allowed profile. Allowed values: ${JSON.stringify(allowed.raw)}` }];
  return [];
}

// ---------------------------------------------------------------- sysctls

/** sysctl/mustmatchpatterns.go SafeSysctlAllowlist (v1.22+). */
const SAFE_SYSCTLS = ['kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range', 'net.ipv4.ip_unprivileged_port_start'];

function matchesSysctl(name: string, patterns: readonly string[]): boolean {
  return patterns.some((p) => (p.endsWith('*') ? name.startsWith(p.slice(0, -1)) : name === p));
}

/** sysctl/mustmatchpatterns.go Validate: forbidden first, then the safe set, then allowedUnsafeSysctls. */
function validateSysctls(psp: PodSecurityPolicy, pod: PodObject): AdmissionError[] {
  const errs: AdmissionError[] = [];
  list(own(podSecurityContext(pod), 'sysctls')).forEach((item, i) => {
    const name = str(own(item, 'name'));
    if (name === undefined) return;
    const field = formatPath(['spec', 'securityContext', 'sysctls', i]);
    if (matchesSysctl(name, psp.spec.forbiddenSysctls)) errs.push({ field, message: `sysctl ${JSON.stringify(name)} is not allowed` });
    else if (SAFE_SYSCTLS.includes(name) || matchesSysctl(name, psp.spec.allowedUnsafeSysctls)) return;
    else errs.push({ field, message: `unsafe sysctl ${JSON.stringify(name)} is not allowed` });
  });
  return errs;
}

// ---------------------------------------------------------------- volumes

/** util.go GetVolumeFSType: the pod's source key and the PSP's FSType, in upstream's detection order. */
const VOLUME_SOURCES: readonly (readonly [key: string, fsType: string])[] = [
  ['hostPath', 'hostPath'], ['emptyDir', 'emptyDir'], ['gcePersistentDisk', 'gcePersistentDisk'],
  ['awsElasticBlockStore', 'awsElasticBlockStore'], ['gitRepo', 'gitRepo'], ['secret', 'secret'], ['nfs', 'nfs'],
  ['iscsi', 'iscsi'], ['glusterfs', 'glusterfs'], ['persistentVolumeClaim', 'persistentVolumeClaim'], ['rbd', 'rbd'],
  ['flexVolume', 'flexVolume'], ['cinder', 'cinder'], ['cephfs', 'cephFS'], ['flocker', 'flocker'],
  ['downwardAPI', 'downwardAPI'], ['fc', 'fc'], ['azureFile', 'azureFile'], ['configMap', 'configMap'],
  ['vsphereVolume', 'vsphereVolume'], ['quobyte', 'quobyte'], ['azureDisk', 'azureDisk'],
  ['photonPersistentDisk', 'photonPersistentDisk'], ['storageos', 'storageos'], ['projected', 'projected'],
  ['portworxVolume', 'portworxVolume'], ['scaleIO', 'scaleIO'], ['csi', 'csi'], ['ephemeral', 'ephemeral'],
];

/** The volume's FSType; a volume with no source is an emptyDir after API defaulting (SetDefaults_Volume). */
function volumeType(volume: JsonMap): { fsType: string; source: JsonMap } {
  for (const [key, fsType] of VOLUME_SOURCES) {
    const source = mapAt(volume, key);
    if (source !== undefined) return { fsType, source };
  }
  return { fsType: 'emptyDir', source: {} };
}

/** util.go hasPathPrefix: a prefix match on path segment boundaries, trailing slashes ignored. */
function hasPathPrefix(path: string, prefix: string): boolean {
  const s = path.endsWith('/') ? path.slice(0, -1) : path;
  const p = prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
  if (!s.startsWith(p)) return false;
  return s.length === p.length || s[p.length] === '/';
}

/** util.go AllowsHostVolumePath: no allowedHostPaths allows any path; a writable match wins over read-only ones. */
function allowsHostPath(psp: PodSecurityPolicy, path: string): { allowed: boolean; readOnly: boolean } {
  if (psp.spec.allowedHostPaths.length === 0) return { allowed: true, readOnly: false };
  let allowed = false;
  for (const entry of psp.spec.allowedHostPaths) {
    if (!hasPathPrefix(path, entry.pathPrefix)) continue;
    if (!entry.readOnly) return { allowed: true, readOnly: false };
    allowed = true;
  }
  return { allowed, readOnly: allowed };
}

/**
 * util.go IsOnlyServiceAccountTokenSources: a projected volume holding only
 * what the service account admission plugin injects (token at path "token"
 * with no audience, the kube-root-ca.crt ConfigMap, the namespace).
 */
function isOnlyServiceAccountTokenSources(projected: JsonMap): boolean {
  return list(own(projected, 'sources')).every((s) => {
    const token = mapAt(s, 'serviceAccountToken');
    const configMap = mapAt(s, 'configMap');
    const downwardAPI = mapAt(s, 'downwardAPI');
    if (!token && !configMap && !downwardAPI) return false;
    if (token && ((str(own(token, 'path')) ?? '') !== 'token' || (str(own(token, 'audience')) ?? '') !== '')) return false;
    if (configMap && str(own(configMap, 'name')) !== 'kube-root-ca.crt') return false;
    if (downwardAPI) {
      return list(own(downwardAPI, 'items')).every((d) => {
        const ref = mapAt(d, 'fieldRef');
        return str(own(d, 'path')) === 'namespace' && ref !== undefined && str(own(ref, 'apiVersion')) === 'v1' && str(own(ref, 'fieldPath')) === 'metadata.namespace';
      });
    }
    return true;
  });
}

/** provider.go allowsVolumeType: the projected service-account-token volume counts as a secret (v1.19+). */
function allowsVolumeType(psp: PodSecurityPolicy, fsType: string, source: JsonMap): boolean {
  const volumes = psp.spec.volumes;
  if (volumes.includes('*') || volumes.includes(fsType)) return true;
  return fsType === 'projected' && volumes.includes('secret') && isOnlyServiceAccountTokenSources(source);
}

/** provider.go validatePodVolumes. */
function validateVolumes(psp: PodSecurityPolicy, pod: PodObject): AdmissionError[] {
  const errs: AdmissionError[] = [];
  list(own(pod.spec, 'volumes')).forEach((volume, i) => {
    if (!isMap(volume)) return;
    const at: Path = ['spec', 'volumes', i];
    const { fsType, source } = volumeType(volume);
    if (!allowsVolumeType(psp, fsType, source)) {
      errs.push({ field: formatPath(at), message: `${fsType} volumes are not allowed to be used` });
      return;
    }
    if (fsType === 'hostPath') {
      const path = str(own(source, 'path')) ?? '';
      const { allowed, readOnly } = allowsHostPath(psp, path);
      if (!allowed) errs.push({ field: formatPath([...at, 'hostPath', 'path']), message: `${path} is not allowed to be used` });
      else if (readOnly) errs.push(...readOnlyMountErrors(pod, str(own(volume, 'name')) ?? ''));
    } else if (fsType === 'flexVolume' && psp.spec.allowedFlexVolumes.length > 0) {
      const driver = str(own(source, 'driver')) ?? '';
      if (!psp.spec.allowedFlexVolumes.some((f) => f.driver === driver)) {
        errs.push({ field: formatPath([...at, 'flexVolume', 'driver']), message: `Flexvolume driver is not allowed to be used: ${driver}` });
      }
    } else if (fsType === 'csi' && psp.spec.allowedCSIDrivers.length > 0) {
      const driver = str(own(source, 'driver')) ?? '';
      if (!psp.spec.allowedCSIDrivers.some((d) => d.name === driver)) {
        errs.push({ field: formatPath([...at, 'csi', 'driver']), message: `Inline CSI driver is not allowed to be used: ${driver}` });
      }
    }
  });
  return errs;
}

/** Every mount of a read-only host path, in every container, must be readOnly. */
function readOnlyMountErrors(pod: PodObject, volumeName: string): AdmissionError[] {
  const errs: AdmissionError[] = [];
  for (const site of containerSites(pod, { ephemeral: true })) {
    list(own(site.container, 'volumeMounts')).forEach((mount, k) => {
      if (str(own(mount, 'name')) === volumeName && bool(own(mount, 'readOnly')) !== true) {
        errs.push({ field: formatPath([...site.path, 'volumeMounts', k, 'readOnly']), message: 'must be read-only' });
      }
    });
  }
  return errs;
}

// ---------------------------------------------------------------- host namespaces, ports, runtime class

function validateHostNamespaces(psp: PodSecurityPolicy, pod: PodObject): AdmissionError[] {
  const errs: AdmissionError[] = [];
  const check = (key: 'hostNetwork' | 'hostPID' | 'hostIPC', label: string) => {
    if (!psp.spec[key] && bool(own(pod.spec, key)) === true) errs.push({ field: formatPath(['spec', key]), message: `${label} is not allowed to be used` });
  };
  check('hostNetwork', 'Host network');
  check('hostPID', 'Host PID');
  check('hostIPC', 'Host IPC');
  return errs;
}

/** provider.go hostPortRangesToString: `80,8000-9000`. */
function formatHostPorts(psp: PodSecurityPolicy): string {
  return psp.spec.hostPorts.map((r) => (r.min === r.max ? `${r.min}` : `${r.min}-${r.max}`)).join(',');
}

/** provider.go hasInvalidHostPort; a hostNetwork pod's ports default hostPort to containerPort. */
function validateHostPorts(psp: PodSecurityPolicy, pod: PodObject, site: ContainerSite): AdmissionError[] {
  // defaultHostNetworkPorts covers init containers and containers.
  const hostNetwork = bool(own(pod.spec, 'hostNetwork')) === true && site.path[1] !== 'ephemeralContainers';
  const errs: AdmissionError[] = [];
  list(own(site.container, 'ports')).forEach((port, j) => {
    let hostPort = num(own(port, 'hostPort')) ?? 0;
    if (hostNetwork && hostPort === 0) hostPort = num(own(port, 'containerPort')) ?? 0;
    if (hostPort > 0 && !inRanges(hostPort, psp.spec.hostPorts)) {
      errs.push({ field: formatPath([...site.path, 'ports', j, 'hostPort']), message: `Host port ${hostPort} is not allowed to be used. Allowed ports: [${formatHostPorts(psp)}]` });
    }
  });
  return errs;
}

/** provider.go validateRuntimeClassName: unset is always allowed; `*` allows any. */
function validateRuntimeClass(psp: PodSecurityPolicy, pod: PodObject): AdmissionError[] {
  const runtimeClass = psp.spec.runtimeClass;
  const name = str(own(pod.spec, 'runtimeClassName'));
  if (runtimeClass === undefined || name === undefined) return [];
  const allowed = runtimeClass.allowedRuntimeClassNames;
  if (allowed.includes('*') || allowed.includes(name)) return [];
  // Upstream's error detail was empty.
  return [{ field: 'spec.runtimeClassName', message: `Invalid value: ${JSON.stringify(name)}: not in allowedRuntimeClassNames [${allowed.join(', ')}]` }];
}

// ---------------------------------------------------------------- mutation

/** provider.go MutatePod, pod level: groups, SELinux, the seccomp annotation, the runtime class. */
function mutatePodLevel(psp: PodSecurityPolicy, m: Mutator): void {
  const pod = m.pod;
  const sc = podSecurityContext(pod);
  if (!Array.isArray(own(sc, 'supplementalGroups'))) {
    const gid = generateGroup(psp.spec.supplementalGroups);
    if (gid !== undefined) m.podSecurityContext('supplementalGroups', [gid]);
  }
  if (num(own(sc, 'fsGroup')) === undefined) {
    const gid = generateGroup(psp.spec.fsGroup);
    if (gid !== undefined) m.podSecurityContext('fsGroup', gid);
  }
  if (seLinuxOf(own(sc, 'seLinuxOptions')) === undefined) {
    const options = generateSELinux(psp);
    if (options !== undefined) m.podSecurityContext('seLinuxOptions', options);
  }
  const seccomp = generateSeccomp(psp, pod);
  if (seccomp !== '' && annotation(pod, SECCOMP_POD) !== seccomp) m.annotation(SECCOMP_POD, seccomp);
  const runtimeClass = psp.spec.runtimeClass;
  if (runtimeClass?.defaultRuntimeClassName !== undefined && str(own(pod.spec, 'runtimeClassName')) === undefined) {
    m.spec('runtimeClassName', runtimeClass.defaultRuntimeClassName);
  }
}

/** provider.go mutateContainer, on the container's effective security context. */
function mutateContainer(psp: PodSecurityPolicy, m: Mutator, site: ContainerSite): void {
  const effective = () => effectiveContext(m.pod, site.container);
  if (effective().runAsUser === undefined) {
    const uid = generateUser(psp);
    if (uid !== undefined) m.container(site, 'runAsUser', uid);
  }
  if (effective().runAsGroup === undefined) {
    const gid = generateGroup(psp.spec.runAsGroup);
    if (gid !== undefined) m.container(site, 'runAsGroup', gid);
  }
  if (effective().seLinuxOptions === undefined) {
    const options = generateSELinux(psp);
    if (options !== undefined) m.container(site, 'seLinuxOptions', options);
  }
  // apparmor/strategy.go Generate: the default profile when the container has none.
  const appArmorKey = APPARMOR_CONTAINER_PREFIX + site.name;
  if (psp.appArmor.default !== undefined && annotation(m.pod, appArmorKey) === '') m.annotation(appArmorKey, psp.appArmor.default);
  const now = effective();
  if (now.runAsNonRoot === undefined && now.runAsUser === undefined && psp.spec.runAsUser.rule === 'MustRunAsNonRoot') {
    m.container(site, 'runAsNonRoot', true);
  }
  const caps = generateCapabilities(psp, site.container);
  if (caps !== undefined) m.container(site, 'capabilities', caps);
  if (psp.spec.readOnlyRootFilesystem && effective().readOnlyRootFilesystem === undefined) m.container(site, 'readOnlyRootFilesystem', true);
  if (psp.spec.defaultAllowPrivilegeEscalation !== undefined && effective().allowPrivilegeEscalation === undefined) {
    m.container(site, 'allowPrivilegeEscalation', psp.spec.defaultAllowPrivilegeEscalation);
  }
  if (!psp.spec.allowPrivilegeEscalation && effective().allowPrivilegeEscalation === undefined) m.container(site, 'allowPrivilegeEscalation', false);
}

/**
 * provider.go MutatePod: fills what the PSP defaults and the pod left unset.
 * Init containers and containers are mutated; ephemeral containers are not
 * (they cannot be set on create, and PSP ignored the ephemeralcontainers
 * subresource). Returns a copy; `mutations` is empty iff nothing changed.
 */
export function mutatePod(psp: PodSecurityPolicy, pod: PodObject): { pod: PodObject; mutations: Mutation[] } {
  const copy = deepCopy(isMap(pod) ? pod : {}) as PodObject;
  if (psp.unusable.length > 0) return { pod: copy, mutations: [] };
  const m = new Mutator(copy);
  mutatePodLevel(psp, m);
  for (const site of containerSites(copy, { ephemeral: false })) mutateContainer(psp, m, site);
  return { pod: copy, mutations: m.mutations };
}

// ---------------------------------------------------------------- validation

function unusableErrors(psp: PodSecurityPolicy): AdmissionError[] {
  // Not a pod field: the PSP itself could not be used.
  return psp.unusable.map((p) => ({ field: '', message: `PodSecurityPolicy ${psp.metadata.name} is unusable: ${p.message}` }));
}

/** provider.go validateContainer. */
function validateContainer(psp: PodSecurityPolicy, pod: PodObject, site: ContainerSite): AdmissionError[] {
  const ctx = effectiveContext(pod, site.container);
  const scPath: Path = [...site.path, 'securityContext'];
  const errs: AdmissionError[] = [];
  errs.push(...validateUser(psp, scPath, ctx));
  errs.push(...validateGroups(psp.spec.runAsGroup, [...scPath, 'runAsGroup'], ctx.runAsGroup === undefined ? [] : [ctx.runAsGroup]));
  errs.push(...validateSELinux(psp, [...scPath, 'seLinuxOptions'], ctx.seLinuxOptions));
  errs.push(...validateAppArmor(psp, pod, site));
  errs.push(...validateSeccomp(psp, containerSeccompProfile(pod, site)));
  if (!psp.spec.privileged && ctx.privileged === true) errs.push({ field: formatPath([...scPath, 'privileged']), message: 'Privileged containers are not allowed' });
  const procMounts = psp.spec.allowedProcMountTypes.length > 0 ? psp.spec.allowedProcMountTypes : ['Default'];
  if (!procMounts.includes(ctx.procMount)) errs.push({ field: formatPath([...scPath, 'procMount']), message: `ProcMountType is not allowed: ${ctx.procMount}` });
  errs.push(...validateCapabilities(psp, [...scPath, 'capabilities'], ctx.capabilities));
  errs.push(...validateHostPorts(psp, pod, site));
  if (psp.spec.readOnlyRootFilesystem) {
    const field = formatPath([...scPath, 'readOnlyRootFilesystem']);
    if (ctx.readOnlyRootFilesystem === undefined) errs.push({ field, message: 'ReadOnlyRootFilesystem may not be nil and must be set to true' });
    else if (!ctx.readOnlyRootFilesystem) errs.push({ field, message: 'ReadOnlyRootFilesystem must be set to true' });
  }
  if (!psp.spec.allowPrivilegeEscalation && ctx.allowPrivilegeEscalation !== false) {
    errs.push({ field: formatPath([...scPath, 'allowPrivilegeEscalation']), message: 'Allowing privilege escalation for containers is not allowed' });
  }
  return errs;
}

/**
 * provider.go ValidatePod: the pod as it is (call it on the mutated pod to
 * model admission). Init containers, containers and ephemeral containers are
 * all validated.
 */
export function validatePod(psp: PodSecurityPolicy, pod: PodObject): AdmissionError[] {
  if (psp.unusable.length > 0) return unusableErrors(psp);
  const p: PodObject = isMap(pod) ? pod : {};
  const sc = podSecurityContext(p);
  const errs: AdmissionError[] = [];
  const fsGroup = num(own(sc, 'fsGroup'));
  errs.push(...validateGroups(psp.spec.fsGroup, ['spec', 'securityContext', 'fsGroup'], fsGroup === undefined ? [] : [fsGroup]));
  const supplemental = list(own(sc, 'supplementalGroups')).flatMap((g) => num(g) ?? []);
  errs.push(...validateGroups(psp.spec.supplementalGroups, ['spec', 'securityContext', 'supplementalGroups'], supplemental));
  errs.push(...validateSeccomp(psp, podSeccompProfile(p)));
  errs.push(...validateSELinux(psp, ['spec', 'securityContext', 'seLinuxOptions'], seLinuxOf(own(sc, 'seLinuxOptions'))));
  errs.push(...validateHostNamespaces(psp, p));
  errs.push(...validateSysctls(psp, p));
  errs.push(...validateVolumes(psp, p));
  errs.push(...validateRuntimeClass(psp, p));
  for (const site of containerSites(p, { ephemeral: true })) errs.push(...validateContainer(psp, p, site));
  return errs;
}

// ---------------------------------------------------------------- admission

/** admission.go assignSecurityContext: mutate a copy, then validate the mutated pod. */
export function admitPod(psp: PodSecurityPolicy, pod: PodObject): Admission {
  const name = psp.metadata.name;
  if (psp.unusable.length > 0) {
    return { psp: name, allowed: false, mutated: false, mutations: [], errors: unusableErrors(psp), pod: deepCopy(isMap(pod) ? pod : {}) as PodObject };
  }
  const { pod: mutated, mutations } = mutatePod(psp, pod);
  const errors = validatePod(psp, mutated);
  return { psp: name, allowed: errors.length === 0, mutated: mutations.length > 0, mutations, errors, pod: mutated };
}

/**
 * admission.go computeSecurityContext, for PSPs the pod may use (RBAC is the
 * caller's business): PSPs are tried in name order; the first that admits the
 * pod without changing it wins at once; otherwise the first that admits it
 * with changes, unless mutation is not allowed (`mutationAllowed: false`, as
 * on UPDATE, where mutating PSPs are skipped). `tried` holds every PSP's
 * admission, in name order (unusable ones included; upstream skipped them).
 * `admit` replaces admitPod (the plan remembers its results).
 */
export function choosePsp(psps: readonly PodSecurityPolicy[], pod: PodObject, opts: { mutationAllowed?: boolean; admit?: typeof admitPod } = {}): { chosen?: Admission; tried: Admission[] } {
  const mutationAllowed = opts.mutationAllowed ?? true;
  const admit = opts.admit ?? admitPod;
  const sorted = [...psps].sort((a, b) => byteOrder(a.metadata.name, b.metadata.name));
  const tried = sorted.map((psp) => admit(psp, pod));
  const allowed = tried.filter((a) => a.allowed);
  const chosen = allowed.find((a) => !a.mutated) ?? (mutationAllowed ? allowed.find((a) => a.mutated) : undefined);
  return chosen === undefined ? { tried } : { chosen, tried };
}
