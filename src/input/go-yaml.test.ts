/**
 * Plain scalars as go-yaml v2 reads them. Each row is what go-yaml itself
 * (gopkg.in/yaml.v2 v2.4, the reader under sigs.k8s.io/yaml, built with
 * Go 1.19) gave for `v: <scalar>` unmarshalled into interface{}: a string,
 * an int (int, int64 or uint64) or a float64. The rows were reviewed against
 * resolve.go; goYamlScalar was also compared with go-yaml on 470,000
 * generated scalars (every string of up to 4 or 5 characters over digits,
 * `. _ + - e E x o b B O X a f p`), with no difference.
 */
import { describe, expect, it } from 'vitest';
import { fastYamlItem } from './fast-yaml.js';
import { goYamlScalar } from './go-yaml.js';
import { parseYamlStream } from './yaml.js';

const GO_YAML: [s: string, kind: 'string' | 'int' | 'float', value?: number][] = [
  ['e5', 'string'],
  ['E1', 'string'],
  ['.', 'string'],
  ['-.', 'string'],
  ['+.', 'string'],
  ['._', 'string'],
  ['.e5', 'string'],
  ['0x_', 'string'],
  ['0b_', 'string'],
  ['0_', 'int', 0],
  ['0__', 'int', 0],
  ['+_1', 'int', 1],
  ['-_1', 'int', -1],
  ['_1', 'string'],
  ['1_', 'int', 1],
  ['1__0', 'int', 10],
  ['1_000', 'int', 1000],
  ['0o17', 'int', 15],
  ['0O17', 'int', 15],
  ['017', 'int', 15],
  ['0777', 'int', 511],
  ['08', 'float', 8],
  ['-08', 'float', -8],
  ['00', 'int', 0],
  ['0', 'int', 0],
  ['-0', 'int', 0],
  ['+0', 'int', 0],
  ['-0.0', 'float', -0],
  ['0.', 'float', 0],
  ['.5', 'float', 0.5],
  ['+.5', 'float', 0.5],
  ['-.5', 'float', -0.5],
  ['.5_5', 'float', 0.55],
  ['.5__5', 'string'],
  ['._5', 'string'],
  ['.5_', 'string'],
  ['.5e1_0', 'float', 5000000000],
  ['1e1_0', 'float', 10000000000],
  ['1_0.5', 'float', 10.5],
  ['1_.5', 'float', 1.5],
  ['1e3', 'float', 1000],
  ['1E+3', 'float', 1000],
  ['1e-3', 'float', 0.001],
  ['1e400', 'string'],
  ['-1e400', 'string'],
  ['1e-400', 'float', 0],
  ['5.e5', 'float', 500000],
  ['1.2.3', 'string'],
  ['0x1F', 'int', 31],
  ['0X1f', 'int', 31],
  ['-0x1F', 'int', -31],
  ['0x1fffffffffffffff', 'int', Number('2305843009213693951')],
  ['0b101', 'int', 5],
  ['0B11', 'int', 3],
  ['-0b101', 'int', -5],
  ['0b-1', 'int', -1],
  ['0b+1', 'int', 1],
  ['-0b-1', 'string'],
  ['0o-7', 'string'],
  ['0x-1', 'string'],
  ['0b2', 'string'],
  ['0o8', 'string'],
  ['9007199254740993', 'int', Number('9007199254740993')],
  ['9223372036854775807', 'int', Number('9223372036854775807')],
  ['9223372036854775808', 'int', Number('9223372036854775808')],
  ['-9223372036854775808', 'int', Number('-9223372036854775808')],
  ['-9223372036854775809', 'float', -9223372036854776000],
  ['18446744073709551615', 'int', Number('18446744073709551615')],
  ['18446744073709551616', 'float', 18446744073709552000],
  ['1:20', 'string'],
  ['2024-01-01', 'string'],
  ['inf', 'string'],
  ['+inf', 'string'],
  ['nan', 'string'],
  ['0x1p-2', 'string'],
  ['e', 'string'],
  ['1e', 'string'],
  ['.e', 'string'],
  ['5e+', 'string'],
];

/** A number, told apart from -0. */
const shown = (v: unknown) => (Object.is(v, -0) ? '-0' : v);

describe('go-yaml v2 numbers', () => {
  it.each(GO_YAML)('%s is read as go-yaml reads it', (s, kind, value) => {
    const got = goYamlScalar(s);
    expect(got === undefined ? 'string' : got.kind).toBe(kind);
    if (got) expect(shown(got.value)).toBe(shown(value));
  });

  it('both YAML readers give go-yaml values, as values and as keys', () => {
    for (const [s, kind, value] of GO_YAML) {
      const want = kind === 'string' ? s : value;
      const text = `v: ${s}\n${s}: k\n`;
      const [doc] = [...parseYamlStream(text, 't.yaml')];
      const exact = doc!.value as Record<string, unknown>;
      expect(shown(exact.v), s).toBe(shown(want));
      // A key that is a number is the number's JSON text (sigs.k8s.io/yaml writes the keys of the JSON it makes so).
      expect(exact[String(want)], s).toBe('k');
      const fast = fastYamlItem(text) as Record<string, unknown> | undefined;
      // (The fast reader may leave a text to the exact one; when it reads it, it reads the same.)
      if (fast !== undefined) expect(fast, s).toStrictEqual(exact);
    }
  });

  it('reads a namespace named e5 or a label 0o17 as Kubernetes does', () => {
    const [doc] = [...parseYamlStream('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: e5\n  labels:\n    a: .\n    b: 0o17\n', 'ns.yaml')];
    expect(doc!.value).toEqual({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'e5', labels: { a: '.', b: 15 } } });
  });
});
