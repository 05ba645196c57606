/**
 * Every command's --help names its section of the manual (docs/commands.md), and the section is there: the anchor
 * is the heading's GitHub slug.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../support/run-cli.js';

/** GitHub's anchor of a Markdown heading: lower case, punctuation but hyphens and spaces dropped, spaces to hyphens. */
const slug = (heading: string) =>
  heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\- ]/gu, '')
    .replace(/ /g, '-');
const anchors = new Set(
  readFileSync(resolve(ROOT, 'docs/commands.md'), 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('#'))
    .map((line) => slug(line.replace(/^#+\s*/, ''))),
);

describe('the manual named by --help', () => {
  it.each(['validate', 'reconcile', 'claim', 'check', 'rows', 'claims list', 'init', 'config schema', 'config show'])('%s --help points to a section that exists', (command) => {
    const help = runCli([...command.split(' '), '--help']).stdout;
    const anchor = /Manual: docs\/commands\.md#([a-z0-9-]+) /.exec(help)?.[1];
    expect(anchor).toBeDefined();
    expect(anchors.has(anchor as string), `${anchor ?? ''} among ${[...anchors].join(', ')}`).toBe(true);
  });
});
