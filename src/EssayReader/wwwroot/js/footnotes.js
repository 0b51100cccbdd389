// Footnotes read in place. Without this script every reference is a plain link to its note and
// every note links back; with it, a reference shows its note beside the text on hover, keyboard
// focus or tap, and on wide screens the notes also sit in the margin beside their references.
//
// Nothing here adds text inside [data-essay-root]: the preview and the sidenotes live outside it,
// so the essay's canonical text (what annotations count offsets in) stays exactly the server's.

const root = document.querySelector("[data-essay-root]");
const preview = document.getElementById("footnote-preview");
const wideScreen = window.matchMedia("(min-width: 78rem)");

const showDelay = 120;
const hideDelay = 250;

let activeRef = null;
let dismissedRef = null;
let lastPointerType = "mouse";
let openBeforePointerDown = null;
let showTimer = 0;
let hideTimer = 0;
let sidenotes = null;

if (root && preview) {
  init();
}

function init() {
  preview.setAttribute("aria-live", "off");

  root.addEventListener("pointerover", (event) => {
    const ref = referenceFrom(event.target);
    if (!ref || event.pointerType !== "mouse") return;
    clearTimeout(hideTimer);
    if (ref === activeRef) return;
    clearTimeout(showTimer);
    showTimer = setTimeout(() => open(ref), showDelay);
  });

  root.addEventListener("pointerout", (event) => {
    const ref = referenceFrom(event.target);
    if (!ref || event.pointerType !== "mouse" || ref.contains(event.relatedTarget)) return;
    clearTimeout(showTimer);
    scheduleClose();
  });

  preview.addEventListener("pointerenter", () => clearTimeout(hideTimer));
  preview.addEventListener("pointerleave", (event) => {
    if (event.pointerType === "mouse") scheduleClose();
  });

  document.addEventListener("pointerdown", (event) => {
    lastPointerType = event.pointerType || "mouse";
    // A tap also focuses the reference (which opens the preview) before its click arrives; the
    // click must know whether the preview was already open to toggle it the way the reader expects.
    openBeforePointerDown = preview.hidden ? null : activeRef;
    // A tap or click anywhere else dismisses the preview.
    if (!preview.hidden && !preview.contains(event.target) && !referenceFrom(event.target)) {
      close();
    }
  }, true);

  root.addEventListener("focusin", (event) => {
    const ref = referenceFrom(event.target);
    if (ref && ref !== dismissedRef) open(ref);
  });

  root.addEventListener("focusout", (event) => {
    const ref = referenceFrom(event.target);
    if (!ref) return;
    if (dismissedRef === ref) dismissedRef = null;
    if (!preview.contains(event.relatedTarget)) close();
  });

  preview.addEventListener("focusout", (event) => {
    if (!preview.contains(event.relatedTarget) && event.relatedTarget !== activeRef) close();
  });

  root.addEventListener("click", (event) => {
    const ref = referenceFrom(event.target);
    if (!ref) return;
    if (lastPointerType === "touch" || lastPointerType === "pen") {
      // On a touch screen the first tap reads the note in place; the preview offers the jump.
      event.preventDefault();
      if (openBeforePointerDown === ref) close();
      else open(ref, { force: true });
      return;
    }
    // A click (or Enter) means "take me to the note": let the link do its work.
    close();
  });

  preview.addEventListener("click", (event) => {
    if (event.target.closest(".footnote-preview-close")) {
      const ref = activeRef;
      close();
      ref?.focus({ preventScroll: true });
    } else if (event.target.closest(".footnote-preview-jump")) {
      close();
    }
  });

  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape" || preview.hidden) return;
    const ref = activeRef;
    const focusWasInside = preview.contains(document.activeElement);
    dismissedRef = ref;
    close();
    if (focusWasInside || document.activeElement === ref) ref?.focus({ preventScroll: true });
    event.preventDefault();
  });

  window.addEventListener("resize", () => {
    if (activeRef && !preview.hidden) place(activeRef);
  });

  setUpSidenotes();
}

function referenceFrom(target) {
  return target instanceof Element ? target.closest("a.footnote-ref") : null;
}

function noteFor(ref) {
  const id = decodeURIComponent(ref.hash.slice(1));
  return document.getElementById(id);
}

function numberOf(ref) {
  return ref.textContent.trim();
}

// A copy of a note for showing elsewhere: no back-links, no duplicate ids.
function copyOfNote(note) {
  const fragment = document.createDocumentFragment();
  for (const child of note.childNodes) fragment.append(child.cloneNode(true));
  fragment.querySelectorAll(".footnote-back-ref").forEach((link) => link.remove());
  fragment.querySelectorAll("[id]").forEach((element) => element.removeAttribute("id"));
  return fragment;
}

function open(ref, { force = false } = {}) {
  clearTimeout(showTimer);
  clearTimeout(hideTimer);
  const note = noteFor(ref);
  if (!note) return;

  highlight(ref);
  // With the notes in the margin, a visible sidenote is the preview.
  if (!force && sidenoteIsVisible(note.id)) {
    if (!preview.hidden) hidePreview();
    return;
  }

  const number = numberOf(ref);
  preview.replaceChildren();
  const content = copyOfNote(note);
  const first = content.querySelector("p");
  const label = document.createElement("span");
  label.className = "footnote-preview-number";
  label.textContent = `${number}.`;
  if (first) first.prepend(label, " ");
  else preview.append(label);
  preview.append(content);

  const actions = document.createElement("div");
  actions.className = "footnote-preview-actions";
  const jump = document.createElement("a");
  jump.className = "footnote-preview-jump";
  jump.href = `#${note.id}`;
  jump.textContent = `Go to note ${number}`;
  const dismiss = document.createElement("button");
  dismiss.type = "button";
  dismiss.className = "footnote-preview-close";
  dismiss.textContent = "Close";
  dismiss.setAttribute("aria-label", `Close note ${number}`);
  actions.append(jump, dismiss);
  preview.append(actions);

  preview.setAttribute("aria-label", `Note ${number}`);
  preview.hidden = false;
  ref.setAttribute("aria-describedby", preview.id);
  place(ref);
}

function scheduleClose() {
  clearTimeout(hideTimer);
  hideTimer = setTimeout(close, hideDelay);
}

function close() {
  clearTimeout(showTimer);
  clearTimeout(hideTimer);
  hidePreview();
  highlight(null);
}

function hidePreview() {
  preview.hidden = true;
  preview.replaceChildren();
  root.querySelectorAll("a.footnote-ref[aria-describedby]").forEach((ref) => ref.removeAttribute("aria-describedby"));
}

function highlight(ref) {
  if (activeRef && activeRef !== ref) {
    activeRef.classList.remove("is-active");
    sidenoteFor(activeRef)?.classList.remove("is-active");
  }
  activeRef = ref;
  if (ref) {
    ref.classList.add("is-active");
    sidenoteFor(ref)?.classList.add("is-active");
  }
}

// Below the reference when it fits, above it otherwise; never off the side of the screen.
function place(ref) {
  const gap = 8;
  const margin = 12;
  const anchor = ref.getBoundingClientRect();
  const box = preview.getBoundingClientRect();
  const viewportWidth = document.documentElement.clientWidth;

  let top = anchor.bottom + gap;
  if (top + box.height > window.innerHeight && anchor.top - gap - box.height > 0) {
    top = anchor.top - gap - box.height;
  }
  let left = anchor.left + anchor.width / 2 - box.width / 2;
  left = Math.max(margin, Math.min(left, viewportWidth - box.width - margin));

  // The preview is absolutely positioned in the document, so add the scroll offsets.
  const parent = preview.offsetParent?.getBoundingClientRect() ?? { top: -window.scrollY, left: -window.scrollX };
  preview.style.top = `${Math.round(top - parent.top)}px`;
  preview.style.left = `${Math.round(left - parent.left)}px`;
}

// Sidenotes: a copy of each note in the right margin, level with its first reference. The copies
// are hidden from assistive technology and the tab order, which already have the notes and previews.
function setUpSidenotes() {
  const article = root.closest("article");
  if (!article) return;

  const update = () => {
    if (wideScreen.matches) {
      sidenotes ??= buildSidenotes(article);
      sidenotes.classList.add("is-active");
      layOutSidenotes();
    } else if (sidenotes) {
      sidenotes.classList.remove("is-active");
    }
  };

  wideScreen.addEventListener("change", update);
  new ResizeObserver(() => {
    if (wideScreen.matches && sidenotes) layOutSidenotes();
  }).observe(root);
  // A paragraph drawn (or put aside) as it nears the screen or leaves it (content-visibility: auto).
  let pending = false;
  root.addEventListener("contentvisibilityautostatechange", () => {
    if (pending || !wideScreen.matches || !sidenotes) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      layOutSidenotes();
    });
  }, { capture: true });
  document.fonts?.ready.then(() => {
    if (wideScreen.matches && sidenotes) layOutSidenotes();
  });
  update();
}

function buildSidenotes(article) {
  const aside = document.createElement("aside");
  aside.className = "sidenotes";
  aside.setAttribute("aria-hidden", "true");
  const seen = new Set();
  for (const ref of root.querySelectorAll("a.footnote-ref")) {
    const note = noteFor(ref);
    if (!note || seen.has(note.id)) continue;
    seen.add(note.id);
    const sidenote = document.createElement("div");
    sidenote.className = "sidenote";
    sidenote.dataset.note = note.id;
    const content = copyOfNote(note);
    const number = document.createElement("span");
    number.className = "sidenote-number";
    number.textContent = `${numberOf(ref)}.`;
    const first = content.querySelector("p");
    if (first) first.prepend(number, " ");
    else sidenote.append(number);
    sidenote.append(content);
    sidenote.querySelectorAll("a").forEach((link) => link.setAttribute("tabindex", "-1"));
    aside.append(sidenote);
  }
  article.append(aside);
  return aside;
}

function layOutSidenotes() {
  // Paragraphs away from the screen are not laid out (content-visibility: auto, see site.css), and
  // measuring a reference in one would lay it out, with its marks: 20 to 60 ms a paragraph on a page of
  // 8 000 marks. Such a reference's note waits, unseen, until its paragraph is drawn, which calls this
  // again. Every position and height is read before any is written: one layout, not one a note.
  const origin = sidenotes.getBoundingClientRect().top;
  const placed = [];
  for (const sidenote of sidenotes.children) {
    const ref = root.querySelector(`a.footnote-ref[href="#${CSS.escape(sidenote.dataset.note)}"]`);
    const drawn = !!ref && ref.checkVisibility({ contentVisibilityAuto: true });
    placed.push({ sidenote, drawn, wanted: drawn ? ref.getBoundingClientRect().top - origin - 4 : 0, height: sidenote.offsetHeight });
  }
  let floor = 0;
  for (const { sidenote, drawn, wanted, height } of placed) {
    sidenote.style.visibility = drawn ? "" : "hidden";
    if (!drawn) continue;
    const top = Math.max(wanted, floor);
    sidenote.style.top = `${Math.round(top)}px`;
    floor = top + height + 12;
  }
  sidenotes.style.minHeight = `${Math.round(floor)}px`;
}

function sidenoteFor(ref) {
  if (!sidenotes || !sidenotes.classList.contains("is-active")) return null;
  const note = noteFor(ref);
  return note ? sidenotes.querySelector(`[data-note="${CSS.escape(note.id)}"]`) : null;
}

function sidenoteIsVisible(noteId) {
  if (!sidenotes || !wideScreen.matches || !sidenotes.classList.contains("is-active")) return false;
  const sidenote = sidenotes.querySelector(`[data-note="${CSS.escape(noteId)}"]`);
  if (!sidenote) return false;
  const box = sidenote.getBoundingClientRect();
  return box.top >= 0 && box.bottom <= window.innerHeight;
}
