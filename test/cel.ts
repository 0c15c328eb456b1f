/**
 * Runs a ConstraintTemplate's K8sNativeValidation code the way Gatekeeper
 * does, with @bufbuild/cel (a conformance-tested CEL evaluator) and the
 * strings extension Kubernetes enables: `variables.params` is the
 * Constraint's parameters, `variables.anyObject` the object, each variable is
 * evaluated in order, and a validation that is false is a violation.
 */
import { celEnv, isCelError, parse, plan } from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';

/** JSON → CEL values: maps for objects, int (bigint) for integral numbers. */
export function toCel(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(toCel);
  if (v !== null && typeof v === 'object') return new Map(Object.entries(v).map(([k, x]) => [k, toCel(x)]));
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
  return v;
}

interface CelCode {
  variables?: { name: string; expression: string }[];
  validations: { expression: string; message?: string; messageExpression?: string }[];
}

export function celCodeOf(template: Record<string, unknown>): CelCode {
  const targets = (template.spec as { targets: { code: { engine: string; source: unknown }[] }[] }).targets;
  const code = targets[0]!.code.find((c) => c.engine === 'K8sNativeValidation');
  if (!code) throw new Error('the template has no K8sNativeValidation code');
  return code.source as CelCode;
}

export interface CelResult {
  allowed: boolean;
  messages: string[];
}

const env = celEnv({ funcs: strings });
const programs = new Map<string, (bindings: never) => unknown>();

/** Parses and plans each expression once (the tests run the same templates thousands of times). */
function run(expr: string, bindings: unknown): unknown {
  let program = programs.get(expr);
  if (!program) {
    program = plan(env, parse(expr)) as unknown as (bindings: never) => unknown;
    programs.set(expr, program);
  }
  const value = program(bindings as never);
  if (isCelError(value)) throw new Error(`CEL error in ${expr}: ${String((value as { message?: string }).message ?? value)}`);
  return value;
}

export function evaluateCel(code: CelCode, params: unknown, object: unknown, operation: 'CREATE' | 'UPDATE' = 'CREATE'): CelResult {
  const obj = toCel(object);
  const variables = new Map<string, unknown>([
    ['params', toCel(params)],
    ['anyObject', obj],
  ]);
  const bindings = { object: obj, request: toCel({ operation }), variables };
  for (const v of code.variables ?? []) variables.set(v.name, run(v.expression, bindings));
  const messages: string[] = [];
  for (const validation of code.validations) {
    const ok = run(validation.expression, bindings);
    if (typeof ok !== 'boolean') throw new Error(`validation did not give a boolean: ${validation.expression}`);
    if (!ok) messages.push(validation.messageExpression ? String(run(validation.messageExpression, bindings)) : (validation.message ?? 'violation'));
  }
  return { allowed: messages.length === 0, messages };
}

/**
 * The defaults the API server applies before admission webhooks see a pod:
 * a volume without a source is an emptyDir; in a hostNetwork pod a port
 * without hostPort gets hostPort = containerPort (init containers and containers).
 */
export function apiDefaulted<T extends { spec?: Record<string, unknown> }>(pod: T): T {
  const out = structuredClone(pod);
  const spec = (out.spec ?? {}) as Record<string, unknown>;
  for (const volume of (spec.volumes as Record<string, unknown>[] | undefined) ?? []) {
    if (Object.keys(volume).every((k) => k === 'name')) volume.emptyDir = {};
  }
  if (spec.hostNetwork === true) {
    for (const list of ['initContainers', 'containers'] as const) {
      for (const c of (spec[list] as { ports?: Record<string, unknown>[] }[] | undefined) ?? []) {
        for (const port of c.ports ?? []) if (port.hostPort === undefined || port.hostPort === 0) port.hostPort = port.containerPort;
      }
    }
  }
  return out;
}
