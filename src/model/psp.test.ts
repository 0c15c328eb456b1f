import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../test/helpers.js';
import { InputError } from '../input/errors.js';
import type { Problem } from '../input/errors.js';
import { parseSource, readInputs } from '../input/read.js';
import { buildInventory } from './objects.js';
import type { Inventory, PodSecurityPolicy } from './types.js';

const MINIMAL_SPEC = `  seLinux: {rule: RunAsAny}
  runAsUser: {rule: RunAsAny}
  supplementalGroups: {rule: RunAsAny}
  fsGroup: {rule: RunAsAny}
`;

function pspYaml(spec: string, opts: { apiVersion?: string; annotations?: string; name?: string } = {}): string {
  const annotations = opts.annotations ? `  annotations:\n${opts.annotations}` : '';
  return `apiVersion: ${opts.apiVersion ?? 'policy/v1beta1'}\nkind: PodSecurityPolicy\nmetadata:\n  name: ${opts.name ?? 'p'}\n${annotations}spec:\n${spec}`;
}

function inventoryOf(text: string): Inventory {
  return buildInventory(parseSource(text, 'psp.yaml'), ['psp.yaml']);
}

function pspOf(text: string): PodSecurityPolicy {
  const inv = inventoryOf(text);
  expect(inv.psps).toHaveLength(1);
  return inv.psps[0]!;
}

function problemsOf(text: string): readonly Problem[] {
  try {
    inventoryOf(text);
  } catch (err) {
    if (err instanceof InputError) return err.problems;
    throw err;
  }
  throw new Error('expected an InputError');
}

describe('PSP defaults (SetDefaults_PodSecurityPolicySpec, omitted fields)', () => {
  it('applies the API defaults to a minimal PSP', () => {
    const { spec, seccomp, appArmor, unusable } = pspOf(pspYaml(MINIMAL_SPEC));
    expect(spec).toEqual({
      privileged: false,
      defaultAddCapabilities: [],
      requiredDropCapabilities: [],
      allowedCapabilities: [],
      volumes: [],
      hostNetwork: false,
      hostPorts: [],
      hostPID: false,
      hostIPC: false,
      seLinux: { rule: 'RunAsAny' },
      runAsUser: { rule: 'RunAsAny', ranges: [] },
      supplementalGroups: { rule: 'RunAsAny', ranges: [] },
      fsGroup: { rule: 'RunAsAny', ranges: [] },
      readOnlyRootFilesystem: false,
      allowPrivilegeEscalation: true,
      allowedHostPaths: [],
      allowedFlexVolumes: [],
      allowedCSIDrivers: [],
      allowedUnsafeSysctls: [],
      forbiddenSysctls: [],
      allowedProcMountTypes: [],
    });
    expect(seccomp).toEqual({});
    expect(appArmor).toEqual({});
    expect(unusable).toEqual([]);
  });

  it('keeps an explicit allowPrivilegeEscalation: false and the default-setting fields', () => {
    const { spec } = pspOf(pspYaml(`${MINIMAL_SPEC}  allowPrivilegeEscalation: false\n  defaultAllowPrivilegeEscalation: false\n  runAsGroup: {rule: MayRunAs, ranges: [{min: 1, max: 10}]}\n  runtimeClass: {allowedRuntimeClassNames: [gvisor], defaultRuntimeClassName: gvisor}\n`));
    expect(spec.allowPrivilegeEscalation).toBe(false);
    expect(spec.defaultAllowPrivilegeEscalation).toBe(false);
    expect(spec.runAsGroup).toEqual({ rule: 'MayRunAs', ranges: [{ min: 1, max: 10 }] });
    expect(spec.runtimeClass).toEqual({ allowedRuntimeClassNames: ['gvisor'], defaultRuntimeClassName: 'gvisor' });
  });

  it('reads YAML 1.1 booleans in PSP fields (hostPID: yes is true)', () => {
    const { spec } = pspOf(pspYaml(`${MINIMAL_SPEC}  hostPID: yes\n  hostIPC: on\n  privileged: no\n`));
    expect(spec).toMatchObject({ hostPID: true, hostIPC: true, privileged: false });
  });

  it('records which lists were written, even empty ones', () => {
    const psp = pspOf(pspYaml(`${MINIMAL_SPEC}  allowedHostPaths: []\n`));
    expect(psp.spec.allowedHostPaths).toEqual([]);
    expect(psp.map.has(['spec', 'allowedHostPaths'])).toBe(true);
    expect(psp.map.has(['spec', 'volumes'])).toBe(false);
  });
});

describe('both API groups', () => {
  it('normalize to the same model', () => {
    const body = `${MINIMAL_SPEC}  volumes: [secret, configMap]\n  hostPorts: [{min: 80, max: 443}]\n  allowedCapabilities: [CHOWN]\n`;
    const a = pspOf(pspYaml(body, { apiVersion: 'policy/v1beta1' }));
    const b = pspOf(pspYaml(body, { apiVersion: 'extensions/v1beta1' }));
    expect(a.apiVersion).toBe('policy/v1beta1');
    expect(b.apiVersion).toBe('extensions/v1beta1');
    expect(b.spec).toEqual(a.spec);
  });

  it('ignores a PodSecurityPolicy of any other API version', () => {
    const inv = inventoryOf(pspYaml(MINIMAL_SPEC, { apiVersion: 'example.com/v1' }));
    expect(inv.psps).toEqual([]);
    expect(inv.ignored).toEqual({ 'example.com/v1 PodSecurityPolicy': 1 });
  });
});

describe('seccomp and AppArmor annotations', () => {
  it('splits allowedProfileNames on commas: a trailing comma allows an unset profile, * allows any', () => {
    const psp = pspOf(
      pspYaml(MINIMAL_SPEC, {
        annotations: [
          '    seccomp.security.alpha.kubernetes.io/allowedProfileNames: "runtime/default,localhost/prof.json,"',
          '    seccomp.security.alpha.kubernetes.io/defaultProfileName: runtime/default',
          '    apparmor.security.beta.kubernetes.io/allowedProfileNames: "runtime/default,"',
          '',
        ].join('\n'),
      }),
    );
    expect(psp.seccomp).toEqual({ allowed: { raw: 'runtime/default,localhost/prof.json,', names: ['runtime/default', 'localhost/prof.json'], allowUnset: true, any: false }, default: 'runtime/default' });
    expect(psp.appArmor).toEqual({ allowed: { raw: 'runtime/default,', names: ['runtime/default'], allowUnset: true, any: false } });
  });

  it('without a trailing comma, an unset profile is not allowed', () => {
    const psp = pspOf(pspYaml(MINIMAL_SPEC, { annotations: '    seccomp.security.alpha.kubernetes.io/allowedProfileNames: runtime/default\n' }));
    expect(psp.seccomp.allowed).toMatchObject({ names: ['runtime/default'], allowUnset: false, any: false });
  });

  it('refuses * in the AppArmor list: AppArmor has no wildcard', () => {
    const [p] = problemsOf(pspYaml(MINIMAL_SPEC, { annotations: '    apparmor.security.beta.kubernetes.io/allowedProfileNames: "*"\n' }));
    expect(p!.message).toBe('metadata.annotations[apparmor.security.beta.kubernetes.io/allowedProfileNames]: Invalid value: "*": invalid AppArmor profile name (runtime/default, unconfined or localhost/<name>)');
  });

  it('refuses a profile name the API server would reject', () => {
    const [p] = problemsOf(pspYaml(MINIMAL_SPEC, { annotations: '    seccomp.security.alpha.kubernetes.io/defaultProfileName: default\n' }));
    expect(p!.message).toContain('metadata.annotations[seccomp.security.alpha.kubernetes.io/defaultProfileName]: Invalid value: "default"');
    expect(p!.pos).toMatchObject({ line: 6, col: 5 });
  });
});

describe('validation like the API server', () => {
  it.each(['seLinux', 'runAsUser', 'supplementalGroups', 'fsGroup'])('refuses a PSP without the %s strategy', (strategy) => {
    const spec = MINIMAL_SPEC.split('\n').filter((l) => !l.includes(`${strategy}:`)).join('\n');
    const problems = problemsOf(pspYaml(spec));
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toMatch(new RegExp(`^spec\\.${strategy}: Required value: the ${strategy} strategy is missing`));
  });

  it('refuses a strategy without a rule, and an unknown rule, at the rule', () => {
    const problems = problemsOf(pspYaml(MINIMAL_SPEC.replace('runAsUser: {rule: RunAsAny}', 'runAsUser: {ranges: []}').replace('fsGroup: {rule: RunAsAny}', 'fsGroup: {rule: MustRunAsNonRoot}')));
    expect(problems.map((p) => p.message)).toEqual([
      'spec.runAsUser.rule: Required value: must be one of "MustRunAs", "MustRunAsNonRoot", "RunAsAny"',
      'spec.fsGroup.rule: Unsupported value: "MustRunAsNonRoot": supported values: "MayRunAs", "MustRunAs", "RunAsAny"',
    ]);
  });

  it('refuses min > max and negative IDs, at the bound', () => {
    const problems = problemsOf(pspYaml(MINIMAL_SPEC.replace('runAsUser: {rule: RunAsAny}', 'runAsUser:\n    rule: MustRunAs\n    ranges:\n      - min: 10\n        max: 1\n      - min: -1\n        max: 5')));
    expect(problems.map((p) => [p.message, p.pos?.line])).toEqual([
      ['spec.runAsUser.ranges[0].min: Invalid value: 10: min cannot be greater than max (1)', 10],
      ['spec.runAsUser.ranges[1].min: Invalid value: -1: min cannot be negative', 12],
    ]);
  });

  it('reads -0 as 0, as the API server decodes it into an int64', () => {
    const psp = pspOf(pspYaml(`  seLinux: {rule: RunAsAny}\n  runAsUser: {rule: MustRunAs, ranges: [{min: -0, max: 5}]}\n  supplementalGroups: {rule: RunAsAny}\n  fsGroup: {rule: RunAsAny}\n  hostPorts: [{min: -0, max: 80}]\n`));
    expect(Object.is(psp.spec.hostPorts[0]!.min, 0)).toBe(true);
    expect(Object.is(psp.spec.runAsUser.ranges[0]!.min, 0)).toBe(true);
  });

  it('refuses an integer it cannot keep exactly (past 2^53), once, where it is', () => {
    const problems = problemsOf(pspYaml(`  seLinux: {rule: RunAsAny}\n  runAsUser: {rule: MustRunAs, ranges: [{min: 1, max: 9223372036854775807}]}\n  supplementalGroups: {rule: RunAsAny}\n  fsGroup: {rule: RunAsAny}\n`));
    expect(problems.map((p) => [p.message, p.pos?.line])).toEqual([['spec.runAsUser.ranges[0].max: Invalid value: the integer is beyond ±9007199254740991, the most psp-migrate can keep exactly', 7]]);
    // A bad bound is not compared with the other, which is still checked on its own.
    expect(problemsOf(pspYaml(`  seLinux: {rule: RunAsAny}\n  runAsUser: {rule: MustRunAs, ranges: [{min: "a", max: -1}]}\n  supplementalGroups: {rule: RunAsAny}\n  fsGroup: {rule: RunAsAny}\n`)).map((p) => p.message)).toEqual([
      'spec.runAsUser.ranges[0].min: expected an integer, found the string "a"',
      'spec.runAsUser.ranges[0].max: Invalid value: -1: max cannot be negative',
    ]);
    expect(pspOf(pspYaml(`  seLinux: {rule: RunAsAny}\n  runAsUser: {rule: MustRunAs, ranges: [{min: 1, max: 9007199254740991}]}\n  supplementalGroups: {rule: RunAsAny}\n  fsGroup: {rule: RunAsAny}\n`)).spec.runAsUser.ranges).toEqual([{ min: 1, max: 9007199254740991 }]);
  });

  it('refuses host port ranges with min > max or beyond 65535', () => {
    const problems = problemsOf(pspYaml(`${MINIMAL_SPEC}  hostPorts: [{min: 9000, max: 8000}, {min: 1, max: 70000}]\n`));
    expect(problems.map((p) => p.message)).toEqual([
      'spec.hostPorts[0].min: Invalid value: 9000: min cannot be greater than max (8000)',
      'spec.hostPorts[1].max: Invalid value: 70000: must be at most 65535',
    ]);
  });

  it('refuses wrong types, with a YAML 1.1 hint for strings read as booleans', () => {
    const problems = problemsOf(pspYaml(`${MINIMAL_SPEC}  hostPID: "maybe"\n  volumes: secret\n  allowedCapabilities: [CHOWN, yes]\n`));
    expect(problems.map((p) => p.message)).toEqual([
      'spec.volumes: expected a list, found the string "secret"',
      'spec.allowedCapabilities[1]: expected a string, found the boolean true',
      'spec.hostPID: expected a boolean (true or false), found the string "maybe"',
    ]);
    expect(problems[1]!.hint).toContain('YAML 1.1');
  });

  it('refuses unknown volume types and proc mount types', () => {
    const problems = problemsOf(pspYaml(`${MINIMAL_SPEC}  volumes: [secret, hostpath]\n  allowedProcMountTypes: [Masked]\n`));
    expect(problems.map((p) => p.message)).toEqual([
      'spec.volumes[1]: Unsupported value: "hostpath": not a volume type',
      'spec.allowedProcMountTypes[0]: Unsupported value: "Masked": supported values: "Default", "Unmasked"',
    ]);
  });

  it('refuses the cross-field contradictions the API server refuses', () => {
    const problems = problemsOf(
      pspYaml(
        `${MINIMAL_SPEC}  allowPrivilegeEscalation: false\n  defaultAllowPrivilegeEscalation: true\n  requiredDropCapabilities: [NET_RAW]\n  defaultAddCapabilities: [NET_RAW]\n  allowedUnsafeSysctls: ["net.*"]\n  forbiddenSysctls: [net.ipv4.ip_forward]\n  runtimeClass: {allowedRuntimeClassNames: [gvisor], defaultRuntimeClassName: kata}\n`,
      ),
    );
    expect(problems.map((p) => p.message)).toEqual([
      'spec.defaultAddCapabilities[0]: Invalid value: "NET_RAW": capability is listed in defaultAddCapabilities and requiredDropCapabilities',
      'spec.defaultAllowPrivilegeEscalation: Invalid value: Cannot set DefaultAllowPrivilegeEscalation to true without also setting AllowPrivilegeEscalation to true',
      'spec.forbiddenSysctls[0]: Invalid value: sysctl overlaps with net.*',
      'spec.runtimeClass.defaultRuntimeClassName: Invalid value: "kata": default must be allowed',
    ]);
  });

  it('notes strategies PSP admission could not build, without refusing the PSP', () => {
    const psp = pspOf(pspYaml(MINIMAL_SPEC.replace('fsGroup: {rule: RunAsAny}', 'fsGroup: {rule: MustRunAs}')));
    expect(psp.unusable.map((p) => p.message)).toEqual(['spec.fsGroup: rule MustRunAs without ranges']);
  });

  it('refuses an object without a name', () => {
    const [p] = problemsOf('apiVersion: v1\nkind: Namespace\nmetadata: {}\n');
    expect(p!.message).toBe('metadata.name: Required value: every object needs a name');
  });
});

describe('positions', () => {
  it('reports a PSP field at its true line in a multi-document file', async () => {
    const text = `${pspYaml(MINIMAL_SPEC, { name: 'first' })}---\n${pspYaml(`${MINIMAL_SPEC}  hostPID: true\n`, { name: 'second' })}`;
    const inv = inventoryOf(text);
    const second = inv.psps[1]!;
    expect(second.source).toEqual({ file: 'psp.yaml', line: 11, col: 1 });
    expect(second.map.at(['spec', 'hostPID'])).toEqual({ file: 'psp.yaml', line: 20, col: 3 });
    // A defaulted field points at its nearest written ancestor.
    expect(second.map.at(['spec', 'allowedHostPaths'])).toEqual({ file: 'psp.yaml', line: 15, col: 1 });
  });

  it('reports seed-cluster fields at their lines', async () => {
    const { objects, sources } = await readInputs({ filenames: ['testdata/examples/seed-cluster'], cwd: REPO_ROOT, readStdin: async () => Buffer.alloc(0) });
    const legacy = buildInventory(objects, sources).psps.find((p) => p.metadata.name === 'legacy-root')!;
    expect(legacy.map.at(['spec', 'allowedCapabilities'])).toEqual({ file: 'testdata/examples/seed-cluster/03-psp-privileged-legacy.yaml', line: 11, col: 3 });
  });
});

describe('kubectl List output and separate documents', () => {
  /** The model without positions, which necessarily differ. */
  function stripped(inv: Inventory) {
    const strip = <T extends { source: unknown; map: unknown }>(o: T) => {
      const { source: _s, map: _m, ...rest } = o;
      return rest;
    };
    return {
      psps: inv.psps.map((p) => ({ ...strip(p), unusable: p.unusable.map((u) => u.message) })),
      roles: inv.roles.map(strip),
      bindings: inv.bindings.map(strip),
    };
  }

  async function load(filenames: string[]) {
    const { objects, sources } = await readInputs({ filenames, cwd: REPO_ROOT, readStdin: async () => Buffer.alloc(0) });
    return buildInventory(objects, sources);
  }

  it('give the same model, in YAML and in JSON', async () => {
    const seed = 'testdata/examples/seed-cluster';
    const documents = stripped(await load([`${seed}/01-psp-restricted.yaml`, `${seed}/02-rbac-restricted-for-all-serviceaccounts.yaml`, `${seed}/03-psp-privileged-legacy.yaml`]));
    expect(documents.psps).toHaveLength(2);
    expect(documents.roles).toHaveLength(2);
    expect(documents.bindings).toHaveLength(2);
    expect(stripped(await load(['testdata/input-forms/rbac-and-psps.list.yaml']))).toEqual(documents);
    expect(stripped(await load(['testdata/input-forms/rbac-and-psps.list.json']))).toEqual(documents);
  });
});
