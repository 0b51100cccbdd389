// The theme switch: system → light → dark → system. Hidden without script, since it needs script to work.
const storageKey = "essayreader.theme";
const order = ["system", "light", "dark"];
const names = { system: "system", light: "light", dark: "dark" };

const button = document.getElementById("theme-toggle");

function current() {
  const theme = document.documentElement.dataset.theme;
  return theme === "light" || theme === "dark" ? theme : "system";
}

function apply(theme) {
  if (theme === "system") {
    delete document.documentElement.dataset.theme;
  } else {
    document.documentElement.dataset.theme = theme;
  }
  try {
    if (theme === "system") localStorage.removeItem(storageKey);
    else localStorage.setItem(storageKey, theme);
  } catch {
    // Not remembered across pages, but applied now.
  }
  render();
}

function render() {
  const theme = current();
  const next = order[(order.indexOf(theme) + 1) % order.length];
  button.querySelector(".theme-toggle-label").textContent = `Theme: ${names[theme]}`;
  button.setAttribute("aria-label", `Theme: ${names[theme]}. Switch to ${names[next]}`);
  button.dataset.theme = theme;
}

if (button) {
  button.hidden = false;
  render();
  button.addEventListener("click", () => {
    apply(order[(order.indexOf(current()) + 1) % order.length]);
  });
}
