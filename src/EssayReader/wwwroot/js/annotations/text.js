// The essay's canonical text as the page holds it (DESIGN.md): the textContent of [data-essay-root],
// counted in UTF-16 code units. Offsets from the server map onto the root's text nodes in one pass,
// and a selection maps back to offsets without guessing. Marks wrap text; they never add any.

const contextLength = 32;

/** The root's text nodes, each with the offset of its first character, in document order. */
export function textIndex(root) {
  const nodes = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  let offset = 0;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    nodes.push({ node, start: offset });
    offset += node.data.length;
  }
  return { nodes, length: offset };
}

/** The offset in the canonical text of a DOM boundary point inside (or at the edge of) the root. */
export function offsetOf(root, container, offset) {
  const range = document.createRange();
  range.setStart(root, 0);
  range.setEnd(container, offset);
  // Range.toString() concatenates exactly the text nodes' data, as textContent does.
  return range.toString().length;
}

/** The canonical offsets of a DOM range, clamped to the root; null when it holds no essay text. */
export function offsetsOfRange(root, range) {
  const whole = document.createRange();
  whole.selectNodeContents(root);
  const clamped = range.cloneRange();
  if (clamped.compareBoundaryPoints(Range.START_TO_START, whole) < 0) clamped.setStart(whole.startContainer, whole.startOffset);
  if (clamped.compareBoundaryPoints(Range.END_TO_END, whole) > 0) clamped.setEnd(whole.endContainer, whole.endOffset);
  if (clamped.collapsed) return null;
  const start = offsetOf(root, clamped.startContainer, clamped.startOffset);
  const end = offsetOf(root, clamped.endContainer, clamped.endOffset);
  return end > start ? { start, end } : null;
}

/** W3C selectors for [start, end) of the canonical text. */
export function selectorsFor(text, start, end) {
  return [
    {
      type: "TextQuoteSelector",
      exact: text.slice(start, end),
      prefix: text.slice(Math.max(0, start - contextLength), start),
      suffix: text.slice(end, end + contextLength),
    },
    { type: "TextPositionSelector", start, end },
  ];
}

/** A DOM range over [start, end) of the canonical text. */
export function rangeOf(root, start, end) {
  const { nodes, length } = textIndex(root);
  if (nodes.length === 0 || start < 0 || end > length || start >= end) return null;
  const from = nodes[lastStartingAtOrBefore(nodes, start)];
  const to = nodes[firstEndingAtOrAfter(nodes, end)];
  const range = document.createRange();
  range.setStart(from.node, start - from.start);
  range.setEnd(to.node, end - to.start);
  return range;
}

// A range starts in the last node that starts at or before its offset, so that at a boundary between
// two nodes it starts at the beginning of the later one, not at the end of the earlier one...
function lastStartingAtOrBefore(nodes, offset) {
  let low = 0;
  let high = nodes.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (nodes[middle].start <= offset) low = middle;
    else high = middle - 1;
  }
  return low;
}

// ...and it ends in the first node that ends at or after its offset.
function firstEndingAtOrAfter(nodes, offset) {
  let low = 0;
  let high = nodes.length - 1;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (nodes[middle].start + nodes[middle].node.data.length >= offset) high = middle;
    else low = middle + 1;
  }
  return low;
}
