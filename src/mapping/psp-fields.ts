/**
 * The official mapping of PodSecurityPolicy fields to the Pod Security
 * Standards (reference psp-to-pss.md §1, "Mapping PodSecurityPolicies to Pod
 * Security Standards"), one entry per field: the 25 spec rows and the 4
 * seccomp/AppArmor annotations.
 *
 * For each row, `analyze` answers, for one PSP:
 * - `admits`: the strictest level whose column admits the PSP's setting
 *   (a column admits a setting when the PSP allows nothing the level forbids);
 * - `beyond`: what the PSP allows beyond the next stricter level;
 * - `residual(level)`: what the PSP forbids that `level` allows (kept by a Constraint);
 * - `noOpinion`: for rows PSS does not cover, what the PSP restricts;
 * - `mutation`: the default the PSP sets (pkg/security/podsecuritypolicy/provider.go);
 * - `tightens(level)`: a PSS check at `level` that rejects pods this setting admitted.
 */
import type { Path } from '../input/source-map.js';
import { APPARMOR_ALLOWED, APPARMOR_DEFAULT, SECCOMP_ALLOWED, SECCOMP_DEFAULT, VOLUME_TYPES } from '../model/psp.js';
import type { IDRange, PodSecurityPolicy, ProfileAnnotations } from '../model/types.js';
import type { Level } from '../pss/index.js';

export interface Tightening {
  check: string;
  message: string;
}

export interface RowResult {
  admits: Level;
  beyond?: string;
  residual?: (level: Level) => string | undefined;
  noOpinion?: string;
  mutation?: string;
  tightens?: (level: Level, minor: number) => Tightening[];
}

export interface Row {
  /** The field as a YAML path, as findings name it. */
  field: string;
  /** Where to look for its source position. */
  path: Path;
  analyze(psp: PodSecurityPolicy, minor: number): RowResult;
}

/** capabilities_baseline: the capabilities baseline lets containers add (no NET_RAW). */
export const BASELINE_CAPABILITIES = ['AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT'];
/** capabilities_restricted: the only capability restricted lets containers add. */
export const RESTRICTED_CAPABILITIES = ['NET_BIND_SERVICE'];
/** restrictedVolumes, in PSP volume-type spelling. (PSS also allows `image` volumes, which PSP never knew.) */
export const RESTRICTED_VOLUMES = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret'];
/** The volume types PSP knew, without `*` and `none`. */
const PSP_VOLUMES = VOLUME_TYPES.filter((v) => v !== '*' && v !== 'none') as readonly string[];

/** seLinuxOptions: the types baseline allows; container_engine_t from v1.31. */
export function seLinuxTypes(minor: number): string[] {
  return ['container_t', 'container_init_t', 'container_kvm_t', ...(minor >= 31 ? ['container_engine_t'] : [])];
}

/**
 * sysctls: what baseline allows beyond the sysctls PSP admission always
 * allowed (the kubelet's safe set up to 1.24: kernel.shm_rmid_forced,
 * net.ipv4.ip_local_port_range, net.ipv4.tcp_syncookies,
 * net.ipv4.ping_group_range, net.ipv4.ip_unprivileged_port_start), by version.
 */
export function pssExtraSysctls(minor: number): string[] {
  return [
    ...(minor >= 27 ? ['net.ipv4.ip_local_reserved_ports'] : []),
    ...(minor >= 29 ? ['net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes'] : []),
    ...(minor >= 32 ? ['net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem'] : []),
    ...(minor >= 37 ? ['net.ipv4.tcp_slow_start_after_idle', 'net.ipv4.tcp_notsent_lowat'] : []),
  ];
}

const list = (items: readonly string[]) => (items.length === 0 ? 'none' : items.join(', '));
const ranges = (rs: readonly IDRange[]) => rs.map((r) => (r.min === r.max ? `${r.min}` : `${r.min}-${r.max}`)).join(', ');

/** A boolean that baseline and restricted require to be false (privileged, host namespaces). */
function forbiddenFlag(field: keyof Pick<PodSecurityPolicy['spec'], 'privileged' | 'hostNetwork' | 'hostPID' | 'hostIPC'>, what: string): Row {
  return {
    field: `spec.${field}`,
    path: ['spec', field],
    analyze(psp) {
      if (psp.spec[field]) return { admits: 'privileged', beyond: `\`spec.${field}: true\` allows ${what}; baseline forbids it` };
      return { admits: 'restricted', residual: (level) => (level === 'privileged' ? `forbids ${what}, which the privileged level allows` : undefined) };
    },
  };
}

/** The group strategies PSS has no opinion on: runAsGroup, supplementalGroups, fsGroup. */
function groupStrategy(field: 'runAsGroup' | 'supplementalGroups' | 'fsGroup', what: string, mutation: (min: number) => string): Row {
  return {
    field: `spec.${field}`,
    path: ['spec', field],
    analyze(psp) {
      const s = psp.spec[field];
      if (s === undefined || s.rule === 'RunAsAny') return { admits: 'restricted' };
      const first = s.ranges[0];
      return {
        admits: 'restricted',
        noOpinion: `\`${s.rule}\` allows only ${what} in ${ranges(s.ranges) || 'no range'}; Pod Security Standards do not restrict ${what}`,
        // MayRunAs validates without defaulting (group/mayrunas.go Generate returns nil).
        ...(s.rule === 'MustRunAs' && first ? { mutation: mutation(first.min) } : {}),
      };
    },
  };
}

/** seccomp and AppArmor profile names allowed by baseline/restricted, in annotation spelling. */
/** (docker/default is the same profile as runtime/default for seccomp since 1.19.4, kubernetes PR #95985.) */
function confinedProfile(name: string, seccomp: boolean): boolean {
  return name === 'runtime/default' || name.startsWith('localhost/') || (seccomp && name === 'docker/default');
}

function seccompRow(): Row {
  return {
    field: `metadata.annotations[${SECCOMP_ALLOWED}]`,
    path: ['metadata', 'annotations', SECCOMP_ALLOWED],
    analyze(psp) {
      // pkg/security/podsecuritypolicy/seccomp/strategy.go: without the annotation only an unset
      // profile is allowed; "*" allows any; an empty item (trailing comma) allows an unset profile.
      const a = psp.seccomp.allowed;
      if (a === undefined || (a.names.length === 0 && !a.any)) {
        return {
          admits: 'baseline',
          beyond: 'no seccomp profile may be set, so pods run without one; restricted requires RuntimeDefault or Localhost',
          residual: (level) => (level === 'privileged' ? 'forbids setting any seccomp profile' : 'forbids setting any seccomp profile; baseline allows RuntimeDefault and Localhost profiles'),
        };
      }
      if (a.any) return { admits: 'privileged', beyond: '`*` allows any seccomp profile, including unconfined; baseline forbids Unconfined' };
      const unconfined = a.names.filter((n) => !confinedProfile(n, true));
      if (unconfined.length > 0) return { admits: 'privileged', beyond: `allows ${list(unconfined)}; baseline allows only runtime/default, docker/default and localhost/* profiles` };
      const allowed = `allows only ${list(a.names)}${a.allowUnset ? ' or no profile' : ''}`;
      const residual = (level: Level) => (level === 'privileged' ? `${allowed}; the privileged level allows any profile` : `${allowed}; ${level} allows RuntimeDefault and any Localhost profile${level === 'baseline' ? ', or none' : ''}`);
      if (a.allowUnset) return { admits: 'baseline', beyond: 'the trailing comma allows pods without a seccomp profile; restricted requires RuntimeDefault or Localhost', residual };
      return { admits: 'restricted', residual };
    },
  };
}

function appArmorRow(): Row {
  return {
    field: `metadata.annotations[${APPARMOR_ALLOWED}]`,
    path: ['metadata', 'annotations', APPARMOR_ALLOWED],
    analyze(psp) {
      // pkg/security/podsecuritypolicy/apparmor/strategy.go: without the annotation every profile is
      // allowed. With it, a container without a profile is refused ("AppArmor profile must be set")
      // before the list is consulted, so a trailing comma does NOT allow an unset profile (the
      // mapping page says it does; the admission code, which we follow, did not).
      const a: ProfileAnnotations['allowed'] = psp.appArmor.allowed;
      if (a === undefined) return { admits: 'privileged', beyond: 'without allowedProfileNames every AppArmor profile is allowed, including unconfined; baseline forbids unconfined' };
      const unconfined = a.names.filter((n) => !confinedProfile(n, false));
      if (unconfined.length > 0) return { admits: 'privileged', beyond: `allows ${list(unconfined)}; baseline allows only runtime/default and localhost/* profiles` };
      const allowed = a.names.length === 0 ? 'allows no AppArmor profile at all' : `requires one of ${list(a.names)} on every container`;
      return {
        admits: 'restricted',
        residual: (level) => `${allowed}; ${level === 'privileged' ? 'the privileged level allows any profile' : `${level} also allows no profile and any localhost/ profile`}`,
      };
    },
  };
}

/** allowedFlexVolumes and allowedCSIDrivers: an empty list allows every driver; moot where the volume type is not allowed. */
function driverList(field: 'allowedFlexVolumes' | 'allowedCSIDrivers', volumeType: string, what: string, get: (psp: PodSecurityPolicy) => string[]): Row {
  return {
    field: `spec.${field}`,
    path: ['spec', field],
    analyze(psp) {
      const drivers = get(psp);
      const allowed = psp.spec.volumes.includes('*') || psp.spec.volumes.includes(volumeType);
      if (drivers.length === 0 || !allowed) return { admits: 'restricted' };
      return { admits: 'restricted', noOpinion: `allows ${what} ${list(drivers)} only; Pod Security Standards do not restrict drivers` };
    },
  };
}

/** The defaultProfileName annotations: purely mutating (seccomp on the pod, AppArmor per container). */
function defaultProfileRow(key: string, get: (psp: PodSecurityPolicy) => string | undefined, what: string, where: string): Row {
  return {
    field: `metadata.annotations[${key}]`,
    path: ['metadata', 'annotations', key],
    analyze(psp) {
      const d = get(psp);
      return d === undefined ? { admits: 'restricted' } : { admits: 'restricted', mutation: `sets the ${what} profile ${d} on ${where} that set none` };
    },
  };
}

export const ROWS: readonly Row[] = [
  forbiddenFlag('privileged', 'privileged containers'),
  {
    field: 'spec.defaultAddCapabilities',
    path: ['spec', 'defaultAddCapabilities'],
    analyze(psp) {
      // "Requirements match allowedCapabilities"; what it allows is judged in that row.
      const caps = psp.spec.defaultAddCapabilities;
      if (caps.length === 0) return { admits: 'restricted' };
      const admits: Level = caps.every((c) => RESTRICTED_CAPABILITIES.includes(c)) ? 'restricted' : caps.every((c) => BASELINE_CAPABILITIES.includes(c)) ? 'baseline' : 'privileged';
      return {
        admits,
        ...(admits !== 'restricted' ? { beyond: `adds ${list(caps)} to every container; ${admits === 'baseline' ? 'restricted lets containers add only NET_BIND_SERVICE' : `baseline forbids ${list(caps.filter((c) => !BASELINE_CAPABILITIES.includes(c)))}`}` } : {}),
        mutation: `adds the capabilities ${list(caps)} to every container that does not add them`,
      };
    },
  },
  {
    field: 'spec.allowedCapabilities',
    path: ['spec', 'allowedCapabilities'],
    analyze(psp) {
      // A container may add what allowedCapabilities or defaultAddCapabilities name (capabilities/capabilities.go).
      const { allowedCapabilities, defaultAddCapabilities } = psp.spec;
      if (allowedCapabilities.includes('*')) return { admits: 'privileged', beyond: '`*` lets containers add any capability; baseline allows only the default set' };
      const allowed = [...new Set([...allowedCapabilities, ...defaultAddCapabilities])].sort();
      const notBaseline = allowed.filter((c) => !BASELINE_CAPABILITIES.includes(c));
      if (notBaseline.length > 0) return { admits: 'privileged', beyond: `lets containers add ${list(notBaseline)}; baseline allows only ${BASELINE_CAPABILITIES.join(', ')} (not NET_RAW)` };
      const residual = (level: Level) => {
        const levelAllows = level === 'restricted' ? RESTRICTED_CAPABILITIES : level === 'baseline' ? BASELINE_CAPABILITIES : undefined;
        if (levelAllows === undefined) return `${allowed.length === 0 ? 'forbids adding any capability' : `lets containers add only ${list(allowed)}`}; the privileged level allows any capability`;
        const missing = levelAllows.filter((c) => !allowed.includes(c));
        return missing.length > 0 ? `forbids adding ${list(missing)}, which ${level} allows` : undefined;
      };
      if (allowed.every((c) => RESTRICTED_CAPABILITIES.includes(c))) return { admits: 'restricted', residual };
      return { admits: 'baseline', beyond: `lets containers add ${list(allowed.filter((c) => !RESTRICTED_CAPABILITIES.includes(c)))}; restricted allows only NET_BIND_SERVICE`, residual };
    },
  },
  {
    field: 'spec.requiredDropCapabilities',
    path: ['spec', 'requiredDropCapabilities'],
    analyze(psp) {
      const drops = psp.spec.requiredDropCapabilities;
      const all = drops.includes('ALL');
      const mutation = drops.length > 0 ? { mutation: `adds ${list(drops)} to the dropped capabilities of every container that does not drop them` } : {};
      if (all) return { admits: 'restricted', residual: (level) => (level === 'restricted' ? undefined : `requires every container to drop ALL capabilities; the ${level} level requires no drop`), ...mutation };
      return {
        admits: 'baseline',
        beyond: drops.length === 0 ? 'does not require dropping ALL capabilities; restricted does' : `requires dropping only ${list(drops)}; restricted requires dropping ALL`,
        residual: (level) => (drops.length > 0 ? `requires every container to drop ${list(drops)}; the ${level} level requires no drop` : undefined),
        ...mutation,
      };
    },
  },
  {
    field: 'spec.volumes',
    path: ['spec', 'volumes'],
    analyze(psp) {
      const vols = psp.spec.volumes;
      if (vols.includes('*')) return { admits: 'privileged', beyond: '`*` allows every volume type, including hostPath; baseline forbids hostPath' };
      if (vols.includes('hostPath')) return { admits: 'privileged', beyond: 'allows hostPath volumes; baseline forbids them' };
      const allowed = vols.filter((v) => v !== 'none');
      const residual = (level: Level) => {
        const levelAllows = level === 'restricted' ? RESTRICTED_VOLUMES : PSP_VOLUMES.filter((v) => level === 'privileged' || v !== 'hostPath');
        const missing = levelAllows.filter((v) => !allowed.includes(v));
        if (missing.length === 0) return undefined;
        const shown = missing.length > 8 ? `${missing.slice(0, 8).join(', ')} and ${missing.length - 8} more` : missing.join(', ');
        return `allows only ${allowed.length === 0 ? 'no volume' : `${list(allowed)} volumes`}; ${level} also allows ${shown}`;
      };
      const notRestricted = allowed.filter((v) => !RESTRICTED_VOLUMES.includes(v));
      if (notRestricted.length === 0) return { admits: 'restricted', residual };
      return { admits: 'baseline', beyond: `allows ${list(notRestricted)} volumes; restricted allows only ${RESTRICTED_VOLUMES.join(', ')}`, residual };
    },
  },
  forbiddenFlag('hostNetwork', 'the host network namespace'),
  {
    field: 'spec.hostPorts',
    path: ['spec', 'hostPorts'],
    analyze(psp) {
      // hostPorts: PSS allows only hostPort 0 (unset); a range that covers only 0 allows nothing more.
      const open = psp.spec.hostPorts.filter((r) => r.max > 0);
      if (open.length > 0) return { admits: 'privileged', beyond: `allows host ports ${ranges(open)}; baseline forbids host ports` };
      return { admits: 'restricted', residual: (level) => (level === 'privileged' ? 'forbids host ports, which the privileged level allows' : undefined) };
    },
  },
  forbiddenFlag('hostPID', 'the host PID namespace'),
  forbiddenFlag('hostIPC', 'the host IPC namespace'),
  {
    field: 'spec.seLinux',
    path: ['spec', 'seLinux', 'rule'],
    analyze(psp, minor) {
      const types = seLinuxTypes(minor);
      const { rule, seLinuxOptions: o } = psp.spec.seLinux;
      if (rule === 'RunAsAny') return { admits: 'privileged', beyond: `\`spec.seLinux.rule: RunAsAny\` lets pods set any SELinux type, user and role; baseline allows only ${types.join(', ')} and no user/role` };
      // selinux/mustrunas.go: pods must carry exactly these options; unset ones are filled in.
      const pinned = `requires exactly the SELinux options user=${JSON.stringify(o?.user ?? '')}, role=${JSON.stringify(o?.role ?? '')}, type=${JSON.stringify(o?.type ?? '')}, level=${JSON.stringify(o?.level ?? '')}`;
      const mutation = { mutation: `sets seLinuxOptions to the PSP's options on pods and containers that set none` };
      const bad = [...(o?.user ? [`user ${o.user}`] : []), ...(o?.role ? [`role ${o.role}`] : []), ...(o?.type && !types.includes(o.type) ? [`type ${o.type}`] : [])];
      if (bad.length > 0) return { admits: 'privileged', beyond: `sets SELinux ${bad.join(', ')}; baseline allows only the types ${types.join(', ')} and no user or role`, ...mutation };
      return { admits: 'restricted', residual: (level) => `${pinned}; ${level === 'privileged' ? 'the privileged level allows any' : `${level} allows any level and the types ${types.join(', ')}`}`, ...mutation };
    },
  },
  {
    field: 'spec.runAsUser',
    path: ['spec', 'runAsUser', 'rule'],
    analyze(psp) {
      const { rule, ranges: rs } = psp.spec.runAsUser;
      if (rule === 'MustRunAsNonRoot') {
        return {
          admits: 'restricted',
          residual: (level) => (level === 'restricted' ? undefined : `requires a non-root user; ${level} allows root`),
          mutation: 'sets runAsNonRoot: true on containers that set neither runAsNonRoot nor runAsUser',
          // user/nonroot.go checks each container's effective runAsNonRoot/runAsUser; it admits a non-zero
          // runAsUser without runAsNonRoot, and never looks at a pod-level value every container overrides.
          tightens: (level, minor) =>
            level !== 'restricted'
              ? []
              : [
                  { check: 'runAsNonRoot', message: 'PSS restricted requires runAsNonRoot: true to be declared (and not false at pod level); the PSP also admitted pods that only set a non-zero runAsUser, or set runAsNonRoot: false on the pod while every container set true' },
                  ...(minor >= 23 ? [{ check: 'runAsUser', message: 'PSS restricted (v1.23+) forbids runAsUser: 0 on the pod even when every container sets another user; the PSP judged only what each container ran as' }] : []),
                ],
        };
      }
      const beyond = rule === 'RunAsAny' ? '`RunAsAny` lets containers run as root; restricted requires runAsNonRoot: true' : `\`MustRunAs\` ${ranges(rs)} does not make pods declare runAsNonRoot: true; restricted requires it (rule MustRunAsNonRoot)`;
      if (rule === 'RunAsAny') return { admits: 'baseline', beyond };
      const first = rs[0];
      return {
        admits: 'baseline',
        beyond,
        residual: () => `allows only the user IDs ${ranges(rs) || '(no range)'}`,
        ...(first ? { mutation: `sets runAsUser: ${first.min} on containers that set no runAsUser` } : {}),
      };
    },
  },
  groupStrategy('runAsGroup', 'primary group IDs', (min) => `sets runAsGroup: ${min} on containers that set no runAsGroup`),
  groupStrategy('supplementalGroups', 'supplemental group IDs', (min) => `sets supplementalGroups: [${min}] on pods that set none`),
  groupStrategy('fsGroup', 'fsGroup IDs', (min) => `sets fsGroup: ${min} on pods that set none`),
  {
    field: 'spec.readOnlyRootFilesystem',
    path: ['spec', 'readOnlyRootFilesystem'],
    analyze(psp) {
      if (!psp.spec.readOnlyRootFilesystem) return { admits: 'restricted' };
      return { admits: 'restricted', noOpinion: 'requires a read-only root filesystem; Pod Security Standards do not', mutation: 'sets readOnlyRootFilesystem: true on containers that do not set it' };
    },
  },
  {
    field: 'spec.defaultAllowPrivilegeEscalation',
    path: ['spec', 'defaultAllowPrivilegeEscalation'],
    analyze(psp) {
      const d = psp.spec.defaultAllowPrivilegeEscalation;
      if (d === undefined) return { admits: 'restricted' };
      return { admits: 'restricted', mutation: `sets allowPrivilegeEscalation: ${d} on containers that do not set it` };
    },
  },
  {
    field: 'spec.allowPrivilegeEscalation',
    path: ['spec', 'allowPrivilegeEscalation'],
    analyze(psp) {
      // Omitted means true (SetDefaults_PodSecurityPolicySpec); only false mutates.
      if (psp.spec.allowPrivilegeEscalation) return { admits: 'baseline', beyond: 'allows privilege escalation (true, or omitted, which defaults to true); restricted requires allowPrivilegeEscalation: false' };
      return {
        admits: 'restricted',
        residual: (level) => (level === 'restricted' ? undefined : `forbids privilege escalation; ${level} allows it`),
        ...(psp.spec.defaultAllowPrivilegeEscalation === undefined ? { mutation: 'sets allowPrivilegeEscalation: false on containers that do not set it' } : {}),
      };
    },
  },
  {
    field: 'spec.allowedHostPaths',
    path: ['spec', 'allowedHostPaths'],
    analyze(psp) {
      // An empty list allows every path; it matters only where hostPath volumes are allowed.
      const paths = psp.spec.allowedHostPaths;
      const hostPathAllowed = psp.spec.volumes.includes('*') || psp.spec.volumes.includes('hostPath');
      if (paths.length === 0 || !hostPathAllowed) return { admits: 'restricted' };
      return { admits: 'restricted', noOpinion: `allows hostPath volumes only under ${paths.map((p) => `${p.pathPrefix}${p.readOnly ? ' (read-only)' : ''}`).join(', ')}; Pod Security Standards allow no hostPath at baseline and any at privileged` };
    },
  },
  driverList('allowedFlexVolumes', 'flexVolume', 'flexVolume drivers', (psp) => psp.spec.allowedFlexVolumes.map((f) => f.driver)),
  driverList('allowedCSIDrivers', 'csi', 'inline CSI drivers', (psp) => psp.spec.allowedCSIDrivers.map((d) => d.name)),
  {
    field: 'spec.allowedUnsafeSysctls',
    path: ['spec', 'allowedUnsafeSysctls'],
    analyze(psp, minor) {
      const unsafe = psp.spec.allowedUnsafeSysctls;
      if (unsafe.length > 0) return { admits: 'privileged', beyond: `allows the unsafe sysctls ${list(unsafe)}; baseline allows only the safe set` };
      const extra = pssExtraSysctls(minor);
      return {
        admits: 'restricted',
        residual: (level) => {
          if (level === 'privileged') return 'allows only the safe sysctls; the privileged level allows any';
          return extra.length > 0 ? `allows only the sysctls PSP considered safe; ${level} v1.${minor} also allows ${list(extra)}` : undefined;
        },
      };
    },
  },
  {
    field: 'spec.forbiddenSysctls',
    path: ['spec', 'forbiddenSysctls'],
    analyze(psp) {
      const forbidden = psp.spec.forbiddenSysctls;
      if (forbidden.length === 0) return { admits: 'restricted' };
      return { admits: 'restricted', noOpinion: `forbids the sysctls ${list(forbidden)}; Pod Security Standards do not forbid sysctls by name` };
    },
  },
  {
    field: 'spec.allowedProcMountTypes',
    path: ['spec', 'allowedProcMountTypes'],
    analyze(psp) {
      if (psp.spec.allowedProcMountTypes.includes('Unmasked')) return { admits: 'privileged', beyond: 'allows the Unmasked proc mount; baseline allows only Default' };
      return { admits: 'restricted', residual: (level) => (level === 'privileged' ? 'allows only the Default proc mount; the privileged level allows Unmasked' : undefined) };
    },
  },
  {
    field: 'spec.runtimeClass.defaultRuntimeClassName',
    path: ['spec', 'runtimeClass', 'defaultRuntimeClassName'],
    analyze(psp) {
      const d = psp.spec.runtimeClass?.defaultRuntimeClassName;
      if (d === undefined) return { admits: 'restricted' };
      return { admits: 'restricted', mutation: `sets runtimeClassName: ${d} on pods that set none` };
    },
  },
  {
    field: 'spec.runtimeClass.allowedRuntimeClassNames',
    path: ['spec', 'runtimeClass', 'allowedRuntimeClassNames'],
    analyze(psp) {
      const rc = psp.spec.runtimeClass;
      if (rc === undefined || rc.allowedRuntimeClassNames.includes('*')) return { admits: 'restricted' };
      return { admits: 'restricted', noOpinion: `allows ${rc.allowedRuntimeClassNames.length === 0 ? 'no runtime class' : `only the runtime classes ${list(rc.allowedRuntimeClassNames)}`}; Pod Security Standards do not restrict runtime classes` };
    },
  },
  defaultProfileRow(SECCOMP_DEFAULT, (psp) => psp.seccomp.default, 'seccomp', 'pods'),
  seccompRow(),
  defaultProfileRow(APPARMOR_DEFAULT, (psp) => psp.appArmor.default, 'AppArmor', 'containers'),
  appArmorRow(),
];

