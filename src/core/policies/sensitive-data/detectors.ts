import type { SensitiveKind } from "../../../config/sensitive-data-schema.js";
import { IBAN_LENGTHS, ibanValid, luhn, nirValid, spanishIdValid, verhoeff } from "./checksums.js";

/** Something that looks like personal data, where it starts in the scanned text. */
export interface Hit {
  kind: SensitiveKind;
  /** What it is, in words: `email address`, `US SSN`. */
  label: string;
  value: string;
  index: number;
}

type Emit = (hit: Hit) => void;

/**
 * Each detector is one linear pass over the text (no nested quantifiers, so no catastrophic
 * backtracking whatever a dataset holds), then a check that rules out look-alikes: a checksum, an
 * issuer prefix, a valid range.
 */
export const DETECTORS: Readonly<Record<Exclude<SensitiveKind, "secret">, (text: string, emit: Emit) => void>> = {
  email: emails,
  phone: (text, emit) => {
    // International numbers (+, country code, 8 to 15 digits) and North American ones with separators.
    for (const m of text.matchAll(/(?<![\w+])\+[1-9][\d ().-]{6,20}\d(?!\w)/g)) {
      const digits = m[0].replace(/\D/g, "").length;
      if (digits >= 8 && digits <= 15 && !/[ .-]{2}/.test(m[0]))
        emit({ kind: "phone", label: "phone number", value: m[0], index: m.index });
    }
    for (const m of text.matchAll(/(?<![\w+.-])\(?[2-9]\d{2}\)?[ .-][2-9]\d{2}[ .-]\d{4}(?![\w.-])/g))
      emit({ kind: "phone", label: "phone number", value: m[0], index: m.index });
  },
  "payment-card": (text, emit) => {
    for (const m of text.matchAll(/(?<![\d.-])[2-6]\d{3}(?:[ -]?\d){9,15}(?![\d])/g)) {
      const digits = m[0].replace(/[ -]/g, "");
      const separators = m[0].length - digits.length;
      if (separators > 0 && !/^\d{4}([ -])\d{4,6}\1\d{4,5}(\1\d{1,4})?$/.test(m[0])) continue;
      if (issuer(digits) && luhn(digits))
        emit({ kind: "payment-card", label: "payment card number", value: m[0], index: m.index });
    }
  },
  "national-id": (text, emit) => {
    for (const m of text.matchAll(/(?<![\d-])(\d{3})-(\d{2})-(\d{4})(?![\d-])/g))
      if (m[1] !== "000" && m[1] !== "666" && !m[1]?.startsWith("9") && m[2] !== "00" && m[3] !== "0000")
        emit({ kind: "national-id", label: "US SSN", value: m[0], index: m.index });
    for (const m of text.matchAll(
      /\b(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b/g,
    ))
      emit({ kind: "national-id", label: "UK National Insurance number", value: m[0], index: m.index });
    for (const m of text.matchAll(/\b(?:\d{8}|[XYZ]\d{7})-?[A-Z]\b/g))
      if (spanishIdValid(m[0])) emit({ kind: "national-id", label: "Spanish DNI/NIE", value: m[0], index: m.index });
    for (const m of text.matchAll(
      /(?<!\d)(?<!\d )[12] ?\d{2} ?(?:0[1-9]|1[0-2]) ?(?:\d{2}|2[AB]) ?\d{3} ?\d{3} ?\d{2}(?![\d])/g,
    ))
      if (nirValid(m[0])) emit({ kind: "national-id", label: "French NIR", value: m[0], index: m.index });
    for (const m of text.matchAll(/(?<!\d)(?<!\d )[2-9]\d{3} \d{4} \d{4}(?![\d])/g))
      if (verhoeff(m[0].replace(/ /g, "")))
        emit({ kind: "national-id", label: "Aadhaar number", value: m[0], index: m.index });
  },
  iban: (text, emit) => {
    for (const m of text.matchAll(/\b([A-Z]{2})\d{2}(?: ?[A-Z0-9]){11,30}\b/g)) {
      const iban = m[0].replace(/ /g, "");
      if (IBAN_LENGTHS[m[1] ?? ""] === iban.length && ibanValid(iban))
        emit({ kind: "iban", label: "IBAN", value: m[0], index: m.index });
    }
  },
  "ip-address": (text, emit) => {
    for (const m of text.matchAll(/(?<![\w.])(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?![\w]|\.\d)/g)) {
      const octets = m.slice(1, 5).map(Number);
      if (octets.every((o) => o <= 255) && isPublic(octets))
        emit({ kind: "ip-address", label: "IP address", value: m[0], index: m.index });
    }
  },
};

/** Issuer prefixes and lengths of the major card networks (Visa, Mastercard, Amex, Discover, JCB, Diners, UnionPay). */
function issuer(d: string): boolean {
  const n = d.length;
  const two = Number(d.slice(0, 2));
  const four = Number(d.slice(0, 4));
  if (d[0] === "4") return n === 13 || n === 16 || n === 19;
  if ((two >= 51 && two <= 55) || (four >= 2221 && four <= 2720)) return n === 16;
  if (two === 34 || two === 37) return n === 15;
  if (four === 6011 || two === 65 || (four >= 6440 && four <= 6499)) return n >= 16 && n <= 19;
  if (four >= 3528 && four <= 3589) return n >= 16 && n <= 19;
  if (two === 36 || two === 38 || (two === 30 && d[2] !== undefined && d[2] <= "5")) return n >= 14 && n <= 19;
  if (two === 62) return n >= 16 && n <= 19;
  return false;
}

/** Addresses that point at someone: not private, loopback, link-local, documentation or reserved ranges. */
function isPublic([a = 0, b = 0, c = 0]: number[]): boolean {
  if (a === 0 || a === 10 || a === 127 || a >= 224) return false;
  if ((a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254)) return false;
  if ((a === 192 && b === 0 && c === 2) || (a === 198 && b === 51 && c === 100) || (a === 203 && b === 0 && c === 113))
    return false;
  return !(a === 100 && b >= 64 && b <= 127);
}

const LOCAL = /[A-Za-z0-9._%+-]/;
const DOMAIN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}\.)+[A-Za-z]{2,24}/;
/** Domains reserved for examples (RFC 2606, 6761): never someone's address. */
const RESERVED = /(^|\.)(example\.(com|org|net)|test|invalid|localhost|example)$/i;

/** Email addresses, found from each `@` outwards rather than by a pattern tried at every character. */
function emails(text: string, emit: Emit): void {
  for (let at = text.indexOf("@"); at >= 0; at = text.indexOf("@", at + 1)) {
    let start = at;
    while (start > 0 && at - start < 64 && LOCAL.test(text[start - 1] as string)) start--;
    if (start === at || text[start] === ".") continue;
    const domain = DOMAIN.exec(text.slice(at + 1, at + 256))?.[0];
    if (!domain || RESERVED.test(domain)) continue;
    emit({ kind: "email", label: "email address", value: text.slice(start, at + 1 + domain.length), index: start });
  }
}
