/**
 * The training progress line on stderr: epoch, a bar, loss, tokens/s and ETA. On a terminal it
 * redraws one line; otherwise it prints a line at most every `intervalSeconds`.
 */
import { formatDuration } from '../../../scripts/cli/duration';

/** What one progress update shows. */
export interface ProgressUpdate {
  epoch: number;
  epochs: number;
  batch: number;
  batches: number | undefined;
  loss: number;
  tokensPerSecond: number;
  etaSeconds: number | undefined;
  step: number;
}

export { formatDuration };

/** Renders one progress line (no newline). */
export function formatProgress(u: ProgressUpdate, width = 24): string {
  const frac = u.batches ? Math.min(1, (u.batch + 1) / u.batches) : 0;
  const filled = Math.round(frac * width);
  const bar = u.batches ? `[${'='.repeat(Math.max(0, filled - 1))}${filled > 0 ? '>' : ''}${' '.repeat(width - filled)}] ${(frac * 100).toFixed(0).padStart(3)}%` : `batch ${u.batch + 1}`;
  return `epoch ${u.epoch + 1}/${u.epochs} ${bar} loss ${u.loss.toFixed(3)} | ${Math.round(u.tokensPerSecond).toLocaleString('en-US')} tok/s | ETA ${formatDuration(u.etaSeconds ?? Number.NaN)} | step ${u.step}`;
}

/** Writes progress lines to a stream. */
export class ProgressReporter {
  #last = 0;
  #drawn = false;

  constructor(
    private readonly stream: NodeJS.WriteStream = process.stderr,
    private readonly intervalSeconds = 30,
  ) {}

  update(u: ProgressUpdate): void {
    const line = formatProgress(u);
    if (this.stream.isTTY) {
      this.stream.write(`\r${line.padEnd((this.stream.columns ?? 120) - 1).slice(0, (this.stream.columns ?? 120) - 1)}`);
      this.#drawn = true;
      return;
    }
    const now = performance.now() / 1000;
    if (now - this.#last >= this.intervalSeconds) {
      this.#last = now;
      this.stream.write(`${line}\n`);
    }
  }

  /** Prints a message on its own line (ending the redrawn line first). */
  log(message: string): void {
    if (this.#drawn) this.stream.write('\n');
    this.#drawn = false;
    this.stream.write(`${message}\n`);
  }
}
