/** Terminal tables: the report document aligned in columns, coloured only when the caller says colour is on. */
import { Chalk, type ChalkInstance } from 'chalk';
import { clipped, type Block, type Cell, type Tone } from './document.js';
import { visible } from './visible.js';

/** Writes a document for a terminal; `color` false gives plain text (pipes, files, NO_COLOR). */
export function renderTable(blocks: readonly Block[], color: boolean): string {
  const chalk = new Chalk({ level: color ? 1 : 0 });
  const out: string[] = [];
  for (const block of blocks) {
    switch (block.kind) {
      case 'heading':
        out.push(block.level === 1 ? chalk.bold(text(block.text)) : `\n${chalk.bold.underline(text(block.text))}`);
        break;
      case 'text':
        out.push(paint(chalk, block.tone ?? 'plain', text(block.text)));
        break;
      case 'table': {
        // A loop, not Math.max(...rows): a table can hold more rows than a call can take arguments.
        const cellText = (cell: Cell | undefined, i: number): string => clipped(text(cell ?? ''), block.columns[i]?.maxWidth);
        const widths = block.columns.map((c, i) => block.rows.reduce((widest, r) => Math.max(widest, cellText(r[i], i).length), c.title.length));
        const line = (cells: readonly Cell[], header: boolean): string =>
          cells
            .map((cell, i) => {
              const t = header ? text(cell) : cellText(cell, i);
              const width = widths[i] ?? 0;
              const padded = block.columns[i]?.align === 'right' ? t.padStart(width) : t.padEnd(width);
              return header ? chalk.bold(padded) : paint(chalk, typeof cell === 'string' ? 'plain' : cell.tone, padded);
            })
            .join('  ')
            .trimEnd();
        out.push('', line(block.columns.map((c) => c.title), true));
        for (const row of block.rows) out.push(line(row, false));
        break;
      }
      case 'figure':
        // Charts are drawn in HTML only; their figures are in the tables of the document.
        break;
    }
  }
  return `${out.join('\n')}\n`;
}

function text(cell: Cell): string {
  return visible(typeof cell === 'string' ? cell : cell.text).replace(/\r\n|\r|\n|\t/g, ' ');
}

function paint(chalk: ChalkInstance, tone: Tone, value: string): string {
  switch (tone) {
    case 'good':
      return chalk.green(value);
    case 'warn':
      return chalk.yellow(value);
    case 'bad':
      return chalk.red(value);
    case 'dim':
      return chalk.dim(value);
    default:
      return value;
  }
}
