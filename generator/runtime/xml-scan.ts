/**
 * One left-to-right pass over an XML body before it is parsed, in linear time whatever the
 * input: finds DOCTYPE/ENTITY declarations outside comments and CDATA, and the deepest
 * element nesting (quoted attribute values may hold `>` or `/>`). It does not judge
 * well-formedness: at the first thing it cannot read it stops, and the validator reports it.
 */
export interface XmlScan {
  readonly declaration: boolean;
  readonly depth: number;
}

export function scanXml(xml: string, depthLimit: number): XmlScan {
  let depth = 0;
  let max = 0;
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
      break; // some other markup declaration: not XML a callback sends; the validator reports it
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
    if (closing) depth--;
    else if (xml.charCodeAt(j - 1) !== 47) {
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
