// Follows upstream policy/check_hostProbesAndhostLifecycle.go (from v1.34): the httpGet/tcpSocket handlers of
// liveness, readiness and startup probes and of postStart/preStop hooks must not set `host`. Unlike the other
// checks, container names are reported as a sorted set.
import { forbidden, ALLOWED, type Check, type CheckFn } from '../check.js';
import { containersPhrase, joinQuote, pluralize, sortedUnique } from '../helpers.js';
import { containerOffences } from '../visitor.js';

const hostProbesAndHostLifecycle_1_34: CheckFn = (pod) => {
  const bad = containerOffences(pod, (c) => c.probeAndLifecycleHosts);
  if (bad.names.length === 0) return ALLOWED;
  const names = sortedUnique(bad.names);
  const hosts = sortedUnique(bad.values);
  return forbidden(
    'probe or lifecycle host',
    `${containersPhrase(names)} ${pluralize('uses', 'use', names.length)} ${pluralize('probe or lifecycle host', 'probe or lifecycle hosts', hosts.length)} ${joinQuote(hosts)}`,
  );
};

export const hostProbesAndHostLifecycle: Check = {
  id: 'hostProbesAndHostLifecycle',
  level: 'baseline',
  revisions: [{ minVersion: 'v1.34', check: hostProbesAndHostLifecycle_1_34 }],
};
