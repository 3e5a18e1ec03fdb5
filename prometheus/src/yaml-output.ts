// Writes YAML with the yaml package. Plain values stay plain; the helpers below mark the
// scalars that are written quoted (texts with spaces, braces and quotes) or as literal
// blocks (multi-line PromQL), so the files read the way people write them by hand.
import { Document, Scalar } from 'yaml';

/** A double-quoted string: "..." with \" escapes. */
export function quoted(text: string): Scalar<string> {
  const scalar = new Scalar(text);
  scalar.type = Scalar.QUOTE_DOUBLE;
  return scalar;
}

/** A literal block without the final newline (`|-`): PromQL keeps its line breaks. */
export function literalBlock(text: string): Scalar<string> {
  const scalar = new Scalar(text);
  scalar.type = Scalar.BLOCK_LITERAL;
  return scalar;
}

export function quotedValues(record: Readonly<Record<string, string>>): Record<string, Scalar<string>> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, quoted(value)]));
}

/** The file text: a `#` comment header, then the content, never folded (lineWidth 0). */
export function yamlFile(header: readonly string[], content: unknown): string {
  const document = new Document(content);
  // On the content, not the document: the document's own comment would be followed by a blank line.
  if (document.contents) document.contents.commentBefore = header.map((line) => ` ${line}`).join('\n');
  return document.toString({ lineWidth: 0 });
}
