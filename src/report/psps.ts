/**
 * Each PSP with its level and findings, as `convert` prints them until the
 * review report exists.
 */
import { formatPos } from '../input/errors.js';
import type { PspAnalysis } from '../mapping/level.js';

export function formatPspAnalyses(analyses: readonly PspAnalysis[]): string {
  const out: string[] = [];
  for (const { psp, level, mutating, findings } of analyses) {
    out.push('');
    out.push(`PodSecurityPolicy ${psp.metadata.name} (${psp.apiVersion}, ${formatPos(psp.source)}): level ${level}${mutating ? ', mutating' : ''}`);
    for (const u of psp.unusable) out.push(`  unusable      ${u.message}: ${u.hint ?? ''}`);
    const shown = findings.filter((f) => f.status !== 'conforms');
    for (const f of shown) {
      const status = f.status === 'blocks-level' ? `blocks ${f.blocks}` : f.status;
      out.push(`  ${status.padEnd(18)}${f.field} (line ${f.source.line}): ${f.message}`);
    }
    const conforming = findings.length - shown.length;
    if (conforming > 0) out.push(`  ${'conforms'.padEnd(18)}${conforming} more field${conforming === 1 ? '' : 's'}: the ${level} level enforces the same`);
  }
  return `${out.join('\n')}\n`;
}
