// Follows upstream policy/check_seLinuxOptions.go: seLinuxOptions (pod or container) may only set type to
// "", container_t, container_init_t or container_kvm_t (plus container_engine_t from v1.31), and must not set
// user or role. level is unrestricted.
import { forbidden, ALLOWED, type Check, type CheckFn } from '../check.js';
import { joinQuote, pluralize, settersPhrase, sortedUnique } from '../helpers.js';
import type { SELinuxOptionsView } from '../pod.js';
import { securityContextOffences } from '../visitor.js';

const ALLOWED_TYPES_1_0 = ['', 'container_t', 'container_init_t', 'container_kvm_t'];
const ALLOWED_TYPES_1_31 = [...ALLOWED_TYPES_1_0, 'container_engine_t'];

function seLinuxOptionsCheck(allowedTypes: readonly string[]): CheckFn {
  const allowed = new Set(allowedTypes);
  const isForbidden = (options: SELinuxOptionsView): boolean =>
    !allowed.has(options.type) || options.user !== '' || options.role !== '';
  return (pod) => {
    const bad = securityContextOffences(pod, (sc) => {
      const options = sc?.seLinuxOptions;
      return options !== undefined && isForbidden(options) ? options : undefined;
    });
    if (bad.values.length === 0) return ALLOWED;

    const problems: string[] = [];
    const types = sortedUnique(bad.values.map((o) => o.type).filter((type) => !allowed.has(type)));
    if (types.length > 0) problems.push(`${pluralize('type', 'types', types.length)} ${joinQuote(types)}`);
    if (bad.values.some((o) => o.user !== '')) problems.push('user may not be set');
    if (bad.values.some((o) => o.role !== '')) problems.push('role may not be set');
    return forbidden(
      'seLinuxOptions',
      `${settersPhrase(bad.pod, bad.names)} set forbidden securityContext.seLinuxOptions: ${problems.join('; ')}`,
    );
  };
}

export const seLinuxOptions: Check = {
  id: 'seLinuxOptions',
  level: 'baseline',
  revisions: [
    { minVersion: 'v1.0', check: seLinuxOptionsCheck(ALLOWED_TYPES_1_0) },
    { minVersion: 'v1.31', check: seLinuxOptionsCheck(ALLOWED_TYPES_1_31) },
  ],
};
