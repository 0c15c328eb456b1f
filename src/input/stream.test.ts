/**
 * The streaming reader must give exactly what the exact path gives (read the
 * whole file, parse it with positions, build the inventory): the same
 * objects, the same positions, the same errors — whatever the chunk size.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { writeDump } from '../../scripts/gen.js';
import { REPO_ROOT, tempDir } from '../../test/helpers.js';
import { InventoryBuilder, buildInventory } from '../model/objects.js';
import type { Inventory } from '../model/types.js';
import { InputError } from './errors.js';
import { readInputs } from './read.js';
import { SourceMap } from './source-map.js';
import { ParsePool } from './parallel.js';
import { streamInputs } from './stream.js';

/** The inventory as comparable text: a SourceMap becomes the positions it answers for. */
function canonical(inv: Inventory): string {
  return JSON.stringify(inv, (_key, value: unknown) => {
    if (value instanceof SourceMap) {
      const { table, prefix } = value as unknown as { table: Map<string, readonly [number, number]>; prefix: (string | number)[] };
      const head = prefix.join('\u0000');
      const entries = [...table]
        .filter(([k]) => head === '' || k === head || k.startsWith(`${head}\u0000`))
        .map(([k, pos]) => [head === '' ? k : k.slice(head.length + 1), pos] as const)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return { file: value.file, entries };
    }
    return value;
  });
}

type Outcome = { ok: true; inventory: string } | { ok: false; problems: string[] };

async function exact(filenames: string[], cwd: string): Promise<Outcome> {
  try {
    const { objects, sources } = await readInputs({ filenames, cwd, readStdin: async () => Buffer.alloc(0) });
    return { ok: true, inventory: canonical(buildInventory(objects, sources)) };
  } catch (err) {
    if (err instanceof InputError) return { ok: false, problems: err.problems.map((p) => `${p.pos ? `${p.pos.line}:${p.pos.col} ` : ''}${p.message}`) };
    throw err;
  }
}

/** One worker for all the tests here (each start loads tsx and the sources). */
let pool: ParsePool | undefined;
async function sharedPool(): Promise<ParsePool> {
  if (!pool?.usable) pool = new ParsePool();
  return pool;
}
afterAll(async () => {
  await pool?.close();
});

/** How the List items are parsed: here only, or on the worker thread as well, in batches of so many bytes with so many in flight. */
type Parallel = 'never' | { batchBytes: number; inFlight: number };

async function streamed(filenames: string[], cwd: string, chunkBytes?: number, parallel: Parallel = 'never'): Promise<Outcome> {
  try {
    const builder = new InventoryBuilder();
    const how = parallel === 'never' ? { parallel: 'never' as const } : { parallel: 'always' as const, parallelOptions: parallel, pool: await sharedPool() };
    const sources = await streamInputs({ filenames, cwd, readStdin: async () => Buffer.alloc(0), ...(chunkBytes ? { chunkBytes } : {}), ...how }, builder);
    if (builder.problems.length > 0) throw new InputError(builder.problems);
    builder.inventory.sources = sources;
    return { ok: true, inventory: canonical(builder.inventory) };
  } catch (err) {
    if (err instanceof InputError) return { ok: false, problems: err.problems.map((p) => `${p.pos ? `${p.pos.line}:${p.pos.col} ` : ''}${p.message}`) };
    throw err;
  }
}

function corpus(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'expected' ? [] : corpus(full);
    return /\.(ya?ml|json)$/.test(e.name) ? [full] : [];
  });
}

describe('streaming input', () => {
  it('reads every testdata file as the exact path does, at any chunk size', async () => {
    const files = corpus(path.join(REPO_ROOT, 'testdata'));
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) {
      const rel = path.relative(REPO_ROOT, file);
      const want = await exact([rel], REPO_ROOT);
      for (const chunk of [1, 7, 64, undefined]) {
        expect(await streamed([rel], REPO_ROOT, chunk), `${rel} with chunks of ${chunk ?? 'default'} bytes`).toEqual(want);
      }
      expect(await streamed([rel], REPO_ROOT, undefined, { batchBytes: 200, inFlight: 2 }), `${rel} on the worker`).toEqual(want);
    }
    // The worker really answered (a worker that fails to start leaves everything to the reader, silently).
    expect(ParsePool.answered).toBeGreaterThan(0);
  });

  it('reads generated dumps (YAML List, JSON List, separate documents) as the exact path does', async () => {
    const dir = tempDir();
    for (const format of ['yaml', 'json', 'docs'] as const) {
      const file = `dump-${format}.${format === 'json' ? 'json' : 'yaml'}`;
      await writeDump({ pods: 40, namespaces: 4, psps: 6, rbac: 20, seed: 5, format }, path.join(dir, file));
      const want = await exact([file], dir);
      expect(want.ok).toBe(true);
      for (const chunk of [13, 4096, undefined]) expect(await streamed([file], dir, chunk)).toEqual(want);
      for (const parallel of PARALLEL) for (const chunk of [64, undefined]) expect(await streamed([file], dir, chunk, parallel), `${format} on the worker ${JSON.stringify(parallel)}`).toEqual(want);
    }
  });

  const cases: Record<string, string> = {
    'list.yaml': 'apiVersion: v1\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: p\n- apiVersion: policy/v1beta1\n  kind: PodSecurityPolicy\n  metadata:\n    name: x\n  spec:\n    privileged: yes\n    seLinux: {rule: RunAsAny}\n    runAsUser: {rule: RunAsAny}\n    supplementalGroups: {rule: RunAsAny}\n    fsGroup: {rule: RunAsAny}\nkind: List\nmetadata: {}\n',
    'indented-items.yaml': 'apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: Namespace\n    metadata:\n      name: a\n\n  # a comment\n  - apiVersion: v1\n    kind: ServiceAccount\n    metadata: {name: b, namespace: a}\n',
    'dash-alone.yaml': 'apiVersion: v1\nkind: List\nitems:\n-\n  apiVersion: v1\n  kind: Namespace\n  metadata:\n    name: a\n',
    'not-a-list.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\nitems:\n- 1\n- 2\n',
    'typed-list.json': '{"apiVersion": "v1", "kind": "PodList", "items": [{"metadata": {"name": "p"}}, {"metadata": {"name": "q"}}]}',
    'typed-list.yaml': 'apiVersion: v1\nitems:\n- metadata:\n    name: p\nkind: PodList\n',
    'untyped-items.yaml': 'apiVersion: v1\nitems:\n- metadata:\n    name: p\nkind: List\n',
    'scalar-item.yaml': 'apiVersion: v1\nkind: List\nitems:\n- 42\n- apiVersion: v1\n  kind: Namespace\n  metadata: {name: a}\n',
    'scalar-item.json': '{"apiVersion": "v1", "items": [42, {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "a"}}], "kind": "List"}',
    'cross-alias.yaml': 'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Namespace\n  metadata: &m\n    name: a\n- apiVersion: v1\n  kind: Namespace\n  metadata: *m\n',
    'helm.yaml': 'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: {{ .Values.name }}\n',
    // Columns count UTF-16 code units, as the exact readers do: é is 2 bytes and 1 unit, 中 3 and 1, 🙂 4 and 2.
    'minified-unicode.json': '{"apiVersion":"v1","kind":"List","items":[{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"a","annotations":{"x":"é中🙂"}}},{"apiVersion":"v1","kind":"ServiceAccount","metadata":{"name":"s","namespace":"a","annotations":{"y":"🙂🙂"}}},{"apiVersion":"policy/v1beta1","kind":"PodSecurityPolicy","metadata":{"name":"p"},"spec":{"privileged":"yes","seLinux":{"rule":"RunAsAny"},"runAsUser":{"rule":"RunAsAny"},"supplementalGroups":{"rule":"RunAsAny"},"fsGroup":{"rule":"RunAsAny"}}}]}',
    'minified-unicode-ok.json': '{"apiVersion":"v1","kind":"List","metadata":{"note":"é"},"items":[{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"a","annotations":{"x":"é中🙂"}}},{"apiVersion":"policy/v1beta1","kind":"PodSecurityPolicy","metadata":{"name":"p"},"spec":{"privileged":true,"seLinux":{"rule":"RunAsAny"},"runAsUser":{"rule":"RunAsAny"},"supplementalGroups":{"rule":"RunAsAny"},"fsGroup":{"rule":"RunAsAny"}}},{"apiVersion":"v1","kind":"Pod","metadata":{"name":"q","namespace":"a"},"spec":{"containers":[{"name":"c","image":"x","securityContext":{"privileged":true}}]}}]}',
    'items-on-one-line.json': '{\n  "apiVersion": "v1",\n  "kind": "List",\n  "items": [\n    {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "ü"}}, {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "b", "labels": {"x": 1}}}\n  ]\n}\n',
    // Past MAX_YAML_DEPTH (200), at the 201st level, counted from the document: 300 levels, and 5,000 (where the yaml package's composer would run out of stack).
    'deep-item.yaml': `apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Namespace\n  metadata: {name: a}\n- apiVersion: v1\n  kind: ConfigMap\n  data:\n    x: ${'['.repeat(300)}${']'.repeat(300)}\n`,
    'deeper-item.yaml': `apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: a}\n  spec: ${'{a: '.repeat(5000)}1${'}'.repeat(5000)}\n`,
    // Levels count from the document, not from the item (the List and its items are two): 197 brackets are the 201st level.
    'deep-in-list.yaml': `apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: a}\n  data:\n    x: ${'['.repeat(197)}${']'.repeat(197)}\n`,
    'deep-in-list.json': `{"apiVersion": "v1", "kind": "List", "items": [{"apiVersion": "policy/v1beta1", "kind": "PodSecurityPolicy", "metadata": {"name": "p"}, "spec": {"x": ${'['.repeat(998)}${']'.repeat(998)}}}]}`,
    'dup-yaml-pod.yaml': 'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: a\n    name: b\n',
    'dup-yaml-psp.yaml': 'apiVersion: v1\nkind: List\nitems:\n- apiVersion: policy/v1beta1\n  kind: PodSecurityPolicy\n  metadata:\n    name: a\n  spec:\n    privileged: false\n    privileged: true\n',
    'plain-psp.yaml': 'apiVersion: v1\nkind: List\nitems:\n- apiVersion: policy/v1beta1\n  kind: PodSecurityPolicy\n  metadata:\n    name: a\n    annotations:\n      seccomp.security.alpha.kubernetes.io/allowedProfileNames: runtime/default,docker/default\n  spec:\n    allowedCapabilities:\n    - "*"\n    allowedUnsafeSysctls:\n    - kernel.*\n    hostPorts:\n    - min: 0\n      max: 65535\n    runAsUser:\n      rule: MustRunAs\n      ranges:\n      - min: 1\n        max: 65535\n    seLinux:\n      rule: RunAsAny\n    supplementalGroups:\n      rule: RunAsAny\n    fsGroup:\n      rule: RunAsAny\n    volumes:\n    - "*"\n    privileged: yes\n',
    'dup-json-psp.json': '{"apiVersion": "v1", "items": [{"apiVersion": "policy/v1beta1", "kind": "PodSecurityPolicy", "metadata": {"name": "a", "name": "b"}}], "kind": "List"}',
    'bad-json-item.json': '{"apiVersion": "v1", "items": [\n  {"apiVersion": "v1", "kind": "Pod"},\n  {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": tru}}\n], "kind": "List"}',
    'missing-comma.json': '{"apiVersion": "v1", "items": [{"apiVersion": "v1", "kind": "Pod"} {"apiVersion": "v1", "kind": "Pod"}], "kind": "List"}',
    'unterminated.json': '{"apiVersion": "v1", "items": [{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p',
    'stream.json': '{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "a"}}{"apiVersion": "v1", "items": [{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "b"}}], "kind": "List"}\n[1]',
    'escapes.json': '{"apiVersion": "v1", "items": [{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "a\\\\\\"]}", "annotations": {"x": "\\\\"}}}], "kind": "List"}',
    'directive.yaml': '%YAML 1.1\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n',
    'marker-content.yaml': '--- {apiVersion: v1, kind: Namespace, metadata: {name: a}}\n',
    'docs-and-list.yaml': '# leading comment\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n...\n---\napiVersion: v1\nitems:\n- apiVersion: v1\n  kind: Namespace\n  metadata:\n    name: b\n    labels:\n      x: |\n        multi\n        line\nkind: List\n---\n',
    'crlf.yaml': 'apiVersion: v1\r\nitems:\r\n- apiVersion: v1\r\n  kind: Namespace\r\n  metadata:\r\n    name: a\r\nkind: List\r\n',
    'bom.json': '\ufeff{"apiVersion": "v1", "items": [{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "a"}}], "kind": "List"}',
    'nul.yaml': 'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Namespace\n  metadata:\n    name: a\u0000\n',
    'tab-indent.yaml': 'apiVersion: v1\nkind: List\nitems:\n\t- apiVersion: v1\n',
    'nested-list.yaml': 'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: List\n  items:\n  - apiVersion: v1\n    kind: Namespace\n    metadata: {name: a}\n',
    'empty.yaml': '# nothing\n---\n',
    // A line of the item's indentation and `}` that does not end the item: the guessed end does not parse.
    'misleading-indent.json':
      '{\n    "apiVersion": "v1",\n    "items": [\n        {\n            "apiVersion": "v1",\n            "kind": "Pod",\n            "metadata": {"name": "a", "labels": {\n        }},\n            "spec": {}\n        },\n        {\n            "apiVersion": "v1",\n            "kind": "Namespace",\n            "metadata": {"name": "n"}\n        }\n    ],\n    "kind": "List"\n}\n',
    'misleading-then-bad.json':
      '{\n    "apiVersion": "v1",\n    "items": [\n        {\n            "kind": "Pod", "apiVersion": "v1", "metadata": {"labels": {\n        }}\n        },\n        {\n            "kind": "Pod", "apiVersion": "v1", "metadata": {"name": tru}\n        }\n    ],\n    "kind": "List"\n}\n',
  };

  /** Batch sizes for the worker: every item alone and one in flight (the reader parses most), a few items with more in flight. */
  const PARALLEL: Parallel[] = [
    { batchBytes: 1, inFlight: 1 },
    { batchBytes: 300, inFlight: 3 },
  ];

  it.each(Object.keys(cases))('%s: the same result or the same problems', async (name) => {
    const dir = tempDir();
    writeFileSync(path.join(dir, name), cases[name]!);
    const want = await exact([name], dir);
    for (const chunk of [1, 5, undefined]) expect(await streamed([name], dir, chunk), `chunks of ${chunk ?? 'default'}`).toEqual(want);
    for (const parallel of PARALLEL) for (const chunk of [5, undefined]) expect(await streamed([name], dir, chunk, parallel), `worker ${JSON.stringify(parallel)}, chunks of ${chunk ?? 'default'}`).toEqual(want);
  });

  it('refuses a YAML line longer than any Kubernetes object holds, before the exact parser spends minutes on it', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'long.yaml'), `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: "${'x'.repeat(3 << 20)}"\n`);
    expect(await streamed(['long.yaml'], dir)).toEqual({ ok: false, problems: ['6:1 a YAML line longer than 2 MiB (3.0 MiB)'] });
  });

  it('reports an item\'s problem before a problem the splitter finds after it (a line too long), also with the worker', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'order.yaml'), `apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: a\n    name: b\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: c}\n  data:\n    x: ${'x'.repeat((2 << 20) + 1000)}\n`);
    const want = { ok: false, problems: ['8:5 duplicate key "name" in a mapping'] };
    expect(await exact(['order.yaml'], dir)).toMatchObject({ ok: false });
    expect(await streamed(['order.yaml'], dir)).toEqual(want);
    expect(await streamed(['order.yaml'], dir, undefined, { batchBytes: 1 << 20, inFlight: 4 })).toEqual(want);
  });

  it('counts the document limit from the item being read, not from the items waiting for the worker', async () => {
    const dir = tempDir();
    const items = Array.from({ length: 4000 }, (_, i) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `p${i}`, namespace: 'n' }, spec: { containers: [{ name: 'c', image: 'x'.repeat(200) }] } }));
    writeFileSync(path.join(dir, 'many.json'), JSON.stringify({ apiVersion: 'v1', kind: 'List', items }, null, 4));
    const before = process.env.PSP_MIGRATE_MAX_FILE_MB;
    process.env.PSP_MIGRATE_MAX_FILE_MB = '1';
    try {
      const want = await streamed(['many.json'], dir, 1 << 18);
      expect(want.ok).toBe(true);
      expect(await streamed(['many.json'], dir, 1 << 18, { batchBytes: 1 << 18, inFlight: 1 })).toEqual(want);
    } finally {
      if (before === undefined) delete process.env.PSP_MIGRATE_MAX_FILE_MB;
      else process.env.PSP_MIGRATE_MAX_FILE_MB = before;
    }
  });

  it('reads a List larger than the document limit whatever the chunks cut, also a key of the List (no false duplicate key)', async () => {
    const dir = tempDir();
    const items = Array.from({ length: 9000 }, (_, i) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: `namespace-${i}` } }));
    // kubectl's order: the List's kind and metadata after its items. Every chunk size cuts some member of the List.
    writeFileSync(path.join(dir, 'list.json'), JSON.stringify({ apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } }));
    const before = process.env.PSP_MIGRATE_MAX_FILE_MB;
    process.env.PSP_MIGRATE_MAX_FILE_MB = '0.5';
    try {
      const want = await streamed(['list.json'], dir);
      expect(want.ok).toBe(true);
      for (const chunk of [1, 2, 3, 5, 7]) expect(await streamed(['list.json'], dir, chunk), `chunks of ${chunk}`).toEqual(want);
    } finally {
      if (before === undefined) delete process.env.PSP_MIGRATE_MAX_FILE_MB;
      else process.env.PSP_MIGRATE_MAX_FILE_MB = before;
    }
  });

  it('places invalid UTF-8 and NUL bytes after multibyte text on their line as the exact path does', async () => {
    const dir = tempDir();
    const files: Record<string, Buffer> = {};
    for (const [name, bad] of [['ff', [0xff]], ['nul', [0x00]], ['cut', [0xe4, 0xb8]]] as const) {
      // In an item of a minified List, in the List's own members, and in YAML.
      files[`${name}-item.json`] = Buffer.concat([Buffer.from('{"apiVersion":"v1","kind":"List","metadata":{"a":"é中🙂"},"items":[{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"a","labels":{"x":"é'), Buffer.from(bad), Buffer.from('"}}}]}')]);
      files[`${name}-member.json`] = Buffer.concat([Buffer.from('{"apiVersion":"v1","items":[{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"中"}}],"kind":"List","metadata":{"a":"🙂'), Buffer.from(bad), Buffer.from('"}}')]);
      files[`${name}.yaml`] = Buffer.concat([Buffer.from('apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Namespace\n  metadata: {name: "é中🙂'), Buffer.from(bad), Buffer.from('"}\n')]);
    }
    // A NUL after an invalid byte (each one unit, U+FFFD, as the text decodes); after a byte order mark (columns count from after it).
    const BOM = [0xef, 0xbb, 0xbf];
    files['ff-nul.json'] = Buffer.from([...Buffer.from('{"a":"é'), 0xff, 0x80, 0x00, ...Buffer.from('"}')]);
    files['bom-ff.json'] = Buffer.from([...BOM, ...Buffer.from('{"a":"'), 0xff, ...Buffer.from('"}')]);
    files['bom-ff.yaml'] = Buffer.from([...BOM, ...Buffer.from('a: "'), 0xff, ...Buffer.from('"\n')]);
    files['bom-nul.json'] = Buffer.from([...BOM, ...Buffer.from('{"apiVersion":"v1","kind":"List","items":[{"a":"'), 0x00, ...Buffer.from('"}]}')]);
    for (const [name, bytes] of Object.entries(files)) {
      writeFileSync(path.join(dir, name), bytes);
      const want = await exact([name], dir);
      expect(want.ok, name).toBe(false);
      for (const chunk of [1, 2, 3, 5, 7, undefined]) expect(await streamed([name], dir, chunk), `${name}, chunks of ${chunk ?? 'default'}`).toEqual(want);
      expect(await streamed([name], dir, 5, { batchBytes: 1, inFlight: 1 }), `${name} on the worker`).toEqual(want);
    }
  });

  it('refuses a NUL byte as soon as it is read, with its position', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'nul.json'), Buffer.concat([Buffer.from('{"apiVersion": "v1",\n  "items": [\n'), Buffer.alloc(1 << 20)]));
    expect(await streamed(['nul.json'], dir, 4096)).toEqual({ ok: false, problems: ['3:1 binary data (a NUL byte), not a YAML or JSON manifest'] });
  });

  it('reads a file that starts with a template action as YAML, and says it is a template', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'chart.yaml'), '{{- if .Values.psp }}\napiVersion: v1\nkind: Namespace\n');
    const got = await streamed(['chart.yaml'], dir);
    expect(got.ok === false && got.problems[0]).toContain('Go template syntax');
  });

  it('keeps the last of duplicate keys in a pod of a JSON List (as JSON.parse and the API server do), where the exact reader refuses', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'dup.json'), '{"apiVersion": "v1", "items": [{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "a", "name": "b"}}], "kind": "List"}');
    expect((await exact(['dup.json'], dir)).ok).toBe(false);
    const got = await streamed(['dup.json'], dir);
    expect(got.ok).toBe(true);
    expect(got.ok && JSON.parse(got.inventory).pods[0].metadata.name).toBe('b');
  });

  it('keeps nothing of a YAML item\'s text once its pod is read (names are copied, not cut from it)', async () => {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const dir = tempDir();
    // 40 pods with names, a namespace, an owner and a kept annotation long enough for V8 to cut them as views
    // into the item's text, and 256 KiB of an annotation that is not kept.
    const pod = (i: number) =>
      `- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: coredns-5d78c9869d-x2k${i}\n    namespace: kube-system-long-name\n    annotations:\n      kubernetes.io/psp: privileged-policy-name\n      seccomp.security.alpha.kubernetes.io/pod: runtime/default-${i}\n      note: ${'x'.repeat(1 << 18)}\n    ownerReferences:\n    - {apiVersion: apps/v1, kind: ReplicaSet, name: coredns-5d78c9869d, uid: u, controller: true}\n  spec:\n    serviceAccountName: coredns-service-account-${i}\n    containers:\n    - {name: coredns-container, image: x}\n`;
    writeFileSync(path.join(dir, 'pods.yaml'), `apiVersion: v1\nkind: List\nitems:\n${Array.from({ length: 40 }, (_, i) => pod(i)).join('')}`);
    for (const parallel of ['never', { batchBytes: 1 << 20, inFlight: 1 }] as const) {
      gc();
      const before = process.memoryUsage().heapUsed;
      const builder = new InventoryBuilder();
      const how = parallel === 'never' ? { parallel: 'never' as const } : { parallel: 'always' as const, parallelOptions: parallel, pool: await sharedPool() };
      await streamInputs({ filenames: ['pods.yaml'], cwd: dir, readStdin: async () => Buffer.alloc(0), ...how }, builder);
      gc();
      const kept = process.memoryUsage().heapUsed - before;
      expect(builder.inventory.pods.map((p) => p.metadata.name)).toEqual(Array.from({ length: 40 }, (_, i) => `coredns-5d78c9869d-x2k${i}`));
      expect(builder.inventory.pods[7]!.podMetadata).toEqual({ annotations: { 'seccomp.security.alpha.kubernetes.io/pod': 'runtime/default-7' } });
      // The texts are 10 MiB; what is kept of them is a few KiB.
      expect(kept, `kept with parallel ${JSON.stringify(parallel)}`).toBeLessThan(2 << 20);
    }
  });

  it('a PSP kept after reading (the analysis and report hold PSPs) keeps neither the reader nor the rest of the inventory', async () => {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const dir = tempDir();
    const psp = (name: string) =>
      `- apiVersion: policy/v1beta1\n  kind: PodSecurityPolicy\n  metadata:\n    name: ${name}\n  spec:\n    privileged: false\n    volumes:\n    - "*"\n    runAsUser:\n      rule: RunAsAny\n    seLinux:\n      rule: RunAsAny\n    supplementalGroups:\n      rule: RunAsAny\n    fsGroup:\n      rule: RunAsAny\n`;
    const pod = (i: number) => `- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: p${i}\n    namespace: n\n  spec:\n    containers:\n    - name: c\n      image: x\n`;
    writeFileSync(path.join(dir, 'dump.yaml'), `apiVersion: v1\nkind: List\nitems:\n${psp('forced')}${psp('never-asked')}${Array.from({ length: 200 }, (_, i) => pod(i)).join('')}`);
    for (const parallel of ['never', { batchBytes: 1 << 10, inFlight: 2 }] as const) {
      let builder: InventoryBuilder | undefined = new InventoryBuilder();
      const how = parallel === 'never' ? { parallel: 'never' as const } : { parallel: 'always' as const, parallelOptions: parallel, pool: await sharedPool() };
      await streamInputs({ filenames: ['dump.yaml'], cwd: dir, readStdin: async () => Buffer.alloc(0), ...how }, builder);
      const psps = builder.inventory.psps;
      expect(psps.map((p) => p.metadata.name)).toEqual(['forced', 'never-asked']);
      // One map asked (as the analysis asks every PSP's), one never asked.
      expect(psps[0]!.map.at(['spec', 'privileged'])).toEqual({ file: 'dump.yaml', line: 9, col: 5 });
      const pods = new WeakRef(builder.inventory.pods);
      builder = undefined;
      // (A WeakRef's target lives to the end of the job that made it.)
      await new Promise((resolve) => setImmediate(resolve));
      gc();
      expect(pods.deref(), `the pods outlive the inventory with parallel ${JSON.stringify(parallel)}`).toBeUndefined();
      expect(psps[1]!.map.at(['spec', 'volumes', 0])).toEqual({ file: 'dump.yaml', line: 27, col: 7 });
    }
  });

  it('agrees with the exact path on mutated Lists (property, fixed seed)', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'in'), { recursive: true });
    const base = readFileSync(path.join(REPO_ROOT, 'testdata/input-forms/rbac-and-psps.list.yaml'), 'utf8');
    const baseJson = readFileSync(path.join(REPO_ROOT, 'testdata/input-forms/rbac-and-psps.list.json'), 'utf8');
    // (Minified JSON too: items that share a line, whose columns count the UTF-16 units of what comes before them.)
    const minified = JSON.stringify(JSON.parse(baseJson));
    const TOKENS = ['- ', '\n', '  ', '---\n', 'items:\n', '#', '"', '{', '}', '[', ']', ',', ':', '&a ', '*a', '\t', 'kind: List\n', '\\', 'é', '🙂'];
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('yaml', 'json', 'minified'),
        fc.array(fc.record({ at: fc.nat(), del: fc.nat({ max: 12 }), token: fc.constantFrom(...TOKENS) }), { minLength: 1, maxLength: 4 }),
        fc.constantFrom(1, 3, 32, undefined),
        async (form, edits, chunk) => {
          const json = form !== 'yaml';
          let s = form === 'yaml' ? base : form === 'json' ? baseJson : minified;
          for (const e of edits) {
            const at = e.at % (s.length + 1);
            s = s.slice(0, at) + e.token + s.slice(at + e.del);
          }
          const name = `in/case-${n++}.${json ? 'json' : 'yaml'}`;
          writeFileSync(path.join(dir, name), s);
          const want = await exact([name], dir);
          const got = await streamed([name], dir, chunk);
          // The one difference by design: duplicate keys inside a pod or workload of a JSON List.
          if (json && !want.ok && got.ok && want.problems.some((p) => p.includes('duplicate key'))) return;
          expect(got, s).toEqual(want);
        },
      ),
      { seed: 20261126, numRuns: 300 },
    );
  });
});
