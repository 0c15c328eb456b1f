/**
 * The inventory `convert` prints until the generators exist: what the input
 * holds, so a user can see at a glance that the dump is complete.
 */
import type { Inventory } from '../model/types.js';

function countBy<T>(items: readonly T[], key: (item: T) => string): [string, number][] {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return [...counts.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function row(label: string, count: number, detail = ''): string {
  return `  ${label.padEnd(22)}${String(count).padStart(6)}${detail ? `   ${detail}` : ''}`;
}

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function formatInventory(inv: Inventory): string {
  const lines: string[] = [];
  const files = inv.sources.length === 1 ? '1 source' : `${inv.sources.length} sources`;
  lines.push(`Inventory (${files}):`);
  lines.push(row('PodSecurityPolicies', inv.psps.length));
  for (const [apiVersion, n] of countBy(inv.psps, (p) => p.apiVersion)) {
    const names = inv.psps.filter((p) => p.apiVersion === apiVersion).map((p) => p.metadata.name).sort(byName);
    lines.push(row(`  ${apiVersion}`, n, names.join(', ')));
  }
  const rbac = [...inv.roles, ...inv.bindings];
  lines.push(row('RBAC objects', rbac.length));
  for (const [kind, n] of countBy(rbac, (o) => o.kind)) lines.push(row(`  ${kind}`, n));
  const namespaces = inv.namespaces.map((n) => n.metadata.name).sort(byName);
  lines.push(row('Namespaces', namespaces.length, namespaces.join(', ')));
  lines.push(row('ServiceAccounts', inv.serviceAccounts.length));
  lines.push(row('Pods', inv.pods.length));
  lines.push(row('Workloads', inv.workloads.length));
  for (const [kind, n] of countBy(inv.workloads, (o) => o.kind)) lines.push(row(`  ${kind}`, n));
  const ignored = Object.entries(inv.ignored).sort(([a], [b]) => byName(a, b));
  lines.push(row('Ignored objects', ignored.reduce((sum, [, n]) => sum + n, 0)));
  for (const [kind, n] of ignored) lines.push(row(`  ${kind}`, n));
  return `${lines.join('\n')}\n`;
}
