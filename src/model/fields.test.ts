import { describe, expect, it } from 'vitest';
import { SourceMap } from '../input/source-map.js';
import { FieldReader } from './fields.js';

function reader(value: Record<string, unknown>): FieldReader {
  const pos = { file: 'f.yaml', line: 3, col: 1 };
  return new FieldReader({ apiVersion: 'v1', kind: 'Pod', value, pos, map: SourceMap.only(pos) });
}

describe('FieldReader.strMap (labels, annotations)', () => {
  it('keeps string values, skips null, reports other types at their key, and keeps __proto__ as data', () => {
    const labels = JSON.parse('{"app": "web", "gone": null, "replicas": 3, "__proto__": "x", "constructor": "y"}') as Record<string, unknown>;
    const r = reader({ metadata: { labels } });
    const out = r.strMap(['metadata', 'labels']);
    expect(Object.keys(out)).toEqual(['app', '__proto__', 'constructor']);
    expect(out.app).toBe('web');
    expect(Object.getOwnPropertyDescriptor(out, '__proto__')?.value).toBe('x');
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(r.problems.map((p) => p.message)).toEqual(['metadata.labels.replicas: expected a string, found the number 3']);
  });

  it('gives an empty map for a missing one, and reports one that is not a map', () => {
    expect(reader({}).strMap(['metadata', 'labels'])).toEqual({});
    const r = reader({ metadata: { labels: ['a'] } });
    expect(r.strMap(['metadata', 'labels'])).toEqual({});
    expect(r.problems).toHaveLength(1);
  });
});
