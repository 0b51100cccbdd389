// Highlights and comments on the essay. Select a passage (mouse, touch or keyboard) and a toolbar
// offers Highlight (five colours) and Comment; Alt+Shift+H and Alt+Shift+C do the same from the
// keyboard. Highlights are drawn on the exact words (marks wrap text, never add any; see marks.js);
// clicking or focusing one opens its thread in the side panel, which lists every annotation in text
// order.
//
// The server draws the marks into the page it has just made for this reader, so on a page fetched
// (or revalidated: its ETag covers the annotations) for this navigation they are right, and the
// script takes them as they are. The annotations' documents (10 MB for 10 000 of them) are fetched
// only when something needs them: the panel, a thread, a permalink, a new annotation, or a selection
// that may become one; then every mark is checked against them and what differs is drawn again. A
// page the browser took from its cache for Back or Forward may be older than the annotations, so there
// they are fetched and checked at once.
//
// The page marks its progress for the browser tests and the timing benchmark: performance marks
// "annotations-drawn" (the highlights on the page are final for this load), "annotations-loaded"
// (every annotation fetched) and "annotations-checked" (the marks compared with them; its detail
// says what was drawn again), and data-annotations="ready" on <html> with "annotations-drawn".
//
// Everything here lives outside [data-essay-root] except the <mark> elements themselves.

import * as api from "./api.js";
import { Highlights } from "./marks.js";
import { offsetsOfRange, rangeOf, selectorsFor } from "./text.js";

const colors = ["yellow", "green", "blue", "pink", "purple"];
const pendingKey = "essayreader.pending-annotation";
const draftKey = (slug) => `essayreader.comment-draft.${slug}`;

const root = document.querySelector("[data-essay-root]");
if (root) start(root);

function start(root) {
  let text = null;
  const state = {
    root,
    slug: root.dataset.essaySlug,
    // Read when first needed: marks wrap text and never add any, so it does not change.
    get text() {
      return (text ??= root.textContent);
    },
    version: root.dataset.essayVersion,
    user: null,
    // How many threads the server counted for the page, until the documents say.
    count: Number(root.dataset.annotationCount ?? 0),
    annotations: new Map(), // id → annotation document, once loaded
    loaded: false,
    // Marks the server already drew (the same anchors, the same text) are adopted, not drawn again.
    highlights: new Highlights(root),
    filter: "all",
    selection: null, // { start, end } of the current selection in the essay
  };

  const ui = buildInterface(state);
  let loading = null;
  // Every annotation's document, fetched once, when first needed; resolves to false if it failed.
  state.ensureLoaded = () => (loading ??= load(state, ui).then(() => true, (error) => {
    loading = null;
    document.documentElement.dataset.annotations = "failed";
    ui.announce(`Annotations could not be loaded: ${error.message}`, true);
    return false;
  }));
  wireSelection(state, ui);
  wireMarks(state, ui);
  // Who the reader is arrives with the first request; an action taken before it waits for it.
  state.sessionReady = api.getSession().then((session) => {
    state.user = session.user;
  }, () => {});
  state.sessionReady.then(() => resumePendingAction(state, ui));
  ui.renderPanel();

  const fromCache = performance.getEntriesByType("navigation")[0]?.type === "back_forward";
  if (fromCache) state.ensureLoaded().then((ok) => ok && drawn(state.checked));
  else drawn(null);
  openPermalink(state, ui);
}

function drawn(redrawn) {
  performance.mark("annotations-drawn", { detail: { redrawn } });
  document.documentElement.dataset.annotations = "ready";
}

async function signedIn(state) {
  await state.sessionReady;
  return !!state.user;
}

// ---------------------------------------------------------------------------------------------
// Loading and drawing

async function load(state, ui) {
  ui.setBusy(true);
  try {
    const [annotations] = await Promise.all([api.listAnnotations(state.slug, ui.loadingProgress), state.sessionReady]);
    performance.mark("annotations-loaded");
    for (const annotation of annotations) state.annotations.set(api.shortId(annotation), annotation);
    state.loaded = true;
    state.checked = drawAll(state);
    performance.mark("annotations-checked", { detail: { redrawn: state.checked } });
    ui.renderPanel();
  } finally {
    ui.setBusy(false);
  }
}

/** Makes the marks show every loaded annotation; returns the stretch drawn again, or null. */
function drawAll(state) {
  const anchors = [...state.annotations.values()].map((a) => anchorOf(state, a)).filter((a) => a);
  return state.highlights.sync(anchors);
}

function draw(state, ui, annotation) {
  const anchor = anchorOf(state, annotation);
  if (anchor) state.highlights.set(anchor);
  else state.highlights.delete(api.shortId(annotation));
}

/** What the marks need of an annotation; null for replies and orphans, which have no words on the page. */
function anchorOf(state, annotation) {
  if (annotation.replyTo || !annotation.anchor || annotation.anchor.status === "orphaned") return null;
  return {
    id: api.shortId(annotation),
    start: annotation.anchor.start,
    end: annotation.anchor.end,
    color: annotation.color ?? "yellow",
    comment: annotation.motivation === "commenting",
    // Needed only where the script draws a tab stop itself; the server labelled the marks it drew.
    get label() {
      return markLabel(state, annotation);
    },
  };
}

function markLabel(state, annotation) {
  const who = isMine(state, annotation) ? "your" : `${annotation.creator.name}'s`;
  const what = annotation.motivation === "commenting" ? "comment" : "highlight";
  return `${excerpt(annotation.target.selector[0].exact, 60)} (${who} ${what}; press Enter to open)`;
}

function isMine(state, annotation) {
  return !!state.user && annotation.creator.id.endsWith(`/readers/${state.user.id}`);
}

// ---------------------------------------------------------------------------------------------
// Selecting text: the toolbar, the keyboard shortcuts, and saving

function wireSelection(state, ui) {
  const root = state.root;
  let timer = 0;
  const update = () => {
    const selection = document.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) {
      state.selection = null;
      if (!ui.toolbar.contains(document.activeElement)) ui.hideToolbar();
      return;
    }
    const range = selection.getRangeAt(0);
    if (!root.contains(range.commonAncestorContainer) && !range.intersectsNode(root)) {
      state.selection = null;
      ui.hideToolbar();
      return;
    }
    const offsets = offsetsOfRange(root, range);
    if (!offsets || !state.text.slice(offsets.start, offsets.end).trim()) {
      state.selection = null;
      ui.hideToolbar();
      return;
    }
    state.selection = offsets;
    ui.showToolbar(range);
    // A selection may become an annotation, whose marks are cut from the anchors around it.
    state.ensureLoaded();
  };
  document.addEventListener("selectionchange", () => {
    clearTimeout(timer);
    timer = setTimeout(update, 120);
  });

  document.addEventListener("keydown", (event) => {
    if (!event.altKey || !event.shiftKey || event.ctrlKey || event.metaKey) return;
    // event.code: with Alt (and Shift) held, event.key may be another character on some layouts.
    const key = { KeyH: "h", KeyC: "c", KeyA: "a" }[event.code];
    if (!key) return;
    clearTimeout(timer);
    update();
    if (!state.selection) {
      if (key === "a") ui.togglePanel(true);
      return;
    }
    event.preventDefault();
    if (key === "h") highlight(state, ui, "yellow");
    else if (key === "c") commentButton(ui).click();
    else ui.toolbar.querySelector("button")?.focus();
  });
}

function commentButton(ui) {
  return ui.toolbar.querySelector(".annotate-comment");
}

async function highlight(state, ui, color) {
  const selection = state.selection;
  if (!selection) return;
  if (!(await signedIn(state))) return askToSignIn(state, { action: "highlight", color, ...selection });
  ui.hideToolbar();
  document.getSelection()?.removeAllRanges();
  ui.announce("Saving highlight…");
  // The marks around the new one are cut from every anchor there: fetched while it is saved.
  const loaded = state.ensureLoaded();
  try {
    const saved = await api.createAnnotation(state.slug, {
      motivation: "highlighting",
      color,
      visibility: "private",
      essayVersion: state.version,
      target: { source: location.href.split("#")[0], selector: selectorsFor(state.text, selection.start, selection.end) },
    });
    if (await loaded) {
      state.annotations.set(api.shortId(saved), saved);
      draw(state, ui, saved);
      ui.renderPanel();
    }
    ui.announce("Highlight saved. Only you can see it.");
  } catch (error) {
    ui.announce(`The highlight was not saved: ${error.message}`, true);
  }
}

async function saveComment(state, ui, selection, markdown, isPublic, color) {
  const loaded = state.ensureLoaded();
  const saved = await api.createAnnotation(state.slug, {
    motivation: "commenting",
    body: [api.textBody(markdown)],
    color,
    visibility: isPublic ? "public" : "private",
    essayVersion: state.version,
    target: { source: location.href.split("#")[0], selector: selectorsFor(state.text, selection.start, selection.end) },
  });
  if (await loaded) {
    state.annotations.set(api.shortId(saved), saved);
    draw(state, ui, saved);
    ui.renderPanel();
  }
  return saved;
}

// Signed out: remember what the reader was doing, sign in, and come back to the same passage.
function askToSignIn(state, pending) {
  try {
    sessionStorage.setItem(pendingKey, JSON.stringify({ slug: state.slug, version: state.version, ...pending }));
  } catch {
    // Without storage the reader comes back to the essay, just not to the selection.
  }
  const back = `${location.pathname}${location.search}`;
  location.assign(`/account/sign-in?returnUrl=${encodeURIComponent(back)}`);
}

function resumePendingAction(state, ui) {
  let pending = null;
  try {
    pending = JSON.parse(sessionStorage.getItem(pendingKey) ?? "null");
  } catch {
    pending = null;
  }
  if (!pending || pending.slug !== state.slug || !state.user) return;
  sessionStorage.removeItem(pendingKey);
  if (pending.version !== state.version) {
    ui.announce("The essay changed while you were signing in; please select the passage again.", true);
    return;
  }
  const range = rangeOf(state.root, pending.start, pending.end);
  if (!range) return;
  const selection = document.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
  state.selection = { start: pending.start, end: pending.end };
  range.startContainer.parentElement?.scrollIntoView({ block: "center" });
  if (pending.action === "comment") ui.openComposer(state.selection);
  else ui.showToolbar(range);
}

// ---------------------------------------------------------------------------------------------
// Marks: click or Enter opens the thread

function wireMarks(state, ui) {
  const root = state.root;
  root.addEventListener("click", (event) => {
    const mark = event.target.closest?.("mark.annotation-mark");
    if (!mark || !document.getSelection()?.isCollapsed) return;
    // Where annotations overlap, a mark shows the shortest under the pointer: the most specific one.
    ui.openThread(mark.dataset.annotationId);
  });
  root.addEventListener("keydown", (event) => {
    const mark = event.target.closest?.("mark.annotation-mark");
    if (!mark || (event.key !== "Enter" && event.key !== " ")) return;
    event.preventDefault();
    ui.openThread(mark.dataset.annotationId);
  });
}

async function openPermalink(state, ui) {
  const match = /^#annotation-([0-9a-f-]{36})$/i.exec(location.hash);
  if (!match) return;
  const id = match[1].toLowerCase();
  if (!(await state.ensureLoaded())) return;
  if (!state.annotations.has(id)) {
    ui.announce("That annotation is not there any more, or it is private.", true);
    return;
  }
  ui.openThread(id, { scroll: true });
}

// ---------------------------------------------------------------------------------------------
// The interface: toolbar, composer, panel, status

function buildInterface(state) {
  const root = state.root;
  const status = element("div", { className: "annotation-status", role: "status", "aria-live": "polite" });
  const alert = element("div", { className: "annotation-alert", role: "alert" });

  // Toolbar
  const toolbar = element("div", { className: "annotate-toolbar", role: "toolbar", "aria-label": "Annotate the selected passage", hidden: "" });
  const swatches = element("div", { className: "annotate-colors" });
  for (const color of colors) {
    const button = element("button", {
      type: "button",
      className: "annotate-color",
      "data-color": color,
      "aria-label": `Highlight in ${color}`,
      title: color === "yellow" ? "Highlight (Alt+Shift+H)" : `Highlight in ${color}`,
    });
    button.addEventListener("click", () => highlight(state, ui, color));
    swatches.append(button);
  }
  const commentButton = element("button", { type: "button", className: "annotate-comment", title: "Comment (Alt+Shift+C)" }, "Comment");
  commentButton.addEventListener("click", async () => {
    const selection = state.selection;
    if (!selection) return;
    if (!(await signedIn(state))) return askToSignIn(state, { action: "comment", ...selection });
    ui.openComposer(selection);
  });
  const label = element("span", { className: "annotate-label" }, "Highlight");
  // Re-attaching an orphan: the toolbar offers only to attach it to the selected passage.
  const attachButton = element("button", { type: "button", className: "annotate-comment annotate-attach", hidden: "" }, "Attach here");
  attachButton.addEventListener("click", () => reattach());
  toolbar.append(label, swatches, commentButton, attachButton);

  const banner = element("div", { className: "reattach-banner", role: "status", hidden: "" });
  const bannerText = element("span");
  const bannerCancel = element("button", { type: "button" }, "Cancel");
  bannerCancel.addEventListener("click", () => endReattach("Re-attaching was cancelled."));
  banner.append(bannerText, bannerCancel);
  toolbar.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      ui.hideToolbar();
      document.getSelection()?.removeAllRanges();
    }
    if (event.key === "ArrowRight" || event.key === "ArrowLeft") {
      const buttons = [...toolbar.querySelectorAll("button")];
      const index = buttons.indexOf(document.activeElement);
      const next = buttons[(index + (event.key === "ArrowRight" ? 1 : buttons.length - 1)) % buttons.length];
      next.focus();
      event.preventDefault();
    }
  });
  // Keep the selection when a toolbar button is pressed with the mouse.
  toolbar.addEventListener("mousedown", (event) => event.preventDefault());

  // Composer
  const composer = element("form", { className: "comment-composer", hidden: "", "aria-labelledby": "composer-title" });
  composer.innerHTML = `
    <h2 id="composer-title" class="composer-title">Comment on the passage</h2>
    <blockquote class="composer-quote"></blockquote>
    <label class="composer-label" for="composer-body">Your comment <span class="hint">(Markdown: *emphasis*, **strong**, [links](https://…))</span></label>
    <textarea id="composer-body" name="body" rows="5" maxlength="10000" required></textarea>
    <div class="composer-options">
      <label><input type="checkbox" name="public" checked> Public: other readers can see and reply</label>
    </div>
    <p class="composer-status" role="status" aria-live="polite"></p>
    <div class="composer-actions">
      <button type="submit" class="primary">Save comment</button>
      <button type="button" class="composer-cancel">Cancel</button>
    </div>`;
  const composerQuote = composer.querySelector(".composer-quote");
  const composerBody = composer.querySelector("textarea");
  const composerStatus = composer.querySelector(".composer-status");
  const composerSave = composer.querySelector("button[type=submit]");
  let composerSelection = null;
  composerBody.addEventListener("input", () => {
    try {
      sessionStorage.setItem(draftKey(state.slug), composerBody.value);
    } catch {
      // A draft that cannot be stored still stays in the box.
    }
  });
  composer.addEventListener("submit", async (event) => {
    event.preventDefault();
    const markdown = composerBody.value.trim();
    if (!markdown) {
      composerStatus.textContent = "Write something first.";
      composerBody.focus();
      return;
    }
    composerSave.disabled = true;
    composerStatus.textContent = "Saving…";
    try {
      await saveComment(state, ui, composerSelection, markdown, composer.elements.public.checked, null);
      composerBody.value = "";
      sessionStorage.removeItem(draftKey(state.slug));
      closeComposer();
      document.getSelection()?.removeAllRanges();
      ui.announce("Comment saved.");
    } catch (error) {
      // The draft stays in the box; only the reason is new.
      composerStatus.textContent = `Not saved: ${error.message}`;
      composerStatus.classList.add("is-error");
    } finally {
      composerSave.disabled = false;
    }
  });
  composer.querySelector(".composer-cancel").addEventListener("click", () => closeComposer());
  composer.addEventListener("keydown", (event) => {
    if (event.key === "Escape") closeComposer();
  });
  function closeComposer() {
    composer.hidden = true;
    composerStatus.textContent = "";
    composerStatus.classList.remove("is-error");
  }

  // Panel
  const toggle = element("button", { type: "button", className: "annotations-toggle", "aria-expanded": "false", "aria-controls": "annotations-panel" });
  const panel = element("aside", { id: "annotations-panel", className: "annotations-panel", "aria-labelledby": "annotations-title", hidden: "" });
  panel.innerHTML = `
    <div class="panel-header">
      <h2 id="annotations-title">Annotations</h2>
      <button type="button" class="panel-close" aria-label="Close annotations">Close</button>
    </div>
    <fieldset class="panel-filter">
      <legend class="visually-hidden">Show</legend>
      <label><input type="radio" name="annotation-filter" value="all" checked> All</label>
      <label><input type="radio" name="annotation-filter" value="mine"> Mine</label>
      <label><input type="radio" name="annotation-filter" value="public"> Public</label>
    </fieldset>
    <p class="panel-empty" hidden></p>
    <ol class="panel-list" role="list"></ol>
    <p class="panel-more" hidden><button type="button"></button></p>
    <section class="panel-orphans" hidden aria-labelledby="orphans-title">
      <h3 id="orphans-title">Orphaned</h3>
      <p class="hint">The essay changed and these passages could not be found again. Nothing is lost: their words are kept here.</p>
      <ol class="panel-list" role="list"></ol>
      <p class="panel-more" hidden><button type="button"></button></p>
    </section>`;
  const list = panel.querySelector(".panel-list");
  const orphanList = panel.querySelector(".panel-orphans .panel-list");
  // An essay may hold thousands of annotations: the panel lists them a batch at a time, the next
  // batch when the reader scrolls near the end (or presses "Show more", which keyboards and screen
  // readers reach as the list's last item).
  const batches = [
    batchedList(list, list.nextElementSibling),
    batchedList(orphanList, orphanList.nextElementSibling),
  ];
  const empty = panel.querySelector(".panel-empty");
  panel.querySelector(".panel-close").addEventListener("click", () => togglePanel(false));
  panel.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && !event.target.closest("form")) {
      togglePanel(false);
      toggle.focus();
    }
  });
  panel.querySelectorAll("input[name=annotation-filter]").forEach((radio) =>
    radio.addEventListener("change", () => {
      state.filter = radio.value;
      renderPanel();
    }));
  toggle.addEventListener("click", () => togglePanel(panel.hidden));

  const header = document.querySelector(".essay-header") ?? root.parentElement;
  header.append(toggle);
  document.body.append(toolbar, composer, panel, banner, status, alert);

  function startReattach(annotation) {
    state.reattach = annotation;
    togglePanel(false);
    bannerText.textContent = `Select the passage for “${excerpt(annotation.target.selector[0].exact, 60)}”, then choose Attach here.`;
    banner.hidden = false;
    bannerCancel.focus();
  }

  function endReattach(message) {
    state.reattach = null;
    banner.hidden = true;
    hideToolbar();
    if (message) announce(message);
  }

  async function reattach() {
    const annotation = state.reattach;
    const selection = state.selection;
    if (!annotation || !selection) return;
    try {
      const updated = await api.updateAnnotation(api.shortId(annotation), {
        target: { source: location.href.split("#")[0], selector: selectorsFor(state.text, selection.start, selection.end) },
      });
      state.annotations.set(api.shortId(updated), updated);
      document.getSelection()?.removeAllRanges();
      draw(state, ui, updated);
      renderPanel();
      endReattach("Re-attached to the new passage.");
      openThread(api.shortId(updated));
    } catch (error) {
      announce(`Not re-attached: ${error.message}`, true);
    }
  }

  function togglePanel(open) {
    if (open && !state.loaded) state.ensureLoaded();
    if (open && panelStale) renderPanel({ force: true });
    panel.hidden = !open;
    toggle.setAttribute("aria-expanded", String(open));
    document.body.classList.toggle("has-annotations-panel", open);
    if (open) panel.querySelector("h2").focus?.();
  }

  // The panel's cards are built when it is open: an essay may hold thousands of annotations, and a
  // reader who never opens the panel should not wait for their cards.
  let panelStale = true;
  function renderPanel({ force = false } = {}) {
    const all = [...state.annotations.values()];
    const threads = all.filter((a) => !a.replyTo);
    const count = state.loaded ? threads.length : state.count;
    toggle.textContent = count === 0 ? "Annotations" : `Annotations (${count})`;
    if (panel.hidden && !force) {
      panelStale = true;
      return;
    }
    if (!state.loaded) {
      // Opening the panel fetches the documents, and their arrival draws it again.
      panelStale = true;
      empty.hidden = false;
      empty.textContent = "Loading annotations…";
      return;
    }
    panelStale = false;
    const repliesByParent = new Map();
    for (const reply of all.filter((a) => a.replyTo)) {
      const parent = api.idOf(reply.replyTo);
      if (!repliesByParent.has(parent)) repliesByParent.set(parent, []);
      repliesByParent.get(parent).push(reply);
    }
    const shown = threads.filter((a) =>
      state.filter === "all" || (state.filter === "mine" ? isMine(state, a) : a.visibility === "public"));
    const anchored = shown.filter((a) => a.anchor?.status !== "orphaned").sort((a, b) => a.anchor.start - b.anchor.start || a.anchor.end - b.anchor.end);
    const orphans = shown.filter((a) => a.anchor?.status === "orphaned");

    const cardOf = (a) => card(a, repliesByParent.get(api.shortId(a)) ?? []);
    batches[0].show(anchored, cardOf);
    batches[1].show(orphans, cardOf);
    panel.querySelector(".panel-orphans").hidden = orphans.length === 0;
    empty.hidden = shown.length > 0;
    empty.textContent = threads.length === 0
      ? "No annotations yet. Select a passage to highlight it or comment on it."
      : "Nothing matches this filter.";
  }

  // A list that shows its items a batch at a time. show() keeps at least as many cards as were shown
  // (a reader who scrolled far and then edited a card keeps their place); reveal() shows every card up
  // to the thread of an annotation or reply, so it can be opened.
  function batchedList(listElement, more) {
    const batch = 100;
    const button = more.querySelector("button");
    let items = [];
    let make = null;
    let shown = 0;
    let grownAt = -Infinity;
    const grow = (count) => {
      const end = Math.min(items.length, count);
      if (end > shown) listElement.append(...items.slice(shown, end).map((a) => make(a)));
      shown = Math.max(shown, end);
      const left = items.length - shown;
      more.hidden = left === 0;
      button.textContent = `Show ${Math.min(batch, left)} more (${left} not shown)`;
      // An entry the observer measured before this growth is stale: a click on the button can land
      // between the measure and the callback, which would then bring a second batch.
      grownAt = performance.now();
    };
    button.addEventListener("click", () => {
      const first = shown;
      grow(shown + batch);
      listElement.children[first]?.querySelector(".card-quote")?.focus();
    });
    const watcher = "IntersectionObserver" in window
      ? new IntersectionObserver((entries) => {
        if (entries.some((e) => e.isIntersecting && e.time >= grownAt)) grow(shown + batch);
      }, { rootMargin: "0px 0px 600px 0px" })
      : null;
    watcher?.observe(more);
    return {
      show(next, cardOf) {
        const keep = Math.max(batch, shown);
        items = next;
        make = cardOf;
        shown = 0;
        listElement.replaceChildren();
        grow(keep);
      },
      reveal(id) {
        const index = items.findIndex((a) => api.shortId(a) === id);
        if (index >= shown) grow(index + 1);
      },
    };
  }

  // While a long listing arrives page by page, the panel says how far it has got.
  function loadingProgress(loaded, total) {
    if (!state.loaded && !empty.hidden) {
      empty.textContent = `Loading annotations… ${loaded.toLocaleString()} of ${total.toLocaleString()}`;
    }
  }

  function card(annotation, replies) {
    const id = api.shortId(annotation);
    const item = element("li", { className: "annotation-card", id: `annotation-card-${id}`, "data-annotation-id": id, "data-color": annotation.color ?? "" });
    const quote = element("a", { className: "card-quote", href: `#annotation-${id}` }, excerpt(annotation.target.selector[0].exact, 180));
    quote.addEventListener("click", (event) => {
      event.preventDefault();
      history.replaceState(null, "", `#annotation-${id}`);
      openThread(id, { scroll: true, focusMark: true });
    });
    item.append(quote);
    item.append(meta(annotation));
    if (annotation.deleted) item.append(element("p", { className: "card-deleted" }, "This comment was deleted."));
    else if (annotation.body?.[0]) item.append(bodyOf(annotation));
    if (annotation.anchor?.status === "fuzzy" || annotation.anchor?.status === "moved") {
      item.append(element("p", { className: "hint" }, "The essay changed here; this was found again in the new text."));
    }
    if (replies.length > 0) {
      const thread = element("ol", { className: "card-replies", role: "list", "aria-label": `Replies (${replies.length})` });
      for (const reply of replies) {
        const li = element("li", { className: "reply", id: `annotation-card-${api.shortId(reply)}` });
        li.append(meta(reply), bodyOf(reply), actions(reply));
        thread.append(li);
      }
      item.append(thread);
    }
    item.append(actions(annotation));
    return item;
  }

  function meta(annotation) {
    const line = element("p", { className: "card-meta" });
    const name = element("span", { className: "card-author" }, isMine(state, annotation) ? `${annotation.creator.name} (you)` : annotation.creator.name);
    const time = element("time", { dateTime: annotation.created, title: formats().dateTime.format(new Date(annotation.created)) }, relativeTime(annotation.created));
    line.append(name, " · ", time);
    if (annotation.modified !== annotation.created) line.append(" · edited");
    if (!annotation.replyTo) {
      line.append(" · ", element("span", { className: "card-visibility" }, annotation.visibility === "public" ? "public" : "private"));
    }
    return line;
  }

  function bodyOf(annotation) {
    const body = element("div", { className: "card-body" });
    // Sanitized once by the server when it was saved (no raw HTML, safe links only).
    body.innerHTML = annotation.body?.[0]?.html ?? "";
    return body;
  }

  function actions(annotation) {
    const id = api.shortId(annotation);
    const bar = element("div", { className: "card-actions" });
    if (!annotation.replyTo && annotation.motivation === "commenting" && !annotation.deleted && state.user) {
      const reply = element("button", { type: "button" }, "Reply");
      reply.addEventListener("click", () => openEditor(bar, { mode: "reply", annotation }));
      bar.append(reply);
    }
    if (isMine(state, annotation) && !annotation.deleted) {
      const edit = element("button", { type: "button" }, annotation.motivation === "highlighting" ? "Add note" : "Edit");
      edit.addEventListener("click", () => openEditor(bar, { mode: "edit", annotation }));
      const remove = element("button", { type: "button", className: "danger" }, "Delete");
      remove.addEventListener("click", () => removeAnnotation(annotation));
      bar.append(edit, remove);
      if (!annotation.replyTo && annotation.anchor?.status === "orphaned") {
        const attach = element("button", { type: "button" }, "Re-attach");
        attach.addEventListener("click", () => startReattach(annotation));
        bar.append(attach);
      }
      if (!annotation.replyTo) {
        const visibility = element("button", { type: "button" }, annotation.visibility === "public" ? "Make private" : "Make public");
        visibility.addEventListener("click", () => change(annotation, { visibility: annotation.visibility === "public" ? "private" : "public" }));
        bar.append(visibility);
      }
    }
    if (!annotation.replyTo) {
      const link = element("button", { type: "button", title: "Copy a link to this annotation" }, "Copy link");
      link.addEventListener("click", async () => {
        const url = `${location.origin}${location.pathname}#annotation-${id}`;
        try {
          await navigator.clipboard.writeText(url);
          announce("Link copied.");
        } catch {
          history.replaceState(null, "", `#annotation-${id}`);
          announce("The link is now in the address bar.");
        }
      });
      bar.append(link);
    }
    return bar;
  }

  // One small form for replying and editing, under the card it belongs to.
  function openEditor(bar, { mode, annotation }) {
    bar.parentElement.querySelector(".card-editor")?.remove();
    const form = element("form", { className: "card-editor" });
    const fieldId = `editor-${api.shortId(annotation)}-${mode}`;
    const label = element("label", { htmlFor: fieldId }, mode === "reply" ? "Your reply" : "Your note");
    const area = element("textarea", { id: fieldId, rows: "3", maxLength: "10000", required: "" });
    if (mode === "edit") area.value = annotation.body?.[0]?.value ?? "";
    const note = element("p", { className: "composer-status", role: "status", "aria-live": "polite" });
    const save = element("button", { type: "submit", className: "primary" }, mode === "reply" ? "Post reply" : "Save");
    const cancel = element("button", { type: "button" }, "Cancel");
    cancel.addEventListener("click", () => form.remove());
    form.addEventListener("keydown", (event) => {
      if (event.key === "Escape") form.remove();
    });
    form.append(label, area, note, element("div", { className: "composer-actions" }, save, cancel));
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const markdown = area.value.trim();
      if (!markdown) {
        note.textContent = "Write something first.";
        return;
      }
      save.disabled = true;
      note.textContent = "Saving…";
      try {
        if (mode === "reply") {
          const reply = await api.createReply(api.shortId(annotation), markdown);
          state.annotations.set(api.shortId(reply), reply);
          announce("Reply posted.");
        } else {
          const updated = await api.updateAnnotation(api.shortId(annotation), { body: [api.textBody(markdown)] });
          state.annotations.set(api.shortId(updated), updated);
          draw(state, ui, updated);
          announce("Saved.");
        }
        renderPanel();
        document.getElementById(`annotation-card-${api.shortId(annotation)}`)?.querySelector(".card-quote, .card-meta")?.focus?.();
      } catch (error) {
        note.textContent = `Not saved: ${error.message}`;
        note.classList.add("is-error");
        save.disabled = false;
      }
    });
    bar.after(form);
    area.focus();
  }

  async function change(annotation, patch) {
    try {
      const updated = await api.updateAnnotation(api.shortId(annotation), patch);
      state.annotations.set(api.shortId(updated), updated);
      if (patch.visibility) {
        for (const reply of state.annotations.values()) {
          if (reply.replyTo === updated.id) reply.visibility = updated.visibility;
        }
      }
      draw(state, ui, updated);
      renderPanel();
      announce(patch.visibility ? `Now ${updated.visibility}.` : "Saved.");
    } catch (error) {
      announce(`Not saved: ${error.message}`, true);
    }
  }

  async function removeAnnotation(annotation) {
    const what = annotation.replyTo ? "reply" : annotation.motivation === "highlighting" ? "highlight" : "comment";
    if (!window.confirm(`Delete this ${what}? This cannot be undone.`)) return;
    const id = api.shortId(annotation);
    try {
      await api.deleteAnnotation(id);
      // The server keeps a comment that others replied to as "deleted"; ask it what remains.
      const fresh = await api.listAnnotations(state.slug);
      state.annotations = new Map(fresh.map((a) => [api.shortId(a), a]));
      drawAll(state);
      renderPanel();
      announce(`The ${what} was deleted.`);
    } catch (error) {
      announce(`Not deleted: ${error.message}`, true);
    }
  }

  // The comment a reply answers (its card holds the reply), or the annotation itself.
  function threadOf(id) {
    const replyTo = state.annotations.get(id)?.replyTo;
    return replyTo ? api.idOf(replyTo) : id;
  }

  async function openThread(id, { scroll = false, focusMark = false } = {}) {
    togglePanel(true);
    if (!(await state.ensureLoaded())) return;
    const threadId = threadOf(id);
    batches.forEach((b) => b.reveal(threadId));
    if (state.filter !== "all" && !document.getElementById(`annotation-card-${id}`)) {
      panel.querySelector("input[value=all]").click();
      batches.forEach((b) => b.reveal(threadId));
    }
    const card = document.getElementById(`annotation-card-${id}`);
    panel.querySelectorAll(".annotation-card.is-current").forEach((c) => c.classList.remove("is-current"));
    document.querySelectorAll("mark.is-current").forEach((m) => m.classList.remove("is-current"));
    const marks = state.highlights.marksOf(id);
    marks.forEach((m) => m.classList.add("is-current"));
    if (card) {
      card.classList.add("is-current");
      card.scrollIntoView({ block: "nearest" });
      if (!focusMark) card.querySelector(".card-quote")?.focus({ preventScroll: true });
    }
    if (scroll && marks[0]) marks[0].scrollIntoView({ block: "center" });
    if (focusMark && marks[0]) marks[0].focus({ preventScroll: true });
  }

  function showToolbar(range) {
    const rect = range.getBoundingClientRect();
    const attaching = !!state.reattach;
    label.hidden = attaching;
    swatches.hidden = attaching;
    commentButton.hidden = attaching;
    attachButton.hidden = !attaching;
    toolbar.hidden = false;
    const box = toolbar.getBoundingClientRect();
    const width = document.documentElement.clientWidth;
    // Above the selection; below it on touch screens, where the system's own menu sits above.
    const below = window.matchMedia("(pointer: coarse)").matches || rect.top - box.height - 10 < 0;
    const top = below ? rect.bottom + window.scrollY + 10 : rect.top + window.scrollY - box.height - 10;
    const left = Math.max(8, Math.min(rect.left + rect.width / 2 - box.width / 2, width - box.width - 8)) + window.scrollX;
    toolbar.style.top = `${Math.round(top)}px`;
    toolbar.style.left = `${Math.round(left)}px`;
  }

  function hideToolbar() {
    toolbar.hidden = true;
  }

  function openComposer(selection) {
    hideToolbar();
    composerSelection = { ...selection };
    composerQuote.textContent = excerpt(state.text.slice(selection.start, selection.end), 280);
    try {
      const draft = sessionStorage.getItem(draftKey(state.slug));
      if (draft && !composerBody.value) composerBody.value = draft;
    } catch {
      // No stored draft to bring back.
    }
    composer.hidden = false;
    composerBody.focus();
  }

  function announce(message, isError = false) {
    const target = isError ? alert : status;
    target.textContent = "";
    // A fresh node each time, so the same words are announced twice if they happen twice.
    requestAnimationFrame(() => {
      target.textContent = message;
    });
    status.classList.toggle("is-visible", !isError);
    alert.classList.toggle("is-visible", isError);
    clearTimeout(announce.timer);
    announce.timer = setTimeout(() => {
      status.classList.remove("is-visible");
      alert.classList.remove("is-visible");
    }, isError ? 8000 : 4000);
  }

  function setBusy(busy) {
    toggle.setAttribute("aria-busy", String(busy));
    panel.setAttribute("aria-busy", String(busy));
  }

  const ui = { toolbar, showToolbar, hideToolbar, openComposer, renderPanel, togglePanel, openThread, announce, setBusy, loadingProgress };
  return ui;
}

// ---------------------------------------------------------------------------------------------
// Small helpers

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === "className") node.className = value;
    else if (name === "htmlFor") node.htmlFor = value;
    else if (name === "dateTime") node.dateTime = value;
    else if (name === "maxLength") node.maxLength = Number(value);
    else node.setAttribute(name, value);
  }
  node.append(...children);
  return node;
}

function excerpt(text, max) {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

// Made once: a formatter costs far more to make than to use, and the panel may list 10 000 cards.
let formatters = null;
function formats() {
  return (formatters ??= {
    relative: new Intl.RelativeTimeFormat(undefined, { numeric: "auto" }),
    // What Date.prototype.toLocaleString() shows.
    dateTime: new Intl.DateTimeFormat(undefined, { year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric" }),
  });
}

function relativeTime(iso) {
  const seconds = (new Date(iso).getTime() - Date.now()) / 1000;
  const format = formats().relative;
  const units = [["year", 31536000], ["month", 2592000], ["week", 604800], ["day", 86400], ["hour", 3600], ["minute", 60]];
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size) return format.format(Math.round(seconds / size), unit);
  }
  return "just now";
}
