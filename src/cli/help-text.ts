/**
 * Help text is written as source lines but wrapped by commander to the terminal's width:
 * lines of a paragraph are joined with spaces, an empty line separates paragraphs.
 */
export function helpParagraphs(lines: readonly string[]): string {
  const paragraphs: string[][] = [[]];
  for (const line of lines) {
    if (line === "") paragraphs.push([]);
    else paragraphs.at(-1)?.push(line.trim());
  }
  return paragraphs.map((words) => words.join(" ")).join("\n\n");
}
