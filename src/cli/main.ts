/**
 * The grant-recon command line: the only place that decides the exit code.
 * 0 success; 1 rows in error (the report is still written in full) or the check found problems;
 * 2 usage, invalid configuration, or a file that cannot be used at all.
 * Command modules are imported only when their command runs, so --help and --version start fast.
 */
import { Command, CommanderError, Option } from 'commander';
import { TOOL_VERSION } from './tool-version.js';
import { debugging, environmentProblems } from './environment.js';
import type { ExitCode } from './usage-error.js';

const FORMATS = ['table', 'json', 'csv', 'md', 'html'];

function reportOptions(command: Command, formats = FORMATS): Command {
  return command
    .addOption(new Option('--format <format>', 'output format (default: from the -o extension, else table)').choices(formats))
    .option('-o, --output <file>', 'write the result to a file (whole or not at all) instead of stdout')
    .option('--force', 'replace an existing -o file')
    .option('--config <file>', 'a grant configuration file (JSON); default: the built-in PCD 1215 grant')
    .option('--as-of <date>', 'generation time stamped on the report (a date or ISO date-time); default SOURCE_DATE_EPOCH, else now');
}

/** Where a command's page of the manual is: docs/commands.md in the grant-recon repository, at its section. */
function manual(anchor: string): string {
  return `\n\nManual: docs/commands.md#${anchor} (in the grant-recon repository)`;
}

/** Builds the program; each command's run gives its exit code to `settle`. */
export function buildProgram(settle: (code: ExitCode) => void = () => undefined): Command {
  const program = new Command()
    .name('grant-recon')
    .description('Reconcile the Home Office grant for the MPS Project Alpha Social Media Hub (MOPAC PCD 1215) and produce its claims.')
    .version(TOOL_VERSION, '-V, --version', 'print the version')
    .configureHelp({ sortOptions: false })
    .addHelpText(
      'after',
      `
Examples:
  grant-recon validate exports/*.csv
  grant-recon reconcile exports/*.csv --year 2022/23 --to 2022-09
  grant-recon claim exports/*.csv --year 2022/23 --quarter Q2 -o claim-2022-23-Q2.json
  grant-recon check exports/*.csv --format github
  grant-recon rows exports/*.csv --year 2022/23 --month 2022-08 --category staff --outcome included
  grant-recon claims list claims/2022-23

Exit codes: 0 success; 1 rows in error (report still written) or, for check, findings at the --fail-on level;\n2 usage, bad configuration or unusable file.

Manual: README.md, and docs/ in the grant-recon repository (docs/commands.md for every command).`,
    );

  reportOptions(
    program
      .command('validate')
      .description('read and check exports without reconciling: every problem with file:line')
      .argument('<files...>', 'CSV exports: GL line exports and payroll exports'),
  )
    .addHelpText('after', '\nExample:\n  grant-recon validate fixtures/sample/gl/*.csv' + manual('grant-recon-validate'))
    .action(async (files: string[], options: object) => settle(await (await import('./commands/validate.js')).runValidate(files, options)));

  reportOptions(
    program
      .command('reconcile')
      .description('the monthly reconciliation: month × category actuals, year to date, cap, headroom, projection, exceptions, control totals')
      .argument('<files...>', 'CSV exports: GL line exports and payroll exports')
      .option('--year <year>', 'only this financial year, e.g. 2022/23')
      .option('--to <month>', 'year to date runs to this month (yyyy-mm; March takes P13–P16)')
      .option('--with-rows', 'json only: add a fingerprint of every included row (identity, period, category, amount, file:line), for a later --against')
      .option('--against <file>', 'list what changed in the periods an earlier reconciliation (reconcile --format json) reported'),
    [...FORMATS, 'xlsx'],
  )
    .addHelpText('after', '\nExamples:\n  grant-recon reconcile fixtures/sample/gl/*.csv --year 2022/23 --to 2022-09\n  grant-recon reconcile exports/*.csv -o reconciliation.html   (a page with charts, for screen and A4 print)\n  grant-recon reconcile exports/*.csv -o reconciliation.xlsx   (a workbook: a sheet per year, totals as formulas)\n  grant-recon reconcile exports/*.csv --format json --with-rows -o reconciliation-2022-09.json\n  grant-recon reconcile exports/*.csv --against reconciliation-2022-09.json' + manual('grant-recon-reconcile'))
    .action(async (files: string[], options: object) => settle(await (await import('./commands/reconcile.js')).runReconcile(files, options)));

  reportOptions(
    program
      .command('claim')
      .description('the claim statement for one claim period of one financial year')
      .argument('<files...>', 'CSV exports: GL line exports and payroll exports')
      .option('--year <year>', 'the financial year claimed, e.g. 2022/23 (required)')
      .option('--quarter <quarter>', 'claim a quarter: Q1 (Apr–Jun) … Q4 (Jan–Mar with P13–P16)')
      .option('--month <month>', 'claim a month, yyyy-mm (March takes P13–P16)')
      .option('--half <half>', 'claim a half year of a grant claimed half-yearly: H1 (April–September) or H2 (October–March, with P13–P16)')
      .option('--final', 'the final claim for the whole year (P01–P16)')
      .option('--previous <claim.json>', 'an earlier claim file of the year (repeat for each); previouslyClaimed is the sum of their claimDue', (value: string, list: string[] = []) => [...list, value])
      .option('--previous-dir <folder>', 'a folder of the claims sent (as claims list reads): every claim of the grant and year that ends before this claim period')
      .option('--with-rows', 'json only: add a fingerprint of every included row of the year to the end of the claim period, so a later claim can list the rows that moved'),
    [...FORMATS, 'xlsx'],
  )
    .addHelpText('after', '\nExamples:\n  grant-recon claim fixtures/sample/gl/*.csv --year 2022/23 --quarter Q2 --format json -o claim-Q2.json\n  grant-recon claim exports/*.csv --year 2023/24 --quarter Q4 -o claim-Q4.xlsx   (or .html: the printable statement)\n  grant-recon claim exports/*.csv --year 2022/23 --quarter Q3 --previous claim-Q1.json --previous claim-Q2.json\n  grant-recon claim exports/*.csv --year 2022/23 --quarter Q3 --previous-dir claims/2022-23' + manual('grant-recon-claim'))
    .action(async (files: string[], options: object) => settle(await (await import('./commands/claim.js')).runClaim(files, options)));

  reportOptions(
    program
      .command('check')
      .description('for CI: every finding in one pass; exit 1 when a finding is at the --fail-on level')
      .argument('<files...>', 'CSV exports: GL line exports and payroll exports')
      .option('--year <year>', 'only this financial year for the cap checks, e.g. 2022/23')
      .option('--fail-on <checks>', 'comma list of errors, conflicts, control-totals, over-cap, closed-periods, payroll, projection, cost-centres, or all (default: errors,conflicts,control-totals,over-cap, and closed-periods with --against)')
      .option('--against <file>', 'an earlier reconciliation (reconcile --format json): find closed periods (years[].closedThrough) whose figures changed since'),
    [...FORMATS, 'junit', 'github', 'sarif'],
  )
    .addHelpText('after', '\nExamples:\n  grant-recon check exports/*.csv --year 2022/23\n  grant-recon check exports/*.csv --fail-on all --format github\n  grant-recon check exports/*.csv -o grant-recon.sarif   (SARIF 2.1.0 for GitHub code scanning)\n  grant-recon check exports/*.csv --config grant.json --against reconciliation-2022-12.json' + manual('grant-recon-check'))
    .action(async (files: string[], options: object) => settle(await (await import('./commands/check.js')).runCheck(files, options)));

  reportOptions(
    program
      .command('rows')
      .summary('the rows behind a figure: each row with its outcome, reason, category, FY, period and file:line, and their total')
      .description(
        'the rows behind a figure, and their total: each row with its file:line, outcome, reason, category, FY, period and amount; what it is (GL: document, supplier, description, account, cost centre; payroll: only cost centre and pay element, never a person); and why (the chart rule and account, pay element, cost centre, year or row that decided)',
      )
      .argument('<files...>', 'CSV exports (GL line and payroll exports)')
      .option('--year <year>', 'only rows of this financial year, e.g. 2022/23')
      .option('--period <period>', 'only rows of this period, P01 (April) … P16')
      .option('--month <month>', 'only rows of this month, yyyy-mm (March takes P13–P16); sets the year')
      .option('--quarter <quarter>', 'only rows of this quarter, Q1 … Q4 (Q4 takes P13–P16)')
      .option('--category <category>', 'only rows of this category: staff, officers, software, equipment, training, comms')
      .option('--outcome <outcome>', 'only rows with this outcome: included, excluded, error')
      .option('--reason <reason>', 'only rows excluded for this reason (e.g. duplicate) or in error with this code (e.g. bad-date)')
      .option('--no-inputs', 'table, md, html: one line that sums up the inputs instead of their table (json and csv always list them)'),
  )
    .addHelpText('after', '\nExamples:\n  grant-recon rows fixtures/sample/gl/*.csv --month 2022-08 --category staff --outcome included\n  grant-recon rows exports/*.csv --reason ineligible-account --no-inputs\n  grant-recon rows exports/*.csv --reason duplicate --format csv -o duplicates.csv' + manual('grant-recon-rows'))
    .action(async (files: string[], options: object) => settle(await (await import('./commands/rows.js')).runRows(files, options)));

  const claims = program.command('claims').description('the claims sent: a register of claim files');
  reportOptions(
    claims
      .command('list')
      .description('per FY each claim of a folder of claim files, the cumulative claimed, what the cap still allows, gaps and overlaps')
      .argument('<dir>', 'a folder of claim files written by claim --format json'),
  )
    .addHelpText('after', '\nExample:\n  grant-recon claims list fixtures/claims/2022-23' + manual('grant-recon-claims-list'))
    .action(async (dir: string, options: object) => settle(await (await import('./commands/claims.js')).runClaimsList(dir, options)));

  program
    .command('init')
    .description('write a starter configuration for a new grant from a sample export: its layout, years, cost centres and chart rules guessed; what it cannot tell marked FILL IN')
    .argument('<sample>', 'a CSV export of the grant (GL line export or payroll export)')
    .option('-o, --output <file>', 'where to write the configuration', 'grant-recon.config.json')
    .option('--force', 'replace an existing file')
    .addHelpText(
      'after',
      '\nThe rows and money behind each year, cost centre and account go to stderr. The file is refused until every\n"FILL IN: …" value (grant, caps, any column or rule not decided) is replaced.\n\nExample:\n  grant-recon init force-wide-export.csv -o force-wide.config.json' + manual('grant-recon-init'),
    )
    .action(async (sample: string, options: { output?: string; force?: boolean }) => settle(await (await import('./commands/init.js')).runInit(sample, options)));

  const config = program.command('config').description('the grant configuration');
  config
    .command('schema')
    .description("print the configuration file's JSON Schema")
    .addHelpText('after', '\nExample:\n  grant-recon config schema > grant-recon.schema.json' + manual('grant-recon-config-schema-and-grant-recon-config-show'))
    .action(async () => settle(await (await import('./commands/config.js')).runConfigSchema()));
  config
    .command('show')
    .description('print the effective configuration, built-in defaults included')
    .option('--config <file>', 'a grant configuration file (JSON)')
    .addHelpText('after', '\nExample:\n  grant-recon config show --config my-grant.json' + manual('grant-recon-config-schema-and-grant-recon-config-show'))
    .action(async (options: { config?: string }) => settle(await (await import('./commands/config.js')).runConfigShow(options)));

  for (const parent of [program, claims, config]) addHelpCommand(parent, settle);
  return program;
}

/**
 * `help [command...]` for `parent`, in place of the parser's own, which showed the parent's help and exited 0 for a
 * name it did not know (`grant-recon help reconcle`): a name that is no command is a usage error (exit 2), and a
 * path of names (`grant-recon help claims list`) shows the last one's help.
 */
function addHelpCommand(parent: Command, settle: (code: ExitCode) => void): void {
  parent.helpCommand(false);
  parent
    .command('help')
    .description('display help for command')
    .argument('[command...]', 'the command, and its subcommand, whose help to show')
    .action(async (names: string[]) => {
      let target = parent;
      for (const name of names) {
        const next = target.commands.find((c) => c.name() === name);
        if (next === undefined) {
          const { UsageError } = await import('./usage-error.js');
          throw new UsageError(`unknown command '${name}'`, `${commandPath(target)} --help lists its commands`);
        }
        target = next;
      }
      target.outputHelp();
      settle(0);
    });
}

/** A command's words from the program's name down: `grant-recon claims list`. */
function commandPath(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c !== null; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/** Runs the program with `argv` and sets the exit code; never throws, never prints a stack trace. */
export async function main(argv: readonly string[]): Promise<void> {
  // A message that cannot be written (stderr's reader has gone, as `2>&1 | head` leaves it) has nobody to tell:
  // the run goes on and ends with the exit code its findings decide, never one its pipe decides.
  process.stderr.on('error', () => undefined);
  // The same for stdout when --help or --version is read by `| head`: the parser writes them, and a write to a
  // closed pipe would otherwise end the run with a stack trace. A report's own writes check each piece
  // (write-output.ts writeToStdout).
  process.stdout.on('error', () => undefined);
  let code: ExitCode = 0;
  const program = buildProgram((c) => {
    code = c;
  });
  // The argument parser's own errors are written as every usage error is (exitCodeFor), naming the command whose
  // --help lists what it takes: the parser writes nothing itself.
  let failed = 'grant-recon';
  const quiet = (command: Command, path: string): void => {
    command.exitOverride();
    command.configureOutput({
      outputError: () => {
        failed = path;
      },
    });
  };
  quiet(program, 'grant-recon');
  for (const command of program.commands) {
    quiet(command, `grant-recon ${command.name()}`);
    for (const sub of command.commands) quiet(sub, `grant-recon ${command.name()} ${sub.name()}`);
  }
  const environment = environmentProblems(process.env);
  if (environment.length > 0) {
    const { writeDiagnostic } = await import('./diagnostics.js');
    const { diagnostic } = await import('../core/diagnostic.js');
    for (const problem of environment) writeDiagnostic(diagnostic({ code: 'usage', message: problem, hint: 'docs/commands.md#the-environment lists the settings and what each takes' }));
    process.exitCode = 2;
    return;
  }
  try {
    await program.parseAsync(argv);
    // The one place a run's exit code is set: from the command's result, or from what ended it.
    process.exitCode = code;
  } catch (error) {
    process.exitCode = await exitCodeFor(error, failed);
  }
}

/**
 * What a command takes in place of an option another command has: `claim --half H1` is a claim period, and `rows`,
 * which selects by period, month or quarter, takes a half year as its two quarters.
 */
const OPTIONS_INSTEAD: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'grant-recon rows': {
    '--half': 'rows selects by --period, --month or --quarter: give --quarter Q1, then --quarter Q2, for the rows of H1 (Q3 and Q4 for H2; Q4 takes P13–P16), or --year alone for the whole year',
    '--final': 'rows selects by --period, --month or --quarter: give --year alone for the rows of the whole year, P01–P16',
  },
};

/** What to use in place of an unknown option, where the command takes it in another form; `message` is the parser's. */
function optionInstead(command: string, message: string): string | undefined {
  const option = /unknown option '([^'=]+)/.exec(message)?.[1];
  return option === undefined ? undefined : OPTIONS_INSTEAD[command]?.[option];
}

/** The most problems of a configuration written on stderr; the rest are counted. */
const CONFIG_PROBLEMS_SHOWN = 50;

/** What ended a run: its exit code, the message written. `failed` is the command whose arguments were refused. */
async function exitCodeFor(error: unknown, failed: string): Promise<number> {
  if (error instanceof CommanderError && (error.code === 'commander.helpDisplayed' || error.code === 'commander.version')) return 0;
  // The help the parser shows on stderr in place of a command not given (`grant-recon claims`, `grant-recon`): asked
  // for nothing it can do, the run is a usage error, so that a script missing its command fails.
  if (error instanceof CommanderError && error.code === 'commander.help') return error.exitCode === 0 ? 0 : 2;
  const { ExitRequest, UsageError } = await import('./usage-error.js');
  const { writeDiagnostic } = await import('./diagnostics.js');
  const { diagnostic } = await import('../core/diagnostic.js');
  if (error instanceof CommanderError) {
    // `error: unknown option '--yeer'` and, on its own line, `(Did you mean --year?)`.
    const [first = '', ...rest] = error.message.split('\n');
    const suggestion = rest.map((line) => line.replace(/^\((.*)\)$/, '$1')).join(' ');
    const help = `${failed} --help lists what it takes`;
    const instead = error.code === 'commander.unknownOption' ? optionInstead(failed, first) : undefined;
    const said = instead ?? (suggestion === '' ? undefined : `${suggestion.charAt(0).toLowerCase()}${suggestion.slice(1)}`);
    writeDiagnostic(diagnostic({ code: 'usage', message: first.replace(/^error: /, ''), hint: said === undefined ? help : `${said} (${help})` }));
    return 2;
  }
  if (error instanceof ExitRequest) return error.code;
  if (error instanceof UsageError) {
    writeDiagnostic(diagnostic({ code: 'usage', message: error.message, hint: error.hint }));
    return 2;
  }
  const { ConfigError } = await import('../config/read-config.js');
  if (error instanceof ConfigError) {
    const { configDiagnostic } = await import('../config/problems.js');
    // The first problems, in the file's order: a configuration generated wrong can hold thousands, one alike each.
    const shown = error.problems.slice(0, CONFIG_PROBLEMS_SHOWN);
    for (const p of shown) writeDiagnostic(configDiagnostic(error.file, p, 'error'));
    const more = error.problems.length - shown.length;
    if (more > 0) process.stderr.write(`grant-recon: … and ${more} more problem${more === 1 ? '' : 's'} in ${error.file}, not listed: correct those above, then run again\n`);
    return 2;
  }
  const { UnusableFileError } = await import('../ingest/unusable-file.js');
  if (error instanceof UnusableFileError) {
    writeDiagnostic(error.diagnostic());
    return 2;
  }
  const message = error instanceof Error ? error.message : String(error);
  writeDiagnostic(diagnostic({ code: 'internal', message: `internal error: ${message}`, hint: 'this is a bug in grant-recon; please report it with the command you ran (set GRANT_RECON_DEBUG=1 for details)' }));
  if (debugging(process.env)) process.stderr.write(`${error instanceof Error ? (error.stack ?? '') : ''}\n`);
  return 2;
}

await main(process.argv);
