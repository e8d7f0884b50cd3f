/**
 * Go's `text/tabwriter` column alignment, which kubectl uses for every table it prints, so that
 * podvisor's output lines up exactly as kubectl's does. Cells are tab-terminated; a line's last
 * cell is not aligned. A column block is a run of consecutive lines that all have a cell in that
 * column; each block is as wide as its widest cell plus the padding (Go's `format`, recursive).
 *
 * kubectl uses two settings: `get` (cli-runtime printers/tabwriter.go: minwidth 6, padding 3,
 * and liggitt/tabwriter's RememberWidths for `-w`) and `describe` (describe.go tabbedString:
 * minwidth 0, padding 2).
 */
export interface TabwriterOptions {
  minWidth: number;
  padding: number;
}

export const GET_TABLE: TabwriterOptions = { minWidth: 6, padding: 3 };
export const DESCRIBE: TabwriterOptions = { minWidth: 0, padding: 2 };

/**
 * Aligns `text` (lines of tab-terminated cells) as Go's tabwriter with ' ' padding does. With
 * `remembered`, column widths never shrink below those of earlier calls (RememberWidths).
 */
export function alignTabs(text: string, options: TabwriterOptions, remembered?: number[]): string {
  const trailingNewline = text.endsWith("\n");
  const lines = (trailingNewline ? text.slice(0, -1) : text).split("\n").map((l) => l.split("\t"));
  const out: string[] = [];
  const widths: number[] = [];

  const writeLines = (from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const cells = lines[i] ?? [];
      let line = "";
      cells.forEach((cell, j) => {
        const width = widths[j];
        line +=
          j < cells.length - 1 && width !== undefined
            ? cell.padEnd(width + (cell.length - cellWidth(cell)))
            : cell;
      });
      out.push(line);
    }
  };

  const format = (line0: number, line1: number) => {
    const column = widths.length;
    for (let current = line0; current < line1; current++) {
      if (column >= (lines[current]?.length ?? 0) - 1) continue;
      writeLines(line0, current);
      line0 = current;
      let width = options.minWidth;
      for (; current < line1; current++) {
        const cells = lines[current] ?? [];
        if (column >= cells.length - 1) break;
        width = Math.max(width, cellWidth(cells[column] ?? "") + options.padding);
      }
      if (remembered !== undefined) {
        const kept = remembered[column];
        if (kept !== undefined && kept > width) width = kept;
        remembered[column] = width;
      }
      widths.push(width);
      format(line0, current);
      widths.pop();
      line0 = current;
      current--;
    }
    writeLines(line0, line1);
  };

  // The recursion writes lines in order; `format` with no widths covers everything.
  format(0, lines.length);
  return out.join("\n") + (trailingNewline ? "\n" : "");
}

/** Width in runes, as Go's tabwriter counts it (utf8.RuneCount). */
function cellWidth(cell: string): number {
  return [...cell].length;
}
