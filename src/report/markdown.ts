/**
 * REPORT.md, from templates/report/REPORT.md.hbs (ASCII, see the link helper). Every value from the input
 * is escaped for Markdown (and, in tables, for cells: a `|` or a newline
 * cannot break a row); Handlebars' own HTML escaping is off because ours is
 * stricter for Markdown.
 */
import type Handlebars from 'handlebars';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import { packageRoot, readTemplate } from '../version.js';
import type { Report, ReportSource } from './report.js';

/** Whatever escapeMarkdown changes: the characters it escapes or replaces, and a line-start marker. */
const NEEDS_ESCAPE = /[&\\`*_[\]|~<\r\n\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]|^[#+>-]/;

/** Escapes Markdown and HTML: the text shows as written and cannot inject markup. */
export function escapeMarkdown(value: unknown): string {
  const text = String(value ?? '');
  // Most values (names, levels, messages) need none of it: one test instead of six replacements.
  return NEEDS_ESCAPE.test(text) ? escapeAll(text) : text;
}

/** Every replacement escapeMarkdown makes (exported for the test that the shortcut skips only texts it leaves unchanged). */
export function escapeAll(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`)
    .replace(/^([#+>-])/, '\\$1')
    .replace(/</g, '&lt;')
    .replace(/\r?\n|\r/g, ' ')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A code span that shows `value` as written, whatever backticks it holds. */
export function codeSpan(value: unknown): string {
  const text = String(value ?? '').replace(/\r?\n|\r/g, ' ').replace(/</g, '&lt;');
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** A shell word: single-quoted unless it is plainly safe. */
export function shellWord(value: unknown): string {
  const text = String(value ?? '');
  return /^[A-Za-z0-9._\/=:-]+$/.test(text) ? text : `'${text.replace(/'/g, "'\\''")}'`;
}

/**
 * The template as `npm run build` precompiled it (scripts/precompile-templates.mjs), when that was made
 * from this very source; otherwise undefined, and the template is compiled here (as when running from
 * the sources). The same compiler options either way.
 */
function precompiled(source: string): unknown {
  if (process.env.PSP_MIGRATE_COMPILE_TEMPLATES) return undefined; // (tests compare the two)
  try {
    const built = createRequire(import.meta.url)(path.join(packageRoot(), 'dist/templates/REPORT.md.cjs')) as { sha256: string; spec: unknown };
    return built.sha256 === createHash('sha256').update(source).digest('hex') ? built.spec : undefined;
  } catch {
    return undefined;
  }
}

/** The same text as one flat string in V8 (measuring its UTF-8 length reads it whole, which flattens a concatenation). */
function flatten(text: string): string {
  Buffer.byteLength(text);
  return text;
}

/** How a source position is shown: a link relative to the report when the file is on disk. */
export type Linker = (source: ReportSource) => string;

/**
 * A Handlebars environment: the runtime alone runs a precompiled template;
 * the compiler, which takes twice as long to load, only when there is none.
 */
function handlebars(compiler: boolean): typeof Handlebars {
  return createRequire(import.meta.url)(compiler ? 'handlebars' : 'handlebars/runtime') as typeof Handlebars;
}

export function renderMarkdown(report: Report, link: Linker): string {
  const source = readTemplate('report/REPORT.md.hbs');
  const built = precompiled(source);
  const hb = handlebars(!built).create();
  hb.registerHelper('md', (v: unknown) => escapeMarkdown(v));
  hb.registerHelper('cell', (v: unknown) => escapeMarkdown(v));
  hb.registerHelper('code', (v: unknown) => codeSpan(v));
  // (REPORT.md's own text is ASCII: one non-Latin-1 character makes V8 hold the whole report, tens of MB for a large cluster, at two bytes per character.)
  hb.registerHelper('link', (s: ReportSource | undefined) => (s ? link(s) : '-'));
  // A section rendered whole, as one string: Handlebars builds its output by concatenation, and a large
  // report's hundreds of thousands of small pieces would otherwise all live (and be copied by every young
  // garbage collection) until the end; flattened per section, they die young.
  hb.registerHelper('flat', function (this: unknown, options: Handlebars.HelperOptions) {
    return flatten(options.fn(this));
  });
  hb.registerHelper('labelCommand', (ns: string, level: string) => codeSpan(`kubectl label --dry-run=server --overwrite ns ${shellWord(ns)} pod-security.kubernetes.io/enforce=${level}`));
  const template = built ? hb.template(built as Parameters<typeof hb.template>[0]) : hb.compile(source, { noEscape: true, strict: false });
  const namespaces = report.namespaces.map((ns) => ({
    ...ns,
    enforce: ns.labels['pod-security.kubernetes.io/enforce'] ?? '',
    audit: ns.labels['pod-security.kubernetes.io/audit'] ?? '',
    pspList: ns.psps.join(', ') || 'none',
    labelList: Object.entries(ns.labels).map(([k, v]) => `${k}=${v}`),
    tightened: ns.findings.some((f) => f.kind === 'tightened'),
  }));
  const breaking = report.namespaces.flatMap((ns) =>
    ns.findings
      .filter((f) => f.kind === 'breaking')
      .map((f) => {
        const [object, ...rest] = f.message.split(' would be rejected by ');
        return { object, reason: `rejected by ${rest.join(' would be rejected by ')}`, source: f.source };
      }),
  );
  const reliance = report.namespaces.flatMap((ns) => ns.findings.filter((f) => f.kind === 'mutation-reliance'));
  // Flattened whole as well: V8 would flatten it when it is first written, into a second copy (tens of MB
  // for a large cluster) at the writing's peak; flattened here, the pieces are collected before that.
  return flatten(template({ report, version: report.tool.version, latest: report.pssVersion === 'latest', namespaces, breaking, reliance }));
}
