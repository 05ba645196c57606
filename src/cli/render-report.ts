/** Renders a report value in the chosen format: JSON and CSV from the value, Markdown and table from its document. */
import { renderDocumentHtml } from '../render/html.js';
import { renderJson, renderJsonWithDigest } from '../render/json.js';
import { renderMarkdown } from '../render/markdown.js';
import { renderTable } from '../render/table.js';
import type { Block } from '../render/document.js';
import type { Rendered } from '../render/rendered.js';
import { useColor, type Format } from './format.js';

/** How a report looks as CSV and as a document, and as a page where it is more than its document. */
export interface ReportViews<T> {
  readonly csv: (report: T) => Rendered;
  readonly document: (report: T) => Block[];
  readonly html?: (report: T, document: Block[]) => Promise<string>;
  /** The JSON ends in a digest of its content (claims and reconciliations, which later runs read back). */
  readonly digest?: boolean;
}

/** The report in `format` (json, csv, md, html, or a table coloured only on a terminal). */
export async function renderReport<T extends object>(format: Format, report: T, views: ReportViews<T>, output: string | undefined): Promise<Rendered> {
  if (format === 'json') return views.digest ? renderJsonWithDigest(report) : renderJson(report);
  if (format === 'csv') return views.csv(report);
  if (format === 'md') return renderMarkdown(views.document(report));
  if (format === 'html') {
    const document = views.document(report);
    return views.html ? views.html(report, document) : renderDocumentHtml(document);
  }
  return renderTable(views.document(report), useColor(format, output, process.env, process.stdout.isTTY));
}
