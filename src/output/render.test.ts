/**
 * A large bundle's manifests are written on a worker thread and on the main
 * thread, a chunk at a time: the text must be exactly what the main thread
 * alone writes, whoever wrote which chunk.
 */
import { describe, expect, it } from 'vitest';
import { toYaml } from '../generate/manifests.js';
import type { Manifest } from '../generate/manifests.js';
import { ManifestRenderer, RENDER_CHUNK, renderStats } from './render.js';

const MANIFESTS: Manifest[] = [
  { name: 'namespaces/no.yaml', object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'no', labels: { 'pod-security.kubernetes.io/enforce': 'baseline' } } } },
  { name: 'gatekeeper/constraints/x.yaml', yamlLibrary: true, comment: [' from PSP "on"\u2028# injected'], object: { apiVersion: 'constraints.gatekeeper.sh/v1beta1', kind: 'K8sPspHostNamespace', metadata: { name: 'x' }, spec: { match: { namespaces: ['a', 'y', '1_000'] }, parameters: { ranges: [{ min: 0, max: 65535 }], empty: {}, nothing: null } } } },
];

/** Many manifests, each different, over several chunks (the last one partial). */
const MANY: Manifest[] = Array.from({ length: RENDER_CHUNK * 5 + 3 }, (_, i) => ({ ...MANIFESTS[i % 2]!, name: `m${i}.yaml`, object: { ...MANIFESTS[i % 2]!.object, metadata: { name: `n-${i}` } } }));

describe('manifest renderer', () => {
  it('writes on a worker thread exactly what toYaml writes here', async () => {
    const before = { ...renderStats };
    const renderer = new ManifestRenderer(true);
    const texts = renderer.render(MANY);
    // The main thread takes no chunk until asked: here the worker takes them all.
    expect(await renderer.workerFinished).toBe(true);
    expect(await texts()).toEqual(MANY.map(toYaml));
    expect(renderStats.byWorker - before.byWorker).toBe(6);
    expect(renderStats.here).toBe(before.here);
  });

  it('shares the chunks between the worker and this thread, in order', async () => {
    const before = { ...renderStats };
    const texts = await new ManifestRenderer(true).render(MANY)();
    expect(texts).toEqual(MANY.map(toYaml));
    // Every chunk was written once, by one of the two (which one depends on timing).
    expect(renderStats.byWorker - before.byWorker + renderStats.here - before.here).toBe(6);
  });

  it('writes here without a worker', async () => {
    const before = { ...renderStats };
    expect(await new ManifestRenderer(false).render(MANIFESTS)()).toEqual(MANIFESTS.map(toYaml));
    expect(renderStats.byWorker).toBe(before.byWorker);
  });

  it('writes here when the worker is gone', async () => {
    const renderer = new ManifestRenderer(true);
    await renderer.close();
    expect(await renderer.render(MANY)()).toEqual(MANY.map(toYaml));
  });
});
