/**
 * Entry of the `aih-navigator` command (bin/aih-navigator.mjs runs the compiled copy): dispatches to the
 * sub-commands and turns any unexpected fault into exit code 70 with a one-line message.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { RULES_VERSION } from '../core/types.js';
import { classifyCommand, type CliIo } from './classify.js';
import { EXIT, HELP_TEXT } from './help.js';

export async function main(argv: string[]): Promise<number> {
  return runCli(argv, { stdout: process.stdout, stderr: process.stderr, now: () => new Date() });
}

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case '-h':
      case '--help':
      case 'help':
        io.stdout.write(HELP_TEXT);
        return EXIT.ok;
      case '-v':
      case '--version':
        io.stdout.write(`aih-navigator ${programVersion()} (rules v${RULES_VERSION})\n`);
        return EXIT.ok;
      case 'classify':
        return await classifyCommand(rest, io);
      case 'export':
        return await import('./export.js').then((module) => module.exportCommand(rest, io));
      case 'merge':
        return await import('./merge.js').then((module) => module.mergeCommand(rest, io));
      case 'serve-cds':
        return await import('./serve-cds.js').then((module) => module.serveCds(rest));
      case undefined:
        io.stderr.write(HELP_TEXT);
        return EXIT.usage;
      default:
        io.stderr.write(`aih-navigator: unknown command "${command}"\nTry 'aih-navigator --help'.\n`);
        return EXIT.usage;
    }
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    io.stderr.write(`aih-navigator: internal error: ${reason}\n`);
    return EXIT.internal;
  }
}

const packageSchema = z.object({ version: z.string() });

/** The version in package.json (two levels up from both src/cli and dist/cli). */
function programVersion(): string {
  const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
  return packageSchema.parse(JSON.parse(text)).version;
}
