// Follows upstream policy/check_sysctls.go: pod sysctls must come from the safe set, which grows with the policy
// version (v1.27, v1.29, v1.32, v1.37). Forbidden names are listed in spec order, unquoted, with duplicates.
import { forbidden, ALLOWED, type Check, type CheckFn, type CheckRevision, type MinimumVersion } from '../check.js';

/** The sysctls each version adds to the safe set. */
const SAFE_SYSCTLS_ADDED: ReadonlyArray<readonly [MinimumVersion, readonly string[]]> = [
  ['v1.0', [
    'kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range',
    'net.ipv4.ip_unprivileged_port_start',
  ]],
  ['v1.27', ['net.ipv4.ip_local_reserved_ports']],
  ['v1.29', [
    'net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl',
    'net.ipv4.tcp_keepalive_probes',
  ]],
  ['v1.32', ['net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem']],
  ['v1.37', ['net.ipv4.tcp_slow_start_after_idle', 'net.ipv4.tcp_notsent_lowat']],
];

function sysctlsCheck(safe: ReadonlySet<string>): CheckFn {
  return (pod) => {
    const bad = (pod.securityContext?.sysctls ?? []).filter((name) => !safe.has(name));
    return bad.length === 0 ? ALLOWED : forbidden('forbidden sysctls', bad.join(', '));
  };
}

/** One revision per version that extends the safe set, each allowing everything the previous one did. */
function revisions(): CheckRevision[] {
  const safe: string[] = [];
  return SAFE_SYSCTLS_ADDED.map(([minVersion, added]) => {
    safe.push(...added);
    return { minVersion, check: sysctlsCheck(new Set(safe)) };
  });
}

export const sysctls: Check = {
  id: 'sysctls',
  level: 'baseline',
  revisions: revisions(),
};
