"""Bad input from a workspace, tried as an attacker would (issue 12).

A table of cases: a mutation of a fresh example workspace, the command, the exit code and a
fragment of the Dutch message. Every case also checks that no traceback is shown, that the
payload never ran (it would create ``PWNED``) and that nothing outside the workspace was
written. Where a failure would be a hang or an exhaustion (a block or template that
computes too much, a file that never ends), the command runs in a subprocess with a timeout
and a memory cap, so it fails fast instead of taking CI down; a case that only shows a Dutch
refusal runs the command in-process (``run_cli``).
"""

from __future__ import annotations

import copy
import os
import resource
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import ROOT, copy_example, edit_yaml, run_cli

GEHEUGEN = 3 * 1024**3  # bytes of address space for one command
TIJD = 120  # seconds; every case ends within seconds when it works


def run_begrensd(*args: str | Path, cwd: Path | None = None, env: dict | None = None):
    """Run the CLI like ``run_cli``, with a memory cap and a timeout."""

    def begrens() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (GEHEUGEN, GEHEUGEN))

    omgeving = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "regiovisie_builder", *map(str, args)],
        cwd=cwd or ROOT,
        env=omgeving,
        capture_output=True,
        text=True,
        timeout=TIJD,
        preexec_fn=begrens,
    )


def payload(marker: Path) -> str:
    """Jinja that runs a shell command when a template is rendered outside the sandbox."""
    return f"{{{{ cycler.__init__.__globals__.os.popen('touch {marker}').read() }}}}"


def eerste_regel_na_commentaar(naam: str) -> int:
    """The line of shipped template ``naam`` right after its leading ``{#- ... -#}`` comment
    (what is inserted there runs; inside the comment it would not)."""
    regels = (ROOT / "templates" / naam).read_text(encoding="utf-8").split("\n")
    return next(i for i, r in enumerate(regels, start=1) if r.rstrip().endswith("#}")) + 1


# Where a line inserted into the site layout runs: before its {% extends %}.
LAYOUT_REGEL = eerste_regel_na_commentaar("site/layout.html")


def zet_in_sjabloon(werkmap: Path, naam: str, tekst: str, regel: int = 3) -> None:
    """A workspace copy of shipped template ``naam`` with ``tekst`` inserted as line ``regel``."""
    regels = (ROOT / "templates" / naam).read_text(encoding="utf-8").split("\n")
    regels.insert(regel - 1, tekst)
    doel = werkmap / "templates" / naam
    doel.parent.mkdir(parents=True, exist_ok=True)
    doel.write_text("\n".join(regels), encoding="utf-8")


def blok(werkmap: Path, tekst: str, naam: str = "aanval.md") -> Path:
    """A workspace block that sits in the first chapter of the regiovisie."""
    pad = werkmap / "content" / naam
    pad.parent.mkdir(parents=True, exist_ok=True)
    pad.write_text(
        f"---\nid: aanval\ntitel: Aanval\nhoofdstuk: inleiding\n---\n{tekst}\n", encoding="utf-8"
    )
    return pad


def speciaal(werkmap: Path, soort: str) -> None:
    """A special file among the blocks of content/."""
    content = werkmap / "content"
    if soort == "fifo":
        os.mkfifo(content / "pijp.md")
    elif soort == "dev-zero":
        (content / "nul.md").symlink_to("/dev/zero")
    elif soort == "folder":
        (content / "x.md").mkdir()
    elif soort == "dangling":
        (content / "weg.md").symlink_to(content / "bestaat-niet.md")
    elif soort == "loop":
        (content / "a.md").symlink_to(content / "b.md")
        (content / "b.md").symlink_to(content / "a.md")
    elif soort == "huge":
        with open(content / "groot.md", "wb") as uit:
            uit.truncate(21 * 1024 * 1024)


def opzet_met(werkmap: Path, oud: str, nieuw: str) -> None:
    """A workspace copy of the regiovisie outline with ``oud`` replaced by ``nieuw``."""
    tekst = (ROOT / "templates/documenten/regiovisie.yaml").read_text(encoding="utf-8")
    assert oud in tekst
    doel = werkmap / "templates/documenten/regiovisie.yaml"
    doel.parent.mkdir(parents=True, exist_ok=True)
    doel.write_text(tekst.replace(oud, nieuw), encoding="utf-8")


def koppeling(pad: Path, doel: Path | str) -> None:
    pad.parent.mkdir(parents=True, exist_ok=True)
    pad.symlink_to(doel)


def geheim_blok(werkmap: Path) -> Path:
    """A valid block outside the workspace, next to it."""
    geheim = werkmap.parent.parent / "elders" / "geheim.md"
    geheim.write_text(
        "---\nid: geheim\ntitel: Geheim\nhoofdstuk: inleiding\n---\nGEHEIME TEKST\n",
        encoding="utf-8",
    )
    return geheim


def geheime_reacties(werkmap: Path) -> Path:
    """A reaction export outside the workspace, next to it."""
    geheim = werkmap.parent.parent / "elders" / "geheim.csv"
    geheim.write_text("naam;paragraaf;reactie\nJan;1.1;Geheim\n", encoding="utf-8")
    return geheim


def gemeenten(werkmap: Path, namen: list[str]) -> None:
    """regio.yaml with these municipalities (copies of the first one, renamed)."""

    def wijzig(data):
        eerste = data["regio"]["gemeenten"][0]
        # Deep copies: shared sub-dicts would be written as YAML aliases, which are refused.
        data["regio"]["gemeenten"] = [{**copy.deepcopy(eerste), "naam": naam} for naam in namen]

    edit_yaml(werkmap, wijzig)


def vervalste_versie(werkmap: Path) -> None:
    """A published version whose manifest names a file outside the version folder."""
    import hashlib
    import json

    geheim = geheim_blok(werkmap)
    map_ = werkmap / "versies" / "0.1"
    map_.mkdir(parents=True)
    (map_ / "manifest.json").write_text(
        json.dumps(
            {
                "versie": "0.1",
                "status": "concept",
                "datum": "2021-01-01",
                "bestanden": {
                    "../../../elders/geheim.md": hashlib.sha256(geheim.read_bytes()).hexdigest()
                },
            }
        ),
        encoding="utf-8",
    )


@dataclass(frozen=True)
class Geval:
    naam: str
    wijzig: Callable[[Path, Path], None]  # (werkmap, marker) -> None
    args: tuple[str, ...]  # after the workspace: build WERKMAP ARGS
    code: int
    melding: str | tuple[str, ...]  # fragments of the message
    opdracht: str = "build"
    traag: bool = False
    vooraf_bouwen: bool = False  # build once first, so the build cache has an entry
    # Where a failure would be a hang or an exhaustion, the command runs in a subprocess with
    # a timeout and a memory cap; a case that only shows a Dutch refusal runs in-process.
    begrensd: bool = False


GEVALLEN = [
    # 1. Workspace templates are rendered in the sandbox.
    Geval(
        "html-layout-runs-code",
        lambda w, m: zet_in_sjabloon(w, "html/document.html", payload(m)),
        ("-f", "html"),
        2,
        "templates/html/document.html, regel 3: dit is niet toegestaan in een sjabloon",
    ),
    Geval(
        "html-layout-syntax-error",
        lambda w, m: zet_in_sjabloon(w, "html/document.html", "{% if meta %}"),
        ("-f", "html"),
        2,
        "templates/html/document.html, regel",
    ),
    Geval(
        "html-layout-unknown-filter",
        lambda w, m: zet_in_sjabloon(w, "html/document.html", "{{ meta | onbekend }}"),
        ("-f", "html"),
        2,
        "templates/html/document.html, regel 3: de Jinja-opmaak klopt niet: onbekend filter",
    ),
    Geval(
        "html-layout-huge-number",
        lambda w, m: zet_in_sjabloon(w, "html/document.html", "{{ 9**999999999 }}"),
        ("-f", "html"),
        2,
        "templates/html/document.html, regel 3: een getal wordt te groot",
        begrensd=True,
    ),
    Geval(
        "site-index-runs-code",
        lambda w, m: zet_in_sjabloon(w, "site/versies.html", payload(m)),
        ("-f", "site"),
        2,
        "templates/site/versies.html, regel 3: dit is niet toegestaan in een sjabloon",
        traag=True,
    ),
    Geval(
        "site-layout-runs-code",
        lambda w, m: zet_in_sjabloon(w, "site/layout.html", payload(m), regel=LAYOUT_REGEL),
        ("-f", "site"),
        2,
        f"templates/site/layout.html, regel {LAYOUT_REGEL}: dit is niet toegestaan in een sjabloon",
        traag=True,
    ),
    Geval(
        "site-layout-syntax-error",
        lambda w, m: zet_in_sjabloon(w, "site/layout.html", "{% if x %}", regel=LAYOUT_REGEL),
        ("-f", "site"),
        2,
        ("templates/site/layout.html, regel ", "de Jinja-opmaak klopt niet: het houdt op"),
        traag=True,
    ),
    # 2. Names that become paths are checked; nothing is read or written outside.
    Geval(
        "outline-soort-escapes",
        lambda w, m: opzet_met(w, "soort: regiovisie", 'soort: "../../../elders/index"'),
        ("-f", "html"),
        2,
        "De documentsoort '../../../elders/index' kan geen bestandsnaam worden",
    ),
    Geval(
        "soort-option-escapes",
        lambda w, m: (w.parent.parent / "elders" / "x.yaml").write_text("soort: x\n"),
        ("-f", "html", "--soort", "../../../elders/x"),
        2,
        "De documentsoort '../../../elders/x' kan geen bestandsnaam worden",
    ),
    Geval(
        "raadsstuk-soort-escapes",
        lambda w, m: opzet_met(w, "[raadsvoorstel, raadsbesluit]", "['../../x']"),
        ("-f", "docx", "--raadsstukken"),
        2,
        "De documentsoort '../../x' kan geen bestandsnaam worden",
    ),
    Geval(
        "block-symlink-outside",
        lambda w, m: koppeling(w / "content" / "geheim.md", geheim_blok(w)),
        ("-f", "html"),
        2,
        "content/geheim.md: dit is een koppeling (symlink) naar een bestand buiten de werkmap",
    ),
    Geval(
        "template-symlink-outside",
        lambda w, m: koppeling(w / "templates" / "html" / "document.html", geheim_blok(w)),
        ("-f", "html"),
        2,
        "templates/html/document.html: dit is een koppeling (symlink) naar een bestand buiten",
    ),
    Geval(
        "build-folder-symlink-outside",
        lambda w, m: koppeling(w / "build", w.parent.parent / "elders"),
        ("-f", "html"),
        2,
        "ligt buiten de werkmap",
    ),
    Geval(
        "municipality-slugs-collide",
        lambda w, m: gemeenten(w, ["Bergen NH", "Bergen (NH)"]),
        ("-f", "docx", "--raadsstukken"),
        2,
        "krijgen dezelfde bestandsnaam 'bergen-nh'",
    ),
    Geval(
        "manifest-path-escapes",
        lambda w, m: vervalste_versie(w),
        ("0.1",),
        2,
        "dit pad ligt buiten de versie",
        opdracht="diff",
    ),
    Geval(
        "reaction-file-symlink-outside",
        lambda w, m: koppeling(w / "reacties" / "geheim.csv", geheime_reacties(w)),
        (),
        2,
        "reacties/geheim.csv: Een bestand in de werkmap kan niet worden gelezen: dit is een "
        "koppeling (symlink) naar een bestand buiten de werkmap",
        opdracht="reactions",
    ),
    Geval(
        "reaction-file-fifo",
        lambda w, m: (w / "reacties").mkdir() or os.mkfifo(w / "reacties" / "pijp.csv"),
        (),
        2,
        "reacties/pijp.csv: Een bestand in de werkmap kan niet worden gelezen: dit is geen "
        "gewoon bestand",
        opdracht="reactions",
        begrensd=True,
    ),
    # 6. A block cannot hang the build or exhaust memory: each limit ends it within seconds.
    *(
        Geval(
            f"block-{naam}",
            lambda w, m, tekst=tekst: blok(w, f"Tekst.\n\n{tekst}"),
            ("-f", "html"),
            2,
            f"content/aanval.md, regel 8: {melding}",
            begrensd=True,
        )
        for naam, tekst, melding in [
            ("huge-power", "{{ 9**999999999 }}", "een getal wordt te groot"),
            (
                "nested-loops",
                "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}",
                "het invullen",
            ),
            ("lipsum", "{{ lipsum(10**6) }}", "lipsum geeft hoogstens 20 alinea's"),
            ("repeat-string", "{{ 'a'*10**9 }}", "een tekst of lijst wordt te lang"),
            (
                "recursive-macro",
                "{% macro m(n) %}{{ m(n + 1) }}{% endmacro %}{{ m(1) }}",
                "aanroepen gaan meer dan 40 lagen diep",
            ),
            (
                "doubling-namespace",
                "{% set ns = namespace(s='a') %}{% for i in range(64) %}"
                "{% set ns.s = ns.s ~ ns.s %}{% endfor %}",
                "een tekst of lijst wordt te lang",
            ),
            (
                "format-width",
                "{{ '{:>999999999}'.format(1) }}",
                "een opmaak vraagt om een te grote breedte",
            ),
            (
                "center-width",
                "{{ 'a' | center(10**9) }}",
                "het getal 1000000000 is te groot als breedte",
            ),
        ]
    ),
    # 10. Only regular files within a size cap are read; the cache does not hide the others.
    *(
        Geval(
            f"content-{soort}{'-after-cached-build' if vooraf else ''}",
            lambda w, m, soort=soort: speciaal(w, soort),
            ("-f", "html"),
            2,
            melding,
            vooraf_bouwen=vooraf,
            begrensd=soort in ("fifo", "dev-zero", "huge"),
        )
        for soort, melding in [
            ("fifo", "content/pijp.md: dit is geen gewoon bestand"),
            ("dev-zero", "content/nul.md: dit is een koppeling (symlink) naar een bestand buiten"),
            ("folder", "content/x.md: dit is een map, geen bestand"),
            ("dangling", "content/weg.md: dit is een koppeling (symlink) die nergens heen wijst"),
            ("loop", "content/a.md: dit is een koppeling (symlink) die nergens heen wijst"),
            ("huge", "content/groot.md: het bestand is groter dan 20 MB"),
        ]
        for vooraf in (False, True)
    ),
    # 13. A version number that would strand the workspace is refused, saying the form.
    *(
        Geval(
            f"version-{versie}",
            lambda w, m, versie=versie: edit_yaml(w, lambda d: d["document"].update(versie=versie)),
            (),
            2,
            f"Het versienummer '{versie}' kan niet als mapnaam dienen. Een versienummer "
            "bestaat uit getallen met punten ertussen, zonder voorloopnullen: bijvoorbeeld "
            "1.0, 0.9 of 1.2.1.",
            opdracht="publish",
        )
        for versie in ("0.05", "0.010", "v1", "latest")
    ),
]


def _bestanden(map_: Path) -> dict[str, bytes]:
    return {
        p.relative_to(map_).as_posix(): p.read_bytes()
        for p in sorted(map_.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


VOORAF = ("build", "-f", "html")  # the good build of a case with ``vooraf_bouwen``


@pytest.fixture(scope="module")
def gebouwd(tmp_path_factory) -> Path:
    """The example after one good build (in-process, so its build cache has entries): made
    once per module, each case that needs it gets a copy of its own."""
    werkmap = copy_example("zuid-kennemerland-ijmond", tmp_path_factory.mktemp("gebouwd"))
    eerst = run_cli(VOORAF[0], werkmap, *VOORAF[1:])
    assert eerst.returncode == 0, eerst.stderr
    return werkmap


@pytest.mark.parametrize(
    "geval",
    [pytest.param(g, marks=[pytest.mark.slow] if g.traag else []) for g in GEVALLEN],
    ids=lambda g: g.naam,
)
def test_bad_input_is_refused_in_dutch(geval: Geval, tmp_path: Path, request):
    if geval.vooraf_bouwen:  # a copy of the workspace after a good build
        assert (geval.opdracht, *geval.args) == VOORAF
        gebouwd = request.getfixturevalue("gebouwd")
        werkmap = tmp_path / "regio" / gebouwd.name
        shutil.copytree(gebouwd, werkmap, symlinks=True)
        assert (werkmap / "build" / ".cache").is_dir()
    else:
        werkmap = copy_example("zuid-kennemerland-ijmond", tmp_path / "regio")
    elders = tmp_path / "elders"
    elders.mkdir()
    (elders / "index.html").write_text("niet aankomen", encoding="utf-8")
    marker = tmp_path / "PWNED"
    geval.wijzig(werkmap, marker)
    buiten_voor = _bestanden(tmp_path / "elders")

    begin = time.monotonic()
    uitvoeren = run_begrensd if geval.begrensd else run_cli
    uitkomst = uitvoeren(geval.opdracht, werkmap, *geval.args)
    duur = time.monotonic() - begin

    assert uitkomst.returncode == geval.code, uitkomst.stdout + uitkomst.stderr
    meldingen = (geval.melding,) if isinstance(geval.melding, str) else geval.melding
    for melding in meldingen:
        assert melding in uitkomst.stderr, uitkomst.stderr
    assert "Traceback" not in uitkomst.stderr
    assert duur < TIJD / 2, f"took {duur:.0f} s"
    assert not marker.exists(), "the payload ran"
    assert _bestanden(tmp_path / "elders") == buiten_voor
    assert sorted(p.name for p in tmp_path.iterdir()) == ["elders", "regio"]
    if geval.opdracht == "publish":
        assert not (werkmap / "versies").exists()


def test_real_municipality_names_make_safe_file_names(tmp_path: Path):
    # Slugs are derived first and then checked, so real names keep working.
    werkmap = copy_example("zuid-kennemerland-ijmond", tmp_path)
    gemeenten(werkmap, ["'s-Hertogenbosch", "Súdwest-Fryslân", "Bergen (NH)"])
    uitkomst = run_cli("build", werkmap, "-f", "docx", "--raadsstukken")
    assert uitkomst.returncode == 0, uitkomst.stderr
    raad = sorted(p.name for p in (werkmap / "build" / "raad").iterdir())
    assert raad == [
        f"{slug}-{soort}.docx"
        for slug in ("bergen-nh", "s-hertogenbosch", "sudwest-fryslan")
        for soort in ("raadsbesluit", "raadsvoorstel")
    ]


# 11. build --alle: one workspace that crashes does not lose the report of the others.


def _onverwacht(map_: Path, opties) -> list[str]:
    if map_.name == "crasht":
        raise RuntimeError("a bug, not bad input")
    if map_.name == "sterft":
        os._exit(9)  # the worker process dies, as after an out-of-memory kill
    return [f"{map_.name} gebouwd"]


@pytest.mark.parametrize("kapot", ["crasht", "sterft"])
def test_batch_build_reports_every_workspace_when_one_crashes(kapot, tmp_path, monkeypatch):
    from regiovisie_builder.commands import build

    for naam in ("a-regio", kapot, "z-regio"):
        (tmp_path / naam).mkdir()
        (tmp_path / naam / "regio.yaml").write_text("regio: {}\n", encoding="utf-8")
    # The workers are forked, so they run the replaced build function too.
    monkeypatch.setattr(build, "bouw_werkmap", _onverwacht)
    uitkomst = run_cli("build", "--alle", tmp_path, "-j", "1")
    uitvoer = uitkomst.stdout + uitkomst.stderr
    assert uitkomst.returncode == 1, uitvoer
    assert "Traceback" not in uitvoer
    # A dead worker breaks the pool: what was still waiting fails with it, and says so.
    gebouwd = ("0", "1") if kapot == "sterft" else ("2",)
    assert any(f"{n} van 3 werkmappen gebouwd." in uitvoer for n in gebouwd)
    assert f"Mislukt: {tmp_path / kapot}" in uitvoer


# 14. diff says when a published version's outputs changed after publication.


def test_diff_reports_a_changed_published_output(tmp_path):
    werkmap = copy_example("zuid-kennemerland-ijmond", tmp_path)
    assert run_cli("publish", werkmap).returncode == 0
    uitvoer = werkmap / "versies" / "0.9" / "uitvoer" / "regiovisie.html"
    uitvoer.write_text("<p>nagemaakt</p>", encoding="utf-8")
    uitkomst = run_cli("diff", werkmap, "0.9")
    assert uitkomst.returncode == 0, uitkomst.stderr
    assert "Let op: versie 0.9 is niet meer zoals gepubliceerd:" in uitkomst.stderr
    assert "uitvoer/regiovisie.html: het bestand is na publicatie veranderd." in uitkomst.stderr


# 12. All files or none, for every output; no temporary file or folder stays behind.


def _hashes(map_: Path) -> dict[str, str]:
    import hashlib

    return {naam: hashlib.sha256(inhoud).hexdigest() for naam, inhoud in _bestanden(map_).items()}


def _verborgen(map_: Path) -> list[str]:
    return sorted(p.relative_to(map_).as_posix() for p in map_.rglob(".*"))


def test_output_path_that_is_a_folder_replaces_nothing(zkij):
    assert run_cli("build", zkij, "-f", "html", "-f", "docx").returncode == 0
    (zkij / "build" / "regiovisie.html").unlink()
    (zkij / "build" / "regiovisie.html").mkdir()
    (zkij / "regio.yaml").write_text(
        (zkij / "regio.yaml").read_text(encoding="utf-8") + "\n# veranderd\n", encoding="utf-8"
    )
    voor = _hashes(zkij / "build")
    uitkomst = run_cli("build", zkij, "-f", "html", "-f", "docx")
    assert uitkomst.returncode == 2, uitkomst.stderr
    assert "regiovisie.html' is een map, maar daar moet een bestand komen" in uitkomst.stderr
    assert "Traceback" not in uitkomst.stderr
    assert _hashes(zkij / "build") == voor
    # No temporary files left; only the two caches of the previous build.
    assert _verborgen(zkij / "build") == [".cache", ".regiovisie-cache.json"]


def test_a_failed_rename_puts_back_what_was_replaced(tmp_path, monkeypatch):
    from regiovisie_builder import opslag
    from regiovisie_builder.errors import BuildError

    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("oud a")
    b.write_text("oud b")
    echt = os.replace

    def replace(bron, doel):
        if Path(doel) == b:
            raise OSError(28, "No space left on device", str(doel))
        echt(bron, doel)

    monkeypatch.setattr(opslag.os, "replace", replace)
    with pytest.raises(BuildError, match="de schijf is vol"):
        opslag.schrijf_bestanden({a: b"nieuw a", b: b"nieuw b"}, tmp_path)
    assert (a.read_text(), b.read_text()) == ("oud a", "oud b")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b.txt"]


KILL_AT_SECOND_RENAME = """
import os, sys
from regiovisie_builder import opslag
opslag._wissel = lambda a, b: False  # force the two-rename path
echt = os.replace
def replace(bron, doel):
    if ".nieuw-" in str(bron) and str(doel).endswith("/site/{versie}"):
        os._exit(9)  # killed between moving the old folder away and moving the new one in
    echt(bron, doel)
opslag.os.replace = replace
sys.argv = ["regiovisie", "build", sys.argv[1], "-f", "site"]
from regiovisie_builder.cli import main
main()
"""


@pytest.mark.slow
def test_crash_between_the_renames_of_a_site_version_loses_nothing(zkij):
    assert run_cli("build", zkij, "-f", "site").returncode == 0
    site = zkij / "build" / "site"
    voor = _hashes(site / "0.9")
    (zkij / "regio.yaml").write_text(
        (zkij / "regio.yaml").read_text(encoding="utf-8") + "\n# veranderd\n", encoding="utf-8"
    )
    code = KILL_AT_SECOND_RENAME.replace("{versie}", "0.9")
    omgeving = {**os.environ, "PYTHONPATH": str(ROOT)}
    gedood = subprocess.run(
        [sys.executable, "-c", code, str(zkij)], env=omgeving, capture_output=True, timeout=TIJD
    )
    assert gedood.returncode == 9, gedood.stderr
    assert _verborgen(site) == []  # nothing hidden where it would be uploaded
    # The next run puts the old version back before it does anything else.
    uitkomst = run_cli("build", zkij, "-f", "site")
    assert uitkomst.returncode == 0, uitkomst.stderr
    assert set(_hashes(site / "0.9")) == set(voor)
    assert _verborgen(site) == []
    assert not (zkij / "build" / ".regiovisie-opslag").exists()


def test_publish_into_a_read_only_versions_folder_is_a_dutch_error(zkij, monkeypatch):
    import tempfile

    from regiovisie_builder import versies
    from regiovisie_builder.errors import ConfigError

    def geen_rechten(*args, **kwargs):
        raise PermissionError(13, "Permission denied", str(zkij / "versies"))

    # As root a chmod does not stop writing, so the refusal is simulated where it happens.
    monkeypatch.setattr(tempfile, "mkdtemp", geen_rechten)
    with pytest.raises(ConfigError, match="u hebt geen schrijfrechten op deze map"):
        versies.schrijf_versie(zkij, "1.0", {"manifest.json": b"{}"})
    assert not (zkij / "versies" / "1.0").exists()
    assert _verborgen(zkij / "versies") == []


def _volle_schijf(grootte: int):
    """A preexec function: every file this process writes may hold ``grootte`` bytes."""

    def begrens():
        resource.setrlimit(resource.RLIMIT_AS, (GEHEUGEN, GEHEUGEN))
        resource.setrlimit(resource.RLIMIT_FSIZE, (grootte, grootte))

    return begrens


@pytest.mark.parametrize(
    ("args", "melding"),
    [
        (("publish",), "Publiceren mislukt: het bestand is te groot voor deze schijf"),
        (("build", "-f", "site"), "De website kon niet worden gebouwd: schrijven in de tijdelijke"),
    ],
    ids=["publish", "site-in-full-tmpdir"],
)
def test_full_disk_gives_a_dutch_error_and_leaves_nothing(zkij, tmp_path, args, melding):
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    omgeving = {**os.environ, "PYTHONPATH": str(ROOT), "TMPDIR": str(tmpdir)}
    uitkomst = subprocess.run(
        [sys.executable, "-m", "regiovisie_builder", args[0], str(zkij), *args[1:]],
        env=omgeving,
        capture_output=True,
        text=True,
        timeout=TIJD,
        preexec_fn=_volle_schijf(8 * 1024),
    )
    assert uitkomst.returncode == 2, uitkomst.stderr
    assert melding in uitkomst.stderr
    assert "Traceback" not in uitkomst.stderr
    assert not (zkij / "versies" / "0.9").exists()
    assert _verborgen(zkij) == []
    assert list(tmpdir.iterdir()) == []


def test_published_version_has_the_usual_permissions(zkij):
    assert run_cli("publish", zkij).returncode == 0
    umask = os.umask(0o022)
    os.umask(umask)
    for map_ in [zkij / "versies" / "0.9", *(zkij / "versies" / "0.9").rglob("*/")]:
        if map_.is_dir():
            assert map_.stat().st_mode & 0o777 == 0o777 & ~umask, map_
