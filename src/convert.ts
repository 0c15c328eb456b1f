/**
 * `psp-migrate convert`: input → model → mapping → RBAC → plan → generated
 * objects → report, then one of: the bundle in --out-dir (or its --diff /
 * --check), the report alone (--report), or the YAML stream on stdout.
 */
import path from 'node:path';
import type { EnforcementAction } from './generate/gatekeeper/constraints.js';
import { generate } from './generate/bundle.js';
import { toYamlStream } from './generate/manifests.js';
import { analyzePsp } from './mapping/level.js';
import { applyChanges, bundleFiles, formatDiff, planChanges, writeFileAtomic } from './output/bundle.js';
import type { BundleFile } from './output/bundle.js';
import { ManifestRenderer, renderInWorker } from './output/render.js';
import { buildPlan } from './plan/plan.js';
import type { Version } from './pss/index.js';
import { resolveRbac } from './rbac/resolve.js';
import { formatGatekeeper } from './report/gatekeeper.js';
import { formatInventory } from './report/inventory.js';
import { renderMarkdown } from './report/markdown.js';
import type { Linker } from './report/markdown.js';
import { formatPlan } from './report/plan.js';
import { formatPspAnalyses } from './report/psps.js';
import { buildReport } from './report/report.js';
import type { Report } from './report/report.js';
import { formatSummary } from './report/summary.js';
import { EXIT_FINDINGS, EXIT_OK, collectGarbage, loadInventory } from './run.js';
import type { InputOptions, Io } from './run.js';
import type { Inventory } from './model/types.js';

export interface ConvertOptions extends InputOptions {
  /** The PSS version the levels are compared with and the labels pin. */
  pssVersion: Version;
  /** Namespaces not labelled and listed as exemptions. */
  exemptNamespaces: string[];
  tighten: boolean;
  /** Generate Gatekeeper ConstraintTemplates, Constraints (and mutators). */
  gatekeeper: boolean;
  mutations: boolean;
  enforcementAction: EnforcementAction;
  outDir?: string;
  diff: boolean;
  check: boolean;
  /** The report alone, in this format (to stdout, or to reportFile). */
  report?: 'md' | 'json' | 'text';
  reportFile?: string;
  output: 'yaml' | 'json';
  failOn: 'gap' | 'breaking' | 'never';
}

function failOnReached(report: Report, failOn: ConvertOptions['failOn']): boolean {
  if (failOn === 'never') return false;
  if (report.summary.breaking > 0) return true;
  return failOn === 'gap' && report.summary.gaps > 0;
}

/** Links to input files relative to where the report is written; stdin has no link. */
function linker(io: Io, reportDir: string | undefined): Linker {
  // Per file, once: a large cluster's report links to the same dump tens of thousands of times.
  const targets = new Map<string, string>();
  return (s) => {
    const text = `${s.file}:${s.line}`;
    if (s.file === '<stdin>' || reportDir === undefined) return `\`${text.replace(/`/g, "'")}\``;
    let target = targets.get(s.file);
    if (target === undefined) targets.set(s.file, (target = encodeURI(path.relative(reportDir, path.resolve(io.cwd, s.file)).split(path.sep).join('/'))));
    return `[${text.replace(/[[\]\\]/g, '\\$&')}](${target}#L${s.line})`;
  };
}

/** Where the summary says what was written (filled in by writeOutDir). */
const WRITTEN = '\u0000written\u0000';

/** The bundle into --out-dir (or its --check / --diff). Gets only what it needs, so that the rest can be collected. */
async function writeOutDir(opts: ConvertOptions, dir: string, files: BundleFile[], summary: string, exit: number, io: Io): Promise<number> {
  const changes = await planChanges(dir, files);
  if (opts.check) return changes.length > 0 ? EXIT_FINDINGS : EXIT_OK;
  if (opts.diff) {
    io.stdout.write(formatDiff(changes, io.color?.stdout ?? false));
    return changes.length > 0 ? EXIT_FINDINGS : EXIT_OK;
  }
  // Counted from what was applied: under the lock, the plan is made again (another run may have written meanwhile).
  const applied = await applyChanges(dir, changes);
  const counts = (['create', 'update', 'delete'] as const).map((k) => applied.filter((c) => c.kind === k).length);
  io.stderr.write(summary.replace(WRITTEN, `${opts.outDir}: ${counts[0]} created, ${counts[1]} updated, ${counts[2]} removed, ${files.length - counts[0]! - counts[1]!} unchanged`));
  return exit;
}

/** Input → inventory → analyses → RBAC → plan → generated objects → report. */
async function analyze(opts: ConvertOptions, io: Io, forBundle = false) {
  const inv = await loadInventory(opts, io);
  // Reading a large dump leaves its text and parsed items behind: collect them before the analysis adds its own.
  collectGarbage();
  const carriers = inv.pods.length + inv.workloads.length;
  // A large bundle's manifests are written on a worker thread, started now so that it is ready when they are.
  const renderer = new ManifestRenderer(forBundle && renderInWorker(carriers, inv.namespaces.length));
  try {
    return { ...analyzeLoaded(inv, opts, forBundle ? renderer : undefined), renderer };
  } catch (err) {
    await renderer.close(); // (its thread would keep the process alive)
    throw err;
  }
}

/**
 * Analyses → RBAC → plan → generated objects → report, for a loaded
 * inventory. With a renderer (a bundle), the manifests' YAML is started as
 * soon as they are made: a worker thread writes it while the report is built
 * and rendered here.
 */
function analyzeLoaded(inv: Inventory, opts: ConvertOptions, renderer?: ManifestRenderer) {
  const analyses = [...inv.psps].sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0)).map((psp) => analyzePsp(psp, opts.pssVersion));
  const rbac = resolveRbac(inv);
  const plan = buildPlan(inv, analyses, rbac, { version: opts.pssVersion, exemptNamespaces: opts.exemptNamespaces, tighten: opts.tighten });
  collectGarbage(); // what planning left behind
  const generated = generate(plan, analyses, { version: opts.pssVersion, gatekeeper: opts.gatekeeper, mutations: opts.mutations, enforcementAction: opts.enforcementAction });
  const yaml = renderer?.render(generated.manifests);
  const report = buildReport(analyses, plan, rbac, generated, opts.pssVersion);
  return { inv, analyses, rbac, plan, generated, report, yaml, exit: failOnReached(report, opts.failOn) ? EXIT_FINDINGS : EXIT_OK };
}

/**
 * The report's texts and the summary (with a place for what was written),
 * with the manifests' YAML under way. Only these leave this function: the
 * inventory, plan and report of a large cluster (hundreds of MB) become
 * garbage when it returns, before the manifests' YAML joins them in memory.
 */
async function renderBundle(opts: ConvertOptions, io: Io, dir: string) {
  const analysis = await analyzeForBundle(opts, io);
  try {
    return renderReport(analysis, io, dir);
  } catch (err) {
    await analysis.renderer.close(); // (its thread would keep the process alive)
    throw err;
  }
}

/** What the bundle needs of the analysis: not the inventory and plan (a large cluster's hundreds of MB), which are garbage once it returns. */
async function analyzeForBundle(opts: ConvertOptions, io: Io) {
  const { generated, report, renderer, yaml, exit } = await analyze(opts, io, true);
  return { generated, report, renderer, yaml: yaml ?? renderer.render(generated.manifests), exit };
}

function renderReport({ generated, report, yaml, exit }: Awaited<ReturnType<typeof analyzeForBundle>>, io: Io, dir: string) {
  // The manifests' YAML is under way on a worker thread (for a large bundle) while the report is rendered here.
  // The inventory and plan are garbage now (hundreds of MB for a large cluster): collected before the
  // report's texts are made, they do not add to the peak, which is reached while those are held.
  collectGarbage();
  // (Two pieces: the JSON and its line break, never joined; see Text in src/output/bundle.ts.)
  const reportJson = [JSON.stringify(report, null, 2), '\n'];
  const reportMd = renderMarkdown(report, linker(io, dir));
  const summary = formatSummary(report, io.color?.stderr ?? false, WRITTEN);
  return { manifests: generated.manifests, admission: generated.admission, yaml, reportJson, reportMd, summary, exit };
}

/**
 * The bundle's files and the summary. The manifest objects (tens of MB for
 * 10,000 namespaces) are garbage once their YAML is in the files: only the
 * files' text is held while they are written.
 */
async function prepareBundle(opts: ConvertOptions, io: Io, dir: string) {
  const { yaml, manifests, admission, reportJson, reportMd, summary, exit } = await renderBundle(opts, io, dir);
  // Rendering the report leaves hundreds of MB of garbage behind for a large cluster, and with it the
  // inventory, plan and report; V8 would let the manifests' YAML pile on top of them before collecting.
  collectGarbage();
  return { files: bundleFiles(manifests, admission, reportMd, reportJson, await yaml()), summary, exit };
}

export async function runConvert(opts: ConvertOptions, io: Io): Promise<number> {
  if (opts.outDir !== undefined) {
    const dir = path.resolve(io.cwd, opts.outDir);
    const { files, summary, exit } = await prepareBundle(opts, io, dir);
    collectGarbage();
    return writeOutDir(opts, dir, files, summary, exit, io);
  }

  const { inv, analyses, rbac, plan, generated, report, exit } = await analyze(opts, io);
  const reportJson = () => `${JSON.stringify(report, null, 2)}\n`;
  const details = () => [formatInventory(inv), analyses.length > 0 ? formatPspAnalyses(analyses) : '', formatPlan(plan, rbac), formatGatekeeper(generated)].join('');

  if (opts.report !== undefined || opts.reportFile !== undefined) {
    const format = opts.report ?? (opts.reportFile?.endsWith('.json') ? 'json' : opts.reportFile?.endsWith('.md') ? 'md' : 'text');
    const reportDir = opts.reportFile ? path.dirname(path.resolve(io.cwd, opts.reportFile)) : undefined;
    const text = format === 'json' ? reportJson() : format === 'md' ? renderMarkdown(report, linker(io, reportDir)) : details();
    if (opts.reportFile) await writeFileAtomic(path.resolve(io.cwd, opts.reportFile), text);
    else io.stdout.write(text);
    if (opts.reportFile) io.stderr.write(formatSummary(report, io.color?.stderr ?? false, `report written to ${opts.reportFile}`));
    return exit;
  }

  if (opts.output === 'json') {
    io.stdout.write(`${JSON.stringify({ apiVersion: 'v1', kind: 'List', items: generated.manifests.map((m) => m.object) }, null, 2)}\n`);
  } else {
    io.stdout.write(toYamlStream(generated.manifests));
  }
  io.stderr.write(formatSummary(report, io.color?.stderr ?? false));
  return exit;
}
