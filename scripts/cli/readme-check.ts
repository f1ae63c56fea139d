/**
 * The test both apps run on their README: every quick command of its "Use it" section, exactly as
 * written, from the repository root, against the built command (see readme-commands.ts for the
 * convention). The app is built first when its build is older than its sources.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { readmeCommands } from './readme-commands';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function newestFile(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestFile(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Builds `pkg` and the libraries it uses unless its `dist/cli.js` is newer than its sources. */
export function ensureBuilt(appDir: string, pkg: string): void {
  let built = 0;
  try {
    built = statSync(join(appDir, 'dist/cli.js')).mtimeMs;
  } catch {
    built = 0;
  }
  if (built > Math.max(newestFile(join(appDir, 'src')), newestFile(join(ROOT, 'scripts/cli')))) return;
  execFileSync('pnpm', ['exec', 'turbo', 'run', 'build', `--filter=${pkg}...`, '--output-logs=errors-only'], {
    cwd: ROOT,
    stdio: 'ignore',
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' },
  });
}

/** Registers one test per quick command of `appDir`'s README section `heading`. */
export function checkReadmeCommands(appDir: string, pkg: string, heading = '## Use it'): void {
  const commands = readmeCommands(readFileSync(join(appDir, 'README.md'), 'utf8'), heading);
  describe(`README commands (${heading}) run as written`, () => {
    beforeAll(() => ensureBuilt(appDir, pkg), 600_000);

    it('has quick commands to run', () => {
      expect(commands.filter((c) => !c.long).length).toBeGreaterThan(0);
    });

    for (const { command, expected, long } of commands) {
      it.skipIf(long)(command, () => {
        const result = spawnSync('bash', ['-c', command], { cwd: ROOT, encoding: 'utf8', timeout: 240_000 });
        expect(result.status, `exit status of: ${command}\n${result.stderr}`).toBe(0);
        if (expected !== undefined) expect(result.stdout.trimEnd().split('\n')).toEqual(expected);
        else expect(result.stdout.trim()).not.toBe('');
      }, 300_000);
    }
  });
}
