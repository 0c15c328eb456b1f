/**
 * The policy of a namespace from its labels, after upstream `api/helpers.go` PolicyToEvaluate:
 * - labels that are absent keep the defaults (privileged:latest unless configured otherwise);
 * - an invalid enforce level becomes restricted (fail closed), an invalid audit or warn level privileged
 *   (fail open), an invalid version latest; every invalid label is reported;
 * - with no warn label and a valid enforce label stricter than warn, warn follows enforce (and its version
 *   too, unless warn-version is labelled).
 */
import {
  compareLevels,
  parseLevel,
  parseVersion,
  type Level,
  type LevelVersion,
  type ParseResult,
} from './api.js';
import { goQuote } from './helpers.js';
import { asObject, field, type JsonObject } from './json.js';

export const LABEL_PREFIX = 'pod-security.kubernetes.io/';

export interface NamespacePolicy {
  readonly enforce: LevelVersion;
  readonly audit: LevelVersion;
  readonly warn: LevelVersion;
}

export interface LabelError {
  /** e.g. `pod-security.kubernetes.io/enforce` */
  readonly label: string;
  readonly value: string;
  /** `must be one of privileged, baseline, restricted` or `must be "latest" or "v1.x"` */
  readonly message: string;
  /** apimachinery `field.Invalid` rendering: `metadata.labels[<label>]: Invalid value: "<value>": <message>` */
  readonly text: string;
}

export interface NamespacePolicyResult extends NamespacePolicy {
  /** In label order: enforce, enforce-version, audit, audit-version, warn, warn-version. */
  readonly errors: readonly LabelError[];
}

const PRIVILEGED_LATEST: LevelVersion = { level: 'privileged', version: 'latest' };

export const DEFAULT_POLICY: NamespacePolicy = {
  enforce: PRIVILEGED_LATEST,
  audit: PRIVILEGED_LATEST,
  warn: PRIVILEGED_LATEST,
};

/**
 * Resolves the enforce, audit and warn policies of a namespace from its `metadata.labels` object. A scalar label
 * value that is not a string (e.g. an unquoted `1.25`, which YAML parses as a number) is read as its text, so it
 * is reported as invalid rather than ignored.
 */
export function policyForNamespace(labels: unknown, defaults: NamespacePolicy = DEFAULT_POLICY): NamespacePolicyResult {
  const labelMap = asObject(labels);
  const errors: LabelError[] = [];
  const parseLabel = <T>(name: string, parse: (value: string) => ParseResult<T>): ParseResult<T> | undefined => {
    const label = LABEL_PREFIX + name;
    const value = labelValue(labelMap, label);
    if (value === undefined) return undefined;
    const result = parse(value);
    if (!result.ok) errors.push(labelError(label, value, result.error));
    return result;
  };

  const enforceLevel = parseLabel('enforce', parseLevel);
  const enforceVersion = parseLabel('enforce-version', parseVersion);
  const auditLevel = parseLabel('audit', parseLevel);
  const auditVersion = parseLabel('audit-version', parseVersion);
  const warnLevel = parseLabel('warn', parseLevel);
  const warnVersion = parseLabel('warn-version', parseVersion);

  const enforce: LevelVersion = {
    level: enforceLevel === undefined ? defaults.enforce.level : valueOrFallback(enforceLevel),
    version: enforceVersion === undefined ? defaults.enforce.version : valueOrFallback(enforceVersion),
  };
  const audit: LevelVersion = {
    level: auditLevel === undefined ? defaults.audit.level : failOpen(auditLevel),
    version: auditVersion === undefined ? defaults.audit.version : valueOrFallback(auditVersion),
  };
  let warn: LevelVersion = {
    level: warnLevel === undefined ? defaults.warn.level : failOpen(warnLevel),
    version: warnVersion === undefined ? defaults.warn.version : valueOrFallback(warnVersion),
  };
  if (warnLevel === undefined && enforceLevel?.ok === true && compareLevels(enforce.level, warn.level) > 0) {
    warn = { level: enforce.level, version: warnVersion === undefined ? enforce.version : warn.version };
  }
  return { enforce, audit, warn, errors };
}

function valueOrFallback<T>(result: ParseResult<T>): T {
  return result.ok ? result.value : result.fallback;
}

/** audit and warn fail open: an invalid level means privileged. */
function failOpen(result: ParseResult<Level>): Level {
  return result.ok ? result.value : 'privileged';
}

function labelValue(labels: JsonObject | undefined, label: string): string | undefined {
  const value = field(labels, label);
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return undefined;
}

function labelError(label: string, value: string, message: string): LabelError {
  return { label, value, message, text: `metadata.labels[${label}]: Invalid value: ${goQuote(value)}: ${message}` };
}
