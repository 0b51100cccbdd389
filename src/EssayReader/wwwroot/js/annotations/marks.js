// Highlights drawn as flat marks, the same marks the server draws (Rendering/MarkSegments.cs and
// MarkedHtml.cs). Overlapping annotations are cut into segments: a boundary wherever one starts or
// ends; each segment shows its most specific annotation (the shortest covering it, ties to the
// smaller id), how many overlap there (data-depth) and whether any is a comment. Each piece of text of
// a segment gets one <mark>; marks never nest, so thousands of overlapping annotations cost thousands
// of marks, not one element per annotation per piece. The first mark of each top annotation is its
// permalink target and its one stop in the tab order.

import { offsetsOfRange, rangeOf, textIndex } from "./text.js";

/**
 * The marks in [data-essay-root], kept in text order, for a set of anchors
 * ({ id, start, end, color, comment, label }).
 */
export class Highlights {
  constructor(root) {
    this.root = root;
    this.anchors = new Map();
    this.adopted = null;
  }

  /** The marks, { mark, start, end } in text order, never overlapping: at first those the server drew. */
  get pieces() {
    return (this.adopted ??= adopt(this.root));
  }

  set pieces(pieces) {
    this.adopted = pieces;
  }

  /**
   * Makes the marks show exactly these anchors. What the server drew is checked character by
   * character and only what differs (an annotation made or changed since the page was built) is
   * drawn again. Returns the stretch of text drawn again, or null when the marks were right.
   */
  sync(anchors) {
    this.anchors = new Map(anchors.map((a) => [a.id, a]));
    const { nodes, length } = textIndex(this.root);
    const codes = new Map();
    const code = (id, color, depth, comment) => {
      const key = `${id}|${color}|${depth}|${comment ? 1 : 0}`;
      if (!codes.has(key)) codes.set(key, codes.size + 1);
      return codes.get(key);
    };
    const drawn = new Int32Array(length);
    for (const { mark, start, end } of this.pieces) {
      drawn.fill(code(mark.dataset.annotationId, mark.dataset.color, Number(mark.dataset.depth ?? 1), mark.classList.contains("has-comment")), start, end);
    }
    const wanted = new Int32Array(length);
    for (const segment of segmentsOf(anchors)) {
      const { top, depth, comment } = segment;
      wanted.fill(code(top.id, top.color, depth, comment), segment.start, segment.end);
    }
    for (const { node, start } of nodes) {
      if (isBlockWhitespace(node.data)) wanted.fill(0, start, start + node.data.length);
    }
    let first = 0;
    while (first < length && drawn[first] === wanted[first]) first++;
    if (first === length) return null;
    let last = length - 1;
    while (drawn[last] === wanted[last]) last--;
    this.repaint(first, last + 1);
    return { start: first, end: last + 1 };
  }

  /** Draws one annotation (new or changed). */
  set(anchor) {
    const old = this.anchors.get(anchor.id);
    this.anchors.set(anchor.id, anchor);
    this.repaint(Math.min(anchor.start, old?.start ?? anchor.start), Math.max(anchor.end, old?.end ?? anchor.end));
  }

  /** Takes one annotation's highlight away. */
  delete(id) {
    const old = this.anchors.get(id);
    if (!old) return;
    this.anchors.delete(id);
    this.repaint(old.start, old.end);
  }

  /** The marks over an annotation's words, in text order (some may show another annotation on top). */
  marksOf(id) {
    const anchor = this.anchors.get(id);
    if (!anchor) return [];
    const marks = [];
    for (let i = firstEndingAfter(this.pieces, anchor.start); i < this.pieces.length && this.pieces[i].start < anchor.end; i++) {
      marks.push(this.pieces[i].mark);
    }
    return marks;
  }

  /** Draws [from, to) again from the anchors, keeping the reader's selection. */
  repaint(from, to) {
    // Cutting text nodes would collapse a selection the reader is making meanwhile.
    const selection = document.getSelection();
    const kept = selection?.rangeCount && !selection.isCollapsed ? offsetsOfRange(this.root, selection.getRangeAt(0)) : null;

    const low = firstEndingAfter(this.pieces, from);
    let high = low;
    while (high < this.pieces.length && this.pieces[high].start < to) high++;
    if (high > low) {
      from = Math.min(from, this.pieces[low].start);
      to = Math.max(to, this.pieces[high - 1].end);
    }
    unwrap(this.pieces.slice(low, high).map((p) => p.mark));
    // The server's permalink targets for annotations it showed nowhere on top (empty anchors, and the
    // ids of marks that are not tab stops) would clash with the ids the script now gives marks; the
    // script finds permalinks through its own anchors.
    if (!this.anchorsRemoved) {
      for (const anchor of this.root.querySelectorAll(".annotation-anchor")) anchor.remove();
      for (const mark of this.root.querySelectorAll("mark.annotation-mark[id]:not([tabindex])")) mark.removeAttribute("id");
      this.anchorsRemoved = true;
    }
    const overlapping = [...this.anchors.values()].filter((a) => a.end > from && a.start < to);
    const segments = segmentsOf(overlapping)
      .filter((s) => s.end > from && s.start < to)
      .map((s) => ({ ...s, start: Math.max(s.start, from), end: Math.min(s.end, to) }));
    const fresh = paint(this.root, segments);
    this.pieces = this.pieces.slice(0, low).concat(fresh, this.pieces.slice(high));
    this.refreshTabStops();

    if (kept) {
      const range = rangeOf(this.root, kept.start, kept.end);
      if (range) {
        selection.removeAllRanges();
        selection.addRange(range);
      }
    }
  }

  refreshTabStops() {
    const seen = new Set();
    for (const { mark } of this.pieces) {
      const id = mark.dataset.annotationId;
      if (!seen.has(id)) {
        seen.add(id);
        mark.id = `annotation-${id}`;
        mark.tabIndex = 0;
        mark.setAttribute("aria-label", this.anchors.get(id)?.label ?? "Annotation");
      } else if (mark.hasAttribute("tabindex")) {
        mark.removeAttribute("id");
        mark.removeAttribute("tabindex");
        mark.removeAttribute("aria-label");
      }
    }
  }
}

// Takes over the marks the server drew (when they are first needed: a page only read never walks them).
function adopt(root) {
  const pieces = [];
  for (const { node, start } of textIndex(root).nodes) {
    const mark = node.parentElement;
    if (mark?.matches("mark.annotation-mark")) pieces.push({ mark, start, end: start + node.data.length });
  }
  return pieces;
}

/** Cuts anchors into segments (see the top of this file); the same cut as MarkSegments.Compute. */
export function segmentsOf(anchors) {
  const byStart = anchors.filter((a) => a.end > a.start).sort((a, b) => a.start - b.start);
  if (byStart.length === 0) return [];
  const byEnd = [...byStart].sort((a, b) => a.end - b.end);
  const points = [...new Set([...byStart.map((a) => a.start), ...byEnd.map((a) => a.end)])].sort((a, b) => a - b);
  const covering = new Heap(mostSpecificFirst);
  const segments = [];
  let started = 0;
  let ended = 0;
  let depth = 0;
  let comments = 0;
  for (let p = 0; p < points.length - 1; p++) {
    const at = points[p];
    for (; ended < byEnd.length && byEnd[ended].end <= at; ended++) {
      depth--;
      if (byEnd[ended].comment) comments--;
    }
    for (; started < byStart.length && byStart[started].start <= at; started++) {
      depth++;
      if (byStart[started].comment) comments++;
      covering.push(byStart[started]);
    }
    if (depth === 0) continue;
    // Anchors that ended stay in the heap until they come to its top.
    while (covering.peek().end <= at) covering.pop();
    const top = covering.peek();
    const comment = comments > 0;
    const last = segments[segments.length - 1];
    if (last && last.end === at && last.top === top && last.depth === depth && last.comment === comment) last.end = points[p + 1];
    else segments.push({ start: at, end: points[p + 1], top, depth, comment });
  }
  return segments;
}

function mostSpecificFirst(a, b) {
  const byLength = (a.end - a.start) - (b.end - b.start);
  if (byLength !== 0) return byLength;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Whitespace with a line break: what Markdig writes between blocks, never marked (as on the server). */
export function isBlockWhitespace(data) {
  return data.includes("\n") && !/[^ \t\r\n]/.test(data);
}

// One pass over the root's text nodes: each node is cut at the segments' edges from its end backwards,
// so the offsets of the pieces not yet cut stay valid.
function paint(root, segments) {
  const pieces = [];
  if (segments.length === 0) return pieces;
  const { nodes } = textIndex(root);
  let first = 0;
  for (const { node, start } of nodes) {
    const length = node.data.length;
    const end = start + length;
    if (length === 0 || isBlockWhitespace(node.data)) continue;
    while (first < segments.length && segments[first].end <= start) first++;
    if (first === segments.length) break;
    let last = first;
    while (last < segments.length && segments[last].start < end) last++;
    const made = [];
    for (let i = last - 1; i >= first; i--) {
      const segment = segments[i];
      const from = Math.max(segment.start, start) - start;
      const to = Math.min(segment.end, end) - start;
      if (to < node.data.length) node.splitText(to);
      const piece = from > 0 ? node.splitText(from) : node;
      const mark = markFor(segment);
      piece.parentNode.insertBefore(mark, piece);
      mark.append(piece);
      made.push({ mark, start: start + from, end: start + to });
    }
    for (let i = made.length - 1; i >= 0; i--) pieces.push(made[i]);
  }
  return pieces;
}

function markFor({ top, depth, comment }) {
  const mark = document.createElement("mark");
  mark.className = comment ? "annotation-mark has-comment" : "annotation-mark";
  mark.dataset.annotationId = top.id;
  mark.dataset.color = top.color;
  if (depth > 1) mark.dataset.depth = String(depth);
  return mark;
}

function unwrap(marks) {
  const parents = new Set();
  for (const mark of marks) {
    const parent = mark.parentNode;
    if (!parent) continue;
    while (mark.firstChild) parent.insertBefore(mark.firstChild, mark);
    parent.removeChild(mark);
    parents.add(parent);
  }
  for (const parent of parents) parent.normalize();
}

// The index of the first piece that ends after the offset (pieces are in text order).
function firstEndingAfter(pieces, offset) {
  let low = 0;
  let high = pieces.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (pieces[middle].end <= offset) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** A binary min-heap. */
class Heap {
  constructor(compare) {
    this.compare = compare;
    this.items = [];
  }

  peek() {
    return this.items[0];
  }

  push(item) {
    const items = this.items;
    items.push(item);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.compare(items[i], items[parent]) >= 0) break;
      [items[i], items[parent]] = [items[parent], items[i]];
      i = parent;
    }
  }

  pop() {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let smallest = i;
        if (left < items.length && this.compare(items[left], items[smallest]) < 0) smallest = left;
        if (right < items.length && this.compare(items[right], items[smallest]) < 0) smallest = right;
        if (smallest === i) break;
        [items[i], items[smallest]] = [items[smallest], items[i]];
        i = smallest;
      }
    }
    return top;
  }
}
