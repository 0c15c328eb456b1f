/**
 * Every class of user error (SPEC §2.3), each with its exact message: exit 2,
 * what is wrong and where (`file:line:column` when it is in a file), a hint
 * saying what to do, nothing on stdout, and nothing written to --out-dir.
 *
 * A message changed on purpose changes here; a class of error added to the
 * code gets a case here.
 */
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LOCK_FILE, NODE_FS } from '../src/output/bundle.js';
import { runCli, tempDir } from './helpers.js';

const NOTHING = 'psp-migrate: nothing was written.\n';

const STRATEGIES = '  seLinux: {rule: RunAsAny}\n  runAsUser: {rule: RunAsAny}\n  supplementalGroups: {rule: RunAsAny}\n  fsGroup: {rule: RunAsAny}\n';

/** A PodSecurityPolicy whose spec is `spec` (indented by two spaces). */
function psp(spec: string): string {
  return `apiVersion: policy/v1beta1\nkind: PodSecurityPolicy\nmetadata:\n  name: p\nspec:\n${spec}`;
}

/** Ten levels of nine aliases each: 9^10 nodes once expanded. */
function aliasBomb(): string {
  const lines = ['apiVersion: v1', 'kind: ConfigMap', 'a0: &a0 [x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i <= 9; i++) lines.push(`a${i}: &a${i} [${Array.from({ length: 9 }, () => `*a${i - 1}`).join(', ')}]`);
  return `${lines.join('\n')}\n`;
}

interface Case {
  /** Files of the working directory. */
  files?: Record<string, string | Buffer>;
  args: string[];
  stdin?: string;
  env?: Record<string, string>;
  /** The exact standard error. */
  stderr: string | RegExp;
  /** Whether the run also gets `--out-dir out` (convert, and the arguments parse). */
  outDir?: boolean;
}

async function expectRefused(c: Case): Promise<void> {
  const ws = tempDir(c.files ?? {});
  const saved = { ...process.env };
  Object.assign(process.env, c.env ?? {});
  try {
    const args = c.outDir === false ? c.args : [...c.args, '--out-dir', 'out'];
    const r = await runCli(args, { cwd: ws, ...(c.stdin !== undefined ? { stdin: c.stdin } : {}) });
    if (typeof c.stderr === 'string') expect(r.stderr).toBe(c.stderr);
    else expect(r.stderr).toMatch(c.stderr);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(existsSync(path.join(ws, 'out'))).toBe(false);
    // Every error says what to do: input and output errors in a hint line, usage errors by pointing at --help.
    const errors = r.stderr.split('\n').filter((l) => /(^|: )error: /.test(l));
    const hints = r.stderr.split('\n').filter((l) => l.startsWith('  hint: ') && l.length > '  hint: '.length);
    if (errors.length > 0) expect(hints.length, r.stderr).toBe(errors.length);
    else expect(r.stderr, r.stderr).toMatch(/\nRun `psp-migrate (convert |check )?--help` for usage\.\n$/);
  } finally {
    process.env = saved;
  }
}

describe('input errors', () => {
  const cases: Record<string, Case> = {
    'a file that does not exist': {
      args: ['convert', '-f', 'nope.yaml'],
      stderr: `error: nope.yaml: no such file or directory\n  hint: check the path given with -f\n${NOTHING}`,
    },
    'a directory without manifests': {
      files: { 'dump/notes.txt': 'x\n' },
      args: ['convert', '-f', 'dump'],
      stderr: `error: dump: the directory has no .yaml, .yml or .json files\n  hint: point -f at the directory that holds the cluster dump or manifests\n${NOTHING}`,
    },
    'binary data (a NUL byte)': {
      files: { 'a.yaml': Buffer.from('kind: Pod\n\u0000\n') },
      args: ['convert', '-f', 'a.yaml'],
      stderr: `a.yaml:2:1: error: binary data (a NUL byte), not a YAML or JSON manifest\n  hint: give psp-migrate the output of \`kubectl get … -o yaml\` or \`-o json\`, or manifests in UTF-8\n${NOTHING}`,
    },
    'invalid UTF-8': {
      files: { 'a.yaml': Buffer.concat([Buffer.from('kind: Pod\nx: '), Buffer.from([0xc3, 0x28]), Buffer.from('\n')]) },
      args: ['convert', '-f', 'a.yaml'],
      stderr: `a.yaml:2:4: error: binary data (invalid UTF-8), not a YAML or JSON manifest\n  hint: give psp-migrate the output of \`kubectl get … -o yaml\` or \`-o json\`, or manifests in UTF-8\n${NOTHING}`,
    },
    'a document larger than the limit (PSP_MIGRATE_MAX_FILE_MB)': {
      files: { 'a.yaml': `${psp(STRATEGIES)}---\n${'x'.repeat(2 * 1024 * 1024)}\n` },
      env: { PSP_MIGRATE_MAX_FILE_MB: '1' },
      args: ['convert', '-f', 'a.yaml'],
      stderr: `a.yaml:11:1: error: a single document or List item larger than 1 MiB, the most psp-migrate holds in memory at once\n  hint: check that this is a cluster dump or manifest; raise the limit with PSP_MIGRATE_MAX_FILE_MB if this machine has the memory\n${NOTHING}`,
    },
    'a YAML line longer than any Kubernetes object holds (a huge scalar)': {
      files: { 'a.yaml': `${psp(STRATEGIES)}---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n  a: "${'x'.repeat(3 * 1024 * 1024)}"\n` },
      args: ['convert', '-f', 'a.yaml'],
      stderr: `a.yaml:16:1: error: a YAML line longer than 2 MiB (3.0 MiB)\n  hint: no Kubernetes object holds a line this long (the API server stores at most 1.5 MiB per object): check that this is a cluster dump or manifest\n${NOTHING}`,
    },
    'standard input larger than the limit': {
      stdin: `${psp(STRATEGIES)}# ${'x'.repeat(2 * 1024 * 1024)}\n`,
      env: { PSP_MIGRATE_MAX_FILE_MB: '1' },
      args: ['convert'],
      stderr: `error: <stdin> is larger than 1 MiB (2.0 MiB), the most psp-migrate reads from one input\n  hint: split the dump (for example one kubectl get per resource kind), or raise the limit with PSP_MIGRATE_MAX_FILE_MB if this machine has the memory\n${NOTHING}`,
    },
    'malformed YAML': {
      files: { 'a.yaml': 'apiVersion: v1\nkind: Pod\n  bad: indent\n' },
      args: ['convert', '-f', 'a.yaml'],
      stderr: `a.yaml:2:7: error: malformed YAML: Nested mappings are not allowed in compact mappings\n  hint: fix the YAML syntax at this position\n${NOTHING}`,
    },
    'malformed JSON': {
      files: { 'a.json': '{"apiVersion": "v1", "kind": "Pod",}' },
      args: ['convert', '-f', 'a.json'],
      stderr: `a.json:1:36: error: malformed JSON: expected a key in double quotes, found "}"\n  hint: fix the JSON syntax at this position\n${NOTHING}`,
    },
    'a duplicate key in YAML': {
      files: { 'a.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n  name: b\n' },
      args: ['convert', '-f', 'a.yaml'],
      stderr: `a.yaml:5:3: error: duplicate key "name" in a mapping\n  hint: Kubernetes would keep only one of the values: remove the other\n${NOTHING}`,
    },
    'a duplicate key in JSON': {
      files: { 'a.json': '{"apiVersion": "v1", "kind": "Namespace", "kind": "Pod"}' },
      args: ['convert', '-f', 'a.json'],
      stderr: `a.json:1:43: error: duplicate key "kind" in an object\n  hint: Kubernetes would keep only one of the values: remove the other\n${NOTHING}`,
    },
    'an unrendered Helm template': {
      files: { 'a.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: {{ .Values.ns }}\n' },
      args: ['convert', '-f', 'a.yaml'],
      stderr: `a.yaml:4:9: error: Go template syntax \`{{ … }}\` where YAML is expected\n  hint: this looks like an unrendered Helm template: run \`helm template\` first and give psp-migrate its output\n${NOTHING}`,
    },
    'a YAML alias bomb': {
      files: { 'a.yaml': aliasBomb() },
      args: ['convert', '-f', 'a.yaml'],
      stderr: `a.yaml:1:1: error: the document expands too many YAML aliases (more than 100); refusing it as a possible alias bomb\n  hint: expand the aliases in the file, or split the document\n${NOTHING}`,
    },
    'YAML nested 10,000 deep': {
      files: { 'a.yaml': `${'['.repeat(10_000)}${']'.repeat(10_000)}\n` },
      args: ['convert', '-f', 'a.yaml'],
      // The 201st bracket, whatever the size of the stack (the parser's own overflow is not where it stops).
      stderr: `a.yaml:1:201: error: the YAML nests deeper than 200 levels (no Kubernetes object nests this deep)\n  hint: check the file: it is not a cluster dump or manifest\n${NOTHING}`,
    },
    'two files nested 10,000 deep, one behind a key': {
      // Neither is given to the composer, which recursed until the process ran out of memory (V8 aborted, exit 134).
      files: { 'a.yaml': `${'['.repeat(10_000)}x${']'.repeat(10_000)}\n`, 'b.yaml': `apiVersion: v1\nkind: ConfigMap\n${'['.repeat(10_000)}x${']'.repeat(10_000)}: 1\n` },
      args: ['convert', '-f', 'a.yaml', '-f', 'b.yaml'],
      stderr: `a.yaml:1:201: error: the YAML nests deeper than 200 levels (no Kubernetes object nests this deep)\n  hint: check the file: it is not a cluster dump or manifest\nb.yaml:3:200: error: the YAML nests deeper than 200 levels (no Kubernetes object nests this deep)\n  hint: check the file: it is not a cluster dump or manifest\n${NOTHING}`,
    },
    'JSON nested 10,000 deep': {
      files: { 'a.json': `${'['.repeat(10_000)}${']'.repeat(10_000)}` },
      args: ['convert', '-f', 'a.json'],
      stderr: `a.json:1:1002: error: JSON nested deeper than 1000 levels\n  hint: no Kubernetes object nests this deep; check the file\n${NOTHING}`,
    },
    'a mapping key that is a collection': {
      files: { 'a.yaml': 'apiVersion: v1\nkind: Namespace\n? [a]\n: b\n' },
      args: ['convert', '-f', 'a.yaml'],
      stderr: `a.yaml:3:3: error: a mapping key that is itself a mapping or a list\n  hint: Kubernetes objects have only string keys: fix the YAML at this position\n${NOTHING}`,
    },
    'a document that is not a Kubernetes object': {
      files: { 'a.yaml': 'hello: world\n' },
      args: ['convert', '-f', 'a.yaml'],
      stderr: `a.yaml:1:1: error: this document is not a Kubernetes object (it needs string fields apiVersion and kind)\n  hint: remove it, or give only Kubernetes manifests and \`kubectl get -o yaml|json\` output\n${NOTHING}`,
    },
    'a List item that is not an object': {
      files: { 'a.yaml': 'apiVersion: v1\nkind: List\nitems:\n- 42\n' },
      args: ['convert', '-f', 'a.yaml'],
      stderr: `a.yaml:4:3: error: item 0 of the List is not a Kubernetes object (it needs string fields apiVersion and kind)\n  hint: remove it, or give only Kubernetes manifests and \`kubectl get -o yaml|json\` output\n${NOTHING}`,
    },
    'a PSP without a strategy': {
      files: { 'a.yaml': psp(STRATEGIES.replace('  runAsUser: {rule: RunAsAny}\n', '')) },
      args: ['convert', '-f', 'a.yaml'],
      stderr: `a.yaml:5:1: error: spec.runAsUser: Required value: the runAsUser strategy is missing; its rule must be one of "MustRunAs", "MustRunAsNonRoot", "RunAsAny"\n  hint: add spec.runAsUser.rule (RunAsAny keeps the policy as permissive as an unset one)\n${NOTHING}`,
    },
    'a PSP with an unknown strategy rule': {
      files: { 'a.yaml': psp(STRATEGIES.replace('runAsUser: {rule: RunAsAny}', 'runAsUser: {rule: Sometimes}')) },
      args: ['convert', '-f', 'a.yaml'],
      stderr: `a.yaml:7:15: error: spec.runAsUser.rule: Unsupported value: "Sometimes": supported values: "MustRunAs", "MustRunAsNonRoot", "RunAsAny"\n  hint: use one of the supported rules (they are case-sensitive)\n${NOTHING}`,
    },
    'a PSP range with min > max': {
      files: { 'a.yaml': psp(STRATEGIES.replace('runAsUser: {rule: RunAsAny}', 'runAsUser: {rule: MustRunAs, ranges: [{min: 10, max: 5}]}')) },
      args: ['convert', '-f', 'a.yaml'],
      stderr: `a.yaml:7:42: error: spec.runAsUser.ranges[0].min: Invalid value: 10: min cannot be greater than max (5)\n  hint: swap min and max, or fix the range\n${NOTHING}`,
    },
    'a PSP field of the wrong type': {
      files: { 'a.yaml': psp(`${STRATEGIES}  privileged: yes please\n`) },
      args: ['convert', '-f', 'a.yaml'],
      stderr: `a.yaml:10:3: error: spec.privileged: expected a boolean (true or false), found the string "yes please"\n  hint: fix the field type; the API server would reject this object\n${NOTHING}`,
    },
    'a YAML 1.1 boolean where a string belongs': {
      files: { 'a.yaml': psp(`${STRATEGIES}  volumes: [configMap, yes]\n`) },
      args: ['convert', '-f', 'a.yaml'],
      stderr: `a.yaml:10:24: error: spec.volumes[1]: expected a string, found the boolean true\n  hint: YAML 1.1, which Kubernetes reads, takes unquoted yes/no/on/off/y/n as booleans and digits as numbers: quote the value\n${NOTHING}`,
    },
    'a PSP with an unknown volume type': {
      files: { 'a.yaml': psp(`${STRATEGIES}  volumes: [configMap, floppy]\n`) },
      args: ['convert', '-f', 'a.yaml'],
      stderr: `a.yaml:10:24: error: spec.volumes[1]: Unsupported value: "floppy": not a volume type\n  hint: use one of the PodSecurityPolicy volume types, e.g. configMap, secret, emptyDir, persistentVolumeClaim, or *\n${NOTHING}`,
    },
    'a PSP the API server would reject (sysctls)': {
      files: { 'a.yaml': psp(`${STRATEGIES}  allowedUnsafeSysctls: ["*", "kernel.x"]\n`) },
      args: ['convert', '-f', 'a.yaml'],
      stderr: `a.yaml:10:3: error: spec.allowedUnsafeSysctls: Forbidden: if '*' is present, must not specify other sysctls\n  hint: the API server would reject this PodSecurityPolicy: fix the field\n${NOTHING}`,
    },
    'an object without a name': {
      files: { 'a.yaml': psp(STRATEGIES).replace('  name: p\n', '  labels: {}\n') },
      args: ['convert', '-f', 'a.yaml'],
      stderr: `a.yaml:3:1: error: metadata.name: Required value: every object needs a name\n  hint: add metadata.name\n${NOTHING}`,
    },
    'a binding without a complete roleRef': {
      files: { 'a.yaml': 'apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: b, namespace: shop}\nroleRef: {kind: Role}\nsubjects: []\n' },
      args: ['convert', '-f', 'a.yaml'],
      stderr: `a.yaml:4:1: error: roleRef: Required value: roleRef needs kind and name\n  hint: complete the roleRef\n${NOTHING}`,
    },
    'no input at all': {
      args: ['convert'],
      stderr: `error: no input\n  hint: give -f FILE|DIR (repeatable), or pipe a dump in: kubectl get psp,clusterrole,clusterrolebinding,role,rolebinding,ns,sa,pods -A -o yaml | psp-migrate convert\n${NOTHING}`,
    },
    'input without objects': {
      files: { 'a.yaml': '# nothing\n---\n' },
      args: ['convert', '-f', 'a.yaml'],
      stderr: `error: no Kubernetes objects in the input (a.yaml)\n  hint: give the output of \`kubectl get psp,clusterrole,clusterrolebinding,role,rolebinding,ns,sa,pods -A -o yaml\`, or a directory of manifests\n${NOTHING}`,
    },
    'empty standard input': {
      stdin: '',
      args: ['convert'],
      stderr: `error: no Kubernetes objects in the input (<stdin>)\n  hint: give the output of \`kubectl get psp,clusterrole,clusterrolebinding,role,rolebinding,ns,sa,pods -A -o yaml\`, or a directory of manifests\n${NOTHING}`,
    },
  };
  it.each(Object.entries(cases))('%s', async (_name, c) => {
    await expectRefused(c);
  });

  it('check refuses bad input with the same messages', async () => {
    await expectRefused({ files: { 'a.yaml': 'kind: [\n' }, args: ['check', '-f', 'a.yaml'], outDir: false, stderr: `a.yaml:2:1: error: malformed YAML: Flow sequence in block collection must be sufficiently indented and end with a ]\n  hint: fix the YAML syntax at this position\n${NOTHING}` });
  });
});

describe('usage errors', () => {
  const usage = (message: string, command?: string) => `psp-migrate: ${message}\nRun \`psp-migrate ${command ? `${command} ` : ''}--help\` for usage.\n`;
  const cases: Record<string, Case> = {
    'no command': { args: [], outDir: false, stderr: usage('Say which command to run: convert or check.') },
    'an unknown command': { args: ['migrate'], outDir: false, stderr: usage('Unknown argument: migrate') },
    'an unknown option': { args: ['convert', '-f', 'x.yaml', '--frobnicate'], stderr: usage('Unknown argument: frobnicate', 'convert') },
    'a stray argument': { args: ['convert', 'extra', '-f', 'x.yaml'], stderr: usage('Unknown argument: extra', 'convert') },
    '-f without a value': { args: ['convert', '-f'], stderr: usage('-f needs a file, a directory or - for stdin', 'convert') },
    'a malformed --pss-version': { args: ['convert', '-f', 'x.yaml', '--pss-version', '1.30'], stderr: usage('--pss-version "1.30" must be "latest" or "v1.x", e.g. v1.30', 'convert') },
    'a --pss-version that is not 1.x': { args: ['check', '-f', 'x.yaml', '--pss-version', 'v2.0'], outDir: false, stderr: usage('--pss-version "v2.0" must be "latest" or "v1.x", e.g. v1.30', 'check') },
    'an unknown --enforcement-action': {
      args: ['convert', '-f', 'x.yaml', '--enforcement-action', 'block'],
      stderr: usage('Invalid values:\n  Argument: enforcement-action, Given: "block", Choices: "deny", "dryrun", "warn"', 'convert'),
    },
    'an unknown --level': {
      args: ['check', '-f', 'x.yaml', '--level', 'strict'],
      outDir: false,
      stderr: usage('Invalid values:\n  Argument: level, Given: "strict", Choices: "baseline", "restricted", "privileged"', 'check'),
    },
    'an unknown --fail-on': { args: ['convert', '-f', 'x.yaml', '--fail-on', 'always'], stderr: usage('Invalid values:\n  Argument: fail-on, Given: "always", Choices: "gap", "breaking", "never"', 'convert') },
    '--check without --out-dir': { args: ['convert', '-f', 'x.yaml', '--check'], outDir: false, stderr: usage('--check compares with a bundle: give --out-dir DIR', 'convert') },
    '--diff without --out-dir': { args: ['convert', '-f', 'x.yaml', '--diff'], outDir: false, stderr: usage('--diff compares with a bundle: give --out-dir DIR', 'convert') },
    'a convert option given to check': { args: ['check', '-f', 'x.yaml', '--tighten'], outDir: false, stderr: usage('Unknown argument: tighten', 'check') },
  };
  it.each(Object.entries(cases))('%s', async (_name, c) => {
    await expectRefused({ files: { 'x.yaml': psp(STRATEGIES) }, ...c });
  });
});

describe('--out-dir errors', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  /** Runs convert on a valid input into `out` of a workspace prepared by `prepare`; returns the exact stderr. */
  async function refusal(prepare: (ws: string) => void): Promise<{ ws: string; stderr: string }> {
    const ws = tempDir({ 'x.yaml': `${psp(STRATEGIES)}---\napiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n` });
    prepare(ws);
    const r = await runCli(['convert', '-f', 'x.yaml', '--out-dir', 'out'], { cwd: ws });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    return { ws, stderr: r.stderr };
  }

  it('a symbolic link', async () => {
    const outside = tempDir();
    const { ws, stderr } = await refusal((ws) => symlinkSync(outside, path.join(ws, 'out')));
    expect(stderr).toBe(`error: ${path.join(ws, 'out')} is a symbolic link; psp-migrate does not write through links\n  hint: point --out-dir at a real directory, or remove the link\n${NOTHING}`);
  });

  it('a file psp-migrate did not write', async () => {
    const { ws, stderr } = await refusal((ws) => {
      mkdirSync(path.join(ws, 'out/namespaces'), { recursive: true });
      writeFileSync(path.join(ws, 'out/namespaces/shop.yaml'), 'mine\n');
    });
    expect(stderr).toBe(`error: ${path.join(ws, 'out/namespaces/shop.yaml')} exists and was not written by psp-migrate; refusing to overwrite it\n  hint: move it away, or choose another --out-dir\n${NOTHING}`);
  });

  it('a directory where a generated file goes', async () => {
    const { ws, stderr } = await refusal((ws) => mkdirSync(path.join(ws, 'out/namespaces/shop.yaml'), { recursive: true }));
    expect(stderr).toBe(`error: ${path.join(ws, 'out/namespaces/shop.yaml')} is in the way of a generated file and is not a regular file\n  hint: move it away, or choose another --out-dir\n${NOTHING}`);
  });

  it('a file where a generated directory goes', async () => {
    const { ws, stderr } = await refusal((ws) => {
      mkdirSync(path.join(ws, 'out'));
      writeFileSync(path.join(ws, 'out/namespaces'), 'mine\n');
    });
    expect(stderr).toBe(`error: ${path.join(ws, 'out/namespaces')} is in the way of a generated directory and is not a directory\n  hint: move it away, or choose another --out-dir\n${NOTHING}`);
  });

  it('--out-dir is a file', async () => {
    const { ws, stderr } = await refusal((ws) => writeFileSync(path.join(ws, 'out'), 'mine\n'));
    expect(stderr).toBe(`error: --out-dir ${path.join(ws, 'out')} is not a directory\n  hint: give --out-dir a directory, or a path that does not exist yet\n${NOTHING}`);
  });

  it('another run holds the lock', async () => {
    const { ws, stderr } = await refusal((ws) => {
      mkdirSync(path.join(ws, 'out'));
      writeFileSync(path.join(ws, 'out', LOCK_FILE), `${JSON.stringify({ pid: process.pid, hostname: hostname() })}\n`);
    });
    const lock = path.join(ws, 'out', LOCK_FILE);
    expect(stderr).toBe(`error: another psp-migrate run (pid ${process.pid} on ${hostname()}) is writing to ${path.join(ws, 'out')}: it holds the lock file ${lock}\n  hint: wait for that run to finish and run again; if no psp-migrate run is active, remove ${lock}\n${NOTHING}`);
  });

  it('a full disk', async () => {
    const write = NODE_FS.writeFile;
    vi.spyOn(NODE_FS, 'writeFile').mockImplementation((p, c) => (p.includes('.psp-migrate-') ? Promise.reject(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' })) : write(p, c)));
    const { ws, stderr } = await refusal(() => undefined);
    const out = path.join(ws, 'out');
    expect(stderr).toBe(`error: cannot write ${path.join(out, 'REPORT.md')}: no space left on device (ENOSPC)\n  hint: free space on the file system that holds ${out} and run psp-migrate again\n${NOTHING}`);
    expect(existsSync(out)).toBe(false);
  });
});
