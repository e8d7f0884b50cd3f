/**
 * Kubernetes `resource.Quantity` (apimachinery `pkg/api/resource/quantity.go`), parsed exactly.
 * A quantity is held as an integer count of nano-units (10^-9) in a bigint: Kubernetes keeps
 * nothing finer than 1n, and rounds anything finer up, away from zero ("0.1n" is 1n). The format
 * (BinarySI, DecimalSI, DecimalExponent) comes from the suffix and decides how the value prints.
 * Formatting is in quantity-format.ts, arithmetic in quantity-arithmetic.ts.
 * https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/quantity/
 */
import { PodvisorError } from "../../shared/index.js";

/** How a quantity prints: `12Mi` (BinarySI), `12M` (DecimalSI) or `12e6` (DecimalExponent). */
export type QuantityFormat = "BinarySI" | "DecimalSI" | "DecimalExponent";

export interface Quantity {
  /** The exact value in units of 10^-9. */
  readonly nanos: bigint;
  readonly format: QuantityFormat;
  /**
   * The input string, where upstream `ParseQuantity` keeps it as the cached `String()` because it
   * looks canonical already. Usually it is canonical; see `quantityString` for the exceptions.
   */
  readonly verbatim?: string;
}

/** The three upstream parse errors (`ErrFormatWrong`, `ErrNumeric`, `ErrSuffix`), plus podvisor's range limit. */
export type QuantityParseErrorKind = "FormatWrong" | "Numeric" | "Suffix" | "OutOfRange";

const SPLIT_RE_STRING = "^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$";
const UPSTREAM_MESSAGES: Record<QuantityParseErrorKind, string> = {
  FormatWrong: `quantities must match the regular expression '${SPLIT_RE_STRING}'`,
  Numeric: "unable to parse numeric part of quantity",
  Suffix: "unable to parse quantity's suffix",
  OutOfRange: "quantity exponent is out of range: podvisor keeps values exact only up to 10^1000",
};

/**
 * A string that is not a Kubernetes quantity. `message` is apimachinery's own text; with a
 * `path` it reads like the API server's field error: `<path>: Invalid value: "<input>": <message>`.
 */
export class QuantityParseError extends PodvisorError {
  readonly code = "INVALID_QUANTITY";
  constructor(
    readonly input: string,
    readonly kind: QuantityParseErrorKind,
    readonly path?: string,
  ) {
    super(
      path === undefined
        ? UPSTREAM_MESSAGES[kind]
        : `${path}: Invalid value: ${JSON.stringify(input)}: ${UPSTREAM_MESSAGES[kind]}`,
    );
  }
}

export type ParseQuantityResult = { ok: true; quantity: Quantity } | { ok: false; error: QuantityParseError };

export const NANOS_PER_UNIT = 1_000_000_000n;
/** BinarySI values are capped at 2^63-1 (upstream `maxAllowed`); decimal ones are not. */
const MAX_BINARY_NANOS = (2n ** 63n - 1n) * NANOS_PER_UNIT;
/** Beyond this power of ten a bigint gets impractically large; upstream has no such limit. */
const MAX_DECIMAL_EXPONENT = 1000;

const DECIMAL_SUFFIXES = new Map([
  ["n", -9],
  ["u", -6],
  ["m", -3],
  ["", 0],
  ["k", 3],
  ["M", 6],
  ["G", 9],
  ["T", 12],
  ["P", 15],
  ["E", 18],
]);
const BINARY_SUFFIXES = new Map([
  ["Ki", 10],
  ["Mi", 20],
  ["Gi", 30],
  ["Ti", 40],
  ["Pi", 50],
  ["Ei", 60],
]);

/**
 * Parses a quantity as upstream `ParseQuantity` does, including its leniencies (".5", "1.", "1.G",
 * "+1", leading zeros) and its rounding (up to 1n; BinarySI capped at 2^63-1; a BinarySI value
 * between 0 and 1 becomes DecimalSI). A number (YAML `cpu: 2`) is read from its JS decimal form.
 */
export function parseQuantity(input: string | number): ParseQuantityResult {
  const text = typeof input === "number" ? numberText(input) : input;
  if (text === undefined) return failure(String(input), "FormatWrong");
  if (text.length === 0) return failure(text, "FormatWrong");
  if (text === "0") return { ok: true, quantity: { nanos: 0n, format: "DecimalSI", verbatim: text } };

  const scanned = scanQuantity(text);
  if (scanned === undefined) return failure(text, "FormatWrong");
  const suffix = interpretSuffix(scanned.suffix);
  if (suffix === undefined) return failure(text, "Suffix");

  const digits = BigInt(scanned.num + scanned.denom);
  let magnitude: bigint;
  if (suffix.base === 2) {
    const scaled = digits * 2n ** BigInt(suffix.exponent) * NANOS_PER_UNIT;
    magnitude = ceilDivide(scaled, 10n ** BigInt(scanned.denom.length));
  } else {
    const powerOfTen = suffix.exponent - scanned.denom.length + 9;
    if (digits !== 0n && powerOfTen > MAX_DECIMAL_EXPONENT) return failure(text, "OutOfRange");
    magnitude = scaleByPowerOfTen(digits, scanned.num.length + scanned.denom.length, powerOfTen);
  }

  let format = suffix.format;
  if (format === "BinarySI" && magnitude > MAX_BINARY_NANOS) magnitude = MAX_BINARY_NANOS;
  if (format === "BinarySI" && magnitude > 0n && magnitude < NANOS_PER_UNIT) format = "DecimalSI";
  const nanos = scanned.positive ? magnitude : -magnitude;
  const quantity: Quantity = keepsInputString(scanned, suffix)
    ? { nanos, format, verbatim: text }
    : { nanos, format };
  return { ok: true, quantity };
}

/** `resource.MustParse`: for inputs known to be valid (tests, constants). Throws QuantityParseError. */
export function mustParseQuantity(input: string | number): Quantity {
  const result = parseQuantity(input);
  if (!result.ok) throw result.error;
  return result.quantity;
}

/** `mantissa × 10^exponent` in the given format (upstream test helper `decQuantity`); finer than 1n rounds up. */
export function quantityOf(mantissa: bigint | number, exponent: number, format: QuantityFormat): Quantity {
  const value = BigInt(mantissa);
  const magnitude = value < 0n ? -value : value;
  const scaled = scaleByPowerOfTen(magnitude, magnitude.toString().length, exponent + 9);
  return { nanos: value < 0n ? -scaled : scaled, format };
}

export interface ScannedQuantity {
  positive: boolean;
  /** Integer digits without leading zeros ("0" when there are none). */
  num: string;
  denom: string;
  suffix: string;
}

const isDigit = (char: string | undefined): boolean => char !== undefined && char >= "0" && char <= "9";

/** Upstream `parseQuantityString`: sign, digits, optional fraction, then suffix letters and an optional signed exponent. */
export function scanQuantity(text: string): ScannedQuantity | undefined {
  let pos = 0;
  const end = text.length;
  const positive = text[0] !== "-";
  if (text[0] === "-" || text[0] === "+") pos++;
  while (pos < end && text[pos] === "0") pos++;
  if (pos >= end) return { positive, num: "0", denom: "", suffix: "" };

  const numStart = pos;
  while (isDigit(text[pos])) pos++;
  const num = text.slice(numStart, pos) || "0";
  let denom = "";
  if (text[pos] === ".") {
    const denomStart = ++pos;
    while (isDigit(text[pos])) pos++;
    denom = text.slice(denomStart, pos);
  }
  const suffixStart = pos;
  while (pos < end && "eEinumkKMGTP".includes(text[pos] ?? "")) pos++;
  if (text[pos] === "-" || text[pos] === "+") pos++;
  while (isDigit(text[pos])) pos++;
  return pos >= end ? { positive, num, denom, suffix: text.slice(suffixStart) } : undefined;
}

export interface QuantitySuffix {
  base: 2 | 10;
  exponent: number;
  format: QuantityFormat;
}

/** Upstream `suffixer.interpret`. A decimal exponent is a Go int64 truncated to int32, as upstream does. */
export function interpretSuffix(suffix: string): QuantitySuffix | undefined {
  const decimal = DECIMAL_SUFFIXES.get(suffix);
  if (decimal !== undefined) return { base: 10, exponent: decimal, format: "DecimalSI" };
  const binary = BINARY_SUFFIXES.get(suffix);
  if (binary !== undefined) return { base: 2, exponent: binary, format: "BinarySI" };
  if (
    suffix.length > 1 &&
    (suffix[0] === "e" || suffix[0] === "E") &&
    /^[+-]?[0-9]+$/.test(suffix.slice(1))
  ) {
    const parsed = BigInt(suffix.slice(1));
    if (parsed < -(2n ** 63n) || parsed >= 2n ** 63n) return undefined;
    return { base: 10, exponent: Number(BigInt.asIntN(32, parsed)), format: "DecimalExponent" };
  }
  return undefined;
}

/**
 * Whether upstream's int64 fast path applies and judges the input canonical, caching it as
 * `String()`: a decimal scale that is a multiple of 3 with no "000" tail and no leading zero, or a
 * binary integer mantissa not divisible by 8. The test ignores the sign and the fraction point
 * (kubernetes/kubernetes#138165), so "+1" and "1.500" are kept as typed.
 */
function keepsInputString(scanned: ScannedQuantity, suffix: QuantitySuffix): boolean {
  const shifted = scanned.num + scanned.denom;
  if (suffix.format === "BinarySI") {
    if (scanned.denom.length > 0) return false;
    const precision = 15 - scanned.num.length - Math.trunc((suffix.exponent * 3) / 10) - 1;
    if (precision < 0) return false;
    const value = BigInt(shifted);
    if (value << BigInt(suffix.exponent) >= 2n ** 63n) return false;
    return suffix.exponent % 10 === 0 && (value & 7n) !== 0n;
  }
  const precision = 18 - shifted.length;
  const scale = suffix.exponent - scanned.denom.length;
  if (precision < 0 || scale < -9) return false;
  return scale % 3 === 0 && !shifted.endsWith("000") && shifted[0] !== "0";
}

/** ⌈digits × 10^power⌉ for a non-negative integer with `digitCount` digits, without building huge divisors. */
function scaleByPowerOfTen(digits: bigint, digitCount: number, power: number): bigint {
  if (digits === 0n) return 0n;
  if (power >= 0) return digits * 10n ** BigInt(power);
  if (-power > digitCount) return 1n;
  return ceilDivide(digits, 10n ** BigInt(-power));
}

function ceilDivide(dividend: bigint, divisor: bigint): bigint {
  const quotient = dividend / divisor;
  return quotient * divisor === dividend ? quotient : quotient + 1n;
}

function numberText(value: number): string | undefined {
  return Number.isFinite(value) ? String(value) : undefined;
}

function failure(input: string, kind: QuantityParseErrorKind): ParseQuantityResult {
  return { ok: false, error: new QuantityParseError(input, kind) };
}
