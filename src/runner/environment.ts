import { arch, cpus, hostname, release, totalmem, type as osType, availableParallelism } from 'node:os';
import type { Environment } from '../measure/trial.js';
import { TOOL_VERSION, toolCommit } from '../version.js';

/** Records what the numbers were measured on, so a comparison can warn when two runs differ. */
export function captureEnvironment(): Environment {
  return {
    node: process.version,
    openssl: process.versions.openssl ?? 'unknown',
    v8: process.versions.v8 ?? 'unknown',
    os: osType(),
    kernel: release(),
    arch: arch(),
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    cores: availableParallelism(),
    memoryBytes: totalmem(),
    commit: toolCommit(),
    toolVersion: TOOL_VERSION,
    hostname: hostname(),
  };
}
