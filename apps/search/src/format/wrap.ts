// Prose for the terminal.

/**
 * Wraps prose at spaces to `width` columns, so the summary reads well in a terminal. Words are
 * never split: one longer than the width (a long layer name) stands on a line of its own.
 */
export function wrap(text: string, width: number): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (word === '') continue;
    if (line && [...line].length + 1 + [...word].length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines.join('\n');
}
