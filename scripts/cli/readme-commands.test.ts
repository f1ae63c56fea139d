import { describe, expect, it } from 'vitest';
import { readmeCommands } from './readme-commands';

const README = `# app

## Use it

\`\`\`sh
$ echo hi | tool run
out 1
out 2
$ tool other   # long: an hour
\`\`\`

\`\`\`sh
# a comment
tool a --x 1   # quick
tool b \\
  --y 2
tool c   # long
\`\`\`

## Later

\`\`\`sh
tool never
\`\`\`
`;

describe('readmeCommands', () => {
  it('reads the commands of one section, their shown output, and the long marks', () => {
    expect(readmeCommands(README, '## Use it')).toEqual([
      { command: 'echo hi | tool run', expected: ['out 1', 'out 2'], long: false },
      { command: 'tool other   # long: an hour', expected: [], long: true },
      { command: 'tool a --x 1   # quick', expected: undefined, long: false },
      { command: 'tool b    --y 2', expected: undefined, long: false },
      { command: 'tool c   # long', expected: undefined, long: true },
    ]);
  });

  it('names a missing section', () => {
    expect(() => readmeCommands(README, '## Usage')).toThrow("the README has no section '## Usage'");
  });
});
