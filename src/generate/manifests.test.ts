/**
 * The two YAML writers of toYaml: js-yaml for every manifest but the
 * ConstraintTemplates, which the `yaml` library writes. For the names and
 * values a cluster has, they must write the same bytes; for any string, both
 * must read back — as kubectl reads YAML 1.1 — to exactly the object written.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { REPO_ROOT, runCli, tempDir } from '../../test/helpers.js';
import { templateManifest } from './bundle.js';
import { FAMILIES } from './gatekeeper/families/index.js';
import { BUILT_TEMPLATES_FILE, manifestKey, readsAsGoNumber, toYaml, writeYaml } from './manifests.js';

const anyDnsName = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,20}[a-z0-9])?$/);
/**
 * Names both writers write alike: js-yaml alone quotes those go-yaml v2 reads as numbers (`1e3`, `0b-1`, `0o17`),
 * and the `yaml` library alone quotes dates such as `0000-0-0` (YAML 1.1 timestamps, which go-yaml keeps as strings).
 */
const dnsName = anyDnsName.filter((s) => !readsAsGoNumber(s) && !/^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?![0-9])/.test(s));

/** Strings go-yaml v2 (kubectl's reader) reads as numbers, checked with go-yaml v2.4 itself, and what each becomes; the last, go-yaml v3 (kustomize's). */
const GO_NUMBERS: [string, number][] = [
  ['0b-1', -1], ['-0b11', -3], ['0B11', 3], ['1e3', 1000], ['1e-3', 0.001], ['0o17', 15], ['0O17', 15], ['0x1f', 31], ['0X1F', 31],
  ['08', 8], ['1_000', 1000], ['+_1', 1], ['0_x1', 1], ['.5', 0.5], ['1.', 1], ['99999999999999999999', 1e20], ['0o-1', -1],
];
/** Near misses it keeps as strings, which stay plain. */
const GO_STRINGS = ['0b2', '1e', 'x1e3', '1-0', 'a1e3', '1e3a', '0b-1a', '0x1g', '0o8', '1e-3-a'];
const YAML11_WORDS = ['yes', 'no', 'on', 'off', 'y', 'n', 'Y', 'NO', 'True', '0777', '0x1F', '1_000', '1e3', '~', 'null', '.inf', '0b101', '2024-01-01', '1:20', '', ' a', 'a ', '-', '- a', '? a', 'a: b', '#a', 'a #b', '"', "'", '*a', '&a', '!a', '%a', '@a', '`a', '{}', '[]', ','];
const anyString = fc.oneof(fc.string(), fc.constantFrom(...YAML11_WORDS), fc.string({ unit: 'binary' }));

/** A Constraint-shaped object built from the given strings. */
function constraint(name: string, namespaces: string[], accounts: string[], n: number, flag: boolean): Record<string, unknown> {
  return {
    apiVersion: 'constraints.gatekeeper.sh/v1beta1',
    kind: 'PspMigrateHostPorts',
    metadata: { name },
    spec: {
      enforcementAction: 'deny',
      match: { scope: 'Namespaced', kinds: [{ apiGroups: [''], kinds: ['Pod'] }], namespaces },
      parameters: { policies: [{ name, serviceAccounts: accounts, hostPorts: [{ min: n, max: n + 1 }], readOnly: flag, extra: {}, none: [] }] },
    },
  };
}

/** Any manifest-like value: maps, lists, strings, integers, booleans, nulls, nested a few levels. */
function manifestValue(str: fc.Arbitrary<string>): fc.Arbitrary<unknown> {
  return fc.letrec((tie) => ({
    value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, str, fc.integer(), fc.boolean(), fc.constant(null), tie('list'), tie('map')),
    list: fc.array(tie('value'), { maxLength: 3 }),
    map: fc.dictionary(str, tie('value'), { maxKeys: 3 }),
  })).value;
}

function readBack(text: string): unknown {
  const docs = parseAllDocuments(text, { version: '1.1', uniqueKeys: true });
  expect(docs.flatMap((d) => d.errors)).toEqual([]);
  return docs[0]!.toJS();
}

describe('toYaml', () => {
  it('writes the same bytes with both writers for the names and values a cluster has', () => {
    fc.assert(
      fc.property(dnsName, fc.array(dnsName, { maxLength: 4 }), fc.array(fc.oneof(dnsName, fc.constantFrom(...YAML11_WORDS.slice(0, 13))), { maxLength: 4 }), fc.integer({ min: 0, max: 65535 }), fc.boolean(), (name, namespaces, accounts, n, flag) => {
        const object = constraint(name, namespaces, accounts, n, flag);
        const comment = [` Keeps what the namespaces' label does not: ${name}: spec.hostPorts.`];
        expect(toYaml({ name: 'x.yaml', object, comment })).toBe(toYaml({ name: 'x.yaml', object, comment, yamlLibrary: true }));
      }),
      { seed: 7, numRuns: 500 },
    );
  });

  it('reads back to the object written, for any string, with either writer', () => {
    fc.assert(
      fc.property(anyString, fc.array(anyString, { maxLength: 3 }), fc.array(anyString, { maxLength: 3 }), fc.boolean(), (name, namespaces, accounts, byJsYaml) => {
        const object = constraint(name, namespaces, accounts, 80, true);
        expect(readBack(toYaml({ name: 'x.yaml', object, yamlLibrary: !byJsYaml }))).toEqual(object);
      }),
      { seed: 8, numRuns: 1000 },
    );
  });

  it('writes the same bytes with both writers for any manifest of cluster names, numbers and flags (mutators, the kustomization)', () => {
    const clusterString = fc.oneof(dnsName, fc.constantFrom('spec.containers[name:*].securityContext.runAsUser', 'runtime/default', 'localhost/profiles/a.json', 'docker/default', 'NET_BIND_SERVICE', '*', 'kube-system', 'namespaces/a.yaml', 'gatekeeper/mutations/a-b.yaml'));
    fc.assert(
      fc.property(fc.dictionary(dnsName, manifestValue(clusterString), { maxKeys: 5 }), (object) => {
        expect(toYaml({ name: 'x.yaml', object, comment: [' c'] })).toBe(toYaml({ name: 'x.yaml', object, comment: [' c'], yamlLibrary: true }));
      }),
      { seed: 9, numRuns: 1000 },
    );
  });

  it('reads back to any manifest written, whatever its strings, with either writer', () => {
    fc.assert(
      fc.property(fc.dictionary(anyString, manifestValue(anyString), { maxKeys: 4 }), fc.boolean(), (object, byJsYaml) => {
        expect(readBack(toYaml({ name: 'x.yaml', object, yamlLibrary: !byJsYaml }))).toEqual(object);
      }),
      { seed: 10, numRuns: 1000 },
    );
  });

  it('quotes every string go-yaml (kubectl\'s and kustomize\'s reader) takes for a number or a date, and no near miss', () => {
    for (const [s] of GO_NUMBERS) {
      expect(readsAsGoNumber(s), s).toBe(true);
      const text = toYaml({ name: 'x.yaml', object: { metadata: { name: s }, list: [s] } });
      expect(text, s).toContain(`name: "${s}"\n`);
      expect(text, s).toContain(`  - "${s}"\n`);
      expect(readBack(text)).toEqual({ metadata: { name: s }, list: [s] });
    }
    for (const s of GO_STRINGS) {
      expect(readsAsGoNumber(s), s).toBe(false);
      expect(toYaml({ name: 'x.yaml', object: { name: s } }), s).toContain(`name: ${s}\n`);
    }
    // kustomize (go-yaml v3) also takes a date with a one-digit month or day for a timestamp.
    for (const s of ['2024-1-1', '2024-12-9', '2024-1-1t10:00:00z']) expect(toYaml({ name: 'x.yaml', object: { name: s } }), s).toContain(`name: "${s}"\n`);
  });

  it('keeps comments on their lines whatever the names in them (kubectl also breaks lines at CR, NEL, LS, PS)', () => {
    for (const byJsYaml of [true, false]) {
      const text = toYaml({ name: 'x.yaml', object: { kind: 'Namespace' }, comment: [' PSPs usable here: a\rkind: Evil\u2028b: c\u0085d\u2029e\u0000f\ufffeg\uffffh\ud800i\udc00j\ud83d\ude00.'], yamlLibrary: !byJsYaml });
      const lines = text.split(/\r\n|[\n\r\u0085\u2028\u2029]/);
      expect(lines.filter((l) => l !== '' && !l.startsWith('#'))).toEqual(['kind: Namespace']);
      // (U+FFFE, U+FFFF and lone surrogates make go-yaml v2 refuse the whole file; a pair is a character like any other.)
      expect(text).toContain('a\\u000dkind: Evil\\u2028b: c\\u0085d\\u2029e\\u0000f\\ufffeg\\uffffh\\ud800i\\udc00j\ud83d\ude00.');
    }
  });
});

describe('ConstraintTemplates written at build time', () => {
  const built = path.join(REPO_ROOT, BUILT_TEMPLATES_FILE);

  it('are, for every family, what toYaml writes now', () => {
    // npm ci builds dist/ (the prepare script); without it there is nothing to compare.
    expect(existsSync(built), `${built} is missing: run npm run build`).toBe(true);
    const texts = JSON.parse(readFileSync(built, 'utf8')) as Record<string, string>;
    expect(Object.keys(texts)).toHaveLength(FAMILIES.length);
    for (const family of FAMILIES) {
      const m = templateManifest(family);
      // The key the built program looks up must be there, or it would write every template again.
      expect(texts[manifestKey(m)], m.name).toBe(writeYaml(m));
    }
  });

  it('give the built program the same bundle as the sources', async () => {
    const seed = path.join(REPO_ROOT, 'testdata/examples/seed-cluster');
    const dir = tempDir();
    const fromSource = await runCli(['convert', '-f', seed, '--out-dir', 'source'], { cwd: dir });
    expect(fromSource.code).toBe(0);
    execFileSync(process.execPath, [path.join(REPO_ROOT, 'dist/cli/main.js'), 'convert', '-f', seed, '--out-dir', 'built'], { cwd: dir, stdio: 'pipe' });
    const templates = readdirSync(path.join(dir, 'source/gatekeeper/templates')).sort();
    expect(templates.length).toBeGreaterThan(3);
    expect(readdirSync(path.join(dir, 'built/gatekeeper/templates')).sort()).toEqual(templates);
    for (const t of templates) expect(readFileSync(path.join(dir, 'built/gatekeeper/templates', t), 'utf8'), t).toBe(readFileSync(path.join(dir, 'source/gatekeeper/templates', t), 'utf8'));
  });
});
