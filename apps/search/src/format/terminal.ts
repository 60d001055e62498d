// How wide the output may be: the terminal's width when stdout is one, else $COLUMNS (set it to
// fit a pipe or a log), else 80.

export const DEFAULT_WIDTH = 80;

export function terminalWidth(
  stream: { isTTY?: boolean; columns?: number } = process.stdout,
  env: Record<string, string | undefined> = process.env,
): number {
  if (stream.isTTY && Number.isInteger(stream.columns) && stream.columns! > 0) return stream.columns!;
  const columns = Number(env.COLUMNS);
  return Number.isInteger(columns) && columns > 0 ? columns : DEFAULT_WIDTH;
}
