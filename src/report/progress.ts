import type { TrialRecord } from '../measure/trial.js';
import { formatDuration } from './format.js';

/**
 * A one-line progress display with ETA on stderr. It draws only when stderr is a terminal, so logs
 * and CI output stay free of carriage returns.
 */
export class Progress {
  readonly #stream: NodeJS.WriteStream;
  readonly #enabled: boolean;
  readonly #startedAt = Date.now();
  #drawn = false;

  constructor(stream: NodeJS.WriteStream = process.stderr) {
    this.#stream = stream;
    this.#enabled = stream.isTTY === true;
  }

  update(trial: TrialRecord, done: number, total: number): void {
    if (!this.#enabled) return;
    const elapsedSeconds = (Date.now() - this.#startedAt) / 1000;
    const etaSeconds = (elapsedSeconds / done) * (total - done);
    const mark = trial.valid ? '' : ' (invalid)';
    const text = `[${done}/${total}] ${trial.cellId}${mark}  elapsed ${formatDuration(elapsedSeconds)}, ETA ${formatDuration(etaSeconds)}`;
    this.#stream.write(`\r\x1b[K${text.slice(0, (this.#stream.columns ?? 120) - 1)}`);
    this.#drawn = true;
  }

  clear(): void {
    if (this.#drawn) this.#stream.write('\r\x1b[K');
    this.#drawn = false;
  }
}
