// Marks the table-of-contents entry of the section being read (aria-current), so a reader on a
// wide screen always sees where they are. Without script the contents are plain links.
const links = new Map(
  [...document.querySelectorAll(".toc a[href^='#']")].map((link) => [decodeURIComponent(link.hash.slice(1)), link]),
);
const headings = [...links.keys()].map((id) => document.getElementById(id)).filter(Boolean);
let pending = false;

// The current section is the last heading above the middle of the screen.
function mark() {
  pending = false;
  let current = null;
  for (const heading of headings) {
    if (heading.getBoundingClientRect().top < window.innerHeight / 2) current = heading;
  }
  for (const [id, link] of links) {
    if (current && id === current.id) link.setAttribute("aria-current", "true");
    else link.removeAttribute("aria-current");
  }
}

if (headings.length > 0) {
  window.addEventListener("scroll", () => {
    if (!pending) {
      pending = true;
      requestAnimationFrame(mark);
    }
  }, { passive: true });
  mark();
}
