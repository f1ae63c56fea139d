/** A one-line progress bar on stderr (redrawn on a terminal, one line per interval otherwise). */
import { formatDuration } from './duration';

export { formatDuration };

/** Progress of a run of `total` steps. */
export class ProgressBar {
  readonly #tty: boolean;
  #lastLine = 0;
  readonly #started = performance.now();
  readonly #startStep: number;

  constructor(
    readonly total: number,
    startStep: number,
    readonly stream: NodeJS.WriteStream = process.stderr,
    readonly everySteps = 50,
  ) {
    this.#tty = Boolean(stream.isTTY);
    this.#startStep = startStep;
  }

  /** Redraws (terminal) or prints every `everySteps` steps. */
  update(step: number, fields: Record<string, string>): void {
    const seconds = (performance.now() - this.#started) / 1000;
    const done = step - this.#startStep;
    const rate = done / Math.max(seconds, 1e-9);
    const eta = rate > 0 ? (this.total - step) / rate : Number.NaN;
    const width = 24;
    const filled = Math.min(width, Math.round((width * step) / Math.max(1, this.total)));
    const extra = Object.entries(fields).map(([k, v]) => `${k} ${v}`).join('  ');
    const line = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${step}/${this.total}  ${extra}  ${rate.toFixed(2)} steps/s  ETA ${formatDuration(eta)}`;
    if (this.#tty) this.stream.write(`\r\x1b[2K${line}`);
    else if (step - this.#lastLine >= this.everySteps || step === this.total) {
      this.#lastLine = step;
      this.stream.write(`${line}\n`);
    }
  }

  /** Prints a message on its own line. */
  log(message: string): void {
    this.stream.write(this.#tty ? `\r\x1b[2K${message}\n` : `${message}\n`);
  }

  /** Ends the bar's line. */
  done(): void {
    if (this.#tty) this.stream.write('\n');
  }
}
