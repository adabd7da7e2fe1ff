"""The per-block cache: a rebuild after an edit gives the bytes of a clean full build.

Each case builds a workspace, changes one input, builds again (with the cache of the first
build, in memory as the preview has it and from disk as a new process has it) and compares
the outputs with those of a clean build of the changed workspace. A counter on the block
reader shows the cache is really used: only the blocks the change touches are read again.
A case that starts from the cache on disk starts from a copy of one clean build per module
(``built_once``); a case that starts from memory builds its own workspace in this process.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import pickle
import random
import shutil
import stat
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import pytest

from regiovisie_builder import blok_cache, sources
from regiovisie_builder.readers import document
from tests.conftest import ROOT, as_new_process, copy_example, edit_yaml, run_cli

OUTPUT = ("regiovisie.docx", "regiovisie.html")


@pytest.fixture
def already_read(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The ids of the blocks rendered and parsed (not taken from the cache), in order."""
    ids: list[str] = []
    real = document._read_blok

    def tally(blok, *args):
        ids.append(blok.id)
        return real(blok, *args)

    monkeypatch.setattr(document, "_read_blok", tally)
    return ids


@pytest.fixture(params=["geheugen", "schijf"])
def forget(request, monkeypatch: pytest.MonkeyPatch):
    """'schijf': forget the caches kept in memory before a build, as a new process would."""
    monkeypatch.setattr(blok_cache, "_MEMORY", {})

    def doe() -> None:
        if request.param == "schijf":
            blok_cache._MEMORY.clear()

    doe.kind = request.param  # type: ignore[attr-defined]
    return doe


def build(werkmap: Path) -> dict[str, bytes]:
    out = run_cli("build", werkmap)
    assert out.returncode == 0, out.stderr
    assert "Traceback" not in out.stderr
    return {name: (werkmap / "build" / name).read_bytes() for name in OUTPUT}


# Clean full builds already made in this process, by their inputs (see ``_input``): several
# cases end with the same changed workspace, and a clean build depends on its inputs only.
_COMPLETE: dict[str, dict[str, bytes]] = {}


def _input(werkmap: Path) -> str:
    """A hash of everything a clean build of ``werkmap`` reads: the workspace's files (not
    build/), the shipped blocks it uses, and the code version."""
    total = hashlib.sha256(blok_cache.code_version().encode())
    for folder, name in ((werkmap, "werkmap"), (sources.CONTENT, "content")):
        total.update(f"{name}\0{folder if name == 'content' else ''}\0".encode())
        for path in sorted(folder.rglob("*")):
            part = path.relative_to(folder)
            if part.parts[0] == "build" and name == "werkmap":
                continue
            total.update(f"{part.as_posix()}\0".encode())
            if path.is_file():
                total.update(path.read_bytes() + b"\0")
    return total.hexdigest()


def complete(werkmap: Path, tmp_path: Path) -> dict[str, bytes]:
    """The outputs of a clean build of a copy of ``werkmap`` (no build folder, no cache):
    built once per distinct input, then reused."""
    key = _input(werkmap)
    if key not in _COMPLETE:
        copy = tmp_path / "volledig"
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(werkmap, copy, ignore=shutil.ignore_patterns("build"))
        blok_cache._MEMORY.clear()
        output = build(copy)
        assert (copy / "build" / ".cache" / blok_cache.FILE).is_file()
        _COMPLETE[key] = output
    return _COMPLETE[key]


@pytest.fixture(scope="module")
def built_once(tmp_path_factory) -> tuple[Path, dict[str, bytes], int]:
    """One clean build of the example: the workspace, its outputs and how many blocks it
    read. The first build of a case that starts from the cache on disk (as a new process
    does) is a copy of this one: the same bytes as building the copy, without the time."""
    werkmap = copy_example("zuid-kennemerland-ijmond", tmp_path_factory.mktemp("gebouwd"))
    ids: list[str] = []
    real = document._read_blok

    def tally(blok, *args):
        ids.append(blok.id)
        return real(blok, *args)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(blok_cache, "_MEMORY", {})
        patch.setattr(document, "_read_blok", tally)
        output = build(werkmap)
    assert (werkmap / "build" / ".cache" / blok_cache.FILE).is_file()
    _COMPLETE.setdefault(_input(werkmap), output)  # it is the clean build of these inputs
    return werkmap, output, len(ids)


def first_build(zkij: Path, tmp_path: Path, already_read, forget, built_once):
    """The workspace after its first build, that build's outputs and how many blocks it
    read. 'geheugen' builds ``zkij`` in this process, so the cache is kept in memory;
    'schijf' starts from a copy of ``built_once``, with its cache on disk only."""
    if forget.kind == "geheugen":
        output = build(zkij)
        return zkij, output, len(already_read)
    werkmap, output, all_ = built_once
    copy = tmp_path / "gebouwd" / werkmap.name
    shutil.copytree(werkmap, copy)
    return copy, output, all_


def test_edit_one_block_rebuilds_only_that_block(zkij, tmp_path, already_read, forget, built_once):
    zkij, first, all_ = first_build(zkij, tmp_path, already_read, forget, built_once)
    assert all_ > 10
    blok = zkij / "content" / "inleiding-aanleiding.md"
    blok.write_text(blok.read_text("utf-8") + "\nEen nieuwe zin over de wachtlijsten.\n", "utf-8")
    already_read.clear()
    forget()
    second = build(zkij)
    assert already_read == ["inleiding-aanleiding"]
    assert "Een nieuwe zin over de wachtlijsten." in second["regiovisie.html"].decode()
    assert second != first
    assert second == complete(zkij, tmp_path)


# Where only the key of a case differs (a region value, the outline, a shipped block), the
# kept-in-memory variant runs the very code of the on-disk one once the cache is found:
# memory-specific paths (a cache reused from memory, its live values, a code change, an
# error, the Word XML) are covered by the cases that keep both variants.
ON_DISK = pytest.mark.parametrize("forget", ["schijf"], indirect=True)


@ON_DISK
def test_region_value_a_block_uses_invalidates_it(zkij, tmp_path, already_read, forget, built_once):
    zkij, _, all_ = first_build(zkij, tmp_path, already_read, forget, built_once)
    edit_yaml(zkij, lambda d: d["contractering"].update(ingang=dt.date(2023, 4, 1)))
    already_read.clear()
    forget()
    second = build(zkij)
    # The blocks with Jinja are rendered again, the plain ones come from the cache.
    assert "inleiding-aanleiding" in already_read
    assert 0 < len(already_read) < all_
    assert "1 april 2023" in second["regiovisie.html"].decode()
    assert second == complete(zkij, tmp_path)


@ON_DISK
def test_outline_and_page_template_changes(zkij, tmp_path, already_read, forget, built_once):
    zkij, _, _ = first_build(zkij, tmp_path, already_read, forget, built_once)
    # The workspace's own outline: a chapter gets another title.
    opzet = zkij / "templates" / "documenten"
    opzet.mkdir(parents=True)
    text = (sources.TEMPLATES / "documenten" / "regiovisie.yaml").read_text("utf-8")
    assert "titel: Inleiding\n" in text
    (opzet / "regiovisie.yaml").write_text(
        text.replace("titel: Inleiding\n", "titel: Waar het begon\n"), "utf-8"
    )
    # The workspace's own page layout: the writer changes, the blocks do not.
    html = zkij / "templates" / "html"
    html.mkdir(parents=True)
    default = (sources.TEMPLATES / "html" / "document.html").read_text("utf-8")
    (html / "document.html").write_text(
        default.replace("<body", "<!-- eigen opmaak --><body", 1), "utf-8"
    )
    shutil.copy(sources.TEMPLATES / "html" / "stijl.css", html / "stijl.css")
    already_read.clear()
    forget()
    second = build(zkij)
    assert already_read == []
    assert "eigen opmaak" in second["regiovisie.html"].decode()
    assert "Waar het begon" in second["regiovisie.html"].decode()
    assert second == complete(zkij, tmp_path)


def test_new_code_version_reads_every_block_again(
    zkij, tmp_path, already_read, forget, monkeypatch, built_once
):
    zkij, _, all_ = first_build(zkij, tmp_path, already_read, forget, built_once)
    # What a new version of the toolkit or of its template sandbox does to the key.
    monkeypatch.setattr(blok_cache, "_code_version", "een-andere-versie")
    blok = zkij / "content" / "regio-was-wordt.md"
    blok.write_text(blok.read_text("utf-8") + "\nNog een zin.\n", "utf-8")
    already_read.clear()
    forget()
    second = build(zkij)
    assert len(already_read) == all_
    assert second == complete(zkij, tmp_path)


@ON_DISK
def test_shipped_block_change(zkij, tmp_path, already_read, forget, monkeypatch):
    default = tmp_path / "standaard"
    shutil.copytree(ROOT / "content", default)
    monkeypatch.setattr(sources, "CONTENT", default)
    build(zkij)
    read_first = set(already_read)
    candidates = [
        p
        for p in sorted(default.rglob("*.md"))
        if p.stem in read_first and "{{" not in p.read_text("utf-8")
    ]
    blok = candidates[0]
    blok.write_text(blok.read_text("utf-8") + "\nEen zin uit de bibliotheek.\n", "utf-8")
    already_read.clear()
    forget()
    second = build(zkij)
    assert already_read == [blok.stem]
    assert "Een zin uit de bibliotheek." in second["regiovisie.html"].decode()
    assert second == complete(zkij, tmp_path)


class _Bom:
    """Unpickling this would run a shell command."""

    def __init__(self, target: Path):
        self.target = target

    def __reduce__(self):
        import os

        return (os.system, (f"touch {self.target}",))


@pytest.mark.parametrize(
    "content",
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
def test_damaged_cache_is_ignored(tmp_path, already_read, monkeypatch, content, built_once):
    # A damaged file is only ever read from disk, so the in-memory/on-disk variants of
    # ``forget`` would run this case twice alike: it gets an empty memory of its own and
    # starts from a copy of the workspace built once.
    monkeypatch.setattr(blok_cache, "_MEMORY", {})
    built, _, all_ = built_once
    zkij = tmp_path / "gebouwd" / built.name
    shutil.copytree(built, zkij)
    path = zkij / "build" / ".cache" / blok_cache.FILE
    danger = tmp_path / "uitgevoerd"
    good = path.read_bytes()
    # Hostile content is signed with this user's key, so it reaches the restricted
    # unpickler; a good file signed by someone else, or not signed, must not be used either.
    character = blok_cache._sign
    data = {
        "rommel": b"\x00geen pickle\xff" * 10,
        "afgekapt": good[: len(good) // 2],
        "vreemde-klasse": character(
            pickle.dumps(
                {
                    "formaat": blok_cache.FORMAT,
                    "code": blok_cache.code_version(),
                    "items": _Bom(danger),
                }
            )
        ),
        "ander-formaat": character(pickle.dumps({"formaat": 0, "code": "x", "items": {}})),
        "van-een-ander": bytes(32) + good[32:],
        "ongetekend": good[32:],
    }.get(content)
    if content == "vreemde-klasse-per-blok":  # every entry of a good file made hostile
        content_ = pickle.loads(good[32:])
        bom = pickle.dumps(_Bom(danger))
        content_["items"] = {k: (a, bom) for k, (a, _) in content_["items"].items()}
        data = character(pickle.dumps(content_))
    path.write_bytes(data)
    blok = zkij / "content" / "regio-was-wordt.md"
    blok.write_text(blok.read_text("utf-8") + "\nNog een zin.\n", "utf-8")
    already_read.clear()
    blok_cache._MEMORY.clear()  # a damaged file is only ever read from disk
    second = build(zkij)
    assert len(already_read) == all_  # a full build
    assert not danger.exists()
    assert second == complete(zkij, tmp_path)
    # The damaged file was replaced by a good one.
    assert blok_cache.BlokCache.load(zkij / "build").items


def test_block_error_is_not_cached(zkij, tmp_path, already_read, forget, built_once):
    zkij, _, _ = first_build(zkij, tmp_path, already_read, forget, built_once)
    blok = zkij / "content" / "regio-was-wordt.md"
    good = blok.read_text("utf-8")
    blok.write_text(good + "\n{{ regio.bestaat_niet }}\n", "utf-8")
    forget()
    error = run_cli("build", zkij)
    assert error.returncode == 2
    assert "bestaat_niet" in error.stderr and "Traceback" not in error.stderr
    forget()
    error = run_cli("build", zkij)  # the same error again, not an empty block from a cache
    assert error.returncode == 2
    blok.write_text(good, "utf-8")
    forget()
    build(zkij)


# --- the Word XML of unchanged blocks (writers/docx/blokxml.py) ------------------------


class Tallies(list):
    """Per Word document written: how many groups came from the cache (as stored XML); in
    ``as_text`` per document the groups that went into document.xml as text, unparsed."""

    def __init__(self) -> None:
        super().__init__()
        self.as_text: list[int] = []

    def clear(self) -> None:
        super().clear()
        self.as_text.clear()


@pytest.fixture
def reused(monkeypatch: pytest.MonkeyPatch) -> Tallies:
    from regiovisie_builder.writers.docx import blokxml

    tallies = Tallies()
    real_write, real_hergebruik = blokxml.Blokxml.write, blokxml.Blokxml._hergebruik

    def write(self, body):
        tallies.append(0)
        tallies.as_text.append(0)
        return real_write(self, body)

    def hergebruik(self, value, as_text=False):
        elements = real_hergebruik(self, value, as_text)
        tallies[-1] += elements is not None
        tallies.as_text[-1] += elements is not None and as_text
        return elements

    monkeypatch.setattr(blokxml.Blokxml, "write", write)
    monkeypatch.setattr(blokxml.Blokxml, "_hergebruik", hergebruik)
    return tallies


def _body_groups(werkmap: Path) -> list[list]:
    from regiovisie_builder.pipeline import read, with_toetsing_bijlage
    from regiovisie_builder.werkmap import Werkmap
    from regiovisie_builder.writers.docx.blokxml import groups

    inputs = read(Werkmap(werkmap))
    return groups(with_toetsing_bijlage(inputs.document, inputs.toetsing).body)


def _groups(werkmap: Path) -> int:
    return len(_body_groups(werkmap))


def _annexes(werkmap: Path) -> int:
    """Groups that can start an annex (the writer may give them a page break)."""
    from regiovisie_builder.writers.docx.blokxml import _annex

    annexes = sum(_annex(g) for g in _body_groups(werkmap))
    assert annexes  # the example has annexes: the test covers the parsed path too
    return annexes


def test_word_xml_of_unchanged_blocks_is_reused(zkij, tmp_path, reused, forget, built_once):
    zkij, _, _ = first_build(zkij, tmp_path, [], forget, built_once)
    if forget.kind == "geheugen":
        assert reused[0] == 0  # (the copied first build of 'schijf' was made the same way)
    total = _groups(zkij)
    blok = zkij / "content" / "regio-was-wordt.md"
    blok.write_text(blok.read_text("utf-8") + "\nEen zin die alleen hier staat.\n", "utf-8")
    reused.clear()
    forget()
    second = build(zkij)
    # Only the changed block's last group (and the annex with the checklist, whose text
    # names the changed file's state) is written again; the rest is the stored XML.
    assert total - 3 <= reused[0] < total
    assert b"Een zin die alleen hier staat." in _document_xml(second["regiovisie.docx"])
    assert second == complete(zkij, tmp_path)


def test_word_xml_of_unchanged_groups_goes_in_unparsed(zkij, tmp_path, reused, forget, built_once):
    """Reused groups go into document.xml as the stored text, not parsed and serialized
    again; the first group (which may get a page break) and a group that can start an
    annex (page break before it) are parsed. Nothing of the place-holding shows."""
    zkij, _, _ = first_build(zkij, tmp_path, [], forget, built_once)
    blok = zkij / "content" / "regio-was-wordt.md"
    blok.write_text(blok.read_text("utf-8") + "\nEen zin die alleen hier staat.\n", "utf-8")
    reused.clear()
    forget()
    second = build(zkij)
    # All but the first group and the annexes' first groups went in as text.
    assert reused.as_text[0] >= reused[0] - 1 - _annexes(zkij)
    assert reused.as_text[0] > 0
    xml = _document_xml(second["regiovisie.docx"])
    assert b"<!--" not in xml and b"regiovisie-" not in xml
    assert second == complete(zkij, tmp_path)


def test_every_element_goes_into_the_word_body_as_a_tree_of_its_own(
    zkij, tmp_path, forget, built_once, monkeypatch
):
    """lxml takes time that grows with the square of an element's size to move it out of
    another tree (a table of 2,000 rows: 1.3 s, twice that four times as long), and no time
    for an element that is a tree of its own. So what the Word writer puts into the body is
    such an element: also after the cache recorded its XML, and when it was parsed from a
    stored group (the first group and annexes are parsed on a rebuild)."""
    from regiovisie_builder.writers.docx import blokxml

    zkij, _, _ = first_build(zkij, tmp_path, [], forget, built_once)
    in_a_tree: list = []  # elements handed on while they had a parent
    counts = {"written": 0, "parsed": 0}
    real_write, real_parse = blokxml.Blokxml.write, blokxml.Blokxml._parse

    def handed_on(elements: list, kind: str) -> list:
        counts[kind] += len(elements)
        in_a_tree.extend(e for e in elements if e.getparent() is not None)
        return elements

    def write(self, body):
        return handed_on(real_write(self, body), "written")

    def parse(self, xml):
        return handed_on(real_parse(self, xml), "parsed")

    monkeypatch.setattr(blokxml.Blokxml, "write", write)
    monkeypatch.setattr(blokxml.Blokxml, "_parse", parse)
    blok = zkij / "content" / "regio-was-wordt.md"
    blok.write_text(blok.read_text("utf-8") + "\nEen zin die alleen hier staat.\n", "utf-8")
    forget()
    second = build(zkij)
    assert counts["parsed"], "the rebuild parsed no stored group: the test misses that path"
    assert counts["written"] > counts["parsed"]  # new groups, recorded for the cache, too
    assert in_a_tree == []
    assert second == complete(zkij, tmp_path)


NOTE_LINKS = (
    "---\nid: noot-links\ntitel: Noten met links\nhoofdstuk: inleiding\nvolgorde: 95\n---\n"
    "Zie de norm[^norm] en de wet[^wet], en [de VNG](https://vng.nl/).\n\n"
    "[^norm]: Lees [de norm](https://vng.nl/norm) en [de VNG](https://vng.nl/).\n"
    "[^wet]: Zie [de Jeugdwet](https://wetten.overheid.nl/jeugdwet).\n"
)


def _links(docx: bytes, part: str) -> list[tuple[str, str]]:
    """(link text, target) of every web link in ``part``, through that part's own rels."""
    from lxml import etree

    from tests.writers.docx_helpers import NS, relationships

    r_id = f"{{{NS['r']}}}id"
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        tree = etree.fromstring(package.read(f"word/{part}"))
        targets = relationships(package, f"word/{part}")
    return [
        ("".join(h.itertext()), targets.get(h.get(r_id), "ONTBREEKT"))
        for h in tree.iter(f"{{{NS['w']}}}hyperlink")
        if h.get(r_id)
    ]


@pytest.mark.parametrize("forget", ["geheugen"], indirect=True)
def test_links_in_footnotes_have_the_footnotes_part_relationships_also_when_reused(
    zkij, tmp_path, reused, forget
):
    # Word looks a link's id up in the part that holds it: the links in footnotes.xml had
    # ids of document.xml, which Word reports as unreadable content.
    (zkij / "content" / "noot-links.md").write_text(NOTE_LINKS, encoding="utf-8")
    first = build(zkij)["regiovisie.docx"]
    expected = [
        ("de norm", "https://vng.nl/norm"),
        ("de VNG", "https://vng.nl/"),
        ("de Jeugdwet", "https://wetten.overheid.nl/jeugdwet"),
    ]
    assert _links(first, "footnotes.xml") == expected
    assert ("de VNG", "https://vng.nl/") in _links(first, "document.xml")
    # Another block changes: the group with the footnotes is reused from the cache and
    # gives the bytes of a clean build.
    blok = zkij / "content" / "regio-was-wordt.md"
    blok.write_text(blok.read_text("utf-8") + "\nEen zin die alleen hier staat.\n", "utf-8")
    reused.clear()
    second = build(zkij)
    assert reused[0] > 0
    assert _links(second["regiovisie.docx"], "footnotes.xml") == expected
    assert second == complete(zkij, tmp_path)


def _document_xml(docx: bytes, name: str = "word/document.xml") -> bytes:
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        return package.read(name)


NEW_BEGIN = """# Een nieuwe kop vooraan

Tekst met een nieuwe voetnoot[^nieuw] en [een nieuwe link](https://example.org/nieuw).

1. eerste stap
2. tweede stap

[^nieuw]: Een voetnoot die er eerst niet was.

"""


def test_word_xml_when_numbers_shift(zkij, tmp_path, reused, forget, built_once):
    """A block early in the document gets a heading, footnote, link and numbered list: every
    later bookmark id, footnote number, relationship id and list number moves. The stored
    XML of later blocks must not be used with the old numbers: the bytes are a full build's."""
    zkij, _, _ = first_build(zkij, tmp_path, [], forget, built_once)
    blok = zkij / "content" / "inleiding-aanleiding.md"
    heading, _, text = blok.read_text("utf-8").partition("---\n")[2].partition("---\n")
    blok.write_text(f"---\n{heading}---\n{NEW_BEGIN}{text}", "utf-8")
    forget()
    second = build(zkij)
    assert b"Een nieuwe kop vooraan" in _document_xml(second["regiovisie.docx"])
    assert b"https://example.org/nieuw" in _document_xml(
        second["regiovisie.docx"], "word/_rels/document.xml.rels"
    )
    assert second == complete(zkij, tmp_path)
    # And back: the first version's groups are still stored and fit again.
    blok.write_text(f"---\n{heading}---\n{text}", "utf-8")
    reused.clear()
    forget()
    third = build(zkij)
    assert reused[0] > 0
    assert third == complete(zkij, tmp_path)


def items(folder: Path, soort: str) -> set[str]:
    """The keys of one kind of entry in the block cache saved in ``folder``."""
    cache = blok_cache.BlokCache.load(folder / "build")
    return {k for k in cache.items if k.startswith(soort + ":")}


def _must_not_draw(*args):
    raise AssertionError("a drawing was made again instead of taken from the cache")


def test_rebuild_after_one_block_loads_no_drawing_library_and_no_yaml(built_once, tmp_path):
    """The example has a chart. A new process that builds after one changed block takes
    the chart's SVG and its PNG stand-in for Word from the cache on disk: it loads neither
    matplotlib nor cairosvg (a second of a writer's wait). regio.yaml, the outline and the
    block's front matter did not change either: their parsed YAML comes from the cache, so
    PyYAML is not loaded. Run on one core, so the Word file is written in that process too,
    and its bytes are a clean build's."""
    # Under the same folder name: messages name files by it, so it is part of some keys.
    werkmap = tmp_path / built_once[0].name
    shutil.copytree(built_once[0], werkmap)
    assert items(werkmap, blok_cache.CHART) and items(werkmap, blok_cache.PNG)
    blok = werkmap / "content" / "regio-was-wordt.md"
    blok.write_text(blok.read_text("utf-8") + "\nEen zin na de grafiek.\n", "utf-8")
    code = (
        "import sys\n"
        "from regiovisie_builder import cli\n"
        f"sys.argv = ['regiovisie', 'build', {str(werkmap)!r}]\n"
        "try:\n    cli.main()\nexcept SystemExit as end:\n    assert not end.code, end.code\n"
        "print(sorted(m for m in ('matplotlib', 'cairosvg', 'yaml') if m in sys.modules))\n"
    )

    def one_core() -> None:
        if hasattr(os, "sched_setaffinity"):
            os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True,
        timeout=300, preexec_fn=one_core,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "[]"
    rebuilt = {name: (werkmap / "build" / name).read_bytes() for name in OUTPUT}
    assert b"Een zin na de grafiek." in _document_xml(rebuilt["regiovisie.docx"])
    assert rebuilt == complete(werkmap, tmp_path)


def test_word_helper_process_shares_the_cache(zkij, tmp_path, monkeypatch):
    """A build with the Word helper process (forked by ``build_werkmap`` as the command
    does, here on any number of cores): the helper gets the stored XML and sends back what it
    made, so the main process saves it; a rebuild gives a clean build's bytes. Each build
    starts with an empty memory, as a new process does; that the helper's bytes equal an
    in-process build's is shown in ``test_helper_process``, so the clean in-process build of
    ``complete`` is the reference."""
    from regiovisie_builder import helper_process
    from regiovisie_builder.build_cache import BuildOptions
    from regiovisie_builder.werkmap_build import build_werkmap

    monkeypatch.setattr(helper_process, "_cores", lambda: 2)
    started: list[object] = []
    start = helper_process.HelperProcess.start.__func__

    def spy_start(cls, fmt="docx"):
        started.append(start(cls, fmt))
        return started[-1]

    monkeypatch.setattr(helper_process.HelperProcess, "start", classmethod(spy_start))
    answers: list[object] = []
    receive = helper_process.HelperProcess.receive

    def spy_receive(self):
        answers.append(receive(self))
        return answers[-1]

    monkeypatch.setattr(helper_process.HelperProcess, "receive", spy_receive)

    def build_apart(folder: Path) -> dict[str, bytes]:
        monkeypatch.setattr(blok_cache, "_MEMORY", {})  # what a new process has
        build_werkmap(folder, BuildOptions(), parallel=True)
        assert started and started[-1] is not None
        assert answers and answers[-1] is not None  # the helper wrote the Word file
        started.clear()
        answers.clear()
        return {name: (folder / "build" / name).read_bytes() for name in OUTPUT}

    def word_items(folder: Path) -> set[str]:
        return items(folder, blok_cache.WORD)

    build_apart(zkij)
    first = word_items(zkij)
    assert len(first) > 10
    # The example's chart is drawn by the main process; the PNG stand-ins of it and of the
    # map (content/gemeenten.svg) by the helper. All are in the saved cache.
    assert len(items(zkij, blok_cache.CHART)) == 1
    assert len(items(zkij, blok_cache.PNG)) == 2
    assert items(zkij, blok_cache.DEFLATE)  # document.xml's pieces, compressed by the helper
    blok = zkij / "content" / "regio-was-wordt.md"
    blok.write_text(blok.read_text("utf-8") + "\nNog een zin voor Word.\n", "utf-8")
    with monkeypatch.context() as no_drawing:
        # The helper gets the stored PNG with the Word XML: drawing again would fail here
        # (in the helper, and then in this process, which writes Word itself when it fails).
        from regiovisie_builder.readers import charts
        from regiovisie_builder.writers.docx import images

        for module, name in ((charts, "drawn"), (images, "drawn_png")):
            no_drawing.setattr(module, name, _must_not_draw)
        second = build_apart(zkij)
    after = word_items(zkij)
    assert after - first  # the changed group, made by the helper, saved by the main process
    assert len(first & after) >= len(first) - 3  # the used ones kept
    assert b"Nog een zin voor Word." in _document_xml(second["regiovisie.docx"])
    assert second == complete(zkij, tmp_path)


# --- compiled templates (sandbox.StoredTemplates) ----------------------------------------


def test_compiled_layout_comes_from_the_signed_cache_only(zkij, tmp_path, compiled, monkeypatch):
    """A new process after one changed block takes the compiled page layout from the block
    cache. A cache signed with another key (a workspace built elsewhere) is not read: the
    layout is compiled again, and the bytes are a clean build's either way."""
    as_new_process(monkeypatch)
    build(zkij)
    assert "templates/html/document.html" in compiled
    blok = zkij / "content" / "regio-was-wordt.md"
    original = blok.read_text("utf-8")
    for sentence, key in (("Eerste wijziging.", None), ("Tweede wijziging.", os.urandom(32))):
        blok.write_text(f"{original}\n{sentence}\n", "utf-8")
        as_new_process(monkeypatch)
        if key is not None:  # another user's key: this cache is not theirs
            monkeypatch.setattr(blok_cache, "_KEY", key)
        compiled.clear()
        output = build(zkij)
        # (The changed block has Jinja of its own: it is compiled as it is read.)
        layout = "templates/html/document.html" in compiled
        assert layout == (key is not None)
        assert sentence.encode() in output["regiovisie.html"]
        assert output == complete(zkij, tmp_path)


def test_table_of_contents_is_reused_while_the_headings_stay(zkij, tmp_path, monkeypatch):
    """The table of contents goes into document.xml as stored text while the headings it
    lists are the same; a changed heading makes it again, with the new text."""
    from regiovisie_builder.writers.docx import formatting

    monkeypatch.setattr(blok_cache, "_MEMORY", {})
    made: list[int] = []
    real = formatting.toc

    def toc(w, entries):
        made.append(len(entries))
        return real(w, entries)

    monkeypatch.setattr(formatting, "toc", toc)
    build(zkij)
    assert made
    blok = zkij / "content" / "regio-was-wordt.md"
    text = blok.read_text("utf-8")
    for change, remade in (
        (text + "\nEen zin zonder kop.\n", False),
        (text + "\n# Een nieuwe kop in de inhoud\n\nTekst.\n", True),
    ):
        blok.write_text(change, "utf-8")
        blok_cache._MEMORY.clear()
        made.clear()
        output = build(zkij)
        assert bool(made) == remade
        xml = _document_xml(output["regiovisie.docx"])
        assert b"TOC \\o" in xml
        # A new heading shows twice: in the table of contents and in the text.
        assert xml.count(b"Een nieuwe kop in de inhoud") == (2 if remade else 0)
        assert output == complete(zkij, tmp_path)


def test_a_helper_hands_back_everything_it_made_also_entries_kept_as_bytes():
    """The Word helper process works on a part of the cache and reports what it used and
    made (``report``); the main process takes that in (``neem_over``) and saves it. An entry
    made with ``fetch_own`` is kept as bytes from the start, and is new all the same."""
    stored = blok_cache.BlokCache(None)
    stored.set(blok_cache.WORD, "oud", ("xml", 1))
    helper = blok_cache.BlokCache.of_part(stored.part(blok_cache.WORD))
    assert helper.find(blok_cache.WORD, "oud") == ("xml", 1)
    own = helper.fetch_own(blok_cache.YAML, ("regio: tekst",), lambda: {"regio": "tekst"})
    assert own == {"regio": "tekst"}
    helper.fetch(blok_cache.CHART, ("grafiek:abc",), lambda: ("svg", b"<svg/>", 1, 1))
    used, new = helper.report()
    assert used == [f"{blok_cache.WORD}:oud"]
    assert len(new) == 2

    main = blok_cache.BlokCache(None)
    main.neem_over((used, new))

    def must_not_make():
        raise AssertionError("made again instead of taken from the helper's report")

    assert main.fetch_own(blok_cache.YAML, ("regio: tekst",), must_not_make) == own
    assert main.fetch(blok_cache.CHART, ("grafiek:abc",), must_not_make)[1] == b"<svg/>"


def test_a_signing_key_that_others_can_read_is_replaced(tmp_path, monkeypatch):
    """The key that signs the caches (whose compiled templates run when loaded) is only
    used when nobody else can read it: a key file others can read, in a cache folder
    others may write to (XDG_CACHE_HOME on a shared folder), would let them sign a cache
    that runs code in this user's build. Such a key is replaced, and the folder made
    private."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(blok_cache, "_KEY", None)
    folder = tmp_path / "regiovisie-builder"
    folder.mkdir()
    folder.chmod(0o777)
    stored = folder / "blokcache.sleutel"
    stored.write_bytes(b"K" * 32)
    stored.chmod(0o644)
    key = blok_cache._key()
    assert key != b"K" * 32 and len(key) == 32
    assert stored.read_bytes() == key
    assert stat.S_IMODE(stored.stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    monkeypatch.setattr(blok_cache, "_KEY", None)  # a new process: the stored key is used
    assert blok_cache._key() == key


# --- document.xml compressed in pieces (Blokxml.deflate) ---------------------------------


def _long_document_xml(changed: int | None = None) -> bytes:
    """A document.xml-like text of about 1.5 MB: a bookmarked heading and paragraphs per
    section, as the Word writer makes them; ``changed``: one paragraph of that section says
    something else."""
    chance = random.Random(2026)
    words = ["jeugdhulp", "gemeente", "regio", "gezin", "jongere", "toegang", "wijk", "zorg"]
    out = [b'<?xml version="1.0"?><w:document><w:body>']
    for section in range(600):
        out.append(
            b'<w:p><w:pPr><w:pStyle w:val="Heading2"/></w:pPr>'
            b'<w:bookmarkStart w:id="%d" w:name="_paragraaf_%d"/><w:r><w:t>Kop %d</w:t></w:r>'
            b'<w:bookmarkEnd w:id="%d"/></w:p>' % (section, section, section, section)
        )
        for _ in range(6):
            text = " ".join(chance.choice(words) for _ in range(40))
            if section == changed:
                text, changed = "Een zin die alleen hier staat.", None
            out.append(b"<w:p><w:r><w:t>%s</w:t></w:r></w:p>" % text.encode())
    out.append(b"</w:body></w:document>")
    return b"".join(out)


def _deflater(cache: blok_cache.BlokCache):
    from regiovisie_builder.writers.docx.blokxml import Blokxml

    deflater = object.__new__(Blokxml)  # ``deflate`` uses the cache only
    deflater.cache = cache
    return deflater


def test_document_xml_is_one_stream_of_pieces_and_only_changed_pieces_are_compressed_again():
    """document.xml goes into the Word file as one valid deflate stream, cut into pieces
    at places its own bytes decide. After one changed paragraph only the pieces around it
    are compressed again; the rest comes from the cache. Whatever the cache holds, the same
    XML gives the same bytes (a rebuild writes a clean build's file), hardly larger than
    one stream compressed at once."""
    xml = _long_document_xml()
    cache = blok_cache.BlokCache(None)
    first = _deflater(cache).deflate(xml)
    assert zlib.decompress(first, -15) == xml
    pieces = {k for k in cache.items if k.startswith(blok_cache.DEFLATE + ":")}
    assert len(pieces) >= 10
    at_once = zlib.compressobj(6, zlib.DEFLATED, -15)
    plain = at_once.compress(xml) + at_once.flush()
    assert len(plain) <= len(first) <= len(plain) * 1.02

    # Unchanged: every piece from the cache.
    cache.begin()
    assert _deflater(cache).deflate(xml) == first
    assert not cache.made and cache.hits == len(pieces)

    # One paragraph in the middle changed: the piece that holds it, and the one after it
    # when the change falls in the 32 kB it is compressed against, are new.
    changed = _long_document_xml(changed=300)
    cache.begin()
    again = _deflater(cache).deflate(changed)
    assert zlib.decompress(again, -15) == changed
    assert 1 <= len(cache.made) <= 2
    assert cache.hits >= len(pieces) - 2
    assert again == _deflater(blok_cache.BlokCache(None)).deflate(changed)


def _files(werkmap: Path) -> tuple[Path, Path]:
    folder = werkmap / "build" / blok_cache.CACHE_FOLDER
    return folder / blok_cache.FILE, folder / blok_cache.DELTA


def _stat(path: Path) -> tuple[int, int, int]:
    info = path.stat()
    return info.st_mtime_ns, info.st_ino, info.st_size


def test_after_one_changed_block_only_the_small_file_beside_the_cache_is_written(
    zkij, tmp_path, already_read, forget, built_once
):
    """Rewriting the whole block cache after one changed block costs as much as the rest of
    saving a build (13 MB at 20x): the new entries and every entry's age go into a small
    signed file beside it, bound to the main file. The next build, also in a new process,
    reads both, so it renders only the block changed since; a no-op build writes neither."""
    zkij, _, _ = first_build(zkij, tmp_path, already_read, forget, built_once)
    main, delta = _files(zkij)
    before, main_stat = main.read_bytes(), _stat(main)
    assert not delta.exists()
    one = zkij / "content" / "inleiding-aanleiding.md"
    one.write_text(one.read_text("utf-8") + "\nEen zin in het eerste blok.\n", "utf-8")
    forget()
    build(zkij)
    assert main.read_bytes() == before and _stat(main) == main_stat
    assert 0 < delta.stat().st_size < main.stat().st_size / 4
    other = zkij / "content" / "regio-was-wordt.md"
    other.write_text(other.read_text("utf-8") + "\nEen zin in het tweede blok.\n", "utf-8")
    already_read.clear()
    forget()
    second = build(zkij)
    assert already_read == ["regio-was-wordt"]  # the first block's new text came from the delta
    assert second == complete(zkij, tmp_path)
    assert _stat(main) == main_stat
    delta_stat = _stat(delta)
    already_read.clear()
    forget()
    assert build(zkij) == second
    assert already_read == []
    assert _stat(main) == main_stat and _stat(delta) == delta_stat


@pytest.mark.parametrize("damage", ["ongetekend", "andere-hoofdfile", "ander-formaat", "rommel"])
def test_a_delta_that_is_not_ours_or_not_of_this_main_file_is_ignored(
    tmp_path, already_read, monkeypatch, built_once, damage
):
    """The file beside the cache travels with build/ as the cache does: one signed by
    someone else, one written on top of another main file, one of another format or one
    that is no pickle at all is never used: only the main file's entries count."""
    monkeypatch.setattr(blok_cache, "_MEMORY", {})
    zkij = tmp_path / "gebouwd" / built_once[0].name
    shutil.copytree(built_once[0], zkij)
    _, delta = _files(zkij)
    blok = zkij / "content" / "inleiding-aanleiding.md"
    blok.write_text(blok.read_text("utf-8") + "\nEen zin in de delta.\n", "utf-8")
    build(zkij)
    good = delta.read_bytes()
    content = pickle.loads(good[32:])
    if damage == "ongetekend":
        data = bytes(32) + good[32:]
    elif damage == "andere-hoofdfile":
        data = blok_cache._sign(pickle.dumps({**content, "base": bytes(32)}))
    elif damage == "ander-formaat":
        data = blok_cache._sign(pickle.dumps({**content, "fmt": blok_cache.FORMAT + 1}))
    else:
        data = b"\x80\x05geen pickle" * 50
    delta.write_bytes(data)
    other = zkij / "content" / "regio-was-wordt.md"  # an input changes, so a build runs
    other.write_text(other.read_text("utf-8") + "\nEen zin na de delta.\n", "utf-8")
    already_read.clear()
    blok_cache._MEMORY.clear()
    rebuilt = build(zkij)
    # The first block's entry was only in the delta: it is rendered again.
    assert sorted(already_read) == ["inleiding-aanleiding", "regio-was-wordt"]
    assert rebuilt == complete(zkij, tmp_path)
    # Only the main file's entries were loaded: the delta was written anew on top of it.
    assert pickle.loads(delta.read_bytes()[32:])["base"] == _files(zkij)[0].read_bytes()[:32]


def test_entries_age_out_and_a_large_change_rewrites_the_main_file(
    tmp_path, already_read, monkeypatch, built_once
):
    """While builds only write the file beside the cache, an entry no build used for
    MAX_AGE builds in a row is still dropped (the ages travel in that file). Once the new
    entries outgrow a quarter of the main file, the main file is written again with all
    entries and the file beside it goes."""
    monkeypatch.setattr(blok_cache, "_MEMORY", {})
    zkij = tmp_path / "gebouwd" / built_once[0].name
    shutil.copytree(built_once[0], zkij)
    main, delta = _files(zkij)
    blok = zkij / "content" / "inleiding-aanleiding.md"
    original = blok.read_text("utf-8")
    blocks = len(items(zkij, "blok"))
    counted = []
    for version in range(blok_cache.MAX_AGE + 2):
        blok.write_text(original + f"\nVersie {version} van de zin.\n", "utf-8")
        build(zkij)
        assert delta.is_file()
        counted.append(len(items(zkij, "blok")) - blocks)
    # Each build adds the block's new version; the versions MAX_AGE builds back go (the
    # original one after the third build, as the first version after the fourth).
    assert counted == [1, 2, 2, 2, 2]
    # A block as long as the rest of the document: its entries outgrow the main file's
    # quarter.
    main_stat = _stat(main)
    paragraph = " ".join(f"Zin {n} van een lange alinea." for n in range(8000))
    blok.write_text(original + "\n" + paragraph + "\n", "utf-8")
    rebuilt = build(zkij)
    assert _stat(main) != main_stat
    assert not delta.exists()
    assert rebuilt == complete(zkij, tmp_path)
    loaded = blok_cache.BlokCache.load(zkij / "build")
    assert loaded.base is not None and loaded.base[0] == main.read_bytes()[:32]
