import { Command, CommanderError } from 'commander';
import { demoCommand } from './commands/demo.ts';
import { ledgerCommand } from './commands/ledger.ts';
import { migrateCommand } from './commands/migrate.ts';
import { exportCommand, importCommand } from './commands/people-io.ts';
import { scoreCommand } from './commands/score.ts';
import { serveCommand } from './commands/serve.ts';
import { reportError } from './errors.ts';
import type { Output } from './output.ts';

function forEachCommand(command: Command, apply: (command: Command) => void): void {
  apply(command);
  for (const sub of command.commands) forEachCommand(sub, apply);
}

/**
 * The `tianheng` command with all its subcommands. Commander is told to throw instead of
 * exiting and to write through `out`, so the same program runs in tests in-process.
 */
export function createProgram(env: NodeJS.ProcessEnv, out: Output): Command {
  const program = new Command('tianheng')
    .description('天衡 Tianheng：数字化绩效管理 / digital performance management')
    .version('0.1.0')
    .addCommand(serveCommand(env, out))
    .addCommand(migrateCommand(env, out))
    .addCommand(demoCommand(env, out))
    .addCommand(importCommand(env, out))
    .addCommand(exportCommand(env, out))
    .addCommand(ledgerCommand(env, out))
    .addCommand(scoreCommand(out));
  // addCommand() does not pass settings down, so set them on every command.
  forEachCommand(program, (command) =>
    command
      .exitOverride()
      .showHelpAfterError()
      .configureOutput({
        writeOut: (text) => out.info(text.trimEnd()),
        writeErr: (text) => out.error(text.trimEnd()),
      }),
  );
  return program;
}

/**
 * Run the command line `args` (without `node` and the script) and return the exit code.
 * Every failure ends here: expected ones print their message, bugs their stack, both
 * exit 1. A `serve` keeps running after this returns.
 */
export async function runCli(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  out: Output,
): Promise<number> {
  try {
    await createProgram(env, out).parseAsync([...args], { from: 'user' });
    return 0;
  } catch (error) {
    // Commander has already printed its usage error, or the help / version asked for.
    if (error instanceof CommanderError) return error.exitCode;
    reportError(error, out);
    return 1;
  }
}
