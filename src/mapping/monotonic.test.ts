/**
 * Property: tightening any PSP field never makes its level less strict.
 * Each tightening below shrinks what the PSP allows (a strict subset of the
 * pods it admits, or the same); the mapper must never answer with a looser
 * level for the tighter policy.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { modelOf, rawPsp } from '../../test/arbitraries.js';
import type { RawPsp } from '../../test/arbitraries.js';
import { compareLevels } from '../pss/index.js';
import { analyzePsp } from './level.js';

type Tightening = (raw: RawPsp, pick: number) => RawPsp | undefined;

const clone = (raw: RawPsp): RawPsp => structuredClone(raw);
const SECCOMP = 'seccomp.security.alpha.kubernetes.io/allowedProfileNames';
const APPARMOR = 'apparmor.security.beta.kubernetes.io/allowedProfileNames';

function setFalse(field: string): Tightening {
  return (raw) => {
    if (raw.spec[field] !== true && !(field === 'allowPrivilegeEscalation' && raw.spec[field] === undefined)) return undefined;
    const out = clone(raw);
    out.spec[field] = false;
    return out;
  };
}

function removeItem(field: string): Tightening {
  return (raw, pick) => {
    const items = raw.spec[field] as unknown[] | undefined;
    if (!items || items.length === 0) return undefined;
    // An empty allowedHostPaths allows every path: never remove its last item.
    if (field === 'allowedHostPaths' && items.length === 1) return undefined;
    const out = clone(raw);
    (out.spec[field] as unknown[]).splice(pick % items.length, 1);
    return out;
  };
}

/** Removes one profile from an allowedProfileNames list, keeping the list meaning a non-empty set. */
function removeProfile(key: string): Tightening {
  return (raw, pick) => {
    const value = raw.metadata.annotations[key];
    if (value === undefined) return undefined;
    const items = value.split(',');
    if (items.length < 2) return undefined;
    items.splice(pick % items.length, 1);
    const out = clone(raw);
    out.metadata.annotations[key] = items.join(',');
    return out;
  };
}

const TIGHTENINGS: Record<string, Tightening> = {
  privileged: setFalse('privileged'),
  hostNetwork: setFalse('hostNetwork'),
  hostPID: setFalse('hostPID'),
  hostIPC: setFalse('hostIPC'),
  allowPrivilegeEscalation: setFalse('allowPrivilegeEscalation'),
  hostPorts: removeItem('hostPorts'),
  allowedCapabilities: removeItem('allowedCapabilities'),
  defaultAddCapabilities: removeItem('defaultAddCapabilities'),
  volumes: removeItem('volumes'),
  allowedUnsafeSysctls: removeItem('allowedUnsafeSysctls'),
  allowedHostPaths: removeItem('allowedHostPaths'),
  allowedProcMountTypes: (raw) => {
    const types = raw.spec.allowedProcMountTypes as string[] | undefined;
    if (!types?.includes('Unmasked')) return undefined;
    const out = clone(raw);
    out.spec.allowedProcMountTypes = types.filter((t) => t !== 'Unmasked');
    return out;
  },
  requiredDropCapabilities: (raw, pick) => {
    const drops = (raw.spec.requiredDropCapabilities as string[] | undefined) ?? [];
    const add = ['ALL', 'NET_RAW', 'SYS_ADMIN'][pick % 3]!;
    if (drops.includes(add)) return undefined;
    const out = clone(raw);
    out.spec.requiredDropCapabilities = [...drops, add];
    return out;
  },
  seLinux: (raw) => {
    if ((raw.spec.seLinux as { rule: string }).rule !== 'RunAsAny') return undefined;
    const out = clone(raw);
    out.spec.seLinux = { rule: 'MustRunAs', seLinuxOptions: { type: 'container_t' } };
    return out;
  },
  runAsUser: (raw, pick) => {
    if ((raw.spec.runAsUser as { rule: string }).rule !== 'RunAsAny') return undefined;
    const out = clone(raw);
    out.spec.runAsUser = pick % 2 === 0 ? { rule: 'MustRunAsNonRoot' } : { rule: 'MustRunAs', ranges: [{ min: 1000, max: 2000 }] };
    return out;
  },
  seccomp: removeProfile(SECCOMP),
  appArmor: (raw, pick) => {
    if (raw.metadata.annotations[APPARMOR] !== undefined) return removeProfile(APPARMOR)(raw, pick);
    const out = clone(raw);
    out.metadata.annotations[APPARMOR] = ['runtime/default', 'unconfined', 'localhost/p'][pick % 3]!;
    return out;
  },
};

describe('the level is monotonic', () => {
  it('tightening any field never makes the level less strict', () => {
    const applied = new Map<string, number>();
    fc.assert(
      fc.property(rawPsp, fc.nat(), (raw, pick) => {
        const before = modelOf(raw);
        fc.pre(before !== undefined);
        const level = analyzePsp(before!).level;
        for (const [name, tighten] of Object.entries(TIGHTENINGS)) {
          const tighter = tighten(raw, pick);
          const after = tighter && modelOf(tighter);
          if (!after) continue;
          applied.set(name, (applied.get(name) ?? 0) + 1);
          const tightened = analyzePsp(after).level;
          expect(compareLevels(tightened, level), `tightening ${name}: ${level} became ${tightened}`).toBeGreaterThanOrEqual(0);
        }
      }),
      { seed: 20261126, numRuns: 2000 },
    );
    // Every tightening was exercised on many policies.
    for (const name of Object.keys(TIGHTENINGS)) expect(applied.get(name) ?? 0, name).toBeGreaterThan(30);
  });
});
