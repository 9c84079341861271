/**
 * Where a secret that secretlint's recommended preset knows may start: the literal markers its rules
 * look for, by rule. Only lines holding one are handed to secretlint, because running every rule
 * over every added line would cost most of the CPU budget. A test checks that this table names
 * every rule of the installed preset, so a new rule in an upgrade cannot be skipped silently.
 */
export const MARKERS_BY_RULE: Readonly<Record<string, readonly string[]>> = {
  "@secretlint/secretlint-rule-aws": [
    "AKIA",
    "ASIA",
    "A3T",
    "AGPA",
    "AIDA",
    "AROA",
    "AIPA",
    "ANPA",
    "ANVA",
    "aws_",
    "AWS_",
  ],
  "@secretlint/secretlint-rule-gcp": ["private_key"],
  "@secretlint/secretlint-rule-privatekey": ["-----BEGIN"],
  "@secretlint/secretlint-rule-npm": ["npm_", "_authToken"],
  "@secretlint/secretlint-rule-basicauth": ["://"],
  "@secretlint/secretlint-rule-slack": ["xoxa-", "xoxb-", "xoxo-", "xoxp-", "xoxr-", "xoxs-", "xapp-", "://"],
  "@secretlint/secretlint-rule-sendgrid": ["SG."],
  "@secretlint/secretlint-rule-shopify": ["shpat_", "shpca_", "shppa_", "shpss_"],
  "@secretlint/secretlint-rule-github": ["ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"],
  "@secretlint/secretlint-rule-openai": ["sk-", "T3BlbkFJ"],
  "@secretlint/secretlint-rule-anthropic": ["sk-ant-"],
  "@secretlint/secretlint-rule-linear": ["lin_api_"],
  "@secretlint/secretlint-rule-1password": ["ops_"],
  "@secretlint/secretlint-rule-database-connection-string": ["://"],
  // Not a detector: it lets `secretlint-disable` comments silence the others.
  "@secretlint/secretlint-rule-filter-comments": [],
};

const MARKERS = [...new Set(Object.values(MARKERS_BY_RULE).flat())];
const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");

/**
 * Any marker, longest first. One regular expression over the added text: measured against a loop
 * over its characters and against `indexOf` per marker, V8's compiled expression is the fastest.
 */
export const SECRET_MARKER = new RegExp(
  [...MARKERS]
    .sort((a, b) => b.length - a.length)
    .map(literal)
    .join("|"),
  "g",
);
