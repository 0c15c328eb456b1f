import { describe, expect, it } from 'vitest';
import { InputError } from './errors.js';
import { parseYamlStream } from './yaml.js';

const values = (text: string) => [...parseYamlStream(text, 'f.yaml')].map((d) => d.value);

function problemsOf(text: string) {
  try {
    values(text);
  } catch (err) {
    if (err instanceof InputError) return err.problems;
    throw err;
  }
  throw new Error('expected an InputError');
}

describe('YAML as the Kubernetes API server reads it (go-yaml v2, YAML 1.1)', () => {
  it('reads the YAML 1.1 booleans', () => {
    const [doc] = values('a: yes\nb: No\nc: on\nd: OFF\ne: y\nf: n\ng: true\nh: "yes"\n');
    expect(doc).toEqual({ a: true, b: false, c: true, d: false, e: true, f: false, g: true, h: 'yes' });
  });

  it('reads the key y as the boolean true, as go-yaml v2 does', () => {
    const [doc] = values('y: 1\nn: 2\n');
    expect(doc).toEqual({ true: 1, false: 2 });
  });

  it('reads YAML 1.1 integers: octal, hex, underscores', () => {
    const [doc] = values('a: 0777\nb: 0x1F\nc: 1_000\nd: 65535\n');
    expect(doc).toEqual({ a: 511, b: 31, c: 1000, d: 65535 });
  });

  it('keeps timestamps and base-60 numbers as strings, as go-yaml does', () => {
    const [doc] = values('a: 2024-01-02\nb: 1:20\n');
    expect(doc).toEqual({ a: '2024-01-02', b: '1:20' });
  });

  it('applies merge keys', () => {
    const [doc] = values('base: &b {p: 1, q: 2}\nc:\n  <<: *b\n  q: 3\n');
    expect(doc).toEqual({ base: { p: 1, q: 2 }, c: { p: 1, q: 3 } });
  });

  it('skips empty documents and reads every other one', () => {
    expect(values('---\n---\na: 1\n---\n# only a comment\n---\nb: 2\n')).toEqual([{ a: 1 }, { b: 2 }]);
  });

  it('records where each key starts, 1-based', () => {
    const [doc] = [...parseYamlStream('a: 1\n---\nspec:\n  hostPID: true\n  volumes:\n    - secret\n', 'f.yaml')].slice(1);
    expect(doc!.map.exact(['spec', 'hostPID'])).toEqual({ file: 'f.yaml', line: 4, col: 3 });
    expect(doc!.map.exact(['spec', 'volumes', 0])).toEqual({ file: 'f.yaml', line: 6, col: 7 });
    expect(doc!.pos).toEqual({ file: 'f.yaml', line: 3, col: 1 });
  });

  it('refuses duplicate keys, naming the key and its line', () => {
    const [p] = problemsOf('a: 1\nspec:\n  hostPID: true\n  hostPID: false\n');
    expect(p!.message).toBe('duplicate key "hostPID" in a mapping');
    expect(p!.pos).toMatchObject({ line: 4, col: 3 });
  });

  it('reports malformed YAML with its position', () => {
    const [p] = problemsOf('spec:\n  a: 1\n\tb: 2\n');
    expect(p!.message).toMatch(/^malformed YAML: .*tab/i);
    expect(p!.pos).toEqual({ file: 'f.yaml', line: 3, col: 1 });
  });

  it('says to run helm template for a template that breaks the YAML', () => {
    const [p] = problemsOf('{{- if .Values.psp.enabled }}\napiVersion: policy/v1beta1\nkind: PodSecurityPolicy\n{{- end }}\n');
    expect(p!.message).toContain('Go template syntax');
    expect(p!.hint).toContain('helm template');
  });

  it('says to run helm template for a template that still parses as YAML', () => {
    const [p] = problemsOf('apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Values.name }}\n');
    expect(p!.hint).toContain('helm template');
    expect(p!.pos).toMatchObject({ line: 4, col: 9 });
    const [q] = problemsOf('apiVersion: v1\nkind: Pod\nmetadata:\n  name: app-{{ .Values.name }}\n');
    expect(q!.hint).toContain('helm template');
  });

  it('accepts template syntax inside quoted and block strings (alert rules, ConfigMap data)', () => {
    const [doc] = values('a: "{{ $labels.instance }}"\nb: |\n  {{ .Value }}\n');
    expect(doc).toEqual({ a: '{{ $labels.instance }}', b: '{{ .Value }}\n' });
  });

  it('reads a document that is only an explicit key without crashing (found by fuzzing)', () => {
    expect(values('?')).toHaveLength(1);
    expect(values('? a\n')).toEqual([{ a: null }]);
  });

  it('refuses a mapping key that is a collection, at its position', () => {
    const [p] = problemsOf('a: 1\n? [x, y]\n: 2\n');
    expect(p).toMatchObject({ message: 'a mapping key that is itself a mapping or a list', pos: { line: 2, col: 3 } });
  });

  it('refuses an alias of a collection used as a key, without the library warning about it (found by fuzzing)', async () => {
    const warnings: unknown[] = [];
    const listener = (w: unknown) => warnings.push(w);
    process.on('warning', listener);
    try {
      const [p] = problemsOf('a: &x {k: v}\n*x : 1\n');
      expect(p).toMatchObject({ message: 'a mapping key that is itself a mapping or a list', pos: { line: 2, col: 1 } });
      expect(values('a: &x k\n*x : 1\n')).toEqual([{ a: 'k', k: 1 }]);
      await new Promise(setImmediate); // Node emits warnings on a later tick
    } finally {
      process.off('warning', listener);
    }
    expect(warnings).toEqual([]);
  });

  it('refuses an alias bomb', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 0; i < 8; i++) bomb.push(`${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10).fill(`*${String.fromCharCode(97 + i)}`).join(', ')}]`);
    const [p] = problemsOf(`${bomb.join('\n')}\n`);
    expect(p!.message).toContain('alias bomb');
  });
});
