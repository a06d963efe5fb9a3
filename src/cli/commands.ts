import type { Command } from 'commander';
import { registerCompare } from './compare.js';
import { registerExport } from './export.js';
import { registerList } from './list.js';
import { registerPki } from './pki.js';
import { registerProbe } from './probe.js';
import { registerRun } from './run.js';

/** Every `bench` subcommand. Each module adds its command to the program and calls into the library. */
export const COMMANDS: ReadonlyArray<(program: Command) => void> = [registerRun, registerList, registerPki, registerProbe, registerCompare, registerExport];
