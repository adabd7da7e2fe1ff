/* Dutch texts for Sphinx's search and the number of results for screen readers.

   Sphinx's Dutch catalogue has an empty text for "found N pages" and a plural rule that
   does not fit its own ngettext, so every search with results stopped with an error. The
   count is copied into the status element (role="status") so screen readers announce it
   once, instead of reading out the whole list of results. */
(() => {
  "use strict";
  if (typeof Documentation === "undefined") return;
  Documentation.addTranslations({
    locale: "nl",
    plural_expr: "n === 1 ? 0 : 1",
    messages: {
      "Search Results": "Zoekresultaten",
      "Searching": "Bezig met zoeken",
      "Preparing search...": "Het zoeken wordt voorbereid…",
      "Search finished, found one page matching the search query.": [
        "Klaar met zoeken: 1 pagina gevonden.",
        "Klaar met zoeken: ${resultCount} pagina's gevonden.",
      ],
      "Your search did not match any documents. Please make sure that all words are spelled correctly and that you've selected enough categories.":
        "Geen pagina's gevonden. Kijk of alle woorden goed geschreven zijn, of zoek op minder woorden.",
    },
  });
  document.addEventListener("DOMContentLoaded", () => {
    const uitkomst = document.getElementById("search-results");
    const melding = document.getElementById("search-progress");
    if (!uitkomst || !melding) return;
    const meld = () => {
      const samenvatting = uitkomst.querySelector(".search-summary");
      const tekst = samenvatting ? samenvatting.textContent.trim() : "";
      if (tekst && melding.textContent !== tekst) melding.textContent = tekst;
    };
    new MutationObserver(meld).observe(uitkomst, { subtree: true, childList: true, characterData: true });
    meld(); // the search may have finished already

  });
})();
