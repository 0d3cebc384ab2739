import { resolve } from 'node:path';

/**
 * runAsCommand runs a CLI module's main when that module is the program
 * (`tsx cli/<name>.ts`), not when a test imports it: it exits with main's
 * status, turns a reader that went away (`| head`, EPIPE) into a quiet exit,
 * and an unexpected exception into "<name>: internal error" with the stack
 * and `internalErrorCode`.
 */
export function runAsCommand(moduleUrl: string, name: string, main: (argv: string[]) => Promise<number>, internalErrorCode = 2): void {
  const isMain = process.argv[1] !== undefined && resolve(process.argv[1]) === resolve(new URL(moduleUrl).pathname);
  if (!isMain) return;
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw e;
    });
  }
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      process.stderr.write(`${name}: internal error: ${(e as Error).stack ?? e}\n`);
      process.exit(internalErrorCode);
    },
  );
}
