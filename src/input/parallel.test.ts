/**
 * The worker thread of the streaming reader: it must make of an item exactly
 * what the reader makes of it (the reader's equivalence with the exact path,
 * worker included, is tested in stream.test.ts), and send each distinct pod
 * summary once.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../test/helpers.js';
import { carrierFromWire, carrierToWire, readCarrier } from '../model/objects.js';
import { fastYamlItem } from './fast-yaml.js';
import { ParsePool, answer, firstContent, outcomeOf, yamlItemText } from './parallel.js';
import type { ItemRef } from './parallel.js';
import { SourceMap } from './source-map.js';

const POD = (name: string) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'team-a', annotations: { 'kubernetes.io/psp': 'restricted', 'container.seccomp.security.alpha.kubernetes.io/app': 'runtime/default', other: 'x' }, ownerReferences: [{ kind: 'ReplicaSet', name: 'web', controller: true }] },
  spec: { serviceAccountName: 'web', containers: [{ name: 'app', image: 'nginx', env: [{ name: 'A', value: '1' }], securityContext: { runAsNonRoot: true } }] },
});

/** Items as the JSON splitter hands them over: their bytes, one after another, and where each starts. */
function batch(values: unknown[]): { bytes: Uint8Array; refs: ItemRef[] } {
  const texts = values.map((v) => JSON.stringify(v));
  const refs: ItemRef[] = [];
  let at = 0;
  texts.forEach((t, i) => {
    refs.push({ start: at, end: at + Buffer.byteLength(t), line: 10 * (i + 1), col: 9, indent: -1 });
    at += Buffer.byteLength(t);
  });
  return { bytes: new Uint8Array(Buffer.from(texts.join(''))), refs };
}

describe('parse worker', () => {
  it('reads a pod as readCarrier does, and gives it back whole from the wire', () => {
    const { bytes, refs } = batch([POD('a')]);
    const out = outcomeOf(bytes, refs[0]!, true, 'dump.json');
    expect(out.t).toBe('carrier');
    if (out.t !== 'carrier' || typeof out.summary === 'number') return;
    const pos = { file: 'dump.json', line: 10, col: 9 };
    const want = readCarrier({ apiVersion: 'v1', kind: 'Pod', value: POD('a'), pos, map: SourceMap.only(pos) }).carrier;
    const got = carrierFromWire(out.carrier, 'dump.json', out.summary.metadata, out.summary.spec);
    // The same keys in the same order (the report is JSON), the same values.
    expect(JSON.stringify(got)).toBe(JSON.stringify(want));
    expect(got.pspAnnotation).toBe('restricted');
    expect(got.controller).toEqual({ kind: 'ReplicaSet', name: 'web' });
    expect(carrierToWire(got)).toEqual(out.carrier);
  });

  it('leaves PSPs, RBAC, namespaces, service accounts, Lists and what does not parse to the reader, and counts other kinds', () => {
    const items = [
      { apiVersion: 'policy/v1beta1', kind: 'PodSecurityPolicy', metadata: { name: 'p' } },
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'b' } },
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'n' } },
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 's' } },
      { apiVersion: 'v1', kind: 'List', items: [] },
      { metadata: { name: 'untyped' } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } },
      { apiVersion: 'apps/v1beta9', kind: 'Deployment', metadata: { name: 'd' } },
    ];
    const { bytes, refs } = batch(items);
    expect(refs.map((r) => outcomeOf(bytes, r, true, 'f').t)).toEqual(['main', 'main', 'main', 'main', 'main', 'main', 'ignored', 'ignored']);
    const broken = Buffer.from('{"apiVersion": "v1", "kind": "Pod"');
    expect(outcomeOf(broken, { start: 0, end: broken.length, line: 1, col: 1, indent: -1 }, true, 'f').t).toBe('main');
    const latin1 = Buffer.from([0x7b, 0xe9, 0x7d]);
    expect(outcomeOf(latin1, { start: 0, end: 3, line: 1, col: 1, indent: -1 }, true, 'f').t).toBe('main');
  });

  it('reads a YAML item with its dash, at the position of its first key', () => {
    const text = Buffer.from('- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: a\n    namespace: team\n');
    const out = outcomeOf(text, { start: 0, end: text.length, line: 7, col: 1, indent: 0 }, false, 'dump.yaml');
    expect(out.t === 'carrier' && out.carrier).toEqual(['Pod', 'v1', 'a', 'team', undefined, undefined, undefined, undefined, 7, 3]);
  });

  it('sends a YAML RBAC object back parsed, as fastYamlItem reads it, for the reader to map its positions', () => {
    const text = Buffer.from('- apiVersion: rbac.authorization.k8s.io/v1\n  kind: RoleBinding\n  metadata: {name: b, namespace: team}\n  subjects:\n  - {kind: User, name: on}\n');
    const out = outcomeOf(text, { start: 0, end: text.length, line: 1, col: 1, indent: 0 }, false, 'dump.yaml');
    expect(out).toEqual({ t: 'main', value: fastYamlItem(yamlItemText(text.toString(), 0)) });
    expect(out.t === 'main' && (out.value?.subjects as { name: unknown }[])[0]!.name).toBe(true); // YAML 1.1: `on` is true
  });

  it('sends each distinct summary once, by number afterwards', () => {
    const { bytes, refs } = batch([POD('a'), POD('b'), { ...POD('c'), spec: { containers: [{ name: 'other' }] } }]);
    const ids = new Map<string, number>();
    const reply = answer({ seq: 0, json: true, file: 'f', bytes, refs }, ids);
    expect(reply.outcomes.map((o) => (o.t === 'carrier' ? o.summary : o.t))).toEqual([0, 0, 1]);
    expect(reply.summaries.map(([id]) => id)).toEqual([0, 1]);
    const again = answer({ seq: 1, json: true, file: 'f', ...batch([POD('d')]) }, ids);
    expect(again.summaries).toEqual([]);
    expect(again.outcomes[0]!.t === 'carrier' && again.outcomes[0]!.summary).toBe(0);
  });

  it('answers on a worker thread, and leaves the batch to the caller once closed', async () => {
    const pool = new ParsePool();
    const before = ParsePool.answered;
    const { bytes, refs } = batch([POD('a'), { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'n' } }]);
    const seq = pool.send({ json: true, file: 'f', bytes, refs });
    const reply = await pool.result(seq);
    expect(reply?.outcomes.map((o) => o.t)).toEqual(['carrier', 'main']);
    expect(ParsePool.answered).toBe(before + 1);
    expect([...pool.summaries.keys()]).toEqual([0]);
    await pool.close();
    expect(pool.usable).toBe(false);
    expect(await pool.result(pool.send({ json: true, file: 'f', ...batch([POD('b')]) }))).toBeUndefined();
  });

  it('answers a batch still waited for with undefined when closed, instead of leaving the caller waiting', async () => {
    const pool = new ParsePool();
    const waiting = pool.result(pool.send({ json: true, file: 'f', ...batch([POD('a')]) }));
    await pool.close();
    expect(await waiting).toBeUndefined();
  });
});

describe('firstContent', () => {
  /** Where the exact path puts an item's root: past blank and comment lines, and the spaces and tabs before its content. */
  function reference(text: string, line: number): { line: number; col: number } {
    const m = /^(?:[ \t]*(?:#[^\n]*)?\r?\n)*([ \t]*)/.exec(text)!;
    const before = m[0].slice(0, m[0].length - m[1]!.length);
    return { line: line + before.split('\n').length - 1, col: m[1]!.length + 1 };
  }

  it.each([
    ['  apiVersion: v1\n  kind: Pod\n', 7, 7, 3],
    ['    kind: Pod\n', 7, 7, 5],
    ['  \n  # a comment\n    kind: Pod\n', 7, 9, 5],
    ['  # a comment\r\n  kind: Pod\n', 1, 2, 3],
    [' \tkind: Pod\n', 1, 1, 3],
    ['   ', 1, 1, 4],
    ['', 1, 1, 1],
  ])('finds the content of %j (first line %i) at line %i, column %i', (text, line, wantLine, wantCol) => {
    expect(firstContent(text, 'f.yaml', line)).toEqual({ file: 'f.yaml', line: wantLine, col: wantCol });
    expect(reference(text, line)).toEqual({ line: wantLine, col: wantCol });
  });

  it('property: agrees with the expression on lines of spaces, tabs, comments and content', () => {
    const texts = fc.array(fc.constantFrom(' ', '  ', '\t', '#', '# c', '\n', '\r\n', '\r', 'k: v', '-'), { maxLength: 8 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(texts, fc.integer({ min: 1, max: 1000 }), (text, line) => {
        const got = firstContent(text, 'f.yaml', line);
        expect({ line: got.line, col: got.col }).toEqual(reference(text, line));
      }),
      { numRuns: 3000, seed: 11 },
    );
  });
});

describe('the parse worker’s modules', () => {
  /** The modules a source file loads when it runs: its relative imports that are not type-only, recursively; and the packages. */
  function loaded(file: string, seen = new Set<string>(), packages = new Set<string>()): { files: Set<string>; packages: Set<string> } {
    if (seen.has(file)) return { files: seen, packages };
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    // import … from, export … from and bare imports; not `import type` or `export type`.
    for (const m of text.matchAll(/^(?:import|export) (?!type )(?:[^;'"]*? from )?'([^']+)'/gm)) {
      const spec = m[1]!;
      if (spec.startsWith('.')) loaded(path.resolve(path.dirname(file), spec.replace(/\.js$/, '.ts')), seen, packages);
      else packages.add(spec);
    }
    return { files: seen, packages };
  }

  it('are neither the exact parsers nor the yaml library: the worker starts while the main thread loads them', () => {
    const { files, packages } = loaded(path.join(REPO_ROOT, 'src/input/parse-worker.ts'));
    const names = [...files].map((f) => path.relative(REPO_ROOT, f));
    expect(names).toContain('src/input/fast-yaml.ts');
    expect(names.filter((n) => ['src/input/yaml.ts', 'src/input/json.ts', 'src/input/read.ts'].includes(n))).toEqual([]);
    expect([...packages].sort()).toEqual(['js-yaml', 'node:buffer', 'node:fs', 'node:os', 'node:worker_threads']);
  });
});
