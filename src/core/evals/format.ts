/**
 * Numbers as a reader compares them: four significant digits, but never fewer digits than the
 * integer part has (1420.3 is "1,420", not "142" or "1.42e+3"), thousands grouped, a real minus
 * sign, and no exponent until a value is smaller than a millionth or at least a quadrillion.
 */
const SIGNIFICANT = 4;
const MINUS = "−";

export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? "not a number" : value > 0 ? "∞" : `${MINUS}∞`;
  const sign = value < 0 ? MINUS : "";
  const magnitude = Math.abs(value);
  if (magnitude === 0) return "0";
  if (magnitude >= 1e15 || magnitude < 1e-6) return sign + exponent(magnitude);
  const decimals = Math.max(0, SIGNIFICANT - digitsBeforeFirstSignificant(magnitude));
  const fixed = (Math.round(magnitude * 10 ** decimals) / 10 ** decimals).toFixed(decimals);
  const [whole = "0", fraction = ""] = fixed.split(".");
  const trimmed = fraction.replace(/0+$/, "");
  return `${sign}${group(whole)}${trimmed ? `.${trimmed}` : ""}`;
}

/** Integer digits of 1420.3 (4); for 0.00123, minus the zeros after the point (−2), which add decimals. */
const digitsBeforeFirstSignificant = (magnitude: number): number => Math.floor(Math.log10(magnitude)) + 1;

function exponent(magnitude: number): string {
  const [mantissa = "0", power = "0"] = magnitude.toExponential(SIGNIFICANT - 1).split("e");
  return `${mantissa.replace(/\.?0+$/, "")}e${power.replace("+", "").replace("-", MINUS)}`;
}

const group = (digits: string) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");

/** A change: always signed, so "+0.02" and "−0.02" are never mistaken for values. */
export const formatSigned = (value: number): string =>
  value > 0 ? `+${formatNumber(value)}` : value < 0 ? formatNumber(value) : "0";

/** A ratio as a signed percentage with one decimal (thousands grouped): 0.5 → "+50.0%". */
export function formatPercent(ratio: number): string {
  const percent = Math.abs(ratio * 100);
  const [whole = "0", fraction = "0"] = percent.toFixed(1).split(".");
  const text = percent >= 1e15 ? exponent(percent) : `${group(whole)}.${fraction}`;
  return `${ratio < 0 ? MINUS : "+"}${text}%`;
}

/** A metric value as the comment and the check show it: missing and non-numbers in words. */
export const formatValue = (value: number | null | undefined): string =>
  value === undefined ? "missing" : value === null ? "not a number" : formatNumber(value);

/** A p-value: small ones as "< 0.001", others with two significant digits. */
export const formatP = (p: number): string => (p < 0.001 ? "< 0.001" : `${Number(p.toPrecision(2))}`);
