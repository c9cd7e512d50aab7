/** XML 1.0's Name production (5th edition): NameStartChar, then NameChar. Prefixes (a:b) included. */
const START = ":A-Z_a-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C-\\u200D\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD\\u{10000}-\\u{EFFFF}";
const NAME = new RegExp(`^[${START}][${START}\\-.0-9\\u00B7\\u0300-\\u036F\\u203F-\\u2040]*$`, "u");

/**
 * True for a name XML allows and that reaches the model unchanged. Names with characters
 * JavaScript counts as white space (U+1680, U+FEFF) are refused although XML allows them:
 * the parser trims them away, which would change the name.
 */
export function isXmlName(name: string): boolean {
  return NAME.test(name) && !/\s/.test(name);
}
