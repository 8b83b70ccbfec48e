/**
 * A small XML well-formedness checker for the SVG and XHTML this project emits (used by tests and as a
 * guard before writing): balanced and properly nested tags, quoted attributes without duplicates, only
 * the five predefined entities or numeric character references, no stray '<' or '&'. It is not a
 * validating parser and ignores DTDs (none are emitted).
 */
export function checkWellFormedXml(doc: string): void {
  const stack: string[] = [];
  let i = 0;
  let roots = 0;
  const fail = (msg: string): never => {
    const line = doc.slice(0, i).split('\n').length;
    throw new Error(`not well-formed XML (line ${line}, offset ${i}): ${msg}`);
  };
  const checkText = (s: string): void => {
    const bad = /&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.exec(s);
    if (bad) fail(`unescaped '&' in "${s.slice(bad.index, bad.index + 12)}"`);
    if (s.includes('<')) fail("unescaped '<'");
  };
  while (i < doc.length) {
    const lt = doc.indexOf('<', i);
    const textPart = lt < 0 ? doc.slice(i) : doc.slice(i, lt);
    checkText(textPart);
    if (stack.length === 0 && textPart.trim() !== '') fail('text outside the root element');
    if (lt < 0) break;
    i = lt;
    if (doc.startsWith('<?', i)) {
      const end = doc.indexOf('?>', i);
      if (end < 0) fail('unterminated processing instruction');
      i = end + 2;
      continue;
    }
    if (doc.startsWith('<!--', i)) {
      const end = doc.indexOf('-->', i);
      if (end < 0) fail('unterminated comment');
      i = end + 3;
      continue;
    }
    if (doc.startsWith('<![CDATA[', i)) {
      const end = doc.indexOf(']]>', i);
      if (end < 0) fail('unterminated CDATA');
      i = end + 3;
      continue;
    }
    if (doc.startsWith('<!DOCTYPE', i) || doc.startsWith('<!doctype', i)) {
      const end = doc.indexOf('>', i);
      i = end + 1;
      continue;
    }
    const close = /^<\/([A-Za-z_][\w.:-]*)\s*>/.exec(doc.slice(i, i + 200));
    if (close) {
      const open = stack.pop();
      if (open !== close[1]) fail(`</${close[1]}> closes <${open ?? 'nothing'}>`);
      i += close[0].length;
      continue;
    }
    const tag = /^<([A-Za-z_][\w.:-]*)/.exec(doc.slice(i, i + 200));
    if (!tag) fail("'<' that starts no tag");
    const name = tag![1]!;
    let j = i + tag![0].length;
    const seen = new Set<string>();
    for (;;) {
      const rest = doc.slice(j);
      const ws = /^\s*/.exec(rest)![0].length;
      j += ws;
      if (doc.startsWith('/>', j)) { j += 2; if (stack.length === 0) roots++; break; }
      if (doc[j] === '>') { j += 1; if (stack.length === 0) roots++; stack.push(name); break; }
      if (ws === 0) fail(`expected whitespace, '>' or '/>' in <${name}>`);
      const attr = /^([A-Za-z_][\w.:-]*)\s*=\s*("([^"<]*)"|'([^'<]*)')/.exec(doc.slice(j));
      if (!attr) fail(`malformed attribute in <${name}>`);
      if (seen.has(attr![1]!)) fail(`duplicate attribute ${attr![1]} in <${name}>`);
      seen.add(attr![1]!);
      checkText(attr![3] ?? attr![4] ?? '');
      j += attr![0].length;
    }
    i = j;
  }
  if (stack.length) fail(`unclosed <${stack[stack.length - 1]}>`);
  if (roots !== 1) fail(`expected exactly one root element, found ${roots}`);
}

/** True when checkWellFormedXml passes. */
export function isWellFormedXml(doc: string): boolean {
  try {
    checkWellFormedXml(doc);
    return true;
  } catch {
    return false;
  }
}
