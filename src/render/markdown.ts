/** Markdown: the report document as headings and pipe tables. */
import { clipped, type Block, type Cell } from './document.js';
import { visible } from './visible.js';

/** Writes a document as Markdown, ending in a newline. */
export function renderMarkdown(blocks: readonly Block[]): string {
  const parts = blocks.flatMap((block) => {
    switch (block.kind) {
      case 'heading':
        return `${'#'.repeat(block.level)} ${escape(block.text)}`;
      case 'text':
        return escape(block.text);
      case 'table': {
        const head = `| ${block.columns.map((c) => escape(c.title)).join(' | ')} |`;
        const rule = `| ${block.columns.map((c) => (c.align === 'right' ? '---:' : ':---')).join(' | ')} |`;
        const body = block.rows.map((row) => `| ${row.map((cell, i) => escape(clipped(text(cell), block.columns[i]?.maxWidth))).join(' | ')} |`);
        return [head, rule, ...body].join('\n');
      }
      case 'figure':
        // Charts are drawn in HTML only; their figures are in the tables of the document.
        return [];
    }
  });
  return `${parts.join('\n\n')}\n`;
}

function text(cell: Cell): string {
  return typeof cell === 'string' ? cell : cell.text;
}

/** Escapes what Markdown would read as markup inside text and table cells. */
function escape(value: string): string {
  // Any line ending (CRLF, LF or a lone CR) would end a table row: it becomes a space.
  return visible(value.replace(/\r\n|\r|\n/g, ' ')).replace(/([\\|*_`[\]<>#])/g, '\\$1');
}
