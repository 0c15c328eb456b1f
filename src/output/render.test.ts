/**
 * A large bundle's manifests are written on a worker thread: the text must be
 * exactly what the main thread writes.
 */
import { describe, expect, it } from 'vitest';
import { toYaml } from '../generate/manifests.js';
import type { Manifest } from '../generate/manifests.js';
import { ManifestRenderer, renderStats } from './render.js';

const MANIFESTS: Manifest[] = [
  { name: 'namespaces/no.yaml', bulk: true, object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'no', labels: { 'pod-security.kubernetes.io/enforce': 'baseline' } } } },
  { name: 'gatekeeper/constraints/x.yaml', comment: [' from PSP "on"\u2028# injected'], object: { apiVersion: 'constraints.gatekeeper.sh/v1beta1', kind: 'K8sPspHostNamespace', metadata: { name: 'x' }, spec: { match: { namespaces: ['a', 'y', '1_000'] }, parameters: { ranges: [{ min: 0, max: 65535 }], empty: {}, nothing: null } } } },
];

describe('manifest renderer', () => {
  it('writes on a worker thread exactly what toYaml writes here', async () => {
    const before = renderStats.byWorker;
    const texts = await new ManifestRenderer(true).render(MANIFESTS)();
    expect(renderStats.byWorker).toBe(before + 1);
    expect(texts).toEqual(MANIFESTS.map(toYaml));
  });

  it('writes here without a worker', async () => {
    const before = renderStats.byWorker;
    expect(await new ManifestRenderer(false).render(MANIFESTS)()).toEqual(MANIFESTS.map(toYaml));
    expect(renderStats.byWorker).toBe(before);
  });

  it('writes here when the worker is gone', async () => {
    const renderer = new ManifestRenderer(true);
    await renderer.close();
    expect(await renderer.render(MANIFESTS)()).toEqual(MANIFESTS.map(toYaml));
  });
});
