/**
 * Every control family's CEL against the PSP admission model: for generated
 * PSPs and pods, the template allows a pod exactly when PSP admission (on a
 * PSP that keeps only this family's fields and allows everything else) would.
 * With two policies, it allows a pod when either would.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { permissiveWith, pod, rawPsp } from '../../../test/arbitraries.js';
import type { RawPsp } from '../../../test/arbitraries.js';
import { apiDefaulted, celCodeOf, evaluateCel } from '../../../test/cel.js';
import { validatePod } from '../../mapping/admission.js';
import type { PodObject } from '../../mapping/admission.js';
import type { PodSecurityPolicy } from '../../model/types.js';
import type { ControlFamily } from './family.js';
import { FAMILIES } from './families/index.js';
import { constraintTemplate } from './templates.js';

/** The permissive PSP with this family's fields taken from `raw`. */
export function onlyFamily(family: ControlFamily, raw: RawPsp, name: string): PodSecurityPolicy | undefined {
  const spec = Object.fromEntries(family.rawFields.spec.map((k) => [k, raw.spec[k]]));
  const annotations = Object.fromEntries((family.rawFields.annotations ?? []).map((k) => [k, raw.metadata.annotations[k]]));
  return permissiveWith(name, spec, annotations);
}

function paramsOf(family: ControlFamily, psps: readonly PodSecurityPolicy[]) {
  return { policies: psps.map((p) => ({ name: p.metadata.name, serviceAccounts: [], ...family.params(p) })) };
}

describe.each(FAMILIES.map((f) => [f.id, f] as const))('the %s template', (_id, family) => {
  const code = celCodeOf(constraintTemplate(family));

  it('decides like PSP admission, for one policy and for two', () => {
    let denied = 0;
    let allowed = 0;
    fc.assert(
      fc.property(rawPsp, rawPsp, pod, fc.boolean(), (raw1, raw2, generated, two) => {
        const a = onlyFamily(family, raw1, 'a');
        const b = onlyFamily(family, raw2, 'b');
        fc.pre(a !== undefined && b !== undefined);
        const psps = two ? [a!, b!] : [a!];
        const p = apiDefaulted(generated) as PodObject;
        const expected = psps.some((psp) => validatePod(psp, p).length === 0);
        const got = evaluateCel(code, paramsOf(family, psps), p);
        expect(got.allowed, `${family.id}: model says ${expected}; CEL says ${JSON.stringify(got)}\npsps: ${JSON.stringify(psps.map((x) => family.params(x)))}\npod: ${JSON.stringify(p)}\nerrors: ${JSON.stringify(psps.map((x) => validatePod(x, p)))}`).toBe(expected);
        if (expected) allowed++;
        else denied++;
      }),
      { seed: 20261126, numRuns: 1500 },
    );
    // Both outcomes were exercised.
    expect(allowed).toBeGreaterThan(50);
    expect(denied).toBeGreaterThan(20);
  });

  it('ignores policies for other service accounts, and pods no policy applies to', () => {
    fc.assert(
      fc.property(rawPsp, pod, (raw, generated) => {
        const a = onlyFamily(family, raw, 'a');
        fc.pre(a !== undefined);
        const p = apiDefaulted(generated) as PodObject;
        const params = { policies: [{ name: 'a', serviceAccounts: ['someone-else'], ...family.params(a!) }] };
        expect(evaluateCel(code, params, p).allowed).toBe(true);
        expect(evaluateCel(code, { policies: [] }, p).allowed).toBe(true);
      }),
      { seed: 7, numRuns: 200 },
    );
  });
});
