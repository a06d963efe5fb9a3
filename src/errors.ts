/**
 * Errors the CLI reports without a stack trace. `code` is stable for scripts; `exitCode` 2 marks
 * usage and input errors, 1 marks a failed measurement.
 */
export class BenchError extends Error {
  readonly code: string;
  readonly exitCode: number;

  constructor(code: string, message: string, options: { cause?: unknown; exitCode?: number } = {}) {
    super(message, { cause: options.cause });
    this.name = 'BenchError';
    this.code = code;
    this.exitCode = options.exitCode ?? 1;
  }
}

/** Invalid user input (scenario file, flag, baseline file): exit status 2, nothing run. */
export class InputError extends BenchError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('E_INPUT', message, { ...options, exitCode: 2 });
    this.name = 'InputError';
  }
}
