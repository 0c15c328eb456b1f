// A deterministic synthetic cluster dump, for the benchmarks and scale tests.
// Usage: npm run gen -- --pods 30000 --namespaces 2000 [--psps 300] [--rbac 5000] [--format json|yaml|docs] [--seed 1] --out FILE
// The same arguments always give the same bytes.
import { createWriteStream } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { stringify } from 'yaml';

/** Goes up whenever the same options give different bytes, so that dumps kept by the bench are made again. */
export const GENERATOR_VERSION = 2;

export interface GenOptions {
  pods: number;
  namespaces: number;
  psps: number;
  rbac: number;
  seed: number;
  format: 'json' | 'yaml' | 'docs';
}

/** mulberry32: a small, fast, seeded PRNG. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PSP_SHAPES: ((name: string) => Record<string, unknown>)[] = [
  (name) => ({ metadata: { name, annotations: { 'seccomp.security.alpha.kubernetes.io/allowedProfileNames': '*' } }, spec: { privileged: true, allowPrivilegeEscalation: true, allowedCapabilities: ['*'], volumes: ['*'], hostNetwork: true, hostPorts: [{ min: 0, max: 65535 }], hostIPC: true, hostPID: true, runAsUser: { rule: 'RunAsAny' }, seLinux: { rule: 'RunAsAny' }, supplementalGroups: { rule: 'RunAsAny' }, fsGroup: { rule: 'RunAsAny' } } }),
  (name) => ({ metadata: { name, annotations: { 'apparmor.security.beta.kubernetes.io/allowedProfileNames': 'runtime/default', 'apparmor.security.beta.kubernetes.io/defaultProfileName': 'runtime/default', 'seccomp.security.alpha.kubernetes.io/allowedProfileNames': 'runtime/default,' } }, spec: { allowedCapabilities: ['CHOWN', 'NET_BIND_SERVICE'], volumes: ['configMap', 'secret', 'emptyDir', 'projected', 'downwardAPI', 'persistentVolumeClaim', 'nfs'], runAsUser: { rule: 'RunAsAny' }, seLinux: { rule: 'MustRunAs', seLinuxOptions: { type: 'container_t' } }, supplementalGroups: { rule: 'RunAsAny' }, fsGroup: { rule: 'RunAsAny' } } }),
  (name) => ({ metadata: { name, annotations: { 'seccomp.security.alpha.kubernetes.io/allowedProfileNames': 'runtime/default', 'seccomp.security.alpha.kubernetes.io/defaultProfileName': 'runtime/default', 'apparmor.security.beta.kubernetes.io/allowedProfileNames': 'runtime/default' } }, spec: { allowPrivilegeEscalation: false, requiredDropCapabilities: ['ALL'], volumes: ['configMap', 'emptyDir', 'projected', 'secret', 'downwardAPI', 'persistentVolumeClaim'], runAsUser: { rule: 'MustRunAsNonRoot' }, seLinux: { rule: 'RunAsAny' }, supplementalGroups: { rule: 'MustRunAs', ranges: [{ min: 1, max: 65535 }] }, fsGroup: { rule: 'MustRunAs', ranges: [{ min: 1, max: 65535 }] }, readOnlyRootFilesystem: true } }),
  (name) => ({ metadata: { name }, spec: { volumes: ['*'], allowedHostPaths: [{ pathPrefix: '/var/log', readOnly: true }], hostPorts: [{ min: 8000, max: 8100 }], runAsUser: { rule: 'MustRunAs', ranges: [{ min: 1000, max: 2000 }] }, runAsGroup: { rule: 'MayRunAs', ranges: [{ min: 1000, max: 2000 }] }, seLinux: { rule: 'RunAsAny' }, supplementalGroups: { rule: 'RunAsAny' }, fsGroup: { rule: 'RunAsAny' }, forbiddenSysctls: ['kernel.*'], runtimeClass: { allowedRuntimeClassNames: ['gvisor', 'runc'], defaultRuntimeClassName: 'runc' } } }),
];

const WORKLOADS = [
  ['apps/v1', 'Deployment', ['spec', 'template']],
  ['apps/v1', 'StatefulSet', ['spec', 'template']],
  ['apps/v1', 'DaemonSet', ['spec', 'template']],
  ['apps/v1', 'ReplicaSet', ['spec', 'template']],
  ['batch/v1', 'Job', ['spec', 'template']],
  ['batch/v1', 'CronJob', ['spec', 'jobTemplate', 'spec', 'template']],
  ['v1', 'ReplicationController', ['spec', 'template']],
] as const;

/** Every object of the dump, one at a time. */
export function* objects(o: GenOptions): Generator<Record<string, unknown>> {
  const rnd = prng(o.seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const ns = (i: number) => `team-${String(i).padStart(5, '0')}`;
  const pspName = (i: number) => `psp-${i}`;
  for (let i = 0; i < o.psps; i++) yield { apiVersion: i % 7 === 0 ? 'extensions/v1beta1' : 'policy/v1beta1', kind: 'PodSecurityPolicy', ...PSP_SHAPES[i % PSP_SHAPES.length]!(pspName(i)) };
  // RBAC: a ClusterRole per PSP, then bindings of every form. What each namespace's service accounts were
  // granted is kept, so that pods can carry the kubernetes.io/psp annotation PSP admission would have left.
  const granted = new Map<string, { app: Set<string>; all: Set<string> }>();
  const grantsOf = (n: string) => granted.get(n) ?? granted.set(n, { app: new Set(), all: new Set() }).get(n)!;
  const everyone: string[] = [];
  let rbac = 0;
  for (let i = 0; i < o.psps && rbac < o.rbac; i++, rbac++) {
    yield { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: `psp:${pspName(i)}` }, rules: [{ apiGroups: [i % 2 ? 'policy' : 'extensions'], resources: ['podsecuritypolicies'], verbs: ['use'], resourceNames: [pspName(i)] }] };
  }
  if (rbac < o.rbac) {
    rbac++;
    if (2 % o.psps < Math.min(o.psps, o.rbac)) everyone.push(pspName(2 % o.psps));
    yield { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'psp:everyone' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: `psp:${pspName(2 % o.psps)}` }, subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'system:serviceaccounts' }] };
  }
  for (let k = 0; rbac < o.rbac; k++, rbac++) {
    const n = ns(k % o.namespaces);
    const psp = pspName(Math.floor(rnd() * o.psps));
    const subjects = pick([
      [{ kind: 'ServiceAccount', name: 'app', namespace: n }],
      [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: `system:serviceaccounts:${n}` }],
      [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: `dev-${k}` }],
    ]);
    // (The ClusterRole psp:X exists when X was among the first ones; Roles here are never bound.)
    if (k % 3 !== 0 && Number(psp.slice(4)) < Math.min(o.psps, o.rbac)) {
      const subject = subjects[0]!;
      if (subject.kind === 'ServiceAccount') grantsOf(n).app.add(psp);
      else if (subject.kind === 'Group') grantsOf(n).all.add(psp);
    }
    yield k % 3 === 0
      ? { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: `psp-role-${k}`, namespace: n }, rules: [{ apiGroups: ['policy'], resources: ['podsecuritypolicies'], verbs: ['use'], resourceNames: [psp] }] }
      : { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: `psp-binding-${k}`, namespace: n }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: `psp:${psp}` }, subjects };
  }
  for (let i = 0; i < o.namespaces; i++) {
    yield { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns(i), labels: { 'kubernetes.io/metadata.name': ns(i), team: `t${i % 50}` } } };
    yield { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'app', namespace: ns(i) } };
  }
  const podSpec = (root: boolean, serviceAccountName = pick(['app', 'default'])) => ({
    serviceAccountName,
    ...(root ? {} : { securityContext: { runAsUser: 1000, runAsNonRoot: true, fsGroup: 2000, seccompProfile: { type: 'RuntimeDefault' } } }),
    containers: Array.from({ length: 1 + Math.floor(rnd() * 3) }, (_, c) => ({
      name: `c${c}`,
      image: `registry.example/app-${c}:${Math.floor(rnd() * 100)}`,
      env: Array.from({ length: 4 }, (_, e) => ({ name: `ENV_${e}`, value: `value-${Math.floor(rnd() * 1e6)}` })),
      ports: [{ containerPort: 8080 + c, protocol: 'TCP' }],
      resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '1', memory: '512Mi' } },
      livenessProbe: { httpGet: { path: '/healthz', port: 8080 + c }, periodSeconds: 10 },
      readinessProbe: { tcpSocket: { port: 8080 + c } },
      securityContext: root ? { capabilities: { add: ['NET_ADMIN'] } } : { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
      volumeMounts: [{ name: 'config', mountPath: '/etc/app' }],
    })),
    volumes: [{ name: 'config', configMap: { name: 'app-config' } }],
  });
  const workloads = Math.max(1, Math.floor(o.pods / 10));
  for (let i = 0; i < workloads; i++) {
    const [apiVersion, kind, path] = WORKLOADS[i % WORKLOADS.length]!;
    const template = { metadata: { labels: { app: `w${i}` } }, spec: podSpec(rnd() < 0.1) };
    let spec: Record<string, unknown> = template;
    for (let p = path.length - 1; p >= 0; p--) spec = { [path[p]!]: spec };
    yield { apiVersion, kind, metadata: { name: `w${i}`, namespace: ns(i % o.namespaces), uid: `uid-w${i}` }, ...spec };
  }
  for (let i = 0; i < o.pods; i++) {
    const w = i % workloads;
    const namespace = ns(w % o.namespaces);
    const serviceAccount = pick(['app', 'default']);
    // PSP admission annotates a pod with the policy that admitted it, one its creator or service account
    // could use. Most pods here were admitted through their service account's grant; 1 in 50 gets a PSP
    // at random, mostly one the input does not grant (a user's grant, or RBAC that changed since), which
    // the report lists (about 1.6% of the pods).
    const grants = granted.get(namespace);
    const usable = [...everyone, ...(grants?.all ?? []), ...(serviceAccount === 'app' ? (grants?.app ?? []) : [])].sort();
    const psp = usable.length === 0 || rnd() < 0.02 ? pspName(Math.floor(rnd() * o.psps)) : pick(usable);
    yield {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `w${w}-${i}`, namespace, labels: { app: `w${w}` }, annotations: { 'kubernetes.io/psp': psp }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `w${w}`, uid: `uid-w${w}`, controller: true }] },
      spec: { ...podSpec(rnd() < 0.1, serviceAccount), nodeName: `node-${i % 500}` },
      status: { phase: 'Running', podIP: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, conditions: [{ type: 'Ready', status: 'True' }] },
    };
  }
}

/** Writes the dump to a file, streaming: a kubectl-style List (YAML or 4-space JSON) or separate YAML documents. */
export async function writeDump(o: GenOptions, file: string): Promise<void> {
  const out = createWriteStream(file);
  const write = (s: string) => (out.write(s) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r())));
  let first = true;
  if (o.format === 'json') await write('{\n    "apiVersion": "v1",\n    "items": [\n');
  if (o.format === 'yaml') await write('apiVersion: v1\nitems:\n');
  for (const obj of objects(o)) {
    if (o.format === 'json') {
      await write(`${first ? '' : ',\n'}${JSON.stringify(obj, null, 4).replace(/^/gm, '        ')}`);
    } else if (o.format === 'yaml') {
      await write(stringify(obj, { lineWidth: 0 }).replace(/^(?=.)/gm, '  ').replace(/^ {2}/, '- '));
    } else {
      await write(`${first ? '' : '---\n'}${stringify(obj, { lineWidth: 0 })}`);
    }
    first = false;
  }
  if (o.format === 'json') await write('\n    ],\n    "kind": "List",\n    "metadata": {\n        "resourceVersion": ""\n    }\n}\n');
  if (o.format === 'yaml') await write('kind: List\nmetadata:\n  resourceVersion: ""\n');
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
}

function parseArgs(argv: string[]): GenOptions & { out: string } {
  const get = (name: string, def?: string) => {
    const i = argv.indexOf(`--${name}`);
    const v = i >= 0 ? argv[i + 1] : def;
    if (v === undefined) throw new Error(`--${name} is required`);
    return v;
  };
  const pods = Number(get('pods', '1000'));
  return { pods, namespaces: Number(get('namespaces', String(Math.max(1, Math.floor(pods / 15))))), psps: Number(get('psps', '20')), rbac: Number(get('rbac', String(Math.max(40, Math.floor(pods / 6))))), seed: Number(get('seed', '1')), format: get('format', 'yaml') as GenOptions['format'], out: get('out') };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { out, ...o } = parseArgs(process.argv.slice(2));
  await writeDump(o, out);
}
