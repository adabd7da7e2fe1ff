"""Sphinx's state kept between site builds (``sitecache``): a site after one changed block
reads one page, and is still the bytes of a clean build; a state that is not this user's is
never unpickled.

Zuid-Kennemerland is built once for this module; each test takes that built workspace
(``_restored``) and changes it.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import as_new_process, copy_built, copy_example, restore_built
from tests.writers.sites import build as _build

pytestmark = pytest.mark.slow  # every test builds a site, most of them twice


@pytest.fixture(scope="module")
def zkij_built(tmp_path_factory) -> dict:
    """Zuid-Kennemerland built once as a site, kept as a snapshot, with the number of
    pages Sphinx read (all of them)."""
    from sphinx.builders import Builder

    werkmap = copy_example("zuid-kennemerland-ijmond", tmp_path_factory.mktemp("zkij"))
    read: list[str] = []
    real = Builder.read_doc

    def read_doc(self, docname, *args, **kwargs):
        read.append(docname)
        return real(self, docname, *args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Builder, "read_doc", read_doc)
        outcome = _build(werkmap)
    assert outcome.returncode == 0, outcome.stderr
    snapshot = copy_built(werkmap, tmp_path_factory.mktemp("zkij-gebouwd"))
    return {"werkmap": werkmap, "snapshot": snapshot, "gelezen": len(read)}


def _restored(zkij_built: dict) -> Path:
    """The built workspace, fresh from its snapshot, in the folder where it was built.

    Sphinx's kept state is tied to the workspace's folder (``sitecache``: Sphinx refuses an
    environment made for another source folder); a workspace in a new place gets one full
    build. Tests of the incremental build therefore take turns in the original folder
    (tests of one module run one after another, also under xdist)."""
    return restore_built(zkij_built["snapshot"], zkij_built["werkmap"])


@pytest.fixture
def sphinx_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The pages Sphinx reads (parses) during the builds of a test, in order."""
    from sphinx.builders import Builder

    already_read: list[str] = []
    real = Builder.read_doc

    def read(self, docname, *args, **kwargs):
        already_read.append(docname)
        return real(self, docname, *args, **kwargs)

    monkeypatch.setattr(Builder, "read_doc", read)
    return already_read


def _site(werkmap: Path) -> dict[str, bytes]:
    folder = werkmap / "build" / "site"
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def _full_site(werkmap: Path, tmp_path: Path) -> dict[str, bytes]:
    """The site of a clean build (no build/ folder, no kept state) of the workspace's
    sources."""
    copy = tmp_path / "volledig"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(werkmap, copy, ignore=shutil.ignore_patterns("build"))
    assert _build(copy).returncode == 0
    return _site(copy)


def _add(blok: Path, text: str) -> None:
    blok.write_text(blok.read_text("utf-8") + text, "utf-8")


CHANGED_BLOCK = "content/regio-was-wordt.md"
SENTENCE = "\nEen zin alleen voor de website.\n"


@pytest.fixture(scope="module")
def site_with_sentence(zkij_built, tmp_path_factory) -> dict[str, bytes]:
    """The site of a clean build of Zuid-Kennemerland with SENTENCE added to
    CHANGED_BLOCK: what every build after that one change must give."""
    werkmap = zkij_built["snapshot"]
    folder = tmp_path_factory.mktemp("met-zin")
    shutil.copytree(werkmap, folder / werkmap.name, ignore=shutil.ignore_patterns("build"))
    _add(folder / werkmap.name / CHANGED_BLOCK, SENTENCE)
    return _full_site(folder / werkmap.name, folder)


def test_site_after_one_changed_block_reads_one_page(
    zkij_built, site_with_sentence, tmp_path, sphinx_reads, compiled, monkeypatch
):
    werkmap = _restored(zkij_built)  # built, with Sphinx's state kept
    assert zkij_built["gelezen"] > 3
    _add(werkmap / CHANGED_BLOCK, SENTENCE)
    # As a new process: the theme and the version pages come compiled from the block
    # cache (``sandbox.StoredTemplates``).
    as_new_process(monkeypatch)
    version = werkmap / "build" / "site" / "latest"
    inodes = {p.name: p.stat().st_ino for p in version.glob("*.html")}
    out = _build(werkmap)
    assert out.returncode == 0, out.stderr
    assert len(sphinx_reads) == 1  # only the changed chapter is parsed again
    # Only the changed block, which has Jinja of its own, is compiled.
    assert [name for name in compiled if not name.endswith(".md")] == []
    # Pages with the same bytes are linked from the previous folder, not written again.
    kept = {p.name for p in version.glob("*.html") if p.stat().st_ino == inodes.get(p.name)}
    assert f"{sphinx_reads[0]}.html" not in kept
    assert len(kept) >= len(inodes) - 3  # the changed chapter, maybe its neighbours' links
    page = werkmap / "build" / "site" / "latest" / f"{sphinx_reads[0]}.html"
    assert "Een zin alleen voor de website." in page.read_text("utf-8")
    assert _site(werkmap) == site_with_sentence


def test_site_after_a_heading_or_footnote_change_is_a_full_builds_bytes(
    zkij_built, tmp_path, sphinx_reads
):
    """A new heading shows in every page's navigation; a new footnote renumbers the later
    ones on other pages: the site is still the bytes of a clean build."""
    werkmap = _restored(zkij_built)  # built, with Sphinx's state kept
    _add(werkmap / "content" / "inleiding-aanleiding.md", "\n# Een nieuwe kop\n\nTekst.\n")
    assert _build(werkmap).returncode == 0
    assert len(sphinx_reads) == zkij_built["gelezen"]  # the structure changed: afresh
    assert _site(werkmap) == _full_site(werkmap, tmp_path)
    _add(
        werkmap / "content" / "inleiding-aanleiding.md",
        "\nMet een voetnoot[^extra].\n\n[^extra]: Een extra voetnoot.\n",
    )
    assert _build(werkmap).returncode == 0
    assert _site(werkmap) == _full_site(werkmap, tmp_path)


@pytest.mark.parametrize("damage", ["andere-sleutel", "pickle-vervangen", "manifest-weg"])
def test_site_state_that_is_not_ours_is_never_unpickled(
    zkij_built, site_with_sentence, tmp_path, sphinx_reads, damage
):
    """A workspace travels with its build/ folder: Sphinx's pickles in it are only used
    when this user's signed manifest vouches for every byte."""
    import pickle

    from regiovisie_builder import blok_cache

    werkmap = _restored(zkij_built)  # built, with Sphinx's state kept
    state = werkmap / "build" / ".cache" / "site"
    manifest = state / "manifest.json"
    danger = tmp_path / "uitgevoerd"

    class Bom:
        def __reduce__(self):
            return (os.system, (f"touch {danger}",))

    if damage == "andere-sleutel":  # a state made by someone else, pickle included
        content = blok_cache.signed(manifest.read_bytes())
        assert content is not None
        data = json.loads(content)
        bom = pickle.dumps(Bom())
        (state / "cache" / "environment.pickle").write_bytes(bom)
        data["bestanden"]["cache/environment.pickle"] = hashlib.sha256(bom).hexdigest()
        manifest.write_bytes(bytes(32) + json.dumps(data).encode())
    elif damage == "pickle-vervangen":
        (state / "cache" / "environment.pickle").write_bytes(pickle.dumps(Bom()))
    else:
        manifest.unlink()
    _add(werkmap / CHANGED_BLOCK, SENTENCE)
    assert _build(werkmap).returncode == 0
    assert not danger.exists()
    assert len(sphinx_reads) == zkij_built["gelezen"]  # a full build
    assert _site(werkmap) == site_with_sentence
    # The state was replaced by a good one: the next change reads one page again.
    _add(werkmap / CHANGED_BLOCK, "\nEn nog een.\n")
    sphinx_reads.clear()
    assert _build(werkmap).returncode == 0
    assert len(sphinx_reads) == 1
