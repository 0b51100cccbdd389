// The annotation API (DESIGN.md), with errors turned into sentences a reader can act on.

let session = null;

/** A failed call: `message` is what to tell the reader; `status` 0 means the network failed. */
export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/** Who is signed in and the antiforgery token for writes (asked for once, when needed). */
export async function getSession({ refresh = false } = {}) {
  if (!session || refresh) {
    session = await call("GET", "/api/session");
  }
  return session;
}

/** Every annotation of the essay the reader may see, page after page; progress(loaded, total) after each. */
export async function listAnnotations(slug, progress = () => {}) {
  const items = [];
  let next = `/api/essays/${encodeURIComponent(slug)}/annotations`;
  while (next) {
    const page = await call("GET", next);
    items.push(...page.items);
    next = page.next;
    if (next) progress(items.length, page.total);
  }
  return items;
}

export const createAnnotation = (slug, annotation) => write("POST", `/api/essays/${encodeURIComponent(slug)}/annotations`, annotation);
export const updateAnnotation = (id, change) => write("PATCH", `/api/annotations/${id}`, change);
export const deleteAnnotation = (id) => write("DELETE", `/api/annotations/${id}`);
export const createReply = (id, markdown) => write("POST", `/api/annotations/${id}/replies`, { body: [textBody(markdown)] });

export function textBody(markdown) {
  return { type: "TextualBody", value: markdown, format: "text/markdown" };
}

/** The Guid at the end of an annotation's address (its id, or a reply's replyTo). */
export function idOf(url) {
  return url.slice(url.lastIndexOf("/") + 1);
}

/** The Guid at the end of an annotation's id URL. */
export function shortId(annotation) {
  return idOf(annotation.id);
}

async function write(method, url, body) {
  const { antiforgery } = await getSession();
  try {
    return await call(method, url, body, { [antiforgery.headerName]: antiforgery.token });
  } catch (error) {
    // A token from before a restart or a sign-in is refused once: fetch a fresh one and try again.
    if (error.status === 400 && /antiforgery/i.test(error.message)) {
      const fresh = await getSession({ refresh: true });
      return call(method, url, body, { [fresh.antiforgery.headerName]: fresh.antiforgery.token });
    }
    throw error;
  }
}

async function call(method, url, body, headers = {}) {
  let response;
  try {
    response = await fetch(url, {
      method,
      credentials: "same-origin",
      headers: { Accept: "application/json", ...(body ? { "Content-Type": "application/json" } : {}), ...headers },
      body: body ? JSON.stringify(body) : undefined,
    });
  } catch {
    throw new ApiError(0, "The server could not be reached. Check your connection and try again.");
  }
  if (response.status === 204) return null;
  const json = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, describe(response.status, json));
  return json;
}

function describe(status, problem) {
  if (status === 401) return "Your session has ended. Sign in again to save.";
  const fieldErrors = problem?.errors ? Object.values(problem.errors).flat().join(" ") : "";
  const text = [problem?.title, fieldErrors || problem?.detail].filter(Boolean).join(" ");
  return text || `The server answered ${status}. Please try again.`;
}
