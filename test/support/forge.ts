/**
 * A claim or reconciliation as a forger who knows the format writes it: the JSON with its `digest` worked out again
 * over the rest (the digest is the SHA-256 of the document without it, as src/render/json.ts writes it). So a forged
 * file's digest holds, and only the checks of its figures and members can refuse it.
 */
import { createHash } from 'node:crypto';

export function withDigest(json: Record<string, unknown>): string {
  const content = { ...json };
  delete content.digest;
  const document = `${JSON.stringify(content, null, 2)}\n`;
  return `${document.slice(0, -3)},\n  "digest": "sha256:${createHash('sha256').update(document).digest('hex')}"\n}\n`;
}
