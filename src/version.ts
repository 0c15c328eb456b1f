import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The psp-migrate package: the folder of its package.json above this module
 * (from src/ when run from source, from dist/src/ when built), found once.
 * templates/ is read from there.
 */
function findPackage(): { root: string; version: string } {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'psp-migrate' && pkg.version) return { root: dir, version: pkg.version };
    } catch {
      // not here; look one folder up
    }
    dir = path.dirname(dir);
  }
  throw new Error('the psp-migrate package.json was not found above the running module');
}

const PACKAGE = findPackage();

export const VERSION = PACKAGE.version;

/** The contents of a file below the package's templates/ folder. */
/** The package's folder (where templates/ and dist/ are). */
export function packageRoot(): string {
  return PACKAGE.root;
}

export function readTemplate(relative: string): string {
  return readFileSync(path.join(PACKAGE.root, 'templates', relative), 'utf8');
}
