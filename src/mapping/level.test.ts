import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../test/helpers.js';
import { parseSource, readInputs } from '../input/read.js';
import { buildInventory } from '../model/objects.js';
import type { PodSecurityPolicy } from '../model/types.js';
import type { Finding } from './findings.js';
import { analyzePsp } from './level.js';

const TABLE_RESTRICTED = readFileSync(path.join(REPO_ROOT, 'testdata/mapping/table-restricted-psp.yaml'), 'utf8');

function psp(text: string): PodSecurityPolicy {
  return buildInventory(parseSource(text, 'psp.yaml'), ['psp.yaml']).psps[0]!;
}

/** The table-restricted PSP with one spec line replaced (or added). */
function withSpec(line: string, replaces?: RegExp): PodSecurityPolicy {
  const text = replaces ? TABLE_RESTRICTED.replace(replaces, line) : TABLE_RESTRICTED.replace('spec:\n', `spec:\n${line}\n`);
  if (replaces) expect(text, `pattern ${replaces} not found`).not.toBe(TABLE_RESTRICTED);
  return psp(text);
}

function withAnnotation(key: string, value: string | undefined): PodSecurityPolicy {
  const kept = TABLE_RESTRICTED.split('\n').filter((l) => !l.includes(`${key}:`));
  const text = kept.join('\n').replace('  annotations:\n', value === undefined ? '  annotations:\n' : `  annotations:\n    ${key}: ${JSON.stringify(value)}\n`);
  return psp(text);
}

const of = (findings: Finding[], field: string) => findings.filter((f) => f.field === field).map((f) => (f.blocks ? `${f.status}:${f.blocks}` : f.status));

describe('the PSP written to the restricted column of the mapping table', () => {
  const a = analyzePsp(psp(TABLE_RESTRICTED));

  it('maps to restricted, and still mutates where the PSP sets defaults', () => {
    expect(a.level).toBe('restricted');
    expect(a.mutating).toBe(true);
    expect(a.findings.filter((f) => f.status === 'mutating').map((f) => f.field)).toEqual(['spec.requiredDropCapabilities', 'spec.seLinux', 'spec.runAsUser', 'spec.allowPrivilegeEscalation']);
  });

  it('has one finding or more for each of the 25 spec fields and 4 annotations, each at a real position', () => {
    const fields = new Set(a.findings.map((f) => f.field));
    expect(fields.size).toBe(30); // 29 rows and the probe/lifecycle host check no field controls
    expect(a.findings.every((f) => f.source.file === 'psp.yaml' && f.source.line >= 1)).toBe(true);
  });

  it('lists what restricted enforces beyond the PSP as tightens', () => {
    const tightens = a.findings.filter((f) => f.status === 'tightens').map((f) => [f.field, f.check]);
    expect(tightens).toEqual([
      ['spec.runAsUser', 'runAsNonRoot'],
      ['spec.runAsUser', 'runAsUser'],
      ['spec', 'hostProbesAndHostLifecycle'],
    ]);
  });

  it('lists what the PSP enforces beyond restricted as residual', () => {
    expect(a.findings.filter((f) => f.status === 'residual').map((f) => f.field)).toEqual([
      'spec.seLinux',
      'spec.allowedUnsafeSysctls', // the sysctls PSS allows since v1.27 that PSP did not
      'metadata.annotations[seccomp.security.alpha.kubernetes.io/allowedProfileNames]',
      'metadata.annotations[apparmor.security.beta.kubernetes.io/allowedProfileNames]',
    ]);
  });

  it('gives the level-controlled rows conforms', () => {
    for (const field of ['spec.privileged', 'spec.allowedCapabilities', 'spec.volumes', 'spec.hostNetwork', 'spec.hostPorts', 'spec.hostPID', 'spec.hostIPC', 'spec.allowedProcMountTypes']) {
      expect(of(a.findings, field), field).toEqual(['conforms']);
    }
    expect(of(a.findings, 'spec.requiredDropCapabilities')).toEqual(['mutating']);
    expect(of(a.findings, 'spec.allowPrivilegeEscalation')).toEqual(['mutating']);
  });

  it('points a written field at its line and a defaulted one at spec', () => {
    expect(a.findings.find((f) => f.field === 'spec.hostPID')!.source.line).toBe(17);
    expect(a.findings.find((f) => f.field === 'spec.forbiddenSysctls')!.source.line).toBe(11);
  });
});

describe('each row of the mapping table', () => {
  it.each([
    // [description, spec line, pattern it replaces, field, expected level, expected statuses of the field]
    ['privileged: true', '  privileged: true', /  privileged: false/, 'spec.privileged', 'privileged', ['blocks-level:baseline']],
    ['a baseline default capability', '  defaultAddCapabilities: [CHOWN]', undefined, 'spec.defaultAddCapabilities', 'baseline', ['blocks-level:restricted', 'mutating']],
    ['a non-baseline default capability', '  defaultAddCapabilities: [SYS_ADMIN]', undefined, 'spec.defaultAddCapabilities', 'privileged', ['blocks-level:baseline', 'mutating']],
    ['allowedCapabilities empty', '  allowedCapabilities: []', /  allowedCapabilities: \[NET_BIND_SERVICE\]/, 'spec.allowedCapabilities', 'restricted', ['residual']],
    ['allowedCapabilities in the baseline set', '  allowedCapabilities: [CHOWN, KILL]', /  allowedCapabilities: \[NET_BIND_SERVICE\]/, 'spec.allowedCapabilities', 'baseline', ['blocks-level:restricted', 'residual']],
    ['NET_RAW, not in the baseline set', '  allowedCapabilities: [NET_RAW]', /  allowedCapabilities: \[NET_BIND_SERVICE\]/, 'spec.allowedCapabilities', 'privileged', ['blocks-level:baseline']],
    ['allowedCapabilities *', '  allowedCapabilities: ["*"]\n  requiredDropCapabilities: []', /  allowedCapabilities: \[NET_BIND_SERVICE\]\n  requiredDropCapabilities: \[ALL\]/, 'spec.allowedCapabilities', 'privileged', ['blocks-level:baseline']],
    ['requiredDropCapabilities without ALL', '  requiredDropCapabilities: [NET_RAW]', /  requiredDropCapabilities: \[ALL\]/, 'spec.requiredDropCapabilities', 'baseline', ['blocks-level:restricted', 'residual', 'mutating']],
    ['a baseline volume', '  volumes: [secret, nfs]', /  volumes: \[.*\]/, 'spec.volumes', 'baseline', ['blocks-level:restricted', 'residual']],
    ['hostPath volumes', '  volumes: [secret, hostPath]', /  volumes: \[.*\]/, 'spec.volumes', 'privileged', ['blocks-level:baseline']],
    ['volumes *', '  volumes: ["*"]', /  volumes: \[.*\]/, 'spec.volumes', 'privileged', ['blocks-level:baseline']],
    ['no volume at all', '  volumes: []', /  volumes: \[.*\]/, 'spec.volumes', 'restricted', ['residual']],
    ['hostNetwork: true', '  hostNetwork: true', /  hostNetwork: false/, 'spec.hostNetwork', 'privileged', ['blocks-level:baseline']],
    ['host ports', '  hostPorts: [{min: 8080, max: 8080}]', undefined, 'spec.hostPorts', 'privileged', ['blocks-level:baseline']],
    ['a host port range of only 0', '  hostPorts: [{min: 0, max: 0}]', undefined, 'spec.hostPorts', 'restricted', ['conforms']],
    ['hostPID: true', '  hostPID: true', /  hostPID: false/, 'spec.hostPID', 'privileged', ['blocks-level:baseline']],
    ['hostIPC: true', '  hostIPC: true', /  hostIPC: false/, 'spec.hostIPC', 'privileged', ['blocks-level:baseline']],
    ['seLinux RunAsAny', '  seLinux:\n    rule: RunAsAny', /  seLinux:\n    rule: MustRunAs\n    seLinuxOptions:\n      type: container_t/, 'spec.seLinux', 'privileged', ['blocks-level:baseline']],
    ['seLinux MustRunAs with a user', '  seLinux:\n    rule: MustRunAs\n    seLinuxOptions: {user: system_u, type: container_t}', /  seLinux:\n    rule: MustRunAs\n    seLinuxOptions:\n      type: container_t/, 'spec.seLinux', 'privileged', ['blocks-level:baseline', 'mutating']],
    ['seLinux MustRunAs with another type', '  seLinux:\n    rule: MustRunAs\n    seLinuxOptions: {type: spc_t}', /  seLinux:\n    rule: MustRunAs\n    seLinuxOptions:\n      type: container_t/, 'spec.seLinux', 'privileged', ['blocks-level:baseline', 'mutating']],
    ['runAsUser RunAsAny', '  runAsUser:\n    rule: RunAsAny', /  runAsUser:\n    rule: MustRunAsNonRoot/, 'spec.runAsUser', 'baseline', ['blocks-level:restricted']],
    ['runAsUser MustRunAs a non-root range', '  runAsUser:\n    rule: MustRunAs\n    ranges: [{min: 1000, max: 2000}]', /  runAsUser:\n    rule: MustRunAsNonRoot/, 'spec.runAsUser', 'baseline', ['blocks-level:restricted', 'residual', 'mutating']],
    ['runAsGroup MustRunAs', '  runAsGroup: {rule: MustRunAs, ranges: [{min: 1, max: 5}]}', undefined, 'spec.runAsGroup', 'restricted', ['no-opinion', 'mutating']],
    ['runAsGroup MayRunAs (validates, never mutates)', '  runAsGroup: {rule: MayRunAs, ranges: [{min: 1, max: 5}]}', undefined, 'spec.runAsGroup', 'restricted', ['no-opinion']],
    ['supplementalGroups MustRunAs', '  supplementalGroups: {rule: MustRunAs, ranges: [{min: 1, max: 5}]}', /  supplementalGroups:\n    rule: RunAsAny/, 'spec.supplementalGroups', 'restricted', ['no-opinion', 'mutating']],
    ['supplementalGroups MayRunAs', '  supplementalGroups: {rule: MayRunAs, ranges: [{min: 1, max: 5}]}', /  supplementalGroups:\n    rule: RunAsAny/, 'spec.supplementalGroups', 'restricted', ['no-opinion']],
    ['fsGroup MustRunAs', '  fsGroup: {rule: MustRunAs, ranges: [{min: 1, max: 5}]}', /  fsGroup:\n    rule: RunAsAny/, 'spec.fsGroup', 'restricted', ['no-opinion', 'mutating']],
    ['readOnlyRootFilesystem: true', '  readOnlyRootFilesystem: true', undefined, 'spec.readOnlyRootFilesystem', 'restricted', ['no-opinion', 'mutating']],
    ['defaultAllowPrivilegeEscalation: false', '  defaultAllowPrivilegeEscalation: false', undefined, 'spec.defaultAllowPrivilegeEscalation', 'restricted', ['mutating']],
    ['allowPrivilegeEscalation: true', '  allowPrivilegeEscalation: true', /  allowPrivilegeEscalation: false/, 'spec.allowPrivilegeEscalation', 'baseline', ['blocks-level:restricted']],
    ['allowPrivilegeEscalation omitted (defaults to true)', '', /  allowPrivilegeEscalation: false\n/, 'spec.allowPrivilegeEscalation', 'baseline', ['blocks-level:restricted']],
    ['allowedHostPaths where no hostPath is allowed', '  allowedHostPaths: [{pathPrefix: /var/log}]', undefined, 'spec.allowedHostPaths', 'restricted', ['conforms']],
    ['allowedFlexVolumes where flexVolume is allowed', '  allowedFlexVolumes: [{driver: example/lvm}]\n  volumes: [secret, flexVolume]', /  volumes: \[.*\]/, 'spec.allowedFlexVolumes', 'baseline', ['no-opinion']],
    ['allowedCSIDrivers', '  allowedCSIDrivers: [{name: csi.example.com}]', undefined, 'spec.allowedCSIDrivers', 'restricted', ['no-opinion']],
    ['allowedUnsafeSysctls', '  allowedUnsafeSysctls: ["net.core.*"]', undefined, 'spec.allowedUnsafeSysctls', 'privileged', ['blocks-level:baseline']],
    ['forbiddenSysctls', '  forbiddenSysctls: [kernel.shm_rmid_forced]', undefined, 'spec.forbiddenSysctls', 'restricted', ['no-opinion']],
    ['Unmasked proc mounts', '  allowedProcMountTypes: [Default, Unmasked]', /  allowedProcMountTypes: \[Default\]/, 'spec.allowedProcMountTypes', 'privileged', ['blocks-level:baseline']],
    ['a default runtime class', '  runtimeClass: {allowedRuntimeClassNames: [gvisor], defaultRuntimeClassName: gvisor}', undefined, 'spec.runtimeClass.defaultRuntimeClassName', 'restricted', ['mutating']],
    ['allowed runtime classes', '  runtimeClass: {allowedRuntimeClassNames: [gvisor]}', undefined, 'spec.runtimeClass.allowedRuntimeClassNames', 'restricted', ['no-opinion']],
    ['any runtime class', '  runtimeClass: {allowedRuntimeClassNames: ["*"]}', undefined, 'spec.runtimeClass.allowedRuntimeClassNames', 'restricted', ['conforms']],
  ] as const)('%s', (_what, line, replaces, field, level, statuses) => {
    const a = analyzePsp(withSpec(line, replaces));
    expect(a.level).toBe(level);
    expect(of(a.findings, field)).toEqual(statuses);
  });
});

describe('the seccomp and AppArmor annotations', () => {
  const SECCOMP = 'seccomp.security.alpha.kubernetes.io/allowedProfileNames';
  const APPARMOR = 'apparmor.security.beta.kubernetes.io/allowedProfileNames';
  const seccompField = `metadata.annotations[${SECCOMP}]`;
  const appArmorField = `metadata.annotations[${APPARMOR}]`;

  it.each([
    ['runtime/default, (trailing comma: unset allowed)', 'runtime/default,', 'baseline', ['blocks-level:restricted', 'residual']],
    ['localhost/* and docker/default', 'localhost/profile.json,docker/default', 'restricted', ['residual']],
    ['unconfined', 'runtime/default,unconfined', 'privileged', ['blocks-level:baseline']],
    ['*', '*', 'privileged', ['blocks-level:baseline']],
    ['absent: no profile may be set', undefined, 'baseline', ['blocks-level:restricted', 'residual']],
  ] as const)('seccomp %s', (_what, value, level, statuses) => {
    const a = analyzePsp(withAnnotation(SECCOMP, value));
    expect(a.level).toBe(level);
    expect(of(a.findings, seccompField)).toEqual(statuses);
  });

  it.each([
    ['runtime/default, (a trailing comma does not allow unset in PSP admission)', 'runtime/default,', 'restricted', ['residual']],
    ['localhost/*', 'localhost/k8s-apparmor', 'restricted', ['residual']],
    ['unconfined', 'unconfined', 'privileged', ['blocks-level:baseline']],
    ['absent: every profile allowed', undefined, 'privileged', ['blocks-level:baseline']],
  ] as const)('AppArmor %s', (_what, value, level, statuses) => {
    const a = analyzePsp(withAnnotation(APPARMOR, value));
    expect(a.level).toBe(level);
    expect(of(a.findings, appArmorField)).toEqual(statuses);
  });

  it('default profiles are mutating', () => {
    const a = analyzePsp(withAnnotation('seccomp.security.alpha.kubernetes.io/defaultProfileName', 'runtime/default'));
    expect(of(a.findings, 'metadata.annotations[seccomp.security.alpha.kubernetes.io/defaultProfileName]')).toEqual(['mutating']);
    const b = analyzePsp(withAnnotation('apparmor.security.beta.kubernetes.io/defaultProfileName', 'runtime/default'));
    expect(of(b.findings, 'metadata.annotations[apparmor.security.beta.kubernetes.io/defaultProfileName]')).toEqual(['mutating']);
    expect(b.mutating).toBe(true);
  });
});

describe('residual against the level', () => {
  it('a baseline PSP that forbids what baseline allows keeps it as residual', () => {
    const a = analyzePsp(withSpec('  allowPrivilegeEscalation: true', /  allowPrivilegeEscalation: false/));
    expect(a.level).toBe('baseline');
    // baseline allows privilege escalation; the PSP's other restricted-only settings are residual now.
    expect(of(a.findings, 'spec.requiredDropCapabilities')).toEqual(['residual', 'mutating']);
    expect(of(a.findings, 'spec.runAsUser')).toEqual(['residual', 'mutating']);
    expect(of(a.findings, 'spec.allowedCapabilities')).toEqual(['residual']);
    // no tightening by runAsNonRoot below restricted
    expect(a.findings.filter((f) => f.status === 'tightens').map((f) => f.check)).toEqual(['hostProbesAndHostLifecycle']);
  });

  it('before v1.34 nothing tightens the probe and lifecycle hosts', () => {
    const a = analyzePsp(psp(TABLE_RESTRICTED), 'v1.33');
    expect(a.findings.filter((f) => f.status === 'tightens').map((f) => f.check)).toEqual(['runAsNonRoot', 'runAsUser']);
    const old = analyzePsp(psp(TABLE_RESTRICTED), 'v1.22');
    expect(old.findings.filter((f) => f.status === 'tightens').map((f) => f.check)).toEqual(['runAsNonRoot']);
  });

  it('the sysctls PSS added after PSP are residual for a PSP that allows no unsafe sysctl', () => {
    expect(of(analyzePsp(psp(TABLE_RESTRICTED), 'v1.26').findings, 'spec.allowedUnsafeSysctls')).toEqual(['conforms']);
    const later = analyzePsp(psp(TABLE_RESTRICTED), 'v1.29').findings.find((f) => f.field === 'spec.allowedUnsafeSysctls')!;
    expect(later.status).toBe('residual');
    expect(later.message).toContain('net.ipv4.ip_local_reserved_ports, net.ipv4.tcp_keepalive_time');
  });
});

describe('the examples', () => {
  async function analyses(dir: string) {
    const { objects, sources } = await readInputs({ filenames: [dir], cwd: REPO_ROOT, readStdin: async () => Buffer.alloc(0) });
    return new Map(buildInventory(objects, sources).psps.map((p) => [p.metadata.name, analyzePsp(p)]));
  }

  it('seed cluster: restricted is privileged because of SELinux, and keeps its ranges, root filesystem, volumes and profiles', async () => {
    const seed = await analyses('testdata/examples/seed-cluster');
    const restricted = seed.get('restricted')!;
    expect(restricted.level).toBe('privileged');
    expect(restricted.findings.filter((f) => f.status === 'blocks-level' && f.blocks === 'baseline').map((f) => f.field)).toEqual(['spec.seLinux']);
    expect(restricted.findings.find((f) => f.field === 'spec.seLinux')).toMatchObject({ source: { file: 'testdata/examples/seed-cluster/01-psp-restricted.yaml', line: 53 } });
    for (const field of ['spec.runAsUser', 'spec.runAsGroup', 'spec.supplementalGroups', 'spec.fsGroup', 'spec.readOnlyRootFilesystem', 'spec.volumes']) {
      expect(of(restricted.findings, field).some((s) => s === 'residual' || s === 'no-opinion'), field).toBe(true);
    }
    for (const field of ['spec.runAsUser', 'spec.fsGroup', 'spec.readOnlyRootFilesystem', 'metadata.annotations[seccomp.security.alpha.kubernetes.io/defaultProfileName]', 'metadata.annotations[apparmor.security.beta.kubernetes.io/defaultProfileName]']) {
      expect(of(restricted.findings, field), field).toContain('mutating');
    }
    const legacy = seed.get('legacy-root')!;
    expect(legacy.level).toBe('privileged');
    expect(legacy.findings.filter((f) => f.blocks === 'baseline').map((f) => f.field)).toEqual(['spec.volumes', 'spec.seLinux', 'metadata.annotations[apparmor.security.beta.kubernetes.io/allowedProfileNames]']);
  });

  it("the Kubernetes website's example PSPs", async () => {
    const web = await analyses(path.join(REPO_ROOT, '../shared/examples/kubernetes-website'));
    expect(web.get('privileged')!.level).toBe('privileged');
    const baseline = web.get('baseline')!;
    expect(baseline.level).toBe('privileged');
    expect(baseline.findings.find((f) => f.field === 'spec.allowedCapabilities' && f.status === 'blocks-level')!.message).toContain('NET_RAW');
    const restricted = web.get('restricted')!;
    expect(restricted.level).toBe('privileged');
    expect(restricted.findings.filter((f) => f.status === 'blocks-level').map((f) => f.field)).toEqual(['spec.seLinux']);
  });
});

describe('tightens, shown on a pod', () => {
  it('PSS restricted rejects a pod-level runAsUser: 0 that every container overrides; the PSP admitted it', async () => {
    const { admitPod } = await import('./admission.js');
    const { evaluatePod } = await import('../pss/index.js');
    const p = psp(TABLE_RESTRICTED.replace('  fsGroup:\n    rule: RunAsAny', '  fsGroup:\n    rule: RunAsAny\n  readOnlyRootFilesystem: false'));
    const pod = {
      metadata: { annotations: { 'seccomp.security.alpha.kubernetes.io/pod': 'runtime/default', 'container.apparmor.security.beta.kubernetes.io/app': 'runtime/default' } },
      spec: {
        securityContext: { runAsUser: 0, seLinuxOptions: { type: 'container_t' }, seccompProfile: { type: 'RuntimeDefault' } },
        containers: [{ name: 'app', image: 'app', securityContext: { runAsUser: 1000, runAsNonRoot: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } }],
      },
    };
    const admission = admitPod(p, pod);
    expect(admission.errors).toEqual([]);
    expect(admission.mutated).toBe(false);
    const a = analyzePsp(p);
    expect(a.level).toBe('restricted');
    expect(evaluatePod(pod.metadata, pod.spec, 'restricted', 'latest').violations.map((v) => v.check)).toEqual(['runAsUser']);
    expect(a.findings.some((f) => f.status === 'tightens' && f.check === 'runAsUser')).toBe(true);
  });
});
