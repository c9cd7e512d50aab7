import { isXmlName } from "./xml-names.js";

/** What the pre-scan found. */
export interface XmlScan {
  readonly declaration: boolean;
  readonly depth: number;
  /** A tag whose name XML does not allow, or an end tag that does not match its start tag. */
  readonly badTag?: { readonly offset: number; readonly message: string };
}

/**
 * One left-to-right pass over an XML body before it is parsed, in linear time whatever the
 * input: finds DOCTYPE/ENTITY declarations outside comments and CDATA, and the deepest
 * element nesting (quoted attribute values may hold `>` or `/>`), and checks that tag names
 * are XML names and that end tags match start tags exactly (the parser trims names, so it
 * cannot be trusted to). Anything else it cannot read stops it; the validator reports that.
 */
export function scanXml(xml: string, depthLimit: number): XmlScan {
  let depth = 0;
  let max = 0;
  const open: string[] = [];
  let i = xml.indexOf("<");
  while (i >= 0 && i < xml.length) {
    if (xml.startsWith("<!--", i)) {
      const end = xml.indexOf("-->", i + 4);
      if (end < 0) break;
      i = xml.indexOf("<", end + 3);
      continue;
    }
    if (xml.startsWith("<![CDATA[", i)) {
      const end = xml.indexOf("]]>", i + 9);
      if (end < 0) break;
      i = xml.indexOf("<", end + 3);
      continue;
    }
    if (xml.startsWith("<!", i)) {
      if (/^<!(DOCTYPE|ENTITY)/i.test(xml.slice(i, i + 9))) return { declaration: true, depth: max };
      // Outside a DTD, comments and CDATA are the only '<!' constructs XML allows; the parser would
      // take anything else (e.g. <!Message/>) for an element named "!Message".
      return { declaration: false, depth: max, badTag: { offset: i, message: `${JSON.stringify(xml.slice(i, i + 12))} is neither a comment nor a CDATA section` } };
    }
    if (xml.startsWith("<?", i)) {
      const end = xml.indexOf("?>", i + 2);
      if (end < 0) break;
      i = xml.indexOf("<", end + 2);
      continue;
    }
    // A start or end tag: read to its '>' outside quotes.
    const closing = xml.charCodeAt(i + 1) === 47; // '/'
    let j = i + 1;
    let quote = 0;
    for (; j < xml.length; j++) {
      const c = xml.charCodeAt(j);
      if (quote !== 0) {
        if (c === quote) quote = 0;
      } else if (c === 34 || c === 39) quote = c;
      else if (c === 62 || c === 60) break; // '>' ends the tag; '<' means it is malformed
    }
    if (j >= xml.length || xml.charCodeAt(j) !== 62) break;
    // The tag's name runs to white space, '/' or the '>' at j. Plain ASCII names are checked
    // by character code; anything else goes through the full Name production.
    const start = i + (closing ? 2 : 1);
    let end = start;
    let ascii = true;
    for (; end < j; end++) {
      const c = xml.charCodeAt(end);
      if (c === 32 || c === 9 || c === 10 || c === 13 || c === 47) break;
      if (ascii && !asciiNameChar(c, end === start)) ascii = false;
    }
    if (end === start || (!ascii && !isXmlName(xml.slice(start, end)))) {
      return { declaration: false, depth: max, badTag: { offset: i, message: `${JSON.stringify(xml.slice(start, end))} is not an element name XML allows` } };
    }
    if (closing) {
      const expected = open.pop();
      if (expected === undefined || end - start !== expected.length || !xml.startsWith(expected, start)) {
        const found = xml.slice(start, end);
        return { declaration: false, depth: max, badTag: { offset: i, message: expected === undefined ? `</${found}> closes nothing` : `expected </${expected}>, found </${found}>` } };
      }
      depth--;
    } else if (xml.charCodeAt(j - 1) !== 47) {
      open.push(xml.slice(start, end));
      depth++;
      if (depth > max) {
        max = depth;
        if (max > depthLimit) break;
      }
    }
    i = xml.indexOf("<", j + 1);
  }
  return { declaration: false, depth: max };
}

/** A-Z a-z _ : anywhere; 0-9 - . after the first character. */
function asciiNameChar(c: number, first: boolean): boolean {
  if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 58) return true;
  return !first && ((c >= 48 && c <= 57) || c === 45 || c === 46);
}
