/** Minimal ANSI colouring; printers take a `color` flag and never look at the terminal themselves. */
const palette = [36, 32, 35, 33, 34, 96, 92, 95, 93, 94, 91];

export function paint(text: string, code: number, color: boolean): string {
  return color ? `\u001b[${code}m${text}\u001b[0m` : text;
}

export function paletteColor(index: number): number {
  return palette[index % palette.length] ?? 36;
}

export const dim = 2;
export const yellow = 33;
export const red = 31;
