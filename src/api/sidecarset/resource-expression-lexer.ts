/**
 * The tokens of a SidecarSet `resourcesPolicy.resourcesExpr` expression, read as Kruise 1.9's
 * hand-written lexer reads them (pkg/util/calculator/lexer.go): a number runs on through digits,
 * one dot, an exponent (its sign only right after the `e`), one `%`, and then any letters as its
 * unit; it is a QUANTITY only when that unit is one of m k M G T P Ki Mi Gi Ti Pi, otherwise a
 * NUMBER (so "2x" is a NUMBER that reads as 0, as upstream's ignored ParseFloat error gives).
 * Positions count columns from 1, after the token, for the parser's "at line L, col C" message.
 * Upstream walks bytes; podvisor walks characters, which differs only for non-ASCII input.
 */
export type TokenKind = "NUMBER" | "QUANTITY" | "IDENT" | "EOF" | "CHAR";

export interface Token {
  kind: TokenKind;
  text: string;
  /** Where the lexer stood after reading this token (upstream's `x.line`, `x.col`). */
  line: number;
  col: number;
}

const quantityUnits = new Set(["m", "k", "M", "G", "T", "P", "Ki", "Mi", "Gi", "Ti", "Pi"]);
const isDigit = (c: string | undefined): boolean => c !== undefined && c >= "0" && c <= "9";
const isLetter = (c: string | undefined): boolean =>
  c !== undefined && ((c >= "a" && c <= "z") || (c >= "A" && c <= "Z"));
/** Go `unicode.IsSpace` for the one-byte runes. */
const isSpace = (c: string | undefined): boolean => c !== undefined && " \t\n\v\f\r\u0085\u00a0".includes(c);

export function tokenizeResourceExpression(input: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  let line = 1;
  let col = 1;
  const advance = () => {
    if (input[pos] === "\n") {
      line++;
      col = 1;
    } else col++;
    pos++;
  };
  for (;;) {
    while (isSpace(input[pos])) advance();
    const start = pos;
    const first = input[pos];
    if (first === undefined) {
      tokens.push({ kind: "EOF", text: "", line, col });
      return tokens;
    }
    let kind: TokenKind;
    if (first === "." || isDigit(first)) {
      pos = scanNumber(input, pos, advance);
      kind = isQuantityToken(input.slice(start, pos)) ? "QUANTITY" : "NUMBER";
    } else if (isLetter(first)) {
      while (isLetter(input[pos]) || isDigit(input[pos]) || input[pos] === "_") advance();
      kind = "IDENT";
    } else {
      advance();
      kind = "CHAR";
    }
    tokens.push({ kind, text: input.slice(start, pos), line, col });
  }
}

/** Upstream `readNumber`; returns the position after the number, moving `advance` along. */
function scanNumber(input: string, from: number, advance: () => void): number {
  let pos = from;
  const step = () => {
    advance();
    pos++;
  };
  let seenDot = false;
  let seenE = false;
  let seenPercent = false;
  let expectExponentDigit = false;
  for (;;) {
    const c = input[pos];
    if (c === undefined) return pos;
    if (isDigit(c)) {
      expectExponentDigit = false;
      step();
    } else if (c === ".") {
      if (seenDot || seenE || seenPercent) return pos;
      seenDot = true;
      step();
    } else if (c === "e" || c === "E") {
      if (seenE || seenPercent) return pos;
      seenE = true;
      expectExponentDigit = true;
      step();
    } else if (c === "+" || c === "-") {
      if (!expectExponentDigit) return pos;
      expectExponentDigit = false;
      step();
    } else if (c === "%") {
      if (seenPercent) return pos;
      seenPercent = true;
      step();
    } else if (isLetter(c)) {
      if (expectExponentDigit) return pos;
      while (isLetter(input[pos])) step();
      return pos;
    } else return pos;
  }
}

/** Upstream `isQuantity`: the letters after the leading run of digits, dots, e, E and signs form a unit. */
function isQuantityToken(text: string): boolean {
  const numEnd = [...text].findIndex((c) => !isDigit(c) && !".eE+-".includes(c));
  if (numEnd <= 0) return false;
  return quantityUnits.has(text.slice(numEnd));
}
