/**
 * The fields of a `resource.Quantity` as the deployment controller holds it, for spew: the API
 * server stores a quantity as its canonical string (`Quantity.String()`), and the controller's
 * informer parses that back with `ParseQuantity` — the int64 fast path `{value, scale}` with the
 * string cached when it is canonical, else an `inf.Dec` rounded up to nano units.
 * apimachinery pkg/api/resource/quantity.go `ParseQuantity`.
 */
import { interpretSuffix, parseQuantity, quantityString, scanQuantity } from "../../api/index.js";

const INT64_MAX = 2n ** 63n - 1n;

/** `{i:(resource.int64Amount){…} d:(resource.infDecAmount){…} s:(string)… Format:(resource.Format)…}` */
export function dumpQuantity(value: unknown): string {
  const parsed = parseQuantity(typeof value === "number" ? value : typeof value === "string" ? value : "");
  // An invalid quantity never reaches a controller (validation refuses it): the zero Quantity.
  if (!parsed.ok) return fields(0n, 0, undefined, "", "");
  const canonical = quantityString(parsed.quantity);
  if (canonical === "0") return fields(0n, 0, undefined, "0", "DecimalSI");
  const scanned = scanQuantity(canonical);
  const suffix = scanned && interpretSuffix(scanned.suffix);
  if (!scanned || !suffix) return fields(0n, 0, undefined, "", "");
  const { num, denom } = scanned;
  let precision: number;
  let scale: number;
  let mantissa = 1n;
  if (suffix.format === "BinarySI") {
    scale = 0;
    if (suffix.exponent >= 0 && denom.length === 0) {
      mantissa = 1n << BigInt(suffix.exponent);
      precision = 15 - num.length - Math.trunc(Math.fround((suffix.exponent * 3) / 10)) - 1;
    } else precision = -1;
  } else {
    scale = suffix.exponent;
    precision = 18 - (num.length + denom.length);
  }
  if (precision >= 0) {
    scale -= denom.length;
    const shifted = BigInt(num + denom);
    const result = shifted * mantissa;
    if (scale >= -9 && shifted <= INT64_MAX && result <= INT64_MAX) {
      const signed = scanned.positive ? result : -result;
      const digits = num + denom;
      const keepsString =
        suffix.format === "BinarySI"
          ? suffix.exponent % 10 === 0 && (shifted & 7n) !== 0n
          : scale % 3 === 0 && !digits.endsWith("000") && digits[0] !== "0";
      return fields(signed, scale, undefined, keepsString ? canonical : "", suffix.format);
    }
  }
  const format =
    suffix.format === "BinarySI" && parsed.quantity.nanos > 0n && parsed.quantity.nanos < 1_000_000_000n
      ? "DecimalSI"
      : suffix.format;
  return fields(0n, 0, parsed.quantity.nanos, "", format);
}

function fields(
  value: bigint,
  scale: number,
  decNanos: bigint | undefined,
  s: string,
  format: string,
): string {
  const dec = decNanos === undefined ? "<nil>" : `{unscaled:(big.Int)${bigInt(decNanos)} scale:(inf.Scale)9}`;
  return (
    `{i:(resource.int64Amount){value:(int64)${value} scale:(resource.Scale)${scale}} ` +
    `d:(resource.infDecAmount){Dec:(*inf.Dec)${dec}} s:(string)${s} Format:(resource.Format)${format}}`
  );
}

/** big.Int's fields: the sign and the magnitude as little-endian 64-bit words (nil for zero). */
function bigInt(value: bigint): string {
  const negative = value < 0n;
  let magnitude = negative ? -value : value;
  const words: string[] = [];
  while (magnitude > 0n) {
    words.push(String(magnitude & 0xffff_ffff_ffff_ffffn));
    magnitude >>= 64n;
  }
  return `{neg:(bool)${negative} abs:(big.nat)${words.length === 0 ? "<nil>" : `[${words.join(" ")}]`}}`;
}
