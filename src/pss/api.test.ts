// Levels, versions, ordering, messages, namespace labels, pod templates and robustness of the public API.
// Expected values come from pss-checks.md §1, §3 and §5.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveFixtureDir } from './fixtures.js';
import {
  checksFor,
  effectiveMinor,
  effectiveVersion,
  evaluatePod,
  forbiddenMessage,
  forbiddenReason,
  LATEST_VERSION,
  parseLevel,
  parseVersion,
  podTemplateOf,
  policyForNamespace,
  warningMessage,
  type Level,
  type Version,
} from './index.js';

describe('parseLevel', () => {
  it('accepts the three levels exactly', () => {
    for (const level of ['privileged', 'baseline', 'restricted']) {
      expect(parseLevel(level)).toEqual({ ok: true, value: level });
    }
  });

  it.each(['Restricted', 'restricted ', '', 'strict'])('rejects %j, falling back to restricted', (value) => {
    expect(parseLevel(value)).toEqual({
      ok: false,
      error: 'must be one of privileged, baseline, restricted',
      fallback: 'restricted',
    });
  });
});

describe('parseVersion', () => {
  it.each(['latest', 'v1.0', 'v1.25', 'v1.99', 'v1.9223372036854775807'])('accepts %s', (value) => {
    expect(parseVersion(value)).toEqual({ ok: true, value });
  });

  it.each(['1.25', 'v1.05', 'v2.0', 'V1.2', ' v1.2', 'v1.', 'v1', '', 'Latest', 'v1.9223372036854775808'])(
    'rejects %j, falling back to latest',
    (value) => {
      expect(parseVersion(value)).toEqual({ ok: false, error: 'must be "latest" or "v1.x"', fallback: 'latest' });
    },
  );
});

describe('versions', () => {
  it('latest is the newest version the checks define', () => {
    expect(LATEST_VERSION).toBe('v1.37');
    expect(effectiveVersion('latest')).toBe('v1.37');
    expect(effectiveVersion('v1.99')).toBe('v1.37');
    expect(effectiveVersion('v1.20')).toBe('v1.20');
    expect([effectiveMinor('latest'), effectiveMinor('v1.99'), effectiveMinor('v1.0')]).toEqual([37, 37, 0]);
  });

  it('a version above the newest evaluates as it, and the message keeps the label spelling', () => {
    const spec = { securityContext: { sysctls: [{ name: 'net.ipv4.tcp_notsent_lowat', value: '1' }, { name: 'x', value: '1' }] } };
    const result = evaluatePod({}, spec, 'baseline', 'v1.99');
    expect(result.violations).toEqual([{ check: 'sysctls', reason: 'forbidden sysctls', detail: 'x' }]);
    expect(forbiddenMessage('baseline', 'v1.99', result.violations)).toBe(
      'violates PodSecurity "baseline:v1.99": forbidden sysctls (x)',
    );
  });
});

describe('checksFor', () => {
  const ids = (level: Level, version: Version) => checksFor(level, version).map((check) => check.id);

  it('orders baseline IDs byte-wise (seLinuxOptions before seccompProfile_baseline)', () => {
    expect(ids('baseline', 'latest')).toEqual([
      'appArmorProfile', 'capabilities_baseline', 'hostNamespaces', 'hostPathVolumes', 'hostPorts',
      'hostProbesAndHostLifecycle', 'privileged', 'procMount', 'seLinuxOptions', 'seccompProfile_baseline', 'sysctls',
      'windowsHostProcess',
    ]);
  });

  it('restricted runs the baseline checks that are not overridden, then the restricted ones', () => {
    expect(ids('restricted', 'v1.0')).toEqual([
      'appArmorProfile', 'capabilities_baseline', 'hostNamespaces', 'hostPorts', 'privileged', 'procMount',
      'seLinuxOptions', 'seccompProfile_baseline', 'sysctls', 'windowsHostProcess', 'restrictedVolumes', 'runAsNonRoot',
    ]);
    expect(ids('restricted', 'latest')).toEqual([
      'appArmorProfile', 'hostNamespaces', 'hostPorts', 'hostProbesAndHostLifecycle', 'privileged', 'seLinuxOptions',
      'sysctls', 'windowsHostProcess', 'allowPrivilegeEscalation', 'capabilities_restricted', 'procMount_restricted',
      'restrictedVolumes', 'runAsNonRoot', 'runAsUser', 'seccompProfile_restricted',
    ]);
    expect(checksFor('restricted', 'v1.22').find((check) => check.id === 'capabilities_restricted')?.overrides).toEqual([
      'capabilities_baseline',
    ]);
  });

  it('privileged runs nothing', () => {
    expect(ids('privileged', 'latest')).toEqual([]);
    expect(evaluatePod({}, { hostPID: true }, 'privileged', 'latest')).toEqual({ allowed: true, violations: [] });
  });
});

describe('messages', () => {
  it('renders the enforce error', () => {
    const spec = { containers: [{ name: 'container1', ports: [{ containerPort: 80, hostPort: 12345 }] }] };
    const result = evaluatePod({ name: 'x' }, spec, 'baseline', 'latest');
    expect(result.allowed).toBe(false);
    expect(forbiddenMessage('baseline', 'latest', result.violations)).toBe(
      'violates PodSecurity "baseline:latest": hostPort (container "container1" uses hostPort 12345)',
    );
  });

  it('renders the documented restricted warning for a bare nginx pod', () => {
    const result = evaluatePod({}, { containers: [{ name: 'nginx', image: 'nginx' }] }, 'restricted', 'latest');
    expect(warningMessage('restricted', 'latest', result.violations)).toBe(
      'would violate PodSecurity "restricted:latest": allowPrivilegeEscalation != false (container "nginx" must set ' +
        'securityContext.allowPrivilegeEscalation=false), unrestricted capabilities (container "nginx" must set ' +
        'securityContext.capabilities.drop=["ALL"]), runAsNonRoot != true (pod or container "nginx" must set ' +
        'securityContext.runAsNonRoot=true), seccompProfile (pod or container "nginx" must set ' +
        'securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")',
    );
  });

  it('joins reasons without details for the namespace dry-run form', () => {
    const spec = { hostNetwork: true, volumes: [{ name: 'v', hostPath: { path: '/' } }], containers: [{ name: 'c', securityContext: { privileged: true } }] };
    expect(forbiddenReason(evaluatePod({}, spec, 'baseline', 'latest').violations)).toBe(
      'host namespaces, hostPath volumes, privileged',
    );
  });

  it('orders violations by check ID, seLinuxOptions before seccompProfile_baseline', () => {
    const spec = {
      securityContext: { seccompProfile: { type: 'Unconfined' }, seLinuxOptions: { role: 'r' } },
      containers: [{ name: 'c', securityContext: { capabilities: { add: ['SYS_ADMIN'] } } }],
    };
    expect(evaluatePod({}, spec, 'baseline', 'latest').violations.map((v) => v.check)).toEqual([
      'capabilities_baseline', 'seLinuxOptions', 'seccompProfile_baseline',
    ]);
  });
});

describe('policyForNamespace', () => {
  const L = 'pod-security.kubernetes.io/';

  it('gives the defaults without labels', () => {
    const privileged = { level: 'privileged', version: 'latest' };
    expect(policyForNamespace(undefined)).toEqual({ enforce: privileged, audit: privileged, warn: privileged, errors: [] });
    expect(policyForNamespace({ app: 'x' })).toEqual({ enforce: privileged, audit: privileged, warn: privileged, errors: [] });
  });

  it('makes warn follow a stricter enforce label, with its version', () => {
    const policy = policyForNamespace({ [`${L}enforce`]: 'baseline', [`${L}enforce-version`]: 'v1.25' });
    expect(policy.enforce).toEqual({ level: 'baseline', version: 'v1.25' });
    expect(policy.warn).toEqual({ level: 'baseline', version: 'v1.25' });
    expect(policy.audit).toEqual({ level: 'privileged', version: 'latest' });
  });

  it('keeps a warn-version label when warn follows enforce', () => {
    const policy = policyForNamespace({ [`${L}enforce`]: 'restricted', [`${L}enforce-version`]: 'v1.25', [`${L}warn-version`]: 'v1.20' });
    expect(policy.warn).toEqual({ level: 'restricted', version: 'v1.20' });
  });

  it('does not touch an explicit warn label', () => {
    const policy = policyForNamespace({ [`${L}enforce`]: 'restricted', [`${L}warn`]: 'privileged' });
    expect(policy.warn).toEqual({ level: 'privileged', version: 'latest' });
  });

  it('fails closed on an invalid enforce level and does not default warn from it', () => {
    const policy = policyForNamespace({ [`${L}enforce`]: 'Baseline' });
    expect(policy.enforce).toEqual({ level: 'restricted', version: 'latest' });
    expect(policy.warn).toEqual({ level: 'privileged', version: 'latest' });
    expect(policy.errors).toEqual([
      {
        label: `${L}enforce`,
        value: 'Baseline',
        message: 'must be one of privileged, baseline, restricted',
        text: `metadata.labels[${L}enforce]: Invalid value: "Baseline": must be one of privileged, baseline, restricted`,
      },
    ]);
  });

  it('fails open on invalid audit and warn levels, and reads invalid versions as latest', () => {
    const policy = policyForNamespace({
      [`${L}warn`]: 'bogus',
      [`${L}audit`]: 'bogus',
      [`${L}audit-version`]: '1.25',
      [`${L}enforce`]: 'baseline',
      [`${L}enforce-version`]: 1.25,
    });
    expect(policy.enforce).toEqual({ level: 'baseline', version: 'latest' });
    expect(policy.audit).toEqual({ level: 'privileged', version: 'latest' });
    expect(policy.warn).toEqual({ level: 'privileged', version: 'latest' });
    expect(policy.errors.map((e) => [e.label, e.value])).toEqual([
      [`${L}enforce-version`, '1.25'],
      [`${L}audit`, 'bogus'],
      [`${L}audit-version`, '1.25'],
      [`${L}warn`, 'bogus'],
    ]);
  });

  it('starts from configured defaults', () => {
    const defaults = {
      enforce: { level: 'baseline', version: 'v1.20' },
      audit: { level: 'restricted', version: 'latest' },
      warn: { level: 'restricted', version: 'latest' },
    } as const;
    const policy = policyForNamespace({ [`${L}enforce-version`]: 'v1.25', [`${L}enforce`]: 'baseline' }, defaults);
    expect(policy.enforce).toEqual({ level: 'baseline', version: 'v1.25' });
    expect(policy.warn).toEqual({ level: 'restricted', version: 'latest' });
    expect(policyForNamespace({}, defaults).enforce).toEqual({ level: 'baseline', version: 'v1.20' });
  });
});

describe('podTemplateOf', () => {
  const template = { metadata: { annotations: { a: 'b' } }, spec: { containers: [{ name: 'c' }] } };

  it.each([
    ['v1', 'Pod', template],
    ['v1', 'ReplicationController', { spec: { template } }],
    ['v1', 'PodTemplate', { template }],
    ['apps/v1', 'Deployment', { spec: { template } }],
    ['extensions/v1beta1', 'Deployment', { spec: { template } }],
    ['apps/v1', 'ReplicaSet', { spec: { template } }],
    ['apps/v1', 'StatefulSet', { spec: { template } }],
    ['apps/v1', 'DaemonSet', { spec: { template } }],
    ['batch/v1', 'Job', { spec: { template } }],
    ['batch/v1', 'CronJob', { spec: { jobTemplate: { spec: { template } } } }],
    [undefined, 'Deployment', { spec: { template } }],
  ])('finds the pod of %s %s', (apiVersion, kind, body) => {
    expect(podTemplateOf({ apiVersion, kind, ...body })).toEqual(template);
  });

  it.each([
    [{ apiVersion: 'v1', kind: 'Service', spec: {} }],
    [{ apiVersion: 'example.com/v1', kind: 'Deployment', spec: { template } }],
    [{ apiVersion: 'v1', kind: 'ReplicationController', spec: {} }],
    [{ apiVersion: 'batch/v1', kind: 'CronJob', spec: { template } }],
    [{ kind: 'toString' }],
    [null],
    ['Pod'],
    [[{ kind: 'Pod' }]],
  ])('returns undefined for %j', (obj) => {
    expect(podTemplateOf(obj)).toBeUndefined();
  });
});

describe('robustness', () => {
  const odd: unknown[] = [
    undefined, null, 0, 'x', true, [], [1], {},
    { containers: 'x', initContainers: {}, volumes: 5, securityContext: [] },
    { containers: [null, 1, 'c', { name: 5, securityContext: 'x', ports: 'p', livenessProbe: [] }] },
    { containers: [{ securityContext: { capabilities: { add: 'NET_RAW', drop: [null, 1] }, seLinuxOptions: 'x', seccompProfile: null, procMount: 1 } }] },
    { securityContext: { sysctls: [null, 'x', { name: 5 }], seccompProfile: { type: 5 }, windowsOptions: 'x', runAsUser: '0' } },
    { volumes: [1, null, { name: 1 }, { name: 'v', hostPath: 'x' }], os: 'windows', hostUsers: 'false' },
    JSON.parse('{"__proto__": {"hostPID": true}, "constructor": 1}'),
  ];

  it('never throws on odd specs or metadata', () => {
    for (const spec of odd) {
      for (const metadata of odd) {
        for (const level of ['baseline', 'restricted'] as const) {
          expect(() => evaluatePod(metadata, spec, level, 'latest')).not.toThrow();
        }
      }
    }
    expect(() => policyForNamespace({ toString: 1, 'pod-security.kubernetes.io/enforce': {} })).not.toThrow();
  });

  it('reads wrongly typed fields as unset', () => {
    const spec = { hostPID: 'true', containers: [{ name: 'c', securityContext: { privileged: 'true' } }] };
    expect(evaluatePod({}, spec, 'baseline', 'latest').allowed).toBe(true);
    expect(evaluatePod({}, JSON.parse('{"__proto__": {"hostPID": true}}'), 'baseline', 'latest').allowed).toBe(true);
  });

  it('flags a volume source of the wrong type rather than defaulting it to emptyDir', () => {
    const result = evaluatePod({}, { volumes: [{ name: 'v', hostPath: 'x' }] }, 'baseline', 'latest');
    expect(result.violations.map((v) => v.check)).toEqual(['hostPathVolumes']);
  });

  it('evaluates an invalid level as restricted and an invalid version as latest', () => {
    const spec = { containers: [{ name: 'c' }] };
    const restricted = evaluatePod({}, spec, 'restricted', 'latest');
    expect(evaluatePod({}, spec, 'Restricted' as Level, 'latest')).toEqual(restricted);
    expect(evaluatePod({}, spec, 'restricted', 'v1.05' as Version)).toEqual(restricted);
  });
});

describe('resolveFixtureDir', () => {
  const repoRoot = path.join(mkdtempSync(path.join(tmpdir(), 'pss-')), 'repo');

  it('fails when PSA_TESTDATA names a missing folder', () => {
    expect(() => resolveFixtureDir(repoRoot, { PSA_TESTDATA: '/nonexistent/psa' })).toThrow(
      'PSA_TESTDATA=/nonexistent/psa: folder /nonexistent/psa does not exist',
    );
  });

  it('fails when the default folder is missing, saying to set PSA_TESTDATA', () => {
    expect(() => resolveFixtureDir(repoRoot, {})).toThrow(/not found at .*shared\/conformance\/psa-testdata; set PSA_TESTDATA/);
  });

  it('uses PSA_TESTDATA when it exists', () => {
    expect(resolveFixtureDir(repoRoot, { PSA_TESTDATA: tmpdir() })).toBe(path.resolve(tmpdir()));
  });
});
