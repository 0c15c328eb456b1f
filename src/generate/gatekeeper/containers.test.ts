/**
 * The container group's templates (capabilities, privilege escalation,
 * read-only root filesystem, proc mount, users, groups, fsGroup,
 * supplemental groups) on hand-written PSPs and pods that the shared
 * generators reach rarely or never: unset vs explicit values, the pod-level
 * fallback of runAsUser/runAsNonRoot/runAsGroup, several ranges, wildcards,
 * unusable strategies, explicit empty lists, init and ephemeral containers.
 * The CEL decision is compared with PSP admission's (validatePod) on a PSP
 * that allows everything except the family's fields; a few cases also state
 * the upstream outcome outright.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PERMISSIVE, permissiveWith } from '../../../test/arbitraries.js';
import { celCodeOf, evaluateCel } from '../../../test/cel.js';
import { validatePod } from '../../mapping/admission.js';
import type { PodObject } from '../../mapping/admission.js';
import type { PodSecurityPolicy } from '../../model/types.js';
import type { ControlFamily } from './family.js';
import { capabilities } from './families/capabilities.js';
import { CONTAINER_FAMILIES } from './families/containers.js';
import { fsGroup } from './families/fs-group.js';
import { groups } from './families/groups.js';
import { privilegeEscalation } from './families/privilege-escalation.js';
import { procMount } from './families/proc-mount.js';
import { readOnlyRootFilesystem } from './families/read-only-root-filesystem.js';
import { supplementalGroups } from './families/supplemental-groups.js';
import { users } from './families/users.js';
import { constraintTemplate } from './templates.js';

// ---------------------------------------------------------------- helpers

/** The permissive PSP with the family's fields replaced by `fields` (a family field not in `fields` is omitted). */
function familyPsp(family: ControlFamily, fields: Record<string, unknown>, name: string): PodSecurityPolicy {
  const spec = { ...Object.fromEntries(family.rawFields.spec.map((k) => [k, undefined])), ...fields };
  const psp = permissiveWith(name, spec);
  if (psp === undefined) throw new Error(`the API server would reject ${JSON.stringify(fields)}`);
  return psp;
}

const codes = new Map(CONTAINER_FAMILIES.map((f) => [f.id, celCodeOf(constraintTemplate(f))]));

function cel(family: ControlFamily, policies: Record<string, unknown>[], pod: PodObject, operation: 'CREATE' | 'UPDATE' = 'CREATE') {
  return evaluateCel(codes.get(family.id)!, { policies }, pod, operation);
}

function paramsOf(family: ControlFamily, psps: readonly PodSecurityPolicy[]) {
  return psps.map((p) => ({ name: p.metadata.name, serviceAccounts: [], ...family.params(p) }));
}

/** PSP admission's decision: allowed when any of the PSPs admits the pod as it is. */
function model(psps: readonly PodSecurityPolicy[], pod: PodObject): boolean {
  return psps.some((p) => validatePod(p, pod).length === 0);
}

type SC = Record<string, unknown> | undefined;
type Kind = 'initContainers' | 'containers' | 'ephemeralContainers';

interface PodShape {
  podSc: SC;
  containers: { kind: Kind; name: string; sc: SC }[];
}

function makePod(shape: PodShape): PodObject {
  const spec: Record<string, unknown> = {};
  if (shape.podSc !== undefined) spec.securityContext = structuredClone(shape.podSc);
  for (const c of shape.containers) {
    const list = (spec[c.kind] ??= []) as Record<string, unknown>[];
    list.push({ name: c.name, image: 'app:1', ...(c.sc !== undefined ? { securityContext: structuredClone(c.sc) } : {}) });
  }
  return { metadata: { name: 'p' }, spec };
}

/** A pod: an app container, maybe a sidecar, an init and an ephemeral container, each with a context from `containerScs`. */
function podShape(podScs: readonly SC[], containerScs: readonly SC[]): fc.Arbitrary<PodShape> {
  const sc = fc.constantFrom(...containerScs);
  const maybe = (kind: Kind, name: string) => fc.option(sc.map((s) => ({ kind, name, sc: s })), { nil: undefined, freq: 2 });
  return fc
    .record({
      podSc: fc.constantFrom(...podScs),
      app: sc,
      sidecar: maybe('containers', 'sidecar'),
      init: maybe('initContainers', 'init'),
      debug: maybe('ephemeralContainers', 'debug'),
    })
    .map(({ podSc, app, sidecar, init, debug }) => ({
      podSc,
      containers: [{ kind: 'containers' as Kind, name: 'app', sc: app }, ...[sidecar, init, debug].filter((c) => c !== undefined)],
    }));
}

interface FamilyCase {
  family: ControlFamily;
  /** Values of the family's PSP fields. */
  pspFields: readonly Record<string, unknown>[];
  podScs: readonly SC[];
  containerScs: readonly SC[];
  /** Pod-level fields: not checked on UPDATE. */
  podLevel: boolean;
}

// ---------------------------------------------------------------- the hand-written values

/** Every combination of the given values, as security contexts (undefined values are omitted). */
function contexts(fields: Record<string, readonly unknown[]>): SC[] {
  let out: Record<string, unknown>[] = [{}];
  for (const [key, values] of Object.entries(fields)) {
    out = out.flatMap((sc) => values.map((v) => (v === undefined ? sc : { ...sc, [key]: v })));
  }
  return [undefined, ...out];
}

const CASES: FamilyCase[] = [
  {
    family: capabilities,
    pspFields: [
      {},
      { allowedCapabilities: ['*'] },
      { allowedCapabilities: ['*'], defaultAddCapabilities: ['CHOWN'] },
      { requiredDropCapabilities: ['ALL'] },
      { allowedCapabilities: ['NET_BIND_SERVICE'], requiredDropCapabilities: ['ALL'] },
      { allowedCapabilities: ['NET_BIND_SERVICE'], defaultAddCapabilities: ['CHOWN'] },
      { allowedCapabilities: ['SYS_ADMIN', 'CHOWN'], requiredDropCapabilities: ['NET_RAW', 'KILL'] },
    ],
    podScs: [undefined, { runAsUser: 1000 }],
    containerScs: [
      undefined,
      {},
      { capabilities: {} },
      { capabilities: { add: [] } },
      { capabilities: { add: ['NET_BIND_SERVICE'] } },
      { capabilities: { drop: ['ALL'] } },
      { capabilities: { add: ['NET_BIND_SERVICE'], drop: ['ALL'] } },
      { capabilities: { add: ['CHOWN'], drop: ['ALL'] } },
      { capabilities: { add: ['SYS_ADMIN', 'CHOWN'], drop: ['NET_RAW', 'KILL'] } },
      { capabilities: { add: ['SYS_ADMIN'], drop: ['ALL', 'NET_RAW'] } },
      { capabilities: { drop: ['NET_RAW'] } },
    ],
    podLevel: false,
  },
  {
    family: privilegeEscalation,
    pspFields: [{}, { allowPrivilegeEscalation: true }, { allowPrivilegeEscalation: false }, { allowPrivilegeEscalation: false, defaultAllowPrivilegeEscalation: false }, { defaultAllowPrivilegeEscalation: true }],
    podScs: [undefined, { runAsUser: 1000 }],
    containerScs: contexts({ allowPrivilegeEscalation: [undefined, true, false], privileged: [undefined, true] }),
    podLevel: false,
  },
  {
    family: readOnlyRootFilesystem,
    pspFields: [{}, { readOnlyRootFilesystem: false }, { readOnlyRootFilesystem: true }],
    podScs: [undefined, {}],
    containerScs: contexts({ readOnlyRootFilesystem: [undefined, true, false] }),
    podLevel: false,
  },
  {
    family: procMount,
    pspFields: [{}, { allowedProcMountTypes: [] }, { allowedProcMountTypes: ['Default'] }, { allowedProcMountTypes: ['Unmasked'] }, { allowedProcMountTypes: ['Default', 'Unmasked'] }],
    podScs: [undefined, {}],
    containerScs: contexts({ procMount: [undefined, 'Default', 'Unmasked'] }),
    podLevel: false,
  },
  {
    family: users,
    pspFields: [
      { runAsUser: { rule: 'RunAsAny' } },
      { runAsUser: { rule: 'MustRunAsNonRoot' } },
      { runAsUser: { rule: 'MustRunAs', ranges: [{ min: 1000, max: 1000 }] } },
      { runAsUser: { rule: 'MustRunAs', ranges: [{ min: 0, max: 0 }, { min: 2000, max: 3000 }] } },
      // Unusable (user/mustrunas.go NewMustRunAs fails): admits nothing.
      { runAsUser: { rule: 'MustRunAs' } },
    ],
    podScs: contexts({ runAsUser: [undefined, 0, 1000, 2500], runAsNonRoot: [undefined, true, false] }),
    containerScs: contexts({ runAsUser: [undefined, 0, 1000, 2500], runAsNonRoot: [undefined, true, false] }),
    podLevel: false,
  },
  {
    family: groups,
    pspFields: [
      {},
      { runAsGroup: { rule: 'RunAsAny' } },
      { runAsGroup: { rule: 'MustRunAs', ranges: [{ min: 1000, max: 1000 }] } },
      { runAsGroup: { rule: 'MayRunAs', ranges: [{ min: 0, max: 0 }, { min: 2000, max: 3000 }] } },
      { runAsGroup: { rule: 'MustRunAs', ranges: [{ min: 0, max: 1000 }, { min: 2500, max: 2500 }] } },
    ],
    podScs: contexts({ runAsGroup: [undefined, 0, 1000, 2500] }),
    containerScs: contexts({ runAsGroup: [undefined, 0, 1000, 2500], runAsUser: [undefined, 1000] }),
    podLevel: false,
  },
  {
    family: fsGroup,
    pspFields: [
      { fsGroup: { rule: 'RunAsAny' } },
      { fsGroup: { rule: 'MustRunAs', ranges: [{ min: 1000, max: 1000 }] } },
      { fsGroup: { rule: 'MayRunAs', ranges: [{ min: 0, max: 0 }, { min: 2000, max: 3000 }] } },
      { fsGroup: { rule: 'MustRunAs', ranges: [{ min: 1, max: 1000 }, { min: 2500, max: 2500 }] } },
      // Unusable (group.NewMustRunAs / NewMayRunAs fail without ranges).
      { fsGroup: { rule: 'MustRunAs' } },
      { fsGroup: { rule: 'MayRunAs' } },
    ],
    podScs: contexts({ fsGroup: [undefined, 0, 1000, 2500], runAsGroup: [undefined, 1000] }),
    containerScs: [undefined, { runAsGroup: 2500 }],
    podLevel: true,
  },
  {
    family: supplementalGroups,
    pspFields: [
      { supplementalGroups: { rule: 'RunAsAny' } },
      { supplementalGroups: { rule: 'MustRunAs', ranges: [{ min: 1000, max: 1000 }] } },
      { supplementalGroups: { rule: 'MayRunAs', ranges: [{ min: 0, max: 0 }, { min: 2000, max: 3000 }] } },
      { supplementalGroups: { rule: 'MustRunAs', ranges: [{ min: 1000, max: 1000 }, { min: 2500, max: 2500 }] } },
      { supplementalGroups: { rule: 'MustRunAs' } },
      { supplementalGroups: { rule: 'MayRunAs' } },
    ],
    podScs: contexts({ supplementalGroups: [undefined, [], [1000], [0], [2500], [1000, 2500], [2500, 1000], [0, 2500]] }),
    containerScs: [undefined, {}],
    podLevel: true,
  },
];

// ---------------------------------------------------------------- CEL = model on the hand-written values

describe.each(CASES.map((c) => [c.family.id, c] as const))('the %s template on hand-written PSPs and pods', (_id, c) => {
  const psps = c.pspFields.map((fields, i) => familyPsp(c.family, fields, `psp-${i}`));
  const policies = fc.array(fc.constantFrom(...psps), { minLength: 1, maxLength: 3 });
  const shapes = podShape(c.podScs, c.containerScs);

  it('decides like PSP admission, for one, two or three policies', () => {
    let allowed = 0;
    let denied = 0;
    fc.assert(
      fc.property(policies, shapes, (chosen, shape) => {
        const pod = makePod(shape);
        const expected = model(chosen, pod);
        const got = cel(c.family, paramsOf(c.family, chosen), pod);
        expect(got.allowed, `model says ${expected}; CEL says ${JSON.stringify(got)}\npolicies: ${JSON.stringify(paramsOf(c.family, chosen))}\npod: ${JSON.stringify(pod)}`).toBe(expected);
        if (expected) allowed++;
        else denied++;
      }),
      { seed: 4242, numRuns: 600 },
    );
    expect(allowed).toBeGreaterThan(60);
    expect(denied).toBeGreaterThan(60);
  });

  it('decides every policy value on every container context and pod context like PSP admission', () => {
    for (const psp of psps) {
      for (const podSc of c.podScs) {
        for (const sc of c.containerScs) {
          // An ephemeral container sits next to an app container without a securityContext (init containers: the property above).
          for (const kind of c.podLevel ? (['containers'] as const) : (['containers', 'ephemeralContainers'] as const)) {
            const shape: PodShape = { podSc, containers: kind === 'containers' ? [{ kind, name: 'app', sc }] : [{ kind: 'containers', name: 'app', sc: undefined }, { kind, name: 'debug', sc }] };
            const pod = makePod(shape);
            expect(cel(c.family, paramsOf(c.family, [psp]), pod).allowed, `${JSON.stringify(c.family.params(psp))} on ${JSON.stringify(pod)}`).toBe(model([psp], pod));
          }
        }
      }
    }
  });

  it('on UPDATE checks only ephemeral containers, and no pod-level field', () => {
    fc.assert(
      fc.property(policies, shapes, (chosen, shape) => {
        const pod = makePod(shape);
        // What an update can add: ephemeral containers (pod-level fields are immutable).
        const ephemeral = shape.containers.filter((x) => x.kind === 'ephemeralContainers');
        const expected = c.podLevel || ephemeral.length === 0 ? true : model(chosen, makePod({ podSc: shape.podSc, containers: ephemeral }));
        expect(cel(c.family, paramsOf(c.family, chosen), pod, 'UPDATE').allowed).toBe(expected);
      }),
      { seed: 99, numRuns: 200 },
    );
  });

  it('restricts exactly when the PSP refuses some pod (a PSP that restricts nothing needs no Constraint)', () => {
    for (const psp of psps) {
      const refused = fc.sample(shapes, { seed: 5, numRuns: 200 }).filter((shape) => !model([psp], makePod(shape)));
      expect(refused.length > 0, `${JSON.stringify(c.family.params(psp))}`).toBe(c.family.restricts(psp));
    }
    expect(c.family.restricts(familyPsp(c.family, Object.fromEntries(c.family.rawFields.spec.flatMap((k) => (PERMISSIVE.spec[k] === undefined ? [] : [[k, PERMISSIVE.spec[k]]]))), 'permissive'))).toBe(false);
  });
});

// ---------------------------------------------------------------- upstream behaviour, stated outright

/** One policy built from the family's PSP fields; the model's and the CEL's decision. */
function decide(family: ControlFamily, fields: Record<string, unknown>, shape: PodShape) {
  const psp = familyPsp(family, fields, 'restricted');
  const pod = makePod(shape);
  return { model: model([psp], pod), cel: cel(family, paramsOf(family, [psp]), pod) };
}

const one = (sc: SC, podSc?: SC): PodShape => ({ podSc, containers: [{ kind: 'containers', name: 'app', sc }] });

describe('upstream outcomes', () => {
  const row = (id: string, family: ControlFamily, fields: Record<string, unknown>, shape: PodShape, expected: boolean) => ({ id, family, fields, shape, expected });
  const rows = [
    // user/nonroot.go: a non-zero runAsUser without runAsNonRoot passes; root or runAsNonRoot: false does not; neither set does not.
    row('users', users, { runAsUser: { rule: 'MustRunAsNonRoot' } }, one({ runAsUser: 1000 }), true),
    row('users', users, { runAsUser: { rule: 'MustRunAsNonRoot' } }, one(undefined), false),
    row('users', users, { runAsUser: { rule: 'MustRunAsNonRoot' } }, one({ runAsUser: 0 }, { runAsNonRoot: true }), false),
    row('users', users, { runAsUser: { rule: 'MustRunAsNonRoot' } }, one({ runAsNonRoot: true }, { runAsNonRoot: false }), true),
    row('users', users, { runAsUser: { rule: 'MustRunAsNonRoot' } }, one({ runAsUser: 1000 }, { runAsNonRoot: false }), false),
    // The effective context: the pod's value when the container has none.
    row('users', users, { runAsUser: { rule: 'MustRunAs', ranges: [{ min: 1000, max: 1000 }] } }, one({}, { runAsUser: 1000 }), true),
    row('users', users, { runAsUser: { rule: 'MustRunAs', ranges: [{ min: 1000, max: 1000 }] } }, one({ runAsUser: 2000 }, { runAsUser: 1000 }), false),
    row('users', users, { runAsUser: { rule: 'MustRunAs', ranges: [{ min: 0, max: 0 }, { min: 2000, max: 3000 }] } }, one({ runAsUser: 2500 }), true),
    // An unusable PSP admitted nothing.
    row('users', users, { runAsUser: { rule: 'MustRunAs' } }, one({ runAsUser: 1000 }), false),
    row('groups', groups, {}, one({ runAsGroup: 0 }), true),
    row('groups', groups, { runAsGroup: { rule: 'MayRunAs', ranges: [{ min: 1000, max: 1000 }] } }, one(undefined), true),
    row('groups', groups, { runAsGroup: { rule: 'MustRunAs', ranges: [{ min: 1000, max: 1000 }] } }, one(undefined), false),
    row('groups', groups, { runAsGroup: { rule: 'MustRunAs', ranges: [{ min: 1000, max: 1000 }] } }, one({}, { runAsGroup: 1000 }), true),
    row('fs-group', fsGroup, { fsGroup: { rule: 'MustRunAs', ranges: [{ min: 1000, max: 1000 }] } }, one(undefined), false),
    row('fs-group', fsGroup, { fsGroup: { rule: 'MayRunAs', ranges: [{ min: 1000, max: 1000 }] } }, one(undefined), true),
    row('fs-group', fsGroup, { fsGroup: { rule: 'MayRunAs', ranges: [{ min: 1000, max: 1000 }] } }, one(undefined, { fsGroup: 0 }), false),
    row('fs-group', fsGroup, { fsGroup: { rule: 'MayRunAs' } }, one(undefined), false),
    // group/mustrunas.go: "unable to validate empty groups against required ranges", for an explicit [] too.
    row('supplemental-groups', supplementalGroups, { supplementalGroups: { rule: 'MustRunAs', ranges: [{ min: 1000, max: 1000 }] } }, one(undefined, { supplementalGroups: [] }), false),
    row('supplemental-groups', supplementalGroups, { supplementalGroups: { rule: 'MayRunAs', ranges: [{ min: 1000, max: 1000 }] } }, one(undefined, { supplementalGroups: [] }), true),
    row('supplemental-groups', supplementalGroups, { supplementalGroups: { rule: 'MayRunAs', ranges: [{ min: 1000, max: 1000 }] } }, one(undefined, { supplementalGroups: [1000, 5] }), false),
    // capabilities.go: nil capabilities fail when the PSP adds or drops; `*` skips the checks of set capabilities.
    row('capabilities', capabilities, { allowedCapabilities: ['*'], defaultAddCapabilities: ['CHOWN'] }, one({}), false),
    row('capabilities', capabilities, { allowedCapabilities: ['*'], defaultAddCapabilities: ['CHOWN'] }, one({ capabilities: {} }), true),
    row('capabilities', capabilities, { defaultAddCapabilities: ['CHOWN'] }, one({ capabilities: { add: ['CHOWN'] } }), true),
    row('capabilities', capabilities, { requiredDropCapabilities: ['NET_RAW', 'KILL'] }, one({ capabilities: { drop: ['NET_RAW'] } }), false),
    row('capabilities', capabilities, {}, one({ capabilities: { add: ['chown'] } }), false),
    // Unset is refused: PSP defaulted it, nothing does now.
    row('privilege-escalation', privilegeEscalation, { allowPrivilegeEscalation: false }, one({}), false),
    row('privilege-escalation', privilegeEscalation, { allowPrivilegeEscalation: false }, one({ allowPrivilegeEscalation: false }), true),
    row('privilege-escalation', privilegeEscalation, {}, one({ allowPrivilegeEscalation: true }), true),
    row('read-only-root-filesystem', readOnlyRootFilesystem, { readOnlyRootFilesystem: true }, one(undefined), false),
    row('read-only-root-filesystem', readOnlyRootFilesystem, { readOnlyRootFilesystem: true }, one({ readOnlyRootFilesystem: true }), true),
    row('proc-mount', procMount, { allowedProcMountTypes: [] }, one({ procMount: 'Unmasked' }), false),
    row('proc-mount', procMount, { allowedProcMountTypes: ['Unmasked'] }, one({ procMount: 'Unmasked' }), true),
    row('proc-mount', procMount, { allowedProcMountTypes: ['Unmasked'] }, one(undefined), false),
  ];
  it.each(rows)('$id: $fields on $shape.podSc / $shape.containers.0.sc → $expected', ({ family, fields, shape, expected }) => {
    const { model: m, cel: got } = decide(family, fields, shape);
    expect(m).toBe(expected);
    expect(got.allowed).toBe(expected);
  });
});

// ---------------------------------------------------------------- parameters

describe('parameters', () => {
  const absentCases: [ControlFamily, string, Record<string, unknown>][] = [
    // An absent parameter means what the PSP's omitted field means.
    [capabilities, 'allowedCapabilities', {}],
    [capabilities, 'defaultAddCapabilities', {}],
    [capabilities, 'requiredDropCapabilities', {}],
    [privilegeEscalation, 'allowPrivilegeEscalation', {}],
    [readOnlyRootFilesystem, 'readOnlyRootFilesystem', {}],
    [procMount, 'allowedProcMountTypes', {}],
    [groups, 'runAsGroup', {}],
    // runAsUser, fsGroup and supplementalGroups are required in a PSP: absent reads as RunAsAny.
    [users, 'runAsUser', { runAsUser: { rule: 'RunAsAny' } }],
    [fsGroup, 'fsGroup', { fsGroup: { rule: 'RunAsAny' } }],
    [supplementalGroups, 'supplementalGroups', { supplementalGroups: { rule: 'RunAsAny' } }],
  ];
  it.each(absentCases.map(([f, key, defaults]) => [f.id, key, f, defaults] as const))('%s: an absent %s means the PSP default', (_id, key, family, defaults) => {
    const c = CASES.find((x) => x.family === family)!;
    fc.assert(
      fc.property(fc.constantFrom(...c.pspFields), podShape(c.podScs, c.containerScs), (fields, shape) => {
        const pod = makePod(shape);
        const params: Record<string, unknown> = { ...family.params(familyPsp(family, fields, 'x')) };
        delete params[key];
        // The same PSP with the field omitted (or, where the API requires it, at its permissive value).
        const omitted: Record<string, unknown> = { ...fields, ...defaults };
        if (!(key in defaults)) delete omitted[key];
        expect(cel(family, [{ name: 'x', ...params }], pod).allowed).toBe(model([familyPsp(family, omitted, 'x')], pod));
      }),
      { seed: 11, numRuns: 150 },
    );
  });

  it('are PSP-shaped: the PSP field names, ranges as {min, max}', () => {
    const psp = familyPsp(users, { runAsUser: { rule: 'MustRunAs', ranges: [{ min: 1, max: 2 }, { min: 5, max: 9 }] } }, 'a');
    expect(users.params(psp)).toEqual({ runAsUser: { rule: 'MustRunAs', ranges: [{ min: 1, max: 2 }, { min: 5, max: 9 }] } });
    expect(groups.params(familyPsp(groups, {}, 'b'))).toEqual({});
    expect(supplementalGroups.params(familyPsp(supplementalGroups, { supplementalGroups: { rule: 'MayRunAs', ranges: [{ min: 3, max: 4 }] } }, 'c'))).toEqual({ supplementalGroups: { rule: 'MayRunAs', ranges: [{ min: 3, max: 4 }] } });
    expect(privilegeEscalation.params(familyPsp(privilegeEscalation, {}, 'd'))).toEqual({ allowPrivilegeEscalation: true });
    for (const family of CONTAINER_FAMILIES) {
      for (const c of CASES.filter((x) => x.family === family)) {
        for (const fields of c.pspFields) {
          const keys = Object.keys(family.params(familyPsp(family, fields, 'e')));
          for (const k of keys) expect(Object.keys(family.schema)).toContain(k);
        }
      }
    }
  });
});

// ---------------------------------------------------------------- messages

describe('messages', () => {
  it('name the refused containers and end with the PodSecurityPolicies that apply', () => {
    const a = familyPsp(users, { runAsUser: { rule: 'MustRunAsNonRoot' } }, 'a');
    const b = familyPsp(users, { runAsUser: { rule: 'MustRunAs', ranges: [{ min: 1000, max: 1000 }] } }, 'b');
    const pod = makePod({ podSc: undefined, containers: [{ kind: 'initContainers', name: 'init', sc: { runAsUser: 0 } }, { kind: 'containers', name: 'app', sc: { runAsUser: 1000 } }, { kind: 'containers', name: 'side', sc: { runAsUser: 2000 } }] });
    const got = cel(users, paramsOf(users, [a, b]), pod);
    expect(got.allowed).toBe(false);
    expect(got.messages).toHaveLength(1);
    expect(got.messages[0]).toMatch(/^containers init, side do not run as a user/);
    expect(got.messages[0]!.endsWith('(a, b)')).toBe(true);
  });

  it('show the pod-level values', () => {
    const fs = familyPsp(fsGroup, { fsGroup: { rule: 'MustRunAs', ranges: [{ min: 1000, max: 1000 }] } }, 'r');
    expect(cel(fsGroup, paramsOf(fsGroup, [fs]), makePod(one(undefined))).messages[0]).toMatch(/^spec\.securityContext\.fsGroup \(unset\) is not allowed .*\(r\)$/);
    expect(cel(fsGroup, paramsOf(fsGroup, [fs]), makePod(one(undefined, { fsGroup: 7 }))).messages[0]).toMatch(/^spec\.securityContext\.fsGroup 7 is not allowed/);
    const sg = familyPsp(supplementalGroups, { supplementalGroups: { rule: 'MayRunAs', ranges: [{ min: 1000, max: 1000 }] } }, 'r');
    expect(cel(supplementalGroups, paramsOf(supplementalGroups, [sg]), makePod(one(undefined, { supplementalGroups: [1000, 5] }))).messages[0]).toMatch(/^spec\.securityContext\.supplementalGroups \[1000, 5\] are not allowed .*\(r\)$/);
  });

  it.each(CONTAINER_FAMILIES.filter((f) => !['fs-group', 'supplemental-groups'].includes(f.id)).map((f) => [f.id, f] as const))('%s names only refused containers', (_id, family) => {
    const c = CASES.find((x) => x.family === family)!;
    const psps = c.pspFields.map((fields, i) => familyPsp(family, fields, `psp-${i}`));
    fc.assert(
      fc.property(fc.constantFrom(...psps), podShape(c.podScs, c.containerScs), (psp, shape) => {
        const pod = makePod(shape);
        const got = cel(family, paramsOf(family, [psp]), pod);
        if (got.allowed) return;
        // The containers the model refuses, by name.
        const refused = shape.containers.filter((x) => !model([psp], makePod({ podSc: shape.podSc, containers: [x] }))).map((x) => x.name);
        const named = /^containers (.*?) (?:add|must|use|do) /.exec(got.messages[0]!)?.[1]?.split(', ') ?? [];
        expect(named.sort()).toEqual(refused.sort());
        expect(got.messages[0]!.endsWith(`(${psp.metadata.name})`)).toBe(true);
      }),
      { seed: 3, numRuns: 150 },
    );
  });
});
