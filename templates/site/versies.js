/* What changed after this version was built, told without changing its files.

   Every page of a version stays exactly as it was built. This script reads versies.json
   at the root of the site (rewritten with every new version) and then: shows "Er is een
   nieuwere versie" with a link, fills the version list with every version and its
   downloads, and stops inviting reactions once the deadline has passed or a newer version
   exists. Without the script the page still says until when reactions were possible and
   links to the list of all versions. */
(() => {
  "use strict";
  const body = document.body;
  const mijn = body.dataset.versie || "";
  const tot = body.dataset.reagerenTot || "";
  const geldig = /^[0-9A-Za-z][0-9A-Za-z._-]{0,39}$/;

  function vandaag() {
    const d = new Date();
    const twee = (n) => String(n).padStart(2, "0");
    return `${d.getFullYear()}-${twee(d.getMonth() + 1)}-${twee(d.getDate())}`;
  }

  function sluitReageren() {
    document.querySelectorAll("[data-reageren-open], .reageer-op").forEach((e) => { e.hidden = true; });
    document.querySelectorAll("[data-reageren-dicht]").forEach((e) => { e.hidden = false; });
  }

  function link(href, tekst) {
    const a = document.createElement("a");
    a.href = href;
    a.textContent = tekst;
    return a;
  }

  function veiligPad(naam) {
    return typeof naam === "string" && /^[0-9A-Za-z][0-9A-Za-z._\/-]{0,120}$/.test(naam) && !naam.includes("..");
  }

  function toonVersies(gegevens) {
    const lijst = document.querySelector("[data-versielijst]");
    if (!lijst) return;
    const alle = lijst.lastElementChild;
    for (const v of gegevens.versies) {
      if (!geldig.test(v.versie || "")) continue;
      const li = document.createElement("li");
      const naar = link(`../${v.versie}/index.html`, `versie ${v.versie}`);
      if (v.versie === mijn) naar.setAttribute("aria-current", "page");
      li.append(naar, ` (${v.statuslabel || v.status || ""}, ${v.datum_tekst || v.datum || ""})`);
      const extra = [];
      for (const d of v.downloads || []) {
        if (veiligPad(d.pad)) extra.push(link(`../${v.versie}/${d.pad}`, d.label || d.pad));
      }
      if (v.wijzigingen && veiligPad(v.wijzigingen.pad)) {
        extra.push(link(`../${v.versie}/${v.wijzigingen.pad}`, `wijzigingen t.o.v. ${v.wijzigingen.tegen}`));
      }
      extra.forEach((a, i) => li.append(i ? " · " : ": ", a));
      lijst.insertBefore(li, alle);
    }
  }

  function toonNieuwer(nieuwste) {
    const plek = document.querySelector("[data-nieuwer]");
    if (!plek || !geldig.test(nieuwste)) return;
    plek.textContent = "Er is een nieuwere versie: ";
    plek.append(link(`../${nieuwste}/index.html`, nieuwste));
    plek.append(". Reageer op die versie.");
    plek.hidden = false;
  }

  if (tot && vandaag() > tot) sluitReageren();
  fetch(new URL("../versies.json", location.href), { cache: "no-cache" })
    .then((antwoord) => (antwoord.ok ? antwoord.json() : null))
    .then((gegevens) => {
      if (!gegevens || !Array.isArray(gegevens.versies)) return;
      toonVersies(gegevens);
      const nieuwste = String(gegevens.nieuwste || "");
      if (nieuwste && mijn && nieuwste !== mijn) {
        toonNieuwer(nieuwste);
        sluitReageren();
      }
    })
    .catch(() => { /* opened from disk or offline: the page still says what it knew */ })
    // Done, with or without the list: a sign for tools that check the finished page.
    .finally(() => { body.dataset.versiesGelezen = ""; });
})();
