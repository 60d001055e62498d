// Entry point of the `rfkit` binary: runs the program and turns every failure into one line on
// stderr and an exit code (2 usage, 1 bad input or failed run), with a stack trace only on --debug.
import { CommanderError } from 'commander';
import { describeError, EXIT_USAGE, oneLine } from './errors.js';
import { buildProgram } from './program.js';

async function main(argv: string[]): Promise<number> {
  const exit = { code: 0 };
  const io = {
    stdout: (s: string) => void process.stdout.write(s),
    stderr: (s: string) => void process.stderr.write(s),
  };
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
  try {
    await program.parseAsync(argv);
    return exit.code;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : EXIT_USAGE;
    const { message, exitCode } = describeError(e);
    process.stderr.write(`rfkit: ${message}\n`);
    if (argv.includes('--debug') && e instanceof Error && e.stack) process.stderr.write(`${e.stack}\n`);
    return exitCode;
  }
}

// A closed pipe (`rfkit search | head`) is not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

main(process.argv).then((code) => {
  process.exitCode = code;
});
