/**
 * Our ConstraintTemplates (templates.gatekeeper.sh/v1): each family's Rego and
 * CEL from templates/gatekeeper/, with the shared lib and prelude, and the
 * parameter schema from the family. No input value reaches this code: the
 * templates are the same for every cluster.
 */
import jsyaml from 'js-yaml';
import type { ControlFamily } from './family.js';
import { STRINGS } from './family.js';
import { readTemplate } from '../../version.js';

const read = (name: string) => readTemplate(`gatekeeper/${name}`);

interface CelSource {
  variables?: { name: string; expression: string }[];
  validations: { expression: string; message?: string; messageExpression?: string }[];
}

let prelude: CelSource['variables'] | undefined;

/** Our own template files, read with js-yaml (a tenth of the `yaml` library's time: it counts at every start). */
function load(name: string): unknown {
  return jsyaml.load(read(name), { schema: jsyaml.CORE_SCHEMA });
}

export function celSource(family: ControlFamily): CelSource {
  prelude ??= load('prelude.cel.yaml') as CelSource['variables'];
  const own = load(`${family.id}.cel.yaml`) as CelSource;
  return { variables: [...(prelude ?? []), ...(own.variables ?? [])], validations: own.validations };
}

export function regoSource(family: ControlFamily): { rego: string; libs: string[] } {
  return { rego: read(`${family.id}.rego`), libs: [read('lib.rego')] };
}

/** The template's name: the lowercase kind, as Gatekeeper requires. */
export function templateName(family: ControlFamily): string {
  return family.kind.toLowerCase();
}

export function constraintTemplate(family: ControlFamily): Record<string, unknown> {
  return {
    apiVersion: 'templates.gatekeeper.sh/v1',
    kind: 'ConstraintTemplate',
    metadata: {
      name: templateName(family),
      annotations: { 'metadata.gatekeeper.sh/title': family.title, description: family.description },
    },
    spec: {
      crd: {
        spec: {
          names: { kind: family.kind },
          validation: {
            openAPIV3Schema: {
              type: 'object',
              properties: {
                policies: {
                  type: 'array',
                  description: 'The PodSecurityPolicies that applied to the matched namespaces; a pod passes if any that applies to it allows it.',
                  items: {
                    type: 'object',
                    properties: {
                      name: { type: 'string', description: 'The PodSecurityPolicy' },
                      serviceAccounts: { ...STRINGS, description: 'Only pods running as these service accounts (empty: all)' },
                      ...family.schema,
                    },
                  },
                },
              },
            },
          },
        },
      },
      targets: [
        {
          target: 'admission.k8s.gatekeeper.sh',
          code: [
            { engine: 'K8sNativeValidation', source: celSource(family) },
            { engine: 'Rego', source: regoSource(family) },
          ],
        },
      ],
    },
  };
}
