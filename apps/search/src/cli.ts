// Entry point of the `rfkit` binary: runs the program and turns every failure into one line on
// stderr and an exit code (2 usage, 1 bad input or failed run), with a stack trace only on --debug.
import { CommanderError } from 'commander';
import { describeError, EXIT_FAILURE, EXIT_USAGE, oneLine } from './errors.js';
import { buildProgram } from './program.js';
import { processIO } from './std-streams.js';

const io = processIO();

async function main(argv: string[]): Promise<number> {
  const exit = { code: 0 };
  const program = buildProgram(io, exit);
  program.exitOverride();
  program.configureOutput({
    outputError: (str, write) => write(`rfkit: ${oneLine(str.replace(/^error:\s*/i, ''))}\n`),
  });
  for (const cmd of program.commands) {
    cmd.exitOverride();
    cmd.configureOutput({
      outputError: (str, write) => write(`rfkit ${cmd.name()}: ${oneLine(str.replace(/^error:\s*/i, ''))}\n`),
    });
  }
  let code: number;
  try {
    await program.parseAsync(argv);
    code = exit.code;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : EXIT_USAGE;
    const { message, exitCode } = describeError(e);
    io.stderr(`rfkit: ${message}\n`);
    if (argv.includes('--debug') && e instanceof Error && e.stack) io.stderr(`${e.stack}\n`);
    code = exitCode;
  }
  // Everything written must reach stdout. A closed pipe (`rfkit search | head`) is not an error;
  // anything else (a full disk) is one line and exit 1, unless the command already said so.
  const failure = await io.flush!();
  // One line: after an error the command's own message is the one that counts.
  if (failure && !failure.closed && !failure.reported && code === 0) {
    io.stderr(`rfkit: cannot write to standard output (${failure.reason})\n`);
    code = EXIT_FAILURE;
  }
  return code;
}

main(process.argv).then((code) => {
  process.exitCode = code;
});
