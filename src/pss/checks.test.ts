// Unit tests per check, beyond the fixtures. Expected strings come from pss-checks.md §2 (the message templates and
// the upstream unit-test examples quoted there).
import { describe, expect, it } from 'vitest';
import { evaluatePod, type CheckId, type Level, type Version } from './index.js';

type Obj = Record<string, unknown>;

function container(name: string, securityContext?: Obj, extra: Obj = {}): Obj {
  return { name, image: 'registry.k8s.io/pause', ...(securityContext ? { securityContext } : {}), ...extra };
}

function evaluate(level: Level, version: Version, spec: Obj, annotations?: Obj) {
  return evaluatePod(annotations ? { annotations } : {}, spec, level, version);
}

/** The violation of one check, or undefined when it passed. */
function violation(level: Level, version: Version, check: CheckId, spec: Obj, annotations?: Obj) {
  const found = evaluate(level, version, spec, annotations).violations.find((v) => v.check === check);
  return found && { reason: found.reason, detail: found.detail };
}

function checks(level: Level, version: Version, spec: Obj, annotations?: Obj): string[] {
  return evaluate(level, version, spec, annotations).violations.map((v) => v.check);
}

/** A container that passes every restricted check when the pod sets runAsNonRoot and a seccomp profile. */
const restrictedSC = { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } };
const restrictedPodSC = { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } };

describe('allowPrivilegeEscalation', () => {
  it('requires an explicit false on every container kind, in visiting order', () => {
    const spec = {
      containers: [container('a', { allowPrivilegeEscalation: true }), container('b', { allowPrivilegeEscalation: false })],
      initContainers: [container('i')],
      ephemeralContainers: [container('e', {})],
    };
    expect(violation('restricted', 'v1.8', 'allowPrivilegeEscalation', spec)).toEqual({
      reason: 'allowPrivilegeEscalation != false',
      detail: 'containers "i", "a", "e" must set securityContext.allowPrivilegeEscalation=false',
    });
  });

  it('starts at v1.8', () => {
    const spec = { securityContext: { runAsNonRoot: true }, containers: [container('a')] };
    expect(checks('restricted', 'v1.7', spec)).toEqual([]);
    expect(checks('restricted', 'v1.8', spec)).toEqual(['allowPrivilegeEscalation']);
  });
});

describe('appArmorProfile', () => {
  it('reports the pod field', () => {
    expect(
      violation('baseline', 'v1.0', 'appArmorProfile', { securityContext: { appArmorProfile: { type: 'Unconfined' } } }),
    ).toEqual({ reason: 'forbidden AppArmor profile', detail: 'pod must not set AppArmor profile type to "Unconfined"' });
  });

  it('reports a container field', () => {
    const spec = {
      securityContext: { appArmorProfile: { type: 'RuntimeDefault' } },
      containers: [container('foo', { appArmorProfile: { type: 'Unconfined' } })],
    };
    expect(violation('baseline', 'v1.0', 'appArmorProfile', spec)?.detail).toBe(
      'container "foo" must not set AppArmor profile type to "Unconfined"',
    );
  });

  it('reports every prefixed annotation, sorted and Go-quoted, whatever the container names', () => {
    const annotations = {
      'container.apparmor.security.beta.kubernetes.io/f': 'unknown',
      'container.apparmor.security.beta.kubernetes.io/': 'bogus',
      'container.apparmor.security.beta.kubernetes.io/e': 'unconfined',
      'container.apparmor.security.beta.kubernetes.io/ok1': 'runtime/default',
      'container.apparmor.security.beta.kubernetes.io/ok2': 'localhost/',
      'container.apparmor.security.beta.kubernetes.io/ok3': '',
    };
    expect(violation('baseline', 'v1.0', 'appArmorProfile', { containers: [container('x')] }, annotations)).toEqual({
      reason: 'forbidden AppArmor profiles',
      detail:
        'annotations must not set AppArmor profile type to "container.apparmor.security.beta.kubernetes.io/="bogus"", ' +
        '"container.apparmor.security.beta.kubernetes.io/e="unconfined"", ' +
        '"container.apparmor.security.beta.kubernetes.io/f="unknown""',
    });
  });

  it('combines pod, containers and annotation, types first', () => {
    const spec = {
      securityContext: { appArmorProfile: { type: 'Unconfined' } },
      containers: [container('a', { appArmorProfile: { type: '' } }), container('b', { appArmorProfile: { type: 'Unconfined' } })],
    };
    const annotations = { 'container.apparmor.security.beta.kubernetes.io/a': 'unconfined' };
    expect(violation('baseline', 'latest', 'appArmorProfile', spec, annotations)?.detail).toBe(
      'pod and containers "a", "b" and annotation must not set AppArmor profile type to ' +
        '"", "Unconfined", "container.apparmor.security.beta.kubernetes.io/a="unconfined""',
    );
  });
});

describe('capabilities_baseline', () => {
  it('lists the containers and the sorted unique forbidden capabilities', () => {
    const spec = {
      containers: [
        container('a', { capabilities: { add: ['FOO', 'CHOWN', 'BAR'] } }),
        container('b', { capabilities: { add: ['BAZ', 'FOO'] } }),
        container('c', { capabilities: { add: ['KILL', 'NET_BIND_SERVICE'] } }),
      ],
    };
    expect(violation('baseline', 'v1.0', 'capabilities_baseline', spec)).toEqual({
      reason: 'non-default capabilities',
      detail: 'containers "a", "b" must not include "BAR", "BAZ", "FOO" in securityContext.capabilities.add',
    });
  });

  it('is case-sensitive and takes no CAP_ prefix', () => {
    const spec = { containers: [container('a', { capabilities: { add: ['chown', 'CAP_CHOWN'] } })] };
    expect(violation('baseline', 'v1.0', 'capabilities_baseline', spec)?.detail).toBe(
      'container "a" must not include "CAP_CHOWN", "chown" in securityContext.capabilities.add',
    );
  });
});

describe('capabilities_restricted', () => {
  it('reports missing drop ALL and forbidden adds together', () => {
    const spec = {
      securityContext: restrictedPodSC,
      containers: [
        container('a', { allowPrivilegeEscalation: false, capabilities: { add: ['FOO', 'BAR'] } }),
        container('b', { allowPrivilegeEscalation: false, capabilities: { drop: ['NET_RAW'], add: ['BAZ'] } }),
        container('c', { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'], add: ['CHOWN', 'NET_BIND_SERVICE'] } }),
      ],
    };
    expect(violation('restricted', 'v1.22', 'capabilities_restricted', spec)).toEqual({
      reason: 'unrestricted capabilities',
      detail:
        'containers "a", "b" must set securityContext.capabilities.drop=["ALL"]; ' +
        'containers "a", "b", "c" must not include "BAR", "BAZ", "CHOWN", "FOO" in securityContext.capabilities.add',
    });
  });

  it('needs the literal ALL; a container without securityContext only misses drop ALL', () => {
    const spec = {
      securityContext: restrictedPodSC,
      initContainers: [container('i')],
      containers: [container('a', { allowPrivilegeEscalation: false, capabilities: { drop: ['all'] } })],
    };
    expect(violation('restricted', 'v1.22', 'capabilities_restricted', spec)?.detail).toBe(
      'containers "i", "a" must set securityContext.capabilities.drop=["ALL"]',
    );
  });

  it('replaces capabilities_baseline only from v1.22', () => {
    const spec = {
      securityContext: restrictedPodSC,
      containers: [container('a', { allowPrivilegeEscalation: false, capabilities: { add: ['NET_RAW'] } })],
    };
    expect(checks('restricted', 'v1.21', spec)).toEqual(['capabilities_baseline']);
    expect(checks('restricted', 'v1.22', spec)).toEqual(['capabilities_restricted']);
    // Dropping ALL is not required before v1.22.
    expect(checks('restricted', 'v1.21', { securityContext: restrictedPodSC, containers: [container('a', { allowPrivilegeEscalation: false })] })).toEqual([]);
  });
});

describe('hostNamespaces', () => {
  it('lists the namespaces in fixed order', () => {
    expect(violation('baseline', 'v1.0', 'hostNamespaces', { hostIPC: true, hostPID: true, hostNetwork: true })).toEqual({
      reason: 'host namespaces',
      detail: 'hostNetwork=true, hostPID=true, hostIPC=true',
    });
    expect(violation('baseline', 'v1.0', 'hostNamespaces', { hostIPC: true })?.detail).toBe('hostIPC=true');
  });
});

describe('hostPathVolumes and restrictedVolumes', () => {
  const volumes = [
    { name: 'a', hostPath: { path: '/' } },
    { name: 'b', emptyDir: {} },
    { name: 'c', hostPath: { path: '/etc' } },
    { name: 'd', nfs: { server: 'x', path: '/' } },
    { name: 'e', image: { reference: 'x' } },
    { name: 'f' },
  ];

  it('baseline names hostPath volumes', () => {
    expect(violation('baseline', 'v1.0', 'hostPathVolumes', { volumes })).toEqual({
      reason: 'hostPath volumes',
      detail: 'volumes "a", "c"',
    });
  });

  it('restricted names every restricted volume and its sorted types; hostPathVolumes does not run', () => {
    const spec = { securityContext: { runAsNonRoot: true }, volumes };
    expect(checks('restricted', 'v1.0', spec)).toEqual(['restrictedVolumes']);
    expect(violation('restricted', 'v1.0', 'restrictedVolumes', spec)).toEqual({
      reason: 'restricted volume types',
      detail: 'volumes "a", "c", "d" use restricted volume types "hostPath", "nfs"',
    });
  });

  it('uses the singular forms', () => {
    const spec = { volumes: [{ name: 'volume1', hostPath: { path: '/' } }] };
    expect(violation('restricted', 'latest', 'restrictedVolumes', spec)?.detail).toBe(
      'volume "volume1" uses restricted volume type "hostPath"',
    );
  });

  it('names the first restricted source of a volume with several, and allows a volume with an allowed one', () => {
    const spec = {
      volumes: [
        { name: 'x', nfs: {}, gitRepo: {} },
        { name: 'y', secret: {}, hostPath: {} },
      ],
    };
    expect(violation('restricted', 'latest', 'restrictedVolumes', spec)?.detail).toBe(
      'volume "x" uses restricted volume type "gitRepo"',
    );
  });

  it('defaults a volume without source to emptyDir (null sources do not count)', () => {
    const spec = { securityContext: restrictedPodSC, volumes: [{ name: 'v' }, { name: 'w', hostPath: null }] };
    expect(checks('restricted', 'latest', spec)).toEqual([]);
  });
});

describe('hostPorts', () => {
  it('lists containers and the distinct ports sorted as strings, unquoted', () => {
    const spec = {
      initContainers: [container('a', undefined, { ports: [{ containerPort: 80 }] })],
      containers: [
        container('b', undefined, { ports: [{ containerPort: 1, hostPort: 20 }, { containerPort: 2, hostPort: 100 }] }),
        container('c', undefined, { ports: [{ containerPort: 3, hostPort: 20 }, { containerPort: 4, hostPort: 30 }] }),
      ],
    };
    expect(violation('baseline', 'v1.0', 'hostPorts', spec)).toEqual({
      reason: 'hostPort',
      detail: 'containers "b", "c" use hostPorts 100, 20, 30',
    });
  });

  it('uses the singular forms', () => {
    const spec = { containers: [container('b', undefined, { ports: [{ containerPort: 20, hostPort: 20 }] })] };
    expect(violation('baseline', 'v1.0', 'hostPorts', spec)?.detail).toBe('container "b" uses hostPort 20');
  });

  it('applies the Pod hostNetwork port defaulting only when asked', () => {
    const spec = { hostNetwork: true, containers: [container('c', undefined, { ports: [{ containerPort: 8080 }] })] };
    expect(evaluatePod({}, spec, 'baseline', 'latest').violations.map((v) => v.check)).toEqual(['hostNamespaces']);
    const defaulted = evaluatePod({}, spec, 'baseline', 'latest', { defaultHostNetworkPorts: true });
    expect(defaulted.violations.map((v) => `${v.reason} (${v.detail})`)).toEqual([
      'host namespaces (hostNetwork=true)',
      'hostPort (container "c" uses hostPort 8080)',
    ]);
  });
});

describe('hostProbesAndHostLifecycle', () => {
  const spec = {
    containers: [
      container('invalid2', undefined, { readinessProbe: { tcpSocket: { host: 'b.com', port: 1 } } }),
      container('a', undefined, {
        livenessProbe: { httpGet: { host: 'localhost', port: 1 } },
        startupProbe: { tcpSocket: { host: '::1', port: 1 } },
        lifecycle: { preStop: { httpGet: { host: '127.0.0.1', port: 1 } }, postStart: { exec: { command: ['x'] } } },
      }),
      container('ok', undefined, { livenessProbe: { httpGet: { host: '', port: 1 }, grpc: { port: 1 } } }),
    ],
    initContainers: [container('invalid1', undefined, { lifecycle: { postStart: { tcpSocket: { host: 'a.com', port: 1 } } } })],
  };

  it('starts at v1.34', () => {
    expect(checks('baseline', 'v1.33', spec)).toEqual([]);
    expect(checks('baseline', 'v1.34', spec)).toEqual(['hostProbesAndHostLifecycle']);
  });

  it('sorts container names and hosts', () => {
    expect(violation('baseline', 'v1.34', 'hostProbesAndHostLifecycle', spec)).toEqual({
      reason: 'probe or lifecycle host',
      detail: 'containers "a", "invalid1", "invalid2" use probe or lifecycle hosts "127.0.0.1", "::1", "a.com", "b.com", "localhost"',
    });
  });

  it('uses the singular forms', () => {
    const one = { containers: [container('a', undefined, { livenessProbe: { httpGet: { host: 'bad.host', port: 8080 } } })] };
    expect(violation('baseline', 'latest', 'hostProbesAndHostLifecycle', one)?.detail).toBe(
      'container "a" uses probe or lifecycle host "bad.host"',
    );
  });
});

describe('privileged', () => {
  it('lists every privileged container', () => {
    const spec = {
      initContainers: [container('i', { privileged: true })],
      containers: [container('a', { privileged: false }), container('b', { privileged: true })],
      ephemeralContainers: [container('e', { privileged: true })],
    };
    expect(violation('baseline', 'v1.0', 'privileged', spec)).toEqual({
      reason: 'privileged',
      detail: 'containers "i", "b", "e" must not set securityContext.privileged=true',
    });
  });
});

describe('procMount', () => {
  const spec = (hostUsers?: boolean) => ({
    ...(hostUsers === undefined ? {} : { hostUsers }),
    securityContext: restrictedPodSC,
    containers: [
      container('c', { ...restrictedSC, procMount: 'Default' }),
      container('d', { ...restrictedSC, procMount: 'Unmasked' }),
      container('e', { ...restrictedSC, procMount: 'other' }),
    ],
  });

  it('reports non-Default values', () => {
    expect(violation('baseline', 'v1.0', 'procMount', spec())).toEqual({
      reason: 'procMount',
      detail: 'containers "d", "e" must not set securityContext.procMount to "Unmasked", "other"',
    });
  });

  it('baseline relaxes hostUsers:false pods from v1.35 only', () => {
    expect(checks('baseline', 'v1.34', spec(false))).toEqual(['procMount']);
    expect(checks('baseline', 'v1.35', spec(false))).toEqual([]);
    expect(checks('baseline', 'v1.35', spec(true))).toEqual(['procMount']);
    expect(checks('baseline', 'v1.35', spec())).toEqual(['procMount']);
  });

  it('restricted runs the strict procMount_restricted from v1.35', () => {
    expect(checks('restricted', 'v1.34', spec(false))).toEqual(['procMount']);
    expect(checks('restricted', 'v1.35', spec(false))).toEqual(['procMount_restricted']);
    expect(violation('restricted', 'v1.35', 'procMount_restricted', spec(false))?.reason).toBe('procMount');
  });
});

describe('runAsNonRoot', () => {
  it('reports explicit false on pod and containers before implicit ones', () => {
    const spec = {
      securityContext: { runAsNonRoot: false },
      initContainers: [container('i', { runAsNonRoot: false })],
      containers: [container('a'), container('b', { runAsNonRoot: false })],
    };
    expect(violation('restricted', 'v1.0', 'runAsNonRoot', spec)).toEqual({
      reason: 'runAsNonRoot != true',
      detail: 'pod and containers "i", "b" must not set securityContext.runAsNonRoot=false',
    });
  });

  it('asks the pod or the unset containers to set it', () => {
    const spec = { containers: [container('a'), container('b', { runAsNonRoot: true }), container('c', { runAsUser: 1000 })] };
    expect(violation('restricted', 'v1.0', 'runAsNonRoot', spec)?.detail).toBe(
      'pod or containers "a", "c" must set securityContext.runAsNonRoot=true',
    );
  });

  it('is satisfied at pod level or on every container', () => {
    expect(violation('restricted', 'v1.0', 'runAsNonRoot', { securityContext: { runAsNonRoot: true }, containers: [container('a')] })).toBeUndefined();
    expect(violation('restricted', 'v1.0', 'runAsNonRoot', { containers: [container('a', { runAsNonRoot: true })] })).toBeUndefined();
  });

  it('is relaxed for hostUsers:false from v1.35, but not for Windows', () => {
    const spec = { hostUsers: false, containers: [container('a')] };
    expect(violation('restricted', 'v1.34', 'runAsNonRoot', spec)).toBeDefined();
    expect(violation('restricted', 'v1.35', 'runAsNonRoot', spec)).toBeUndefined();
    expect(violation('restricted', 'latest', 'runAsNonRoot', { os: { name: 'windows' }, containers: [container('a')] })).toBeDefined();
  });
});

describe('runAsUser', () => {
  const spec = (hostUsers?: boolean) => ({
    ...(hostUsers === undefined ? {} : { hostUsers }),
    securityContext: { ...restrictedPodSC, runAsUser: 0 },
    containers: [container('a', { ...restrictedSC, runAsUser: 0 }), container('b', { ...restrictedSC, runAsUser: 1000 })],
    initContainers: [container('c', { ...restrictedSC, runAsUser: 0 })],
  });

  it('starts at v1.23', () => {
    expect(checks('restricted', 'v1.22', spec())).toEqual([]);
    expect(violation('restricted', 'v1.23', 'runAsUser', spec())).toEqual({
      reason: 'runAsUser=0',
      detail: 'pod and containers "c", "a" must not set runAsUser=0',
    });
  });

  it('is relaxed for hostUsers:false from v1.35', () => {
    expect(checks('restricted', 'v1.34', spec(false))).toEqual(['runAsUser']);
    expect(checks('restricted', 'v1.35', spec(false))).toEqual([]);
    expect(checks('restricted', 'v1.35', spec(true))).toEqual(['runAsUser']);
  });
});

describe('seLinuxOptions', () => {
  it('combines pod and containers, types, user and role', () => {
    const spec = {
      securityContext: { seLinuxOptions: { user: 'u' } },
      containers: [
        container('d', { seLinuxOptions: { type: 'container_t', level: 's0:c1,c2' } }),
        container('e', { seLinuxOptions: { type: 'foo' } }),
        container('f', { seLinuxOptions: { type: 'bar', role: 'r' } }),
        container('g', { seLinuxOptions: { type: 'foo' } }),
      ],
    };
    expect(violation('baseline', 'v1.0', 'seLinuxOptions', spec)).toEqual({
      reason: 'seLinuxOptions',
      detail: 'pod and containers "e", "f", "g" set forbidden securityContext.seLinuxOptions: types "bar", "foo"; user may not be set; role may not be set',
    });
  });

  it('pod alone, user only', () => {
    expect(violation('baseline', 'v1.0', 'seLinuxOptions', { securityContext: { seLinuxOptions: { user: 'x' } } })?.detail).toBe(
      'pod set forbidden securityContext.seLinuxOptions: user may not be set',
    );
  });

  it('allows container_engine_t from v1.31', () => {
    const spec = { containers: [container('a', { seLinuxOptions: { type: 'container_engine_t' } })] };
    expect(violation('baseline', 'v1.30', 'seLinuxOptions', spec)?.detail).toBe(
      'container "a" set forbidden securityContext.seLinuxOptions: type "container_engine_t"',
    );
    expect(violation('baseline', 'v1.31', 'seLinuxOptions', spec)).toBeUndefined();
  });
});

describe('seccompProfile_baseline', () => {
  it('checks the annotations of existing containers before v1.19', () => {
    const annotations = {
      'seccomp.security.alpha.kubernetes.io/pod': 'unconfined',
      'container.seccomp.security.alpha.kubernetes.io/b': 'unknown',
      'container.seccomp.security.alpha.kubernetes.io/a': 'unconfined',
      'container.seccomp.security.alpha.kubernetes.io/c': 'docker/default',
      'container.seccomp.security.alpha.kubernetes.io/gone': 'unconfined',
    };
    const spec = {
      initContainers: [container('a')],
      containers: [container('b'), container('c', { seccompProfile: { type: 'Unconfined' } })],
    };
    expect(violation('baseline', 'v1.18', 'seccompProfile_baseline', spec, annotations)).toEqual({
      reason: 'seccompProfile',
      detail:
        'forbidden annotations container.seccomp.security.alpha.kubernetes.io/a="unconfined", ' +
        'container.seccomp.security.alpha.kubernetes.io/b="unknown", seccomp.security.alpha.kubernetes.io/pod="unconfined"',
    });
  });

  it('rejects an empty annotation value and uses the singular form', () => {
    expect(violation('baseline', 'v1.0', 'seccompProfile_baseline', {}, { 'seccomp.security.alpha.kubernetes.io/pod': '' })?.detail).toBe(
      'forbidden annotation seccomp.security.alpha.kubernetes.io/pod=""',
    );
  });

  it('checks only the fields from v1.19', () => {
    const annotations = { 'seccomp.security.alpha.kubernetes.io/pod': 'unconfined' };
    const spec = {
      securityContext: { seccompProfile: { type: 'Unconfined' } },
      containers: [container('a', { seccompProfile: { type: 'RuntimeDefault' } }), container('b', { seccompProfile: { type: 'Foo' } })],
    };
    expect(violation('baseline', 'v1.19', 'seccompProfile_baseline', spec, annotations)?.detail).toBe(
      'pod and container "b" must not set securityContext.seccompProfile.type to "Foo", "Unconfined"',
    );
    expect(violation('baseline', 'v1.19', 'seccompProfile_baseline', {}, annotations)).toBeUndefined();
  });
});

describe('seccompProfile_restricted', () => {
  const base = (seccomp: Obj) => ({
    securityContext: { runAsNonRoot: true, ...seccomp },
    initContainers: [container('i', restrictedSC)],
    containers: [container('a', restrictedSC), container('b', { ...restrictedSC, seccompProfile: { type: 'Localhost' } })],
  });

  it('is not required before v1.19; the baseline annotation check runs instead', () => {
    expect(checks('restricted', 'v1.18', base({}))).toEqual([]);
    const annotations = { 'seccomp.security.alpha.kubernetes.io/pod': 'unconfined' };
    expect(checks('restricted', 'v1.18', base({}), annotations)).toEqual(['seccompProfile_baseline']);
    expect(checks('restricted', 'v1.19', base({ seccompProfile: { type: 'RuntimeDefault' } }), annotations)).toEqual([]);
  });

  it('asks for a profile on the pod or on the containers without one', () => {
    expect(violation('restricted', 'v1.19', 'seccompProfile_restricted', base({}))).toEqual({
      reason: 'seccompProfile',
      detail: 'pod or containers "i", "a" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"',
    });
  });

  it('reports explicit bad values first', () => {
    expect(violation('restricted', 'v1.19', 'seccompProfile_restricted', base({ seccompProfile: { type: 'Unconfined' } }))?.detail).toBe(
      'pod must not set securityContext.seccompProfile.type to "Unconfined"',
    );
  });
});

describe('sysctls', () => {
  const spec = (...names: string[]) => ({ securityContext: { sysctls: names.map((name) => ({ name, value: '1' })) } });

  it('lists forbidden names in spec order, with duplicates', () => {
    expect(violation('baseline', 'v1.0', 'sysctls', spec('b', 'kernel.shm_rmid_forced', 'a', 'b'))).toEqual({
      reason: 'forbidden sysctls',
      detail: 'b, a, b',
    });
  });

  it.each([
    ['net.ipv4.ip_local_reserved_ports', 'v1.26', 'v1.27'],
    ['net.ipv4.tcp_keepalive_time', 'v1.28', 'v1.29'],
    ['net.ipv4.tcp_rmem', 'v1.31', 'v1.32'],
    ['net.ipv4.tcp_notsent_lowat', 'v1.36', 'v1.37'],
  ] as const)('%s is allowed from %s', (name, before, from) => {
    expect(checks('baseline', before, spec(name))).toEqual(['sysctls']);
    expect(checks('baseline', from, spec(name))).toEqual([]);
  });
});

describe('windowsHostProcess', () => {
  it('reports pod and containers whatever spec.os says', () => {
    const spec = {
      os: { name: 'linux' },
      securityContext: { windowsOptions: { hostProcess: true } },
      containers: [container('a', { windowsOptions: { hostProcess: true } }), container('b', { windowsOptions: { hostProcess: false } })],
    };
    expect(violation('baseline', 'v1.0', 'windowsHostProcess', spec)).toEqual({
      reason: 'hostProcess',
      detail: 'pod and container "a" must not set securityContext.windowsOptions.hostProcess=true',
    });
  });
});

describe('Windows pods in restricted', () => {
  const windowsPod = { os: { name: 'windows' }, securityContext: { runAsNonRoot: true }, containers: [container('a')] };

  it('are exempt from allowPrivilegeEscalation, capabilities and seccomp from v1.25', () => {
    expect(checks('restricted', 'v1.24', windowsPod)).toEqual([
      'allowPrivilegeEscalation',
      'capabilities_restricted',
      'seccompProfile_restricted',
    ]);
    expect(checks('restricted', 'v1.25', windowsPod)).toEqual([]);
  });

  it('still get every baseline check and runAsNonRoot', () => {
    const spec = { ...windowsPod, securityContext: {}, containers: [container('a', { privileged: true })] };
    expect(checks('restricted', 'v1.25', spec)).toEqual(['privileged', 'runAsNonRoot']);
  });

  it('match spec.os.name exactly', () => {
    expect(checks('restricted', 'v1.25', { ...windowsPod, os: { name: 'Windows' } })).toEqual([
      'allowPrivilegeEscalation',
      'capabilities_restricted',
      'seccompProfile_restricted',
    ]);
  });
});
