import { defineConfig } from 'tsup';

/**
 * The build both apps share: the command, built once to plain JavaScript so that it starts
 * without compiling TypeScript at run time. The workspace libraries stay external (loaded from
 * their own builds); each command is a chunk of its own, loaded when it runs, so `--help` loads
 * no TensorFlow.js.
 */
export function appConfig() {
  return defineConfig({
    entry: ['src/cli.ts'],
    format: ['esm'],
    splitting: true,
    clean: true,
    sourcemap: true,
    target: 'node20',
    platform: 'node',
  });
}
