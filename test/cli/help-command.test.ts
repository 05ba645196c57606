/**
 * `help` and a command group given without its command: the help asked for goes to stdout with exit 0; a name that is
 * no command, or a run that asks for nothing it can do, is a usage error (exit 2), so that a script missing its
 * command, or with one misspelt, fails instead of passing with the help printed.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';

describe('help', () => {
  it.each([
    [['help'], ['--help']],
    [['help', 'reconcile'], ['reconcile', '--help']],
    [['help', 'claims'], ['claims', '--help']],
    [['help', 'claims', 'list'], ['claims', 'list', '--help']],
    [['claims', 'help', 'list'], ['claims', 'list', '--help']],
    [['config', 'help', 'show'], ['config', 'show', '--help']],
  ])('%j shows what %j shows, on stdout, exit 0', (asked, same) => {
    const run = runCli(asked);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(runCli(same).stdout);
    expect(run.stdout).toMatch(/^Usage: grant-recon/);
  });

  it.each([
    [['help', 'reconcle'], 'reconcle', 'grant-recon'],
    [['help', 'claims', 'lsit'], 'lsit', 'grant-recon claims'],
    [['claims', 'help', 'lsit'], 'lsit', 'grant-recon claims'],
    [['help', 'reconcile', 'extra'], 'extra', 'grant-recon reconcile'],
  ])('%j is a usage error naming the unknown command (exit 2, nothing on stdout)', (asked, name, parent) => {
    const run = runCli(asked);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`grant-recon: error[usage]: unknown command '${name}'\n  hint: ${parent} --help lists its commands\n`);
  });

  it.each([[[]], [['claims']], [['config']]])('%j, a command group without its command, shows its help on stderr and exits 2', (asked) => {
    const run = runCli(asked);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^Usage: grant-recon/);
  });
});
