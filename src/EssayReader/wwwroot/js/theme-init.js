// Runs before the first paint (a classic script in <head>), so a reader who chose a theme never
// sees a flash of the other one. The choice lives in localStorage; no choice means "follow the system".
(function () {
  try {
    var theme = localStorage.getItem("essayreader.theme");
    if (theme === "light" || theme === "dark") {
      document.documentElement.dataset.theme = theme;
    }
  } catch (e) {
    // Storage can be blocked (private modes, policies): the system theme still applies.
  }
})();
