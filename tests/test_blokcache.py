"""The per-block cache: a rebuild after an edit gives the bytes of a clean full build.

Each case builds a workspace, changes one input, builds again (with the cache of the first
build, in memory as the preview has it and from disk as a new process has it) and compares
the outputs with those of a clean build of the changed workspace. A counter on the block
reader shows the cache is really used: only the blocks the change touches are read again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import pickle
import shutil
from pathlib import Path

import pytest

from regiovisie_builder import blokcache, bronnen
from regiovisie_builder.readers import document
from tests.conftest import ROOT, edit_yaml, run_cli

UITVOER = ("regiovisie.docx", "regiovisie.html")


@pytest.fixture
def gelezen(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The ids of the blocks rendered and parsed (not taken from the cache), in order."""
    ids: list[str] = []
    echt = document._lees_blok

    def tel(blok, *args):
        ids.append(blok.id)
        return echt(blok, *args)

    monkeypatch.setattr(document, "_lees_blok", tel)
    return ids


@pytest.fixture(params=["geheugen", "schijf"])
def vergeet(request, monkeypatch: pytest.MonkeyPatch):
    """'schijf': forget the caches kept in memory before a build, as a new process would."""
    monkeypatch.setattr(blokcache, "_GEHEUGEN", {})

    def doe() -> None:
        if request.param == "schijf":
            blokcache._GEHEUGEN.clear()

    return doe


def bouw(werkmap: Path) -> dict[str, bytes]:
    uit = run_cli("build", werkmap)
    assert uit.returncode == 0, uit.stderr
    assert "Traceback" not in uit.stderr
    return {naam: (werkmap / "build" / naam).read_bytes() for naam in UITVOER}


# Clean full builds already made in this process, by their inputs (see ``_invoer``): several
# cases end with the same changed workspace, and a clean build depends on its inputs only.
_VOLLEDIG: dict[str, dict[str, bytes]] = {}


def _invoer(werkmap: Path) -> str:
    """A hash of everything a clean build of ``werkmap`` reads: the workspace's files (not
    build/), the shipped blocks it uses, and the code version."""
    totaal = hashlib.sha256(blokcache.codeversie().encode())
    for map_, naam in ((werkmap, "werkmap"), (bronnen.CONTENT, "content")):
        totaal.update(f"{naam}\0{map_ if naam == 'content' else ''}\0".encode())
        for pad in sorted(map_.rglob("*")):
            deel = pad.relative_to(map_)
            if deel.parts[0] == "build" and naam == "werkmap":
                continue
            totaal.update(f"{deel.as_posix()}\0".encode())
            if pad.is_file():
                totaal.update(pad.read_bytes() + b"\0")
    return totaal.hexdigest()


def volledig(werkmap: Path, tmp_path: Path) -> dict[str, bytes]:
    """The outputs of a clean build of a copy of ``werkmap`` (no build folder, no cache):
    built once per distinct input, then reused."""
    sleutel = _invoer(werkmap)
    if sleutel not in _VOLLEDIG:
        kopie = tmp_path / "volledig"
        shutil.rmtree(kopie, ignore_errors=True)
        shutil.copytree(werkmap, kopie, ignore=shutil.ignore_patterns("build"))
        blokcache._GEHEUGEN.clear()
        uitvoer = bouw(kopie)
        assert (kopie / "build" / ".cache" / blokcache.BESTAND).is_file()
        _VOLLEDIG[sleutel] = uitvoer
    return _VOLLEDIG[sleutel]


def test_edit_one_block_rebuilds_only_that_block(zkij, tmp_path, gelezen, vergeet):
    eerste = bouw(zkij)
    alle = len(gelezen)
    assert alle > 10
    blok = zkij / "content" / "inleiding-aanleiding.md"
    blok.write_text(blok.read_text("utf-8") + "\nEen nieuwe zin over de wachtlijsten.\n", "utf-8")
    gelezen.clear()
    vergeet()
    tweede = bouw(zkij)
    assert gelezen == ["inleiding-aanleiding"]
    assert "Een nieuwe zin over de wachtlijsten." in tweede["regiovisie.html"].decode()
    assert tweede != eerste
    assert tweede == volledig(zkij, tmp_path)


def test_region_value_a_block_uses_invalidates_it(zkij, tmp_path, gelezen, vergeet):
    bouw(zkij)
    alle = len(gelezen)
    edit_yaml(zkij, lambda d: d["contractering"].update(ingang=dt.date(2023, 4, 1)))
    gelezen.clear()
    vergeet()
    tweede = bouw(zkij)
    # The blocks with Jinja are rendered again, the plain ones come from the cache.
    assert "inleiding-aanleiding" in gelezen
    assert 0 < len(gelezen) < alle
    assert "1 april 2023" in tweede["regiovisie.html"].decode()
    assert tweede == volledig(zkij, tmp_path)


def test_outline_and_page_template_changes(zkij, tmp_path, gelezen, vergeet):
    bouw(zkij)
    # The workspace's own outline: a chapter gets another title.
    opzet = zkij / "templates" / "documenten"
    opzet.mkdir(parents=True)
    tekst = (bronnen.TEMPLATES / "documenten" / "regiovisie.yaml").read_text("utf-8")
    assert "titel: Inleiding\n" in tekst
    (opzet / "regiovisie.yaml").write_text(
        tekst.replace("titel: Inleiding\n", "titel: Waar het begon\n"), "utf-8"
    )
    # The workspace's own page layout: the writer changes, the blocks do not.
    html = zkij / "templates" / "html"
    html.mkdir(parents=True)
    standaard = (bronnen.TEMPLATES / "html" / "document.html").read_text("utf-8")
    (html / "document.html").write_text(
        standaard.replace("<body", "<!-- eigen opmaak --><body", 1), "utf-8"
    )
    shutil.copy(bronnen.TEMPLATES / "html" / "stijl.css", html / "stijl.css")
    gelezen.clear()
    vergeet()
    tweede = bouw(zkij)
    assert gelezen == []
    assert "eigen opmaak" in tweede["regiovisie.html"].decode()
    assert "Waar het begon" in tweede["regiovisie.html"].decode()
    assert tweede == volledig(zkij, tmp_path)


def test_new_code_version_reads_every_block_again(zkij, tmp_path, gelezen, vergeet, monkeypatch):
    bouw(zkij)
    alle = len(gelezen)
    # What a new version of the toolkit or of its template sandbox does to the key.
    monkeypatch.setattr(blokcache, "_codeversie", "een-andere-versie")
    blok = zkij / "content" / "regio-was-wordt.md"
    blok.write_text(blok.read_text("utf-8") + "\nNog een zin.\n", "utf-8")
    gelezen.clear()
    vergeet()
    tweede = bouw(zkij)
    assert len(gelezen) == alle
    assert tweede == volledig(zkij, tmp_path)


def test_shipped_block_change(zkij, tmp_path, gelezen, vergeet, monkeypatch):
    standaard = tmp_path / "standaard"
    shutil.copytree(ROOT / "content", standaard)
    monkeypatch.setattr(bronnen, "CONTENT", standaard)
    bouw(zkij)
    gelezen_eerst = set(gelezen)
    kandidaten = [
        p
        for p in sorted(standaard.rglob("*.md"))
        if p.stem in gelezen_eerst and "{{" not in p.read_text("utf-8")
    ]
    blok = kandidaten[0]
    blok.write_text(blok.read_text("utf-8") + "\nEen zin uit de bibliotheek.\n", "utf-8")
    gelezen.clear()
    vergeet()
    tweede = bouw(zkij)
    assert gelezen == [blok.stem]
    assert "Een zin uit de bibliotheek." in tweede["regiovisie.html"].decode()
    assert tweede == volledig(zkij, tmp_path)


class _Bom:
    """Unpickling this would run a shell command."""

    def __init__(self, doel: Path):
        self.doel = doel

    def __reduce__(self):
        import os

        return (os.system, (f"touch {self.doel}",))


@pytest.mark.parametrize(
    "inhoud",
    [
        "rommel",
        "afgekapt",
        "vreemde-klasse",
        "vreemde-klasse-per-blok",
        "ander-formaat",
        "van-een-ander",
        "ongetekend",
    ],
)
def test_damaged_cache_is_ignored(zkij, tmp_path, gelezen, monkeypatch, inhoud):
    # A damaged file is only ever read from disk, so the in-memory/on-disk variants of
    # ``vergeet`` would run this case twice alike: it gets an empty memory of its own.
    monkeypatch.setattr(blokcache, "_GEHEUGEN", {})
    bouw(zkij)
    alle = len(gelezen)
    pad = zkij / "build" / ".cache" / blokcache.BESTAND
    gevaar = tmp_path / "uitgevoerd"
    goed = pad.read_bytes()
    # Hostile content is signed with this user's key, so it reaches the restricted
    # unpickler; a good file signed by someone else, or not signed, must not be used either.
    teken = blokcache._onderteken
    data = {
        "rommel": b"\x00geen pickle\xff" * 10,
        "afgekapt": goed[: len(goed) // 2],
        "vreemde-klasse": teken(
            pickle.dumps(
                {
                    "formaat": blokcache.FORMAAT,
                    "code": blokcache.codeversie(),
                    "items": _Bom(gevaar),
                }
            )
        ),
        "ander-formaat": teken(pickle.dumps({"formaat": 0, "code": "x", "items": {}})),
        "van-een-ander": bytes(32) + goed[32:],
        "ongetekend": goed[32:],
    }.get(inhoud)
    if inhoud == "vreemde-klasse-per-blok":  # every entry of a good file made hostile
        inhoud_ = pickle.loads(goed[32:])
        bom = pickle.dumps(_Bom(gevaar))
        inhoud_["items"] = {k: (a, bom) for k, (a, _) in inhoud_["items"].items()}
        data = teken(pickle.dumps(inhoud_))
    pad.write_bytes(data)
    blok = zkij / "content" / "regio-was-wordt.md"
    blok.write_text(blok.read_text("utf-8") + "\nNog een zin.\n", "utf-8")
    gelezen.clear()
    blokcache._GEHEUGEN.clear()  # a damaged file is only ever read from disk
    tweede = bouw(zkij)
    assert len(gelezen) == alle  # a full build
    assert not gevaar.exists()
    assert tweede == volledig(zkij, tmp_path)
    # The damaged file was replaced by a good one.
    assert blokcache.Blokcache.laad(zkij / "build").items


def test_block_error_is_not_cached(zkij, gelezen, vergeet):
    bouw(zkij)
    blok = zkij / "content" / "regio-was-wordt.md"
    goed = blok.read_text("utf-8")
    blok.write_text(goed + "\n{{ regio.bestaat_niet }}\n", "utf-8")
    vergeet()
    fout = run_cli("build", zkij)
    assert fout.returncode == 2
    assert "bestaat_niet" in fout.stderr and "Traceback" not in fout.stderr
    vergeet()
    fout = run_cli("build", zkij)  # the same error again, not an empty block from a cache
    assert fout.returncode == 2
    blok.write_text(goed, "utf-8")
    vergeet()
    bouw(zkij)


# --- the Word XML of unchanged blocks (writers/docx/blokxml.py) ------------------------


@pytest.fixture
def hergebruikt(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Per Word document written: how many groups came from the cache (as stored XML)."""
    from regiovisie_builder.writers.docx import blokxml

    tellingen: list[int] = []
    echt_schrijf, echt_hergebruik = blokxml.Blokxml.schrijf, blokxml.Blokxml._hergebruik

    def schrijf(self, body):
        tellingen.append(0)
        return echt_schrijf(self, body)

    def hergebruik(self, waarde):
        elementen = echt_hergebruik(self, waarde)
        tellingen[-1] += elementen is not None
        return elementen

    monkeypatch.setattr(blokxml.Blokxml, "schrijf", schrijf)
    monkeypatch.setattr(blokxml.Blokxml, "_hergebruik", hergebruik)
    return tellingen


def _groepen(werkmap: Path) -> int:
    from regiovisie_builder.pipeline import lees, met_toetsingsbijlage
    from regiovisie_builder.werkmap import Werkmap
    from regiovisie_builder.writers.docx.blokxml import groepen

    invoer = lees(Werkmap(werkmap))
    return len(groepen(met_toetsingsbijlage(invoer.document, invoer.toetsing).body))


def test_word_xml_of_unchanged_blocks_is_reused(zkij, tmp_path, hergebruikt, vergeet):
    bouw(zkij)
    assert hergebruikt[0] == 0
    totaal = _groepen(zkij)
    blok = zkij / "content" / "regio-was-wordt.md"
    blok.write_text(blok.read_text("utf-8") + "\nEen zin die alleen hier staat.\n", "utf-8")
    hergebruikt.clear()
    vergeet()
    tweede = bouw(zkij)
    # Only the changed block's last group (and the annex with the checklist, whose text
    # names the changed file's state) is written again; the rest is the stored XML.
    assert totaal - 3 <= hergebruikt[0] < totaal
    assert b"Een zin die alleen hier staat." in _document_xml(tweede["regiovisie.docx"])
    assert tweede == volledig(zkij, tmp_path)


def _document_xml(docx: bytes, naam: str = "word/document.xml") -> bytes:
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(docx)) as pakket:
        return pakket.read(naam)


NIEUW_BEGIN = """# Een nieuwe kop vooraan

Tekst met een nieuwe voetnoot[^nieuw] en [een nieuwe link](https://example.org/nieuw).

1. eerste stap
2. tweede stap

[^nieuw]: Een voetnoot die er eerst niet was.

"""


def test_word_xml_when_numbers_shift(zkij, tmp_path, hergebruikt, vergeet):
    """A block early in the document gets a heading, footnote, link and numbered list: every
    later bookmark id, footnote number, relationship id and list number moves. The stored
    XML of later blocks must not be used with the old numbers: the bytes are a full build's."""
    bouw(zkij)
    blok = zkij / "content" / "inleiding-aanleiding.md"
    kop, _, tekst = blok.read_text("utf-8").partition("---\n")[2].partition("---\n")
    blok.write_text(f"---\n{kop}---\n{NIEUW_BEGIN}{tekst}", "utf-8")
    vergeet()
    tweede = bouw(zkij)
    assert b"Een nieuwe kop vooraan" in _document_xml(tweede["regiovisie.docx"])
    assert b"https://example.org/nieuw" in _document_xml(
        tweede["regiovisie.docx"], "word/_rels/document.xml.rels"
    )
    assert tweede == volledig(zkij, tmp_path)
    # And back: the first version's groups are still stored and fit again.
    blok.write_text(f"---\n{kop}---\n{tekst}", "utf-8")
    hergebruikt.clear()
    vergeet()
    derde = bouw(zkij)
    assert hergebruikt[0] > 0
    assert derde == volledig(zkij, tmp_path)


@pytest.mark.slow
def test_word_helper_process_shares_the_cache(zkij, tmp_path):
    """A real build (with the Word helper process): the helper gets the stored XML and sends
    back what it made, so the main process saves it; a rebuild gives a full build's bytes."""
    from tests.conftest import run_cli_subprocess

    def bouw_apart(map_: Path) -> dict[str, bytes]:
        uit = run_cli_subprocess("build", map_)
        assert uit.returncode == 0, uit.stderr
        return {naam: (map_ / "build" / naam).read_bytes() for naam in UITVOER}

    def word_items(map_: Path) -> set[str]:
        cache = blokcache.Blokcache.laad(map_ / "build")
        return {k for k in cache.items if k.startswith(blokcache.WORD + ":")}

    bouw_apart(zkij)
    eerst = word_items(zkij)
    assert len(eerst) > 10
    blok = zkij / "content" / "regio-was-wordt.md"
    blok.write_text(blok.read_text("utf-8") + "\nNog een zin voor Word.\n", "utf-8")
    tweede = bouw_apart(zkij)
    daarna = word_items(zkij)
    assert daarna - eerst  # the changed group, made by the helper, saved by the main process
    assert len(eerst & daarna) >= len(eerst) - 3  # the used ones kept
    kopie = tmp_path / "volledig-apart"
    shutil.copytree(zkij, kopie, ignore=shutil.ignore_patterns("build"))
    assert tweede == bouw_apart(kopie)
