/* The browse pages: on a narrow screen the facets start folded (their <details> is open in
   the HTML, so without script every facet shows). Nothing else: every state is a link. */
(function () {
  "use strict";

  function start() {
    if (window.matchMedia("(max-width: 760px)").matches) {
      document.querySelectorAll("details[data-fold]").forEach(function (details) {
        details.open = false;
      });
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
