// Follows upstream policy/check_appArmorProfile.go: the pod-level and container-level appArmorProfile.type
// must be RuntimeDefault or Localhost, and every `container.apparmor.security.beta.kubernetes.io/*` annotation
// must be empty, runtime/default or localhost/*. The field part applies to every policy version, as upstream.
import { forbidden, ALLOWED, type Check, type CheckFn } from '../check.js';
import { goQuote, joinQuote, pluralize, settersPhrase, sortedUnique } from '../helpers.js';
import { securityContextOffences } from '../visitor.js';

const ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

function allowedAnnotationValue(value: string): boolean {
  return value === '' || value === 'runtime/default' || value.startsWith('localhost/');
}

const appArmorProfile_1_0: CheckFn = (pod) => {
  const fields = securityContextOffences(pod, (sc) => {
    const type = sc?.appArmorProfile?.type;
    return type === undefined || type === 'RuntimeDefault' || type === 'Localhost' ? undefined : type;
  });
  const annotations: string[] = [];
  for (const [key, value] of pod.annotations) {
    if (key.startsWith(ANNOTATION_PREFIX) && !allowedAnnotationValue(value)) {
      annotations.push(`${key}=${goQuote(value)}`);
    }
  }

  const setters = fields.pod || fields.names.length > 0 ? [settersPhrase(fields.pod, fields.names)] : [];
  if (annotations.length > 0) setters.push(pluralize('annotation', 'annotations', annotations.length));
  if (setters.length === 0) return ALLOWED;

  const values = [...sortedUnique(fields.values), ...sortedUnique(annotations)];
  return forbidden(
    pluralize('forbidden AppArmor profile', 'forbidden AppArmor profiles', values.length),
    `${setters.join(' and ')} must not set AppArmor profile type to ${joinQuote(values)}`,
  );
};

export const appArmorProfile: Check = {
  id: 'appArmorProfile',
  level: 'baseline',
  revisions: [{ minVersion: 'v1.0', check: appArmorProfile_1_0 }],
};
