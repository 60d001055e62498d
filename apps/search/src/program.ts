// The command tree: search, count, merge, analyze. Flag values are parsed and checked here (usage
// errors, exit 2); the commands themselves live in commands/.
import { Command, Option } from 'commander';
import { zooNames } from 'rfkit/zoo';
import pkg from '../package.json' with { type: 'json' };
import { analyzeCommand } from './commands/analyze.js';
import { countCommand } from './commands/count.js';
import { mergeCommand } from './commands/merge.js';
import { type CommandIO, searchCommand } from './commands/search.js';
import {
  channelsSpec,
  countOrAll,
  inputSize,
  intList,
  nonNegativeInt,
  positiveInt,
  rfRange,
  seconds,
  shardSpec,
} from './options.js';

/** Builds the program; each action stores its exit code in `exit.code`. */
export function buildProgram(io: CommandIO, exit: { code: number }): Command {
  const program = new Command('rfkit')
    .description(
      'Exact receptive fields of convolutional networks, and a search over kernel/stride/dilation grids for the cheapest architecture that hits a receptive-field target.',
    )
    .version(pkg.version, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .showSuggestionAfterError(true)
    .addHelpText(
      'after',
      `
Examples:
  rfkit search --default                       the demo: 1.48 billion 8-layer nets, cheapest with rf >= 224
  rfkit search --depth 6 --kernels 3,5 --strides 1,2 --rf 100..200 --stride 16
  rfkit search space.json --shard 0/4 --out part0.json   (then: rfkit merge part*.json)
  rfkit count space.json
  rfkit analyze zoo:resnet_v1_50 --input 321
  rfkit analyze "conv7s2p3 maxpool3s2p1 conv3p1 conv3p1d2"

Exit codes: 0 ok, 1 bad input or failed run, 2 usage error, 130 stopped by Ctrl-C (checkpoint written).`,
    );

  const search = program
    .command('search')
    .summary('search a space for the cheapest architectures that meet a receptive-field target')
    .description(
      'Sweeps every combination of per-layer (kernel, stride, dilation) choices and prints the summary, the top table and the Pareto front. Flags override the fields of SPACE.json.',
    )
    .argument('[SPACE.json]', 'the search space (JSON, example below; - reads standard input)')
    .option(
      '--default',
      'the default job: 8 layers, kernels 1,3,5,7, strides 1,2, dilations 1,2, stride 32, rf >= 224 at input 224, no holes, by params',
    );
  addSpaceOptions(search, 'search');
  search
    .addOption(
      new Option('--format <format>', 'output format').choices(['table', 'json', 'csv']).default('table'),
    )
    .option('-o, --out <file>', 'also write the JSON result to FILE (atomically)')
    .option(
      '--pareto <n>',
      'table: show at most N Pareto points, spread over the front, or "all" (default 12)',
      countOrAll,
    )
    .option('-t, --threads <n>', 'worker threads of the sweep (default: all cores)', positiveInt)
    .addOption(
      new Option(
        '--engine <engine>',
        'auto (default): the DP for a whole space where it is faster or the space too large to sweep, the sweep otherwise; sweep: enumerate (any shard); dp: dynamic programming (whole spaces of any depth)',
      ).choices(['auto', 'sweep', 'dp']),
    )
    .addOption(
      new Option(
        '--backend <backend>',
        'kernel backend of either engine (default wasm; js where WebAssembly is missing)',
      ).choices(['wasm', 'js']),
    )
    .option(
      '--shard <i/n>',
      'compute only shard i (0-based) of n; merge the parts with `rfkit merge`',
      shardSpec,
    )
    .option('--resume <checkpoint>', 'continue an interrupted run from its checkpoint file')
    .option(
      '--checkpoint <file>',
      'where to write checkpoints (default: the --resume file, else OUT.checkpoint.json, else rfkit-<space>.checkpoint.json)',
    )
    .option('--checkpoint-every <seconds>', 'also write a checkpoint every so many seconds', seconds)
    .option(
      '--force',
      'start afresh even if this run has a checkpoint from an earlier one (it is overwritten; default: refuse and suggest --resume)',
    )
    .addOption(
      new Option(
        '--progress',
        'progress on stderr even when it is not a terminal: a line every 10 s (for logs)',
      ).conflicts('quiet'),
    )
    .option('-q, --quiet', 'no progress bar or notes on stderr')
    .option('--debug', 'print stack traces on errors')
    .addHelpText(
      'after',
      `
SPACE.json example (the default job; "layers" can override the choices of single layers,
e.g. "layers": { "0": { "kernel": [7], "stride": [2] } }):
  { "depth": 8, "choices": { "kernel": [1, 3, 5, 7], "stride": [1, 2], "dilation": [1, 2] },
    "constraints": { "rf": { "min": 224 }, "stride": 32, "inputSize": 224 },
    "objective": "params", "channels": { "in": 3, "base": 32, "growth": 2, "max": 1024 }, "top": 10 }

Ctrl-C (or SIGTERM) stops after the current chunk, prints what was found so far and writes a
checkpoint; \`rfkit search --resume FILE\` then ends with exactly the result of an uninterrupted run.`,
    )
    .action(async (file: string | undefined, opts) => {
      exit.code = await searchCommand(file, opts, io);
    });

  const count = program
    .command('count')
    .summary('the exact number of feasible architectures in a space (bare digits)')
    .description(
      'Counts feasible combinations exactly by dynamic programming, without enumerating them; any depth.',
    )
    .argument('[SPACE.json]', 'the search space (- reads standard input)')
    .option('--default', 'the default job (see `rfkit search --help`)');
  addSpaceOptions(count, 'count');
  count
    .option('-q, --quiet', 'no notes on stderr: only the number')
    .option('--debug', 'print stack traces on errors')
    .action((file: string | undefined, opts) => {
      exit.code = countCommand(file, opts, io);
    });

  program
    .command('merge')
    .summary('merge shard results into exactly the unsharded result')
    .description(
      'Merges the JSON results of `rfkit search --shard i/n --out FILE` into the result of the whole space. Every file is verified (checksum, content, space); parts of different spaces, duplicates, unfinished parts and missing shards are refused.',
    )
    .argument('<results...>', 'shard result files (- reads standard input)')
    .addOption(
      new Option('--format <format>', 'output format').choices(['table', 'json', 'csv']).default('table'),
    )
    .option('-o, --out <file>', 'also write the merged JSON result to FILE (atomically)')
    .option(
      '--pareto <n>',
      'table: show at most N Pareto points, spread over the front, or "all" (default 12)',
      countOrAll,
    )
    .option(
      '--partial',
      'merge parts that leave out the start or end of the space (or end unfinished) into a partial result ("complete": false)',
    )
    .option('-q, --quiet', 'no warnings on stderr')
    .option('--debug', 'print stack traces on errors')
    .action((files: string[], opts) => {
      exit.code = mergeCommand(files, opts, io);
    });

  program
    .command('analyze')
    .summary('the exact receptive field of every layer of a model')
    .description(
      'MODEL is a JSON model file, an .onnx file, compact text like "conv7s2p3 maxpool3s2p1 conv3p1", or zoo:NAME; - (or /dev/stdin, or <(command)) reads standard input, whose kind is recognised from its content.',
    )
    .argument('<MODEL>', 'model file (- reads standard input), compact text or zoo:NAME')
    .option('--input <size>', 'override the input size: N, or one per axis like 224x320', inputSize)
    .addOption(
      new Option('--format <format>', 'output format')
        .choices(['table', 'json', 'csv', 'markdown'])
        .default('table'),
    )
    .option('--strict', 'misaligned merges are errors, not warnings')
    .option('--unknown-as-identity', 'ONNX: treat unknown operators as identity instead of failing')
    .option('-q, --quiet', 'no warnings on stderr')
    .option('--debug', 'print stack traces on errors')
    .addHelpText('after', () => `\nzoo names: ${zooNames.join(', ')}`)
    .action((model: string, opts) => {
      exit.code = analyzeCommand(model, opts, io);
    });

  return program;
}

/**
 * The flags that describe a space. `count` takes only those that change which architectures are
 * feasible: the objective, the channels and the top table play no part in a count.
 */
function addSpaceOptions(cmd: Command, command: 'search' | 'count'): void {
  cmd
    .option('--depth <n>', 'number of layers', positiveInt)
    .option('--kernels <list>', 'kernel sizes, e.g. 1,3,5,7', intList)
    .option('--strides <list>', 'strides, e.g. 1,2', intList)
    .option('--dilations <list>', 'dilations (default 1)', intList)
    .option('--rf <range>', 'receptive field: MIN..MAX, MIN.., ..MAX or N', rfRange)
    .option('--stride <n>', 'required total stride', positiveInt)
    .option(
      '--input <n>',
      command === 'count'
        ? 'input size (needed by --min-output)'
        : 'input size (needed by --objective flops and --min-output)',
      positiveInt,
    )
    .option('--min-output <n>', 'smallest final feature map', nonNegativeInt)
    .addOption(
      new Option(
        '--holes <mode>',
        'none (default): only architectures whose every layer reads each pixel of its field; allow: also those with gaps (dilation or strides skipping pixels)',
      ).choices(['none', 'allow']),
    );
  if (command === 'count') return;
  cmd
    .addOption(
      new Option('--objective <name>', 'what "cheapest" means (default kernel-area)').choices([
        'kernel-area',
        'params',
        'flops',
      ]),
    )
    .option('--channels <spec>', 'channel schedule, e.g. in=3,base=32,growth=2,max=1024', channelsSpec)
    .option('--top <n>', 'rows in the top table (default 10)', positiveInt);
}
