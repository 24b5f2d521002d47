import { COMMANDS } from './commands';
import { CliError, UsageError, type CliIo } from './cliTypes';

function overview(): string {
  const lines = COMMANDS.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`);
  return `coe — Composition of Experts router\n\nUsage: coe <command> [options]\n\n${lines.join('\n')}\n\nRun "coe <command> --help" for a command's options.\n`;
}

/** node:util parseArgs reports unknown or malformed options with these codes: bad usage, not a crash. */
function isParseArgsError(error: unknown): error is Error {
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof Error && typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
}

/** Runs one CLI invocation and returns its exit code (0 ok, 1 runtime failure, 2 bad usage). */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(overview());
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.stderr(`coe: unknown command "${name}"\n\n${overview()}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(`${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError || isParseArgsError(error)) {
      io.stderr(`coe ${name}: ${error.message}\n\n${command.usage}\n`);
      return 2;
    }
    if (error instanceof CliError) {
      io.stderr(`coe ${name}: ${error.message}\n`);
      return 1;
    }
    const message = error instanceof Error ? error.stack ?? error.message : String(error);
    io.stderr(`coe ${name}: unexpected failure: ${message}\n`);
    return 1;
  }
}
