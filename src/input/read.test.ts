import { isUtf8 } from 'node:buffer';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, tempDir } from '../../test/helpers.js';
import { InputError } from './errors.js';
import type { Problem } from './errors.js';
import { parseJsonStream } from './json.js';
import { decodeText, firstInvalidUtf8, parseSource, readInputs } from './read.js';

async function problemsOf(run: () => unknown): Promise<readonly Problem[]> {
  try {
    await run();
  } catch (err) {
    if (err instanceof InputError) return err.problems;
    throw err;
  }
  throw new Error('expected an InputError');
}

const read = (filenames: string[], cwd = REPO_ROOT, stdin = '') => readInputs({ filenames, cwd, readStdin: async () => Buffer.from(stdin) });

describe('JSON streams', () => {
  it('reads concatenated JSON values with positions', () => {
    const docs = [...parseJsonStream('{"a": 1}\n{\n    "b": {"c": [true, null]}\n}\n', 'x.json')];
    expect(docs.map((d) => d.value)).toEqual([{ a: 1 }, { b: { c: [true, null] } }]);
    expect(docs[1]!.map.exact(['b', 'c', 1])).toEqual({ file: 'x.json', line: 3, col: 23 });
    expect(docs[1]!.pos).toEqual({ file: 'x.json', line: 2, col: 1 });
  });

  it('decodes escapes and keeps __proto__ as data', () => {
    const [doc] = [...parseJsonStream('{"__proto__": {"x": 1}, "s": "a\\n\\u00e9"}', 'x.json')];
    expect(Object.getPrototypeOf(doc!.value)).toBe(Object.prototype);
    expect(doc!.value).toEqual(JSON.parse('{"__proto__": {"x": 1}, "s": "a\\n\\u00e9"}'));
  });

  it('refuses duplicate keys', async () => {
    const [p] = await problemsOf(() => [...parseJsonStream('{\n  "a": 1,\n  "a": 2\n}', 'x.json')]);
    expect(p).toMatchObject({ message: 'duplicate key "a" in an object', pos: { line: 3, col: 3 } });
  });

  it.each([
    ['{"a": 1,}', 'malformed JSON: expected a key in double quotes, found "}"', 9],
    ['{"a" 1}', 'malformed JSON: expected ":", found "1"', 6],
    ['{"a": tru}', 'malformed JSON: unexpected "t"', 7],
    ['{"a": "x', 'malformed JSON: unterminated string', 7],
    ['{"a": [1 2]}', 'malformed JSON: expected "," or "]", found "2"', 10],
  ])('reports %s as %s at its column', async (text, message, col) => {
    const [p] = await problemsOf(() => [...parseJsonStream(text, 'x.json')]);
    expect(p).toMatchObject({ message, pos: { file: 'x.json', line: 1, col } });
  });

  it('refuses nesting deeper than any Kubernetes object', async () => {
    const [p] = await problemsOf(() => [...parseJsonStream('['.repeat(5000) + ']'.repeat(5000), 'x.json')]);
    expect(p!.message).toBe('JSON nested deeper than 1000 levels');
  });
});

describe('Lists', () => {
  it('unwraps a kind: List, with item positions', () => {
    const objs = parseSource('apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Namespace\n  metadata:\n    name: a\n- apiVersion: v1\n  kind: ServiceAccount\n  metadata:\n    name: b\n', 'l.yaml');
    expect(objs.map((o) => o.kind)).toEqual(['Namespace', 'ServiceAccount']);
    expect(objs[1]!.pos).toEqual({ file: 'l.yaml', line: 8, col: 3 });
    expect(objs[1]!.map.exact(['metadata', 'name'])).toEqual({ file: 'l.yaml', line: 11, col: 5 });
  });

  it('keeps item positions of a JSON List, each item with its own table', () => {
    const text = '{\n    "apiVersion": "v1",\n    "items": [\n        {\n            "apiVersion": "v1",\n            "kind": "Namespace",\n            "metadata": {\n                "name": "a"\n            }\n        },\n        {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "b"}}\n    ],\n    "kind": "List"\n}\n';
    const objs = parseSource(text, 'l.json');
    expect(objs.map((o) => o.pos)).toEqual([
      { file: 'l.json', line: 4, col: 9 },
      { file: 'l.json', line: 11, col: 9 },
    ]);
    expect(objs[0]!.map.exact(['metadata', 'name'])).toEqual({ file: 'l.json', line: 8, col: 17 });
    expect(objs[1]!.map.exact(['metadata', 'name'])).toEqual({ file: 'l.json', line: 11, col: 69 });
    expect(objs[1]!.map.at(['spec', 'missing'])).toEqual({ file: 'l.json', line: 11, col: 9 });
  });

  it('does not record field positions of pods and workloads (findings point at the object)', () => {
    const [pod, ns] = parseSource('{"apiVersion": "v1", "items": [{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}}, {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "n"}}], "kind": "List"}', 'l.json');
    expect(pod!.map.exact(['metadata', 'name'])).toBeUndefined();
    expect(pod!.map.at(['metadata', 'name'])).toEqual(pod!.pos);
    expect(ns!.map.exact(['metadata', 'name'])).toBeDefined();
  });

  it('fills in the kind of items of a typed list (PodList) from the list', () => {
    const objs = parseSource('{"apiVersion": "v1", "kind": "PodList", "items": [{"metadata": {"name": "p"}}]}', 'p.json');
    expect(objs).toHaveLength(1);
    expect(objs[0]).toMatchObject({ apiVersion: 'v1', kind: 'Pod' });
  });

  it('refuses a list item that is not an object', async () => {
    const [p] = await problemsOf(() => parseSource('apiVersion: v1\nkind: List\nitems:\n- 42\n', 'l.yaml'));
    expect(p).toMatchObject({ message: 'item 0 of the List is not a Kubernetes object (it needs string fields apiVersion and kind)', pos: { line: 4, col: 3 } });
  });
});

describe('documents that are not Kubernetes objects', () => {
  it.each([
    ['a list', '- a\n- b\n'],
    ['a scalar', 'hello\n'],
    ['a map without kind', 'apiVersion: v1\nmetadata: {}\n'],
    ['a map with a non-string kind', 'apiVersion: v1\nkind: 3\n'],
  ])('refuses %s', async (_what, text) => {
    const [p] = await problemsOf(() => parseSource(text, 'x.yaml'));
    expect(p!.message).toBe('this document is not a Kubernetes object (it needs string fields apiVersion and kind)');
    expect(p!.pos).toMatchObject({ file: 'x.yaml', line: 1 });
  });
});

describe('binary data', () => {
  it('refuses a NUL byte, at its line and column', async () => {
    const [p] = await problemsOf(() => decodeText(Buffer.from('a: 1\nb: \u0000\n'), 'bin.yaml'));
    expect(p).toEqual({ pos: { file: 'bin.yaml', line: 2, col: 4 }, message: 'binary data (a NUL byte), not a YAML or JSON manifest', hint: expect.stringContaining('kubectl get') });
  });

  it('refuses invalid UTF-8', async () => {
    const [p] = await problemsOf(() => decodeText(Buffer.from([0x61, 0x3a, 0x20, 0xff, 0xfe, 0x0a]), 'bin.yaml'));
    expect(p).toMatchObject({ pos: { line: 1, col: 4 }, message: 'binary data (invalid UTF-8), not a YAML or JSON manifest' });
  });

  it('points at the bad byte itself, in UTF-16 units of its line, after multibyte characters', async () => {
    // `b: "` then é (2 bytes), 中 (3), 🙂 (4 bytes, 2 units): the bad byte is at unit 9 (byte 14).
    const bad = (tail: number[]) => Buffer.concat([Buffer.from('a: 1\nb: "é中🙂'), Buffer.from(tail), Buffer.from('"\n')]);
    for (const [tail, col] of [
      [[0xff], 9],
      [[0x00], 9],
      [[0xe4, 0xb8], 9], // a sequence cut short
      [[0xc0, 0x80], 9], // overlong
      [[0xed, 0xa0, 0x80], 9], // a surrogate
      [[0xf4, 0x90, 0x80, 0x80], 9], // past U+10FFFF
      [[0xc3, 0xa9, 0xff], 10], // é, then the bad byte
    ] as const) {
      const [p] = await problemsOf(() => decodeText(bad([...tail]), 'bin.yaml'));
      expect(p!.pos, JSON.stringify(tail)).toEqual({ file: 'bin.yaml', line: 2, col });
    }
  });

  it('finds the first invalid UTF-8 sequence where isUtf8 and the WHATWG decoder see it (property)', () => {
    // Bytes that make valid and invalid sequences alike: ASCII, lead bytes at every boundary, continuation bytes.
    const bytes = fc.array(fc.constantFrom(0x41, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xe1, 0xec, 0xed, 0xee, 0xef, 0xf0, 0xf1, 0xf3, 0xf4, 0xf5, 0xff), { maxLength: 12 });
    const decoder = new TextDecoder('utf-8', { fatal: true });
    fc.assert(
      fc.property(bytes, (list) => {
        const b = Buffer.from(list);
        const at = firstInvalidUtf8(b);
        expect(at === b.length).toBe(isUtf8(b));
        // What comes before it decodes; what starts there does not decode as far as its sequence goes.
        expect(isUtf8(b.subarray(0, at))).toBe(true);
        if (at < b.length) expect(() => decoder.decode(b.subarray(at))).toThrow();
      }),
      { seed: 20261127, numRuns: 5000 },
    );
  });

  it('strips a byte-order mark', () => {
    expect(decodeText(Buffer.from('\ufeffa: 1'), 'x.yaml')).toBe('a: 1');
  });
});

describe('sources', () => {
  it('reads a directory recursively, in name order, only manifests', async () => {
    const dir = tempDir({
      'b.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: b}\n',
      'a/z.yml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: z}\n',
      'c.json': '{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "c"}}',
      'notes.txt': 'not read',
      'README.md': '# not read',
    });
    const { sources, objects } = await read(['.'], dir);
    expect(sources).toEqual(['a/z.yml', 'b.yaml', 'c.json']);
    expect(objects.map((o) => (o.value.metadata as { name: string }).name)).toEqual(['z', 'b', 'c']);
  });

  it('reads standard input for -', async () => {
    const { sources, objects } = await read(['-'], REPO_ROOT, 'apiVersion: v1\nkind: Namespace\nmetadata: {name: s}\n');
    expect(sources).toEqual(['<stdin>']);
    expect(objects[0]!.pos.file).toBe('<stdin>');
  });

  it('shows paths outside the working directory as given', async () => {
    const dir = tempDir({ 'ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n' });
    const { sources } = await read([path.join(dir, 'ns.yaml')]);
    expect(sources).toEqual([path.join(dir, 'ns.yaml')]);
  });

  it('reports every missing path and empty directory together', async () => {
    const empty = tempDir({ 'x.txt': 'no manifests' });
    const problems = await problemsOf(() => read(['missing.yaml', empty]));
    expect(problems.map((p) => p.message)).toEqual(['missing.yaml: no such file or directory', `${empty}: the directory has no .yaml, .yml or .json files`]);
  });

  it('refuses an input with no objects', async () => {
    const dir = tempDir({ 'empty.yaml': '# nothing\n---\n' });
    const [p] = await problemsOf(() => read(['empty.yaml'], dir));
    expect(p!.message).toBe('no Kubernetes objects in the input (empty.yaml)');
    const [q] = await problemsOf(() => read(['-'], dir, ''));
    expect(q!.message).toBe('no Kubernetes objects in the input (<stdin>)');
  });

  it('refuses a file or standard input over the size limit, saying how to raise it', async () => {
    const dir = tempDir({ 'big.yaml': `# ${'x'.repeat(1100 * 1024)}\n` });
    const saved = process.env.PSP_MIGRATE_MAX_FILE_MB;
    process.env.PSP_MIGRATE_MAX_FILE_MB = '1';
    try {
      const [p] = await problemsOf(() => read(['big.yaml'], dir));
      expect(p).toEqual({ message: 'big.yaml is larger than 1 MiB (1.1 MiB), the most psp-migrate reads from one input', hint: expect.stringContaining('PSP_MIGRATE_MAX_FILE_MB') });
      const [q] = await problemsOf(() => read(['-'], dir, 'x'.repeat(1100 * 1024)));
      expect(q!.message).toBe('<stdin> is larger than 1 MiB (1.1 MiB), the most psp-migrate reads from one input');
    } finally {
      if (saved === undefined) delete process.env.PSP_MIGRATE_MAX_FILE_MB;
      else process.env.PSP_MIGRATE_MAX_FILE_MB = saved;
    }
  });

  it('refuses YAML nested deeper than any Kubernetes object, without a stack overflow', async () => {
    const deep = `a: ${'['.repeat(10000)}${']'.repeat(10000)}\n`;
    const [p] = await problemsOf(() => parseSource(deep, 'deep.yaml'));
    // The map is level 1: its value's 200th bracket is level 201, at column 4 + 199.
    expect(p).toEqual({ pos: { file: 'deep.yaml', line: 1, col: 203 }, message: 'the YAML nests deeper than 200 levels (no Kubernetes object nests this deep)', hint: 'check the file: it is not a cluster dump or manifest' });
  });

  it('refuses YAML past 200 levels at the same place, whether or not the parser ran out of stack', async () => {
    const flow = (n: number) => `apiVersion: v1\nkind: x\na: ${'['.repeat(n)}${']'.repeat(n)}\n`;
    const block = (n: number) => `apiVersion: v1\nkind: x\na:\n${Array.from({ length: n }, (_, i) => `${' '.repeat(i + 1)}- `).join('\n')}x\n`;
    const maps = (n: number) => `apiVersion: v1\nkind: x\na: ${'{b: '.repeat(n)}1${'}'.repeat(n)}\n`;
    for (const [name, make, where] of [
      ['flow', flow, { line: 3, col: 203 }],
      ['block', block, { line: 203, col: 201 }],
      ['maps', maps, { line: 3, col: 4 + 199 * 4 }],
    ] as const) {
      // 199 levels inside the root mapping: accepted. 200 and more: refused at the 200th, the walk (250) or the
      // syntax tree (10,000: the yaml package runs out of stack) saying where.
      expect(parseSource(make(199), 'd.yaml'), name).toHaveLength(1);
      for (const n of [200, 250, 10_000]) {
        const [p] = await problemsOf(() => parseSource(make(n), 'd.yaml'));
        expect(p, `${name} ${n}`).toMatchObject({ pos: { file: 'd.yaml', ...where }, message: 'the YAML nests deeper than 200 levels (no Kubernetes object nests this deep)' });
      }
    }
  });

  it('gives the same problem at the same place, whether the yaml package would run out of stack or not', async () => {
    const docs = {
      // `[a: 1]` holds a one-pair mapping: two levels per bracket.
      pairs: (n: number) => `apiVersion: v1\nkind: x\na: ${'[a: '.repeat(n)}1${']'.repeat(n)}\n`,
      // Depth comes first: a deep key is too deep before it is a collection as a key.
      'collection key': (n: number) => `apiVersion: v1\nkind: x\n? ${'['.repeat(n)}${']'.repeat(n)}\n: x\n`,
      // ... and before the document's other errors, wherever they are.
      'duplicate key after': (n: number) => `apiVersion: v1\nkind: x\na: ${'['.repeat(n)}${']'.repeat(n)}\nb: 1\nb: 2\n`,
      // Tagged collections count too.
      omap: (n: number) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: !!omap\n- k: ${'['.repeat(n)}${']'.repeat(n)}\n`,
    };
    const where = { pairs: '3:401', 'collection key': '3:202', 'duplicate key after': '3:203', omap: '5:203' };
    for (const [name, make] of Object.entries(docs)) {
      for (const n of [250, 700, 10_000]) {
        const [p] = await problemsOf(() => parseSource(make(n), 'd.yaml'));
        expect(`${p!.pos!.line}:${p!.pos!.col} ${p!.message}`, `${name} ${n}`).toBe(`${where[name as keyof typeof where]} the YAML nests deeper than 200 levels (no Kubernetes object nests this deep)`);
      }
    }
  });

  it('reads the documents before one past the limit as usual: their problems come first', async () => {
    const [p] = await problemsOf(() => parseSource(`apiVersion: v1\nkind: x\na: 1\na: 2\n---\n${'['.repeat(300)}${']'.repeat(300)}\n`, 'd.yaml'));
    expect(p).toMatchObject({ pos: { line: 4, col: 1 }, message: 'duplicate key "a" in a mapping' });
    const [q] = await problemsOf(() => parseSource(`apiVersion: v1\nkind: x\n---\n${'['.repeat(300)}${']'.repeat(300)}\n`, 'd.yaml'));
    expect(q).toMatchObject({ pos: { line: 4, col: 201 }, message: 'the YAML nests deeper than 200 levels (no Kubernetes object nests this deep)' });
  });

  it('reports problems of several files in one run', async () => {
    const dir = tempDir({ 'a.yaml': 'a: [\n', 'b.json': '{"x": }' });
    const problems = await problemsOf(() => read(['.'], dir));
    expect(problems.map((p) => p.pos?.file)).toEqual(['a.yaml', 'b.json']);
  });
});

describe('positions in YAML Lists', () => {
  it('are not recorded inside pods and workloads, but are for everything else', () => {
    const [pod, ns] = parseSource('apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: p\n- apiVersion: v1\n  kind: Namespace\n  metadata:\n    name: n\n', 'l.yaml');
    expect(pod!.map.exact(['metadata', 'name'])).toBeUndefined();
    expect(pod!.pos).toEqual({ file: 'l.yaml', line: 4, col: 3 });
    expect(ns!.map.exact(['metadata', 'name'])).toEqual({ file: 'l.yaml', line: 11, col: 5 });
  });
});
