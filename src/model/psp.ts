/**
 * PodSecurityPolicy: one normalized model for `policy/v1beta1` and
 * `extensions/v1beta1` (their wire schemas are identical, reference
 * psp-to-pss.md §5.2), with the API defaults applied and the API server's
 * validation (pkg/apis/policy/validation, ValidatePodSecurityPolicy):
 * required strategy rules, supported rule and volume values, ID ranges,
 * capability conflicts, host paths, sysctl patterns, proc mount types,
 * runtime classes and the seccomp/AppArmor annotation formats.
 */
import type { Problem } from '../input/errors.js';
import type { RawObject } from '../input/read.js';
import type { Path } from '../input/source-map.js';
import { FieldReader, formatPath } from './fields.js';
import type { GroupRule, IDRange, ObjectMeta, PodSecurityPolicy, ProfileAnnotations, PspSpec, RunAsUserRule, SELinuxRule } from './types.js';

export const SECCOMP_ALLOWED = 'seccomp.security.alpha.kubernetes.io/allowedProfileNames';
export const SECCOMP_DEFAULT = 'seccomp.security.alpha.kubernetes.io/defaultProfileName';
export const APPARMOR_ALLOWED = 'apparmor.security.beta.kubernetes.io/allowedProfileNames';
export const APPARMOR_DEFAULT = 'apparmor.security.beta.kubernetes.io/defaultProfileName';

export const PSP_API_VERSIONS = ['policy/v1beta1', 'extensions/v1beta1'] as const;

/** policy.FSType values (pkg/apis/policy/types.go), plus `*`; `none` allows no volume. */
export const VOLUME_TYPES = [
  'awsElasticBlockStore', 'azureDisk', 'azureFile', 'cephFS', 'cinder', 'configMap', 'csi', 'downwardAPI',
  'emptyDir', 'ephemeral', 'fc', 'flexVolume', 'flocker', 'gcePersistentDisk', 'gitRepo', 'glusterfs',
  'hostPath', 'iscsi', 'nfs', 'persistentVolumeClaim', 'photonPersistentDisk', 'portworxVolume', 'projected',
  'quobyte', 'rbd', 'scaleIO', 'secret', 'storageos', 'vsphereVolume', 'none', '*',
] as const;

const SELINUX_RULES: readonly SELinuxRule[] = ['MustRunAs', 'RunAsAny'];
const RUN_AS_USER_RULES: readonly RunAsUserRule[] = ['MustRunAs', 'MustRunAsNonRoot', 'RunAsAny'];
const GROUP_RULES: readonly GroupRule[] = ['MayRunAs', 'MustRunAs', 'RunAsAny'];
const PROC_MOUNT_TYPES = ['Default', 'Unmasked'];

const REJECTED = 'the API server would reject this PodSecurityPolicy: fix the field';

/** apimachinery NameIsDNSSubdomain (RuntimeClass names). */
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** SysctlPatternFmt: dotted or slashed segments, the last may end in `*`. */
const SYSCTL_PATTERN = /^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[./])*([a-z0-9][-_a-z0-9]*)?[a-z0-9*]$/;
const SYSCTL_MAX_LENGTH = 253;

function quoteList(values: readonly string[]): string {
  return values.map((v) => JSON.stringify(v)).join(', ');
}

export function readObjectMeta(r: FieldReader): ObjectMeta {
  const name = r.str(['metadata', 'name']);
  if (name === undefined || name === '') r.problem(['metadata', 'name'], 'Required value: every object needs a name', 'add metadata.name');
  const namespace = r.str(['metadata', 'namespace']);
  const labels = r.strMap(['metadata', 'labels']);
  const annotations = r.strMap(['metadata', 'annotations']);
  // (Two literals rather than a spread of a conditional: this runs for every object of a dump.)
  return namespace ? { name: name ?? '', namespace, labels, annotations } : { name: name ?? '', labels, annotations };
}

/** Reads and checks a list of {min, max} ranges. */
function readRanges(r: FieldReader, path: Path, bounds: { max?: number } = {}): IDRange[] {
  const items = r.list(path) ?? [];
  const out: IDRange[] = [];
  items.forEach((_, i) => {
    const at = [...path, i];
    if (r.map(at) === undefined) return;
    // A bound that is not a usable integer is said once, where it is, and not compared with anything.
    let seen = r.problems.length;
    const min = r.int([...at, 'min']) ?? 0;
    const minOk = r.problems.length === seen;
    seen = r.problems.length;
    const max = r.int([...at, 'max']) ?? 0;
    const maxOk = r.problems.length === seen;
    let ok = minOk && maxOk;
    if (minOk && min < 0) {
      r.problem([...at, 'min'], `Invalid value: ${min}: min cannot be negative`, REJECTED);
      ok = false;
    }
    if (maxOk && max < 0) {
      r.problem([...at, 'max'], `Invalid value: ${max}: max cannot be negative`, REJECTED);
      ok = false;
    }
    if (maxOk && bounds.max !== undefined && max > bounds.max) {
      r.problem([...at, 'max'], `Invalid value: ${max}: must be at most ${bounds.max}`, REJECTED);
      ok = false;
    }
    if (minOk && maxOk && min > max) {
      r.problem([...at, 'min'], `Invalid value: ${min}: min cannot be greater than max (${max})`, 'swap min and max, or fix the range');
      ok = false;
    }
    if (ok) out.push({ min, max });
  });
  return out;
}

/** A strategy's `rule`, required and one of the supported values. */
function readRule<T extends string>(r: FieldReader, strategy: string, supported: readonly T[]): T | undefined {
  const path = ['spec', strategy, 'rule'];
  const rule = r.str(path);
  if (rule === undefined || rule === '') {
    if (r.get(['spec', strategy]) === undefined) {
      r.problem(['spec', strategy], `Required value: the ${strategy} strategy is missing; its rule must be one of ${quoteList(supported)}`, `add spec.${strategy}.rule (RunAsAny keeps the policy as permissive as an unset one)`);
    } else {
      r.problem(path, `Required value: must be one of ${quoteList(supported)}`, `set spec.${strategy}.rule`);
    }
    return undefined;
  }
  if (!(supported as readonly string[]).includes(rule)) {
    r.problem(path, `Unsupported value: ${JSON.stringify(rule)}: supported values: ${quoteList(supported)}`, 'use one of the supported rules (they are case-sensitive)');
    return undefined;
  }
  return rule as T;
}

/**
 * seccomp's `*` allows any profile (seccomp.AllowAny); AppArmor has no
 * wildcard, and the API server refuses `*` there as an invalid profile name.
 */
function parseProfiles(r: FieldReader, allowedKey: string, defaultKey: string, valid: (p: string) => string | undefined, wildcard: boolean): ProfileAnnotations {
  const annotations = r.strMap(['metadata', 'annotations']);
  const out: ProfileAnnotations = {};
  const rawAllowed = annotations[allowedKey];
  if (rawAllowed !== undefined) {
    const items = rawAllowed.split(',');
    for (const item of items) {
      if (item === '' || (wildcard && item === '*')) continue;
      const err = valid(item);
      if (err) r.problem(['metadata', 'annotations', allowedKey], `Invalid value: ${JSON.stringify(item)}: ${err}`, REJECTED);
    }
    out.allowed = {
      raw: rawAllowed,
      names: items.filter((p) => p !== '' && !(wildcard && p === '*')),
      allowUnset: items.includes(''),
      any: wildcard && items.includes('*'),
    };
  }
  const def = annotations[defaultKey];
  if (def !== undefined && def !== '') {
    const err = valid(def);
    if (err) r.problem(['metadata', 'annotations', defaultKey], `Invalid value: ${JSON.stringify(def)}: ${err}`, REJECTED);
    out.default = def;
  }
  return out;
}

/** apivalidation.ValidateSeccompProfile. */
function seccompProfileError(p: string): string | undefined {
  if (p === 'runtime/default' || p === 'docker/default' || p === 'unconfined') return undefined;
  if (p.startsWith('localhost/')) {
    const file = p.slice('localhost/'.length);
    if (file === '' || file.startsWith('/') || file.split('/').includes('..')) return 'must be a relative path without ".." after localhost/';
    return undefined;
  }
  return 'must be a valid seccomp profile (runtime/default, docker/default, unconfined or localhost/<path>)';
}

/** apparmor.ValidateProfileFormat. */
function appArmorProfileError(p: string): string | undefined {
  if (p === 'runtime/default' || p === 'unconfined' || p.startsWith('localhost/')) return undefined;
  return 'invalid AppArmor profile name (runtime/default, unconfined or localhost/<name>)';
}

function checkSysctls(r: FieldReader, field: string, list: string[]): void {
  let coversAll = false;
  list.forEach((s, i) => {
    const at = ['spec', field, i];
    if (s === '') r.problem(at, 'Invalid value: "": empty sysctl not allowed', REJECTED);
    else if (s.length > SYSCTL_MAX_LENGTH || !SYSCTL_PATTERN.test(s)) r.problem(at, `Invalid value: ${JSON.stringify(s)}: must be a sysctl name or a pattern ending in *`, REJECTED);
    else if (s.startsWith('*')) coversAll = true;
  });
  if (coversAll && list.length > 1) r.problem(['spec', field], "Forbidden: if '*' is present, must not specify other sysctls", REJECTED);
}

/** validatePodSecurityPolicySysctlListsDoNotOverlap: a sysctl cannot be both allowed and forbidden. */
function checkSysctlOverlap(r: FieldReader, allowed: string[], forbidden: string[]): void {
  const prefix = (s: string) => (s.endsWith('*') ? s.slice(0, -1) : undefined);
  allowed.forEach((a, i) => {
    forbidden.forEach((f, j) => {
      const ap = prefix(a);
      const fp = prefix(f);
      let where: Path | undefined;
      if (ap !== undefined && fp !== undefined) where = ap.startsWith(fp) ? ['spec', 'allowedUnsafeSysctls', i] : fp.startsWith(ap) ? ['spec', 'forbiddenSysctls', j] : undefined;
      else if (ap !== undefined) where = f.startsWith(ap) ? ['spec', 'forbiddenSysctls', j] : undefined;
      else if (fp !== undefined) where = a.startsWith(fp) ? ['spec', 'allowedUnsafeSysctls', i] : undefined;
      else where = a === f ? ['spec', 'allowedUnsafeSysctls', i] : undefined;
      if (where) {
        const other = where[1] === 'allowedUnsafeSysctls' ? f : a;
        r.problem(where, `Invalid value: sysctl overlaps with ${other}`, 'a sysctl cannot be both allowed and forbidden');
      }
    });
  });
}

/**
 * Reads one PodSecurityPolicy. Returns the model and the problems that make
 * it invalid; a PSP with problems must not be used.
 */
export function readPodSecurityPolicy(obj: RawObject): { psp: PodSecurityPolicy; problems: Problem[] } {
  const r = new FieldReader(obj);
  const metadata = readObjectMeta(r);
  r.map(['spec']);
  const strs = (field: string) => r.strList(['spec', field]) ?? [];
  const bool = (field: string) => r.bool(['spec', field]) ?? false;

  // Strategies: seLinux, runAsUser, supplementalGroups and fsGroup are required.
  const seLinuxRule = readRule(r, 'seLinux', SELINUX_RULES);
  const seLinuxOptions = r.map(['spec', 'seLinux', 'seLinuxOptions']) === undefined ? undefined : {
    ...optionalStr(r, ['spec', 'seLinux', 'seLinuxOptions', 'user'], 'user'),
    ...optionalStr(r, ['spec', 'seLinux', 'seLinuxOptions', 'role'], 'role'),
    ...optionalStr(r, ['spec', 'seLinux', 'seLinuxOptions', 'type'], 'type'),
    ...optionalStr(r, ['spec', 'seLinux', 'seLinuxOptions', 'level'], 'level'),
  };
  const runAsUserRule = readRule(r, 'runAsUser', RUN_AS_USER_RULES);
  const runAsUserRanges = readRanges(r, ['spec', 'runAsUser', 'ranges']);
  const supplementalRule = readRule(r, 'supplementalGroups', GROUP_RULES);
  const supplementalRanges = readRanges(r, ['spec', 'supplementalGroups', 'ranges']);
  const fsGroupRule = readRule(r, 'fsGroup', GROUP_RULES);
  const fsGroupRanges = readRanges(r, ['spec', 'fsGroup', 'ranges']);

  let runAsGroup: PspSpec['runAsGroup'];
  if (r.map(['spec', 'runAsGroup']) !== undefined) {
    const rule = readRule(r, 'runAsGroup', GROUP_RULES);
    const ranges = readRanges(r, ['spec', 'runAsGroup', 'ranges']);
    const rawRanges = r.list(['spec', 'runAsGroup', 'ranges']) ?? [];
    // validatePSPRunAsGroup: RunAsAny takes no ranges, the others need one.
    if (rule === 'RunAsAny' && rawRanges.length > 0) r.problem(['spec', 'runAsGroup', 'ranges'], 'Invalid value: Ranges must be empty with rule RunAsAny', 'remove the ranges or change the rule');
    if ((rule === 'MustRunAs' || rule === 'MayRunAs') && rawRanges.length === 0) r.problem(['spec', 'runAsGroup', 'ranges'], `Invalid value: must provide at least one range with rule ${rule}`, 'add a range');
    if (rule) runAsGroup = { rule, ranges };
  }

  // Volumes and capabilities.
  const volumes = strs('volumes');
  volumes.forEach((v, i) => {
    if (!(VOLUME_TYPES as readonly string[]).includes(v)) {
      r.problem(['spec', 'volumes', i], `Unsupported value: ${JSON.stringify(v)}: not a volume type`, `use one of the PodSecurityPolicy volume types, e.g. configMap, secret, emptyDir, persistentVolumeClaim, or *`);
    }
  });
  const requiredDropCapabilities = strs('requiredDropCapabilities');
  const defaultAddCapabilities = strs('defaultAddCapabilities');
  const allowedCapabilities = strs('allowedCapabilities');
  if (requiredDropCapabilities.length > 0 && allowedCapabilities.includes('*')) {
    r.problem(['spec', 'requiredDropCapabilities'], 'Invalid value: must be empty when all capabilities are allowed by a wildcard', REJECTED);
  }
  for (const [field, caps] of [['defaultAddCapabilities', defaultAddCapabilities], ['allowedCapabilities', allowedCapabilities]] as const) {
    caps.forEach((cap, i) => {
      if (requiredDropCapabilities.includes(cap)) r.problem(['spec', field, i], `Invalid value: ${JSON.stringify(cap)}: capability is listed in ${field} and requiredDropCapabilities`, REJECTED);
    });
  }

  // Privilege escalation: allowPrivilegeEscalation defaults to true (SetDefaults_PodSecurityPolicySpec).
  const allowPrivilegeEscalation = r.bool(['spec', 'allowPrivilegeEscalation']) ?? true;
  const defaultAllowPrivilegeEscalation = r.bool(['spec', 'defaultAllowPrivilegeEscalation']);
  if (defaultAllowPrivilegeEscalation === true && !allowPrivilegeEscalation) {
    r.problem(['spec', 'defaultAllowPrivilegeEscalation'], 'Invalid value: Cannot set DefaultAllowPrivilegeEscalation to true without also setting AllowPrivilegeEscalation to true', REJECTED);
  }

  // Host paths, flex volumes, CSI drivers.
  const allowedHostPaths = (r.list(['spec', 'allowedHostPaths']) ?? []).flatMap((_, i) => {
    const at = ['spec', 'allowedHostPaths', i];
    const pathPrefix = r.str([...at, 'pathPrefix']) ?? '';
    const readOnly = r.bool([...at, 'readOnly']) ?? false;
    if (pathPrefix === '') {
      r.problem([...at, 'pathPrefix'], 'Required value: is required', 'give a pathPrefix');
      return [];
    }
    if (pathPrefix.split('/').includes('..')) r.problem([...at, 'pathPrefix'], `Invalid value: ${JSON.stringify(pathPrefix)}: must not contain '..'`, REJECTED);
    return [{ pathPrefix, readOnly }];
  });
  const allowedFlexVolumes = (r.list(['spec', 'allowedFlexVolumes']) ?? []).flatMap((_, i) => {
    const driver = r.str(['spec', 'allowedFlexVolumes', i, 'driver']) ?? '';
    if (driver === '') {
      r.problem(['spec', 'allowedFlexVolumes', i, 'driver'], 'Required value: must specify a driver', 'give a driver name');
      return [];
    }
    return [{ driver }];
  });
  const allowedCSIDrivers = (r.list(['spec', 'allowedCSIDrivers']) ?? []).flatMap((_, i) => {
    const name = r.str(['spec', 'allowedCSIDrivers', i, 'name']) ?? '';
    if (name === '') {
      r.problem(['spec', 'allowedCSIDrivers', i, 'name'], 'Required value: must specify a driver name', 'give a CSI driver name');
      return [];
    }
    return [{ name }];
  });

  // Sysctls.
  const allowedUnsafeSysctls = strs('allowedUnsafeSysctls');
  const forbiddenSysctls = strs('forbiddenSysctls');
  checkSysctls(r, 'allowedUnsafeSysctls', allowedUnsafeSysctls);
  checkSysctls(r, 'forbiddenSysctls', forbiddenSysctls);
  checkSysctlOverlap(r, allowedUnsafeSysctls, forbiddenSysctls);

  // Proc mount types.
  const allowedProcMountTypes = strs('allowedProcMountTypes');
  allowedProcMountTypes.forEach((t, i) => {
    if (!PROC_MOUNT_TYPES.includes(t)) r.problem(['spec', 'allowedProcMountTypes', i], `Unsupported value: ${JSON.stringify(t)}: supported values: ${quoteList(PROC_MOUNT_TYPES)}`, REJECTED);
  });

  // Runtime classes.
  let runtimeClass: PspSpec['runtimeClass'];
  if (r.map(['spec', 'runtimeClass']) !== undefined) {
    const allowedRuntimeClassNames = r.strList(['spec', 'runtimeClass', 'allowedRuntimeClassNames']) ?? [];
    const defaultRuntimeClassName = r.str(['spec', 'runtimeClass', 'defaultRuntimeClassName']);
    allowedRuntimeClassNames.forEach((n, i) => {
      if (n !== '*' && !DNS1123_SUBDOMAIN.test(n)) r.problem(['spec', 'runtimeClass', 'allowedRuntimeClassNames', i], `Invalid value: ${JSON.stringify(n)}: not a valid RuntimeClass name`, REJECTED);
    });
    if (allowedRuntimeClassNames.includes('*') && allowedRuntimeClassNames.length > 1) {
      r.problem(['spec', 'runtimeClass', 'allowedRuntimeClassNames'], "Invalid value: if '*' is present, must not specify other RuntimeClass names", REJECTED);
    }
    if (defaultRuntimeClassName !== undefined) {
      if (!DNS1123_SUBDOMAIN.test(defaultRuntimeClassName)) r.problem(['spec', 'runtimeClass', 'defaultRuntimeClassName'], `Invalid value: ${JSON.stringify(defaultRuntimeClassName)}: not a valid RuntimeClass name`, REJECTED);
      else if (!allowedRuntimeClassNames.includes('*') && !allowedRuntimeClassNames.includes(defaultRuntimeClassName)) {
        r.problem(['spec', 'runtimeClass', 'defaultRuntimeClassName'], `Invalid value: ${JSON.stringify(defaultRuntimeClassName)}: default must be allowed`, 'add it to allowedRuntimeClassNames');
      }
    }
    runtimeClass = { allowedRuntimeClassNames, ...(defaultRuntimeClassName !== undefined ? { defaultRuntimeClassName } : {}) };
  }

  // Host ports: 0–65535, min ≤ max. (The API server did not check these ranges;
  // a reversed range would silently allow no port, so we refuse it like the ID ranges.)
  const hostPorts = readRanges(r, ['spec', 'hostPorts'], { max: 65535 });

  const seccomp = parseProfiles(r, SECCOMP_ALLOWED, SECCOMP_DEFAULT, seccompProfileError, true);
  const appArmor = parseProfiles(r, APPARMOR_ALLOWED, APPARMOR_DEFAULT, appArmorProfileError, false);

  const spec: PspSpec = {
    privileged: bool('privileged'),
    defaultAddCapabilities,
    requiredDropCapabilities,
    allowedCapabilities,
    volumes,
    hostNetwork: bool('hostNetwork'),
    hostPorts,
    hostPID: bool('hostPID'),
    hostIPC: bool('hostIPC'),
    seLinux: { rule: seLinuxRule ?? 'RunAsAny', ...(seLinuxOptions ? { seLinuxOptions } : {}) },
    runAsUser: { rule: runAsUserRule ?? 'RunAsAny', ranges: runAsUserRanges },
    ...(runAsGroup ? { runAsGroup } : {}),
    supplementalGroups: { rule: supplementalRule ?? 'RunAsAny', ranges: supplementalRanges },
    fsGroup: { rule: fsGroupRule ?? 'RunAsAny', ranges: fsGroupRanges },
    readOnlyRootFilesystem: bool('readOnlyRootFilesystem'),
    ...(defaultAllowPrivilegeEscalation !== undefined ? { defaultAllowPrivilegeEscalation } : {}),
    allowPrivilegeEscalation,
    allowedHostPaths,
    allowedFlexVolumes,
    allowedCSIDrivers,
    allowedUnsafeSysctls,
    forbiddenSysctls,
    allowedProcMountTypes,
    ...(runtimeClass ? { runtimeClass } : {}),
  };

  const psp: PodSecurityPolicy = {
    kind: 'PodSecurityPolicy',
    apiVersion: obj.apiVersion as PodSecurityPolicy['apiVersion'],
    metadata,
    source: obj.pos,
    map: obj.map,
    spec,
    seccomp,
    appArmor,
    unusable: unusableStrategies(r, spec),
  };
  return { psp, problems: r.problems };
}

function optionalStr<K extends string>(r: FieldReader, path: Path, key: K): Partial<Record<K, string>> {
  const v = r.str(path);
  return v === undefined || v === '' ? {} : ({ [key]: v } as Record<K, string>);
}

/**
 * Strategies the API server accepted but PSP admission could not build
 * (pkg/security/podsecuritypolicy/{user,group,selinux}: NewMustRunAs fails
 * without ranges or options); such a PSP admitted no pod.
 */
function unusableStrategies(r: FieldReader, spec: PspSpec): Problem[] {
  const out: Problem[] = [];
  const note = (path: Path, message: string) => out.push({ pos: r.pos(path), message: `${formatPath(path)}: ${message}`, hint: 'PSP admission could not use this policy, so it admitted no pod' });
  if (spec.runAsUser.rule === 'MustRunAs' && spec.runAsUser.ranges.length === 0) note(['spec', 'runAsUser'], 'rule MustRunAs without ranges');
  for (const field of ['supplementalGroups', 'fsGroup'] as const) {
    const { rule, ranges } = spec[field];
    if (rule !== 'RunAsAny' && ranges.length === 0) note(['spec', field], `rule ${rule} without ranges`);
  }
  if (spec.seLinux.rule === 'MustRunAs' && spec.seLinux.seLinuxOptions === undefined) note(['spec', 'seLinux'], 'rule MustRunAs without seLinuxOptions');
  return out;
}
