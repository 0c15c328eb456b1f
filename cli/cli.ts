/**
 * The command line: argv → typed options → run → exit code. yargs only
 * parses; the work is in src/run.ts.
 */
import { parseArgs as parseWithNode } from 'node:util';
import type { Argv } from 'yargs';
import { InputError } from '../src/input/errors.js';
import type { EnforcementAction } from '../src/generate/gatekeeper/constraints.js';
import { DEFAULT_EXEMPT_NAMESPACES } from '../src/plan/plan.js';
import { LATEST_VERSION, parseVersion } from '../src/pss/index.js';
import type { Level } from '../src/pss/index.js';
import { runConvert } from '../src/convert.js';
import { EXIT_INPUT_ERROR, reportInputError, runCheck } from '../src/run.js';
import type { Io } from '../src/run.js';
import { VERSION } from '../src/version.js';

function withInput<T>(y: Argv<T>) {
  return y.option('filename', {
    alias: 'f',
    type: 'string',
    array: true,
    description: 'A file, a directory (read recursively for .yaml, .yml, .json) or - for stdin; repeatable. Without it, psp-migrate reads piped stdin.',
  });
}

function withPssVersion<T>(y: Argv<T>, description: string) {
  return y.option('pss-version', { type: 'string', default: 'latest', description: `Pod Security Standards version, vX.Y or latest (= ${LATEST_VERSION}); ${description}` });
}

function convertOptions<T>(y: Argv<T>) {
  return withPssVersion(withInput(y), 'the version levels are compared with and the -version labels pin')
    .option('exempt-namespace', { type: 'string', array: true, default: DEFAULT_EXEMPT_NAMESPACES, description: 'A namespace not to label, listed as an exemption in the AdmissionConfiguration; repeatable (giving it replaces the default list)' })
    .option('gatekeeper', { type: 'boolean', default: true, description: 'Generate Gatekeeper ConstraintTemplates, Constraints and mutators (--no-gatekeeper: only the namespace labels)' })
    .option('mutations', { type: 'boolean', default: true, description: 'Generate Gatekeeper mutators for the defaults PSPs set (--no-mutations: none)' })
    .option('enforcement-action', { type: 'string', choices: ['deny', 'dryrun', 'warn'], default: 'deny', description: 'enforcementAction of the generated Constraints' })
    .option('out-dir', { type: 'string', description: 'Write the bundle (kustomization, namespaces, gatekeeper/, admission/, REPORT.md, report.json) into this directory' })
    .option('diff', { type: 'boolean', default: false, description: 'With --out-dir: print a unified diff of what would change, change nothing; exit 1 when something would' })
    .option('check', { type: 'boolean', default: false, description: 'With --out-dir: change nothing, print nothing; exit 1 when something would change (for CI)' })
    .option('output', { alias: 'o', type: 'string', choices: ['yaml', 'json'], default: 'yaml', description: 'Without --out-dir: the objects on stdout as a YAML stream, or a v1 List in JSON' })
    .option('report', { type: 'string', choices: ['md', 'json', 'text'], description: 'Print the report alone in this format instead of the objects' })
    .option('report-file', { type: 'string', description: 'Write the report alone to this file (format from --report, or the .md/.json extension)' })
    .option('fail-on', { type: 'string', choices: ['gap', 'breaking', 'never'], default: 'never', description: 'Exit 1 when the report has a finding of this severity or worse' })
    .option('tighten', { type: 'boolean', default: false, description: 'Per namespace, enforce the strictest level every pod and workload template in the input passes, when that is stricter than the level from the PSPs' });
}

function checkOptions<T>(y: Argv<T>) {
  return withPssVersion(withInput(y), 'for --level, and for namespaces whose labels pin no version')
    .option('level', { type: 'string', choices: ['baseline', 'restricted', 'privileged'], description: "Check every object at this level. Without it, each object is checked at the enforce label of its namespace, when the input has that Namespace (otherwise at PSA's default, privileged)." })
    .option('output', { alias: 'o', type: 'string', choices: ['text', 'json'], default: 'text', description: 'text: one line per violating object; json: every object with its verdict' });
}

/** yargs is loaded only when needed (help, version, errors): it is a fifth of the start time. */
async function loadYargs(): Promise<typeof import('yargs').default> {
  return (await import('yargs')).default;
}

function buildParser(yargs: typeof import('yargs').default) {
  return yargs()
    .scriptName('psp-migrate')
    .usage('$0 <command> [options]\n\nMigrate a cluster off PodSecurityPolicy onto Pod Security Admission labels and Gatekeeper policies.')
    .command('convert', "Read PSPs, RBAC, namespaces and workloads and plan the migration (for now: print what the input holds and each PSP's level and findings)", (y) =>
      convertOptions(y).example('$0 convert -f cluster-dump.yaml', 'read a dump made with kubectl get … -o yaml').example('kubectl get psp,rolebindings,… -A -o yaml | $0 convert', 'read from a pipe'),
    )
    .command('check', 'Evaluate every Pod and workload pod template against the Pod Security Standards, offline, as the PodSecurity admission plugin would', (y) =>
      checkOptions(y)
        .example('$0 check -f workloads/ --level restricted', 'what a restricted label would reject')
        .example('$0 check -f cluster-dump.yaml -o json', "each object at its namespace's enforce label"),
    )
    .demandCommand(1, 'Say which command to run: convert or check.')
    .strict()
    .version(VERSION)
    .help()
    .alias('help', 'h')
    .wrap(Math.min(100, process.stdout.columns || 100));
}

export interface Parsed {
  error?: Error;
  args?: { _: (string | number)[]; filename?: string[]; level?: string; pssVersion?: string; output?: string; exemptNamespace?: string[]; tighten?: boolean; gatekeeper?: boolean; mutations?: boolean; enforcementAction?: string; outDir?: string; diff?: boolean; check?: boolean; report?: string; reportFile?: string; failOn?: string };
  output: string;
}

/** yargs takes a lone `-` for a positional argument; we hide it from yargs as the value of -f. */
const STDIN_ARG = '\u0000stdin';

function protectStdinArg(argv: readonly string[]): string[] {
  return argv.map((arg, i) => (arg === '-' && (argv[i - 1] === '-f' || argv[i - 1] === '--filename') ? STDIN_ARG : arg));
}

function runParser<T>(parser: Argv<T>, argv: readonly string[]): Promise<Parsed> {
  return new Promise<Parsed>((resolve) => {
    parser.parse([...argv], {}, (error: Error | undefined, args: Parsed['args'], output: string) => {
      resolve({ ...(error ? { error } : {}), ...(args ? { args } : {}), output });
    });
  });
}

/** The options of each command for the quick parser: name → [type, choices, multiple, short]. */
type QuickOption = { type: 'string' | 'boolean'; choices?: readonly string[]; multiple?: boolean; short?: string };
const FILE_AND_VERSION: Record<string, QuickOption> = { filename: { type: 'string', multiple: true, short: 'f' }, 'pss-version': { type: 'string' } };
const QUICK_OPTIONS: Record<'convert' | 'check', Record<string, QuickOption>> = {
  convert: {
    ...FILE_AND_VERSION,
    'exempt-namespace': { type: 'string', multiple: true },
    gatekeeper: { type: 'boolean' },
    mutations: { type: 'boolean' },
    'enforcement-action': { type: 'string', choices: ['deny', 'dryrun', 'warn'] },
    'out-dir': { type: 'string' },
    diff: { type: 'boolean' },
    check: { type: 'boolean' },
    output: { type: 'string', choices: ['yaml', 'json'], short: 'o' },
    report: { type: 'string', choices: ['md', 'json', 'text'] },
    'report-file': { type: 'string' },
    'fail-on': { type: 'string', choices: ['gap', 'breaking', 'never'] },
    tighten: { type: 'boolean' },
  },
  check: { ...FILE_AND_VERSION, level: { type: 'string', choices: ['baseline', 'restricted', 'privileged'] }, output: { type: 'string', choices: ['text', 'json'], short: 'o' } },
};

/** `out-dir` → `outDir`, as yargs names them. */
function camel(name: string): string {
  return name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

/**
 * `psp-migrate COMMAND` with plain options, read by Node's own parser: yargs
 * takes a fifth of the start time to load and renders the whole help text
 * on every run. Anything unusual — an unknown option, a value not among the
 * choices, an option given twice that takes one value, a positional,
 * `--opt=false`, camelCase spellings, help, version — is left to yargs
 * (undefined), which has the last word on every message. The result holds
 * what main() reads, with yargs's defaults.
 */
function quickParse(command: 'convert' | 'check', argv: readonly string[]): Parsed['args'] | undefined {
  const spec = QUICK_OPTIONS[command];
  let parsed;
  try {
    parsed = parseWithNode({ args: [...argv], options: spec as Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }>, strict: true, allowPositionals: true, allowNegative: true, tokens: true });
  } catch {
    return undefined;
  }
  if (parsed.positionals.length > 0) return undefined;
  const seen = new Set<string>();
  for (const t of parsed.tokens ?? []) {
    if (t.kind !== 'option') continue;
    const o = spec[t.name]!;
    // `--gatekeeper=false` and `-f=x` (yargs reads x, Node =x) are yargs's to read.
    if (t.inlineValue && (o.type === 'boolean' || !t.rawName.startsWith('--'))) return undefined;
    if (!o.multiple && seen.has(t.name)) return undefined;
    seen.add(t.name);
  }
  const values = parsed.values as Record<string, string | boolean | string[] | undefined>;
  for (const [name, o] of Object.entries(spec)) {
    const v = values[name];
    if (o.choices && v !== undefined && !o.choices.includes(v as string)) return undefined;
    if (o.multiple && Array.isArray(v) && v.length === 0) return undefined;
  }
  const out: Record<string, unknown> = { _: [command], pssVersion: 'latest' };
  if (command === 'convert') Object.assign(out, { exemptNamespace: DEFAULT_EXEMPT_NAMESPACES, gatekeeper: true, mutations: true, enforcementAction: 'deny', diff: false, check: false, output: 'yaml', failOn: 'never', tighten: false });
  else out.output = 'text';
  for (const [name, v] of Object.entries(values)) if (v !== undefined) out[camel(name)] = v;
  return out as Parsed['args'];
}

/** Whether an argument could make yargs do something the quick parser does not (help, version, camelCase options). */
const FOR_YARGS = /^(-h|--help|--version|--[a-z]+[A-Z])/;

/**
 * The arguments of a run. `psp-migrate COMMAND …` with plain options is read
 * by quickParse; everything else by yargs (the full parser), which has the
 * last word on every message. `quick: false` skips the first parser (tests
 * compare the two).
 */
export async function parseArgs(argv: readonly string[], { quick = true }: { quick?: boolean } = {}): Promise<Parsed> {
  const args = protectStdinArg(argv);
  const command = args[0];
  if (quick && (command === 'convert' || command === 'check') && !args.some((a) => FOR_YARGS.test(a))) {
    const fast = quickParse(command, args.slice(1));
    if (fast) return { args: fast, output: '' };
  }
  return runParser(buildParser(await loadYargs()), args);
}

/** Runs the CLI with the given arguments (without `node` and the script); returns the exit code. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  const parsed = await parseArgs(argv);
  if (parsed.error) {
    const command = argv.find((a) => a === 'convert' || a === 'check');
    io.stderr.write(`psp-migrate: ${parsed.error.message}\nRun \`psp-migrate ${command ? `${command} ` : ''}--help\` for usage.\n`);
    return EXIT_INPUT_ERROR;
  }
  if (parsed.output) {
    // --help or --version
    io.stdout.write(`${parsed.output}\n`);
    return 0;
  }
  const args = parsed.args!;
  const command = String(args._[0]);
  if (args.filename !== undefined && (args.filename.length === 0 || args.filename.includes(''))) {
    io.stderr.write(`psp-migrate: -f needs a file, a directory or - for stdin\nRun \`psp-migrate ${command} --help\` for usage.\n`);
    return EXIT_INPUT_ERROR;
  }
  const filenames = (args.filename ?? []).map((f) => (f === STDIN_ARG ? '-' : f));
  const version = parseVersion(args.pssVersion ?? 'latest');
  if (!version.ok) {
    io.stderr.write(`psp-migrate: --pss-version ${JSON.stringify(args.pssVersion)} ${version.error}, e.g. v1.30\nRun \`psp-migrate ${command} --help\` for usage.\n`);
    return EXIT_INPUT_ERROR;
  }
  const pssVersion = version.value;
  if (command === 'convert' && (args.diff || args.check) && args.outDir === undefined) {
    io.stderr.write(`psp-migrate: --${args.diff ? 'diff' : 'check'} compares with a bundle: give --out-dir DIR\nRun \`psp-migrate convert --help\` for usage.\n`);
    return EXIT_INPUT_ERROR;
  }
  try {
    switch (command) {
      case 'convert':
        return await runConvert(
          {
            filenames,
            pssVersion,
            exemptNamespaces: args.exemptNamespace ?? DEFAULT_EXEMPT_NAMESPACES,
            tighten: args.tighten ?? false,
            gatekeeper: args.gatekeeper ?? true,
            mutations: args.mutations ?? true,
            enforcementAction: (args.enforcementAction ?? 'deny') as EnforcementAction,
            ...(args.outDir !== undefined ? { outDir: args.outDir } : {}),
            diff: args.diff ?? false,
            check: args.check ?? false,
            ...(args.report !== undefined ? { report: args.report as 'md' | 'json' | 'text' } : {}),
            ...(args.reportFile !== undefined ? { reportFile: args.reportFile } : {}),
            output: args.output === 'json' ? 'json' : 'yaml',
            failOn: (args.failOn ?? 'never') as 'gap' | 'breaking' | 'never',
          },
          io,
        );
      case 'check':
        return await runCheck({ filenames, ...(args.level ? { level: args.level as Level } : {}), pssVersion, output: args.output === 'json' ? 'json' : 'text' }, io);
      default:
        io.stderr.write(`psp-migrate: unknown command ${JSON.stringify(command)}; run psp-migrate --help\n`);
        return EXIT_INPUT_ERROR;
    }
  } catch (err) {
    if (err instanceof InputError) return reportInputError(err, io);
    const message = err instanceof Error ? err.message : String(err);
    io.stderr.write(`psp-migrate: internal error: ${message}\nThis is a bug in psp-migrate; please report it with the input that caused it. Nothing was written.\n`);
    if (process.env.PSP_MIGRATE_DEBUG && err instanceof Error && err.stack) io.stderr.write(`${err.stack}\n`);
    return EXIT_INPUT_ERROR;
  }
}
