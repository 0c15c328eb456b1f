// Follows upstream policy/check_hostPathVolumes.go: no hostPath volumes. Restricted replaces it with
// restrictedVolumes.
import { forbidden, ALLOWED, type Check, type CheckFn } from '../check.js';
import { joinQuote, pluralize } from '../helpers.js';

const hostPathVolumes_1_0: CheckFn = (pod) => {
  const names = pod.volumes.filter((v) => v.sources.includes('hostPath')).map((v) => v.name);
  if (names.length === 0) return ALLOWED;
  return forbidden('hostPath volumes', `${pluralize('volume', 'volumes', names.length)} ${joinQuote(names)}`);
};

export const hostPathVolumes: Check = {
  id: 'hostPathVolumes',
  level: 'baseline',
  revisions: [{ minVersion: 'v1.0', check: hostPathVolumes_1_0 }],
};
