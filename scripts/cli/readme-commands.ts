/**
 * The commands of a README section, so that a test can run them exactly as written.
 *
 * Convention: every `sh` code block in the section (from its `## ` heading to the next) holds
 * commands. In a block with `$ ` prompts, each `$ ` line is a command and the lines after it, up to
 * the next prompt, are what it prints on stdout; in a block without prompts every line that is
 * not blank or a comment is a command (a line ending in `\` continues on the next). A command
 * whose trailing comment starts with `long` (`... # long: an hour`) is marked long: too slow for
 * a test run.
 */

/** One command of a README. */
export interface ReadmeCommand {
  /** The shell command, as written (continuations joined). */
  command: string;
  /** What it prints on stdout, line by line, when the README shows it (`$ ` blocks). */
  expected?: string[];
  /** Marked `# long`: skipped by tests. */
  long: boolean;
}

/** The commands in the `sh` blocks of section `heading` (e.g. `'## Use it'`) of `markdown`. */
export function readmeCommands(markdown: string, heading: string): ReadmeCommand[] {
  const lines = markdown.split('\n');
  const start = lines.findIndex((l) => l.trim() === heading);
  if (start < 0) throw new Error(`the README has no section '${heading}'`);
  const level = heading.split(' ')[0]!;
  let end = lines.findIndex((l, i) => i > start && l.startsWith(`${level} `));
  if (end < 0) end = lines.length;
  const commands: ReadmeCommand[] = [];
  let block: string[] | null = null;
  for (const line of lines.slice(start + 1, end)) {
    if (block === null) {
      if (/^```(sh|bash|shell)\s*$/.test(line.trim())) block = [];
      continue;
    }
    if (line.trim() === '```') {
      commands.push(...blockCommands(block));
      block = null;
      continue;
    }
    block.push(line);
  }
  return commands;
}

function blockCommands(block: readonly string[]): ReadmeCommand[] {
  const out: ReadmeCommand[] = [];
  if (block.some((l) => l.startsWith('$ '))) {
    for (const line of block) {
      if (line.startsWith('$ ')) out.push(made(line.slice(2), []));
      else out.at(-1)?.expected?.push(line);
    }
    return out;
  }
  let pending = '';
  for (const line of block) {
    if (pending === '' && (line.trim() === '' || line.trim().startsWith('#'))) continue;
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1)} `;
      continue;
    }
    out.push(made(pending + line));
    pending = '';
  }
  return out;
}

function made(command: string, expected?: string[]): ReadmeCommand {
  return { command, expected, long: /\s#\s*long\b/.test(command) };
}
