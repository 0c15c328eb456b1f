/**
 * Property: the level is sound up to its `tightens` findings. Whenever a PSP
 * admits a pod without mutating it, the Pod Security Standards evaluator at
 * the PSP's level (latest) admits that pod too, or rejects it only by checks
 * the mapper listed as `tightens` for that PSP.
 *
 * Pods are generated at random and then passed once through the PSP's own
 * mutation (and the API server's seccomp field/annotation sync), so that many
 * of them are admitted as they are.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { modelOf, pod, rawPsp, syncSeccomp } from '../../test/arbitraries.js';
import { evaluatePod } from '../pss/index.js';
import { admitPod, mutatePod } from './admission.js';
import type { PodObject } from './admission.js';
import { analyzePsp } from './level.js';

type StoredPod = { metadata: { name: string; annotations: Record<string, string> }; spec: Record<string, unknown> };

describe('the level is sound up to tightens', () => {
  it('a pod a PSP admits unmutated passes its level, but for the tightens checks', () => {
    const levels = new Map<string, number>();
    let admitted = 0;
    fc.assert(
      fc.property(rawPsp, pod, (raw, generated) => {
        const psp = modelOf(raw);
        fc.pre(psp !== undefined);
        // What the cluster stored after PSP mutation and the API server's sync.
        const stored = mutatePod(psp!, generated as PodObject).pod as StoredPod;
        stored.metadata.annotations ??= {};
        syncSeccomp(stored);
        const admission = admitPod(psp!, stored as PodObject);
        if (!admission.allowed || admission.mutated) return;
        admitted++;
        const analysis = analyzePsp(psp!);
        levels.set(analysis.level, (levels.get(analysis.level) ?? 0) + 1);
        const tightens = new Set(analysis.findings.filter((f) => f.status === 'tightens').map((f) => f.check));
        const result = evaluatePod(stored.metadata, stored.spec, analysis.level, 'latest');
        const unexpected = result.violations.filter((v) => !tightens.has(v.check));
        expect(unexpected, `${analysis.level} rejects a pod ${psp!.metadata.name} admitted: ${JSON.stringify(unexpected)}\npsp: ${JSON.stringify(raw)}\npod: ${JSON.stringify(stored)}`).toEqual([]);
      }),
      { seed: 20261126, numRuns: 10000 },
    );
    // The property said something about every level.
    expect(admitted).toBeGreaterThan(300);
    for (const level of ['privileged', 'baseline', 'restricted']) expect(levels.get(level) ?? 0, level).toBeGreaterThan(50);
  });
});
