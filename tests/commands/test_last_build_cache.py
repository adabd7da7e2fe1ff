"""Commands that read a workspace without building it use what the last build stored, read
only (``blok_cache.reading``): ``check`` and ``taal`` (which also draw no charts), so a writer
who checks while typing waits for the blocks that changed, not for every block and
matplotlib; ``publish`` and ``diff``, which get the bytes they would get without it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from regiovisie_builder import blok_cache
from tests.conftest import ROOT, copy_example, run_cli

# Libraries a command needs only to render a block (Jinja is loaded by the sandbox anyway),
# parse YAML or draw a chart.
HEAVY = ("markdown_it", "matplotlib", "yaml")


def _in_new_process(
    *args: str | Path, heavy: tuple[str, ...] = HEAVY
) -> tuple[subprocess.CompletedProcess, list[str]]:
    """``regiovisie ARGS`` in a new process (as a user runs it), and which of ``heavy`` it
    loaded."""
    code = (
        "import sys\n"
        "from regiovisie_builder import cli\n"
        f"sys.argv = ['regiovisie', *{[str(a) for a in args]!r}]\n"
        "try:\n    cli.main()\nexcept SystemExit as end:\n    code = end.code or 0\n"
        "else:\n    code = 0\n"
        f"print(sorted(m for m in {heavy!r} if m in sys.modules), file=sys.stderr)\n"
        "sys.exit(code)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"}
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True,
        timeout=300,
    )  # fmt: skip
    loaded = out.stderr.strip().splitlines()[-1]
    return out, [m.strip("' ") for m in loaded.strip("[]").split(",") if m.strip()]


def _state(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file below ``folder``: its bytes and modification time."""
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.mark.parametrize(
    "command", [("check",), ("check", "--json"), ("taal", "--zonder-spelling")]
)
def test_after_a_build_nothing_is_rendered_parsed_or_drawn_again(built_example, tmp_path, command):
    """The report is the one of a workspace that was never built; the build folder (outputs
    and cache) is left exactly as it was."""
    # Under the same folder name: messages name files by it, so it is part of some keys.
    werkmap = tmp_path / "kopie" / built_example.name
    shutil.copytree(built_example, werkmap)
    before = _state(werkmap / "build")
    out, loaded = _in_new_process(*command, werkmap)
    assert out.returncode in (0, 1), out.stderr
    assert "Traceback" not in out.stderr
    assert loaded == []
    assert _state(werkmap / "build") == before

    never_built = tmp_path / "nooit" / built_example.name
    shutil.copytree(built_example, never_built, ignore=shutil.ignore_patterns("build"))
    reference = run_cli(*command, never_built)
    assert out.stdout.replace(str(werkmap), "MAP") == reference.stdout.replace(
        str(never_built), "MAP"
    )
    assert out.returncode == reference.returncode
    assert not (never_built / "build").exists()  # check writes nothing, cache or otherwise


def test_a_changed_block_is_read_again_and_counts(built_example, tmp_path):
    """The cache never hides a change: a block edited after the build is what check reads."""
    werkmap = tmp_path / built_example.name
    shutil.copytree(built_example, werkmap)
    blok = werkmap / "content" / "regio-was-wordt.md"
    before = run_cli("check", "--json", werkmap)
    text = blok.read_text("utf-8")
    assert "afspraken: [2]" in text
    blok.write_text(text.replace("afspraken: [2]", "afspraken: []", 1), "utf-8")
    after = run_cli("check", "--json", werkmap)
    assert after.returncode in (0, 1), after.stderr
    assert '"blok": "regio-was-wordt"' in before.stdout
    assert '"blok": "regio-was-wordt"' not in after.stdout
    shutil.rmtree(werkmap / "build")
    assert run_cli("check", "--json", werkmap).stdout == after.stdout


def test_without_a_build_a_chart_is_checked_but_not_drawn(tmp_path):
    werkmap = copy_example("zuid-kennemerland-ijmond", tmp_path)
    out, loaded = _in_new_process("check", werkmap)
    assert out.returncode == 0, out.stderr
    assert "matplotlib" not in loaded
    assert not (werkmap / "build").exists()

    # Damaged chart data is still an input error, in Dutch, with the block it is in.
    (werkmap / "content" / "kapot.md").write_text(
        "---\nid: kapotte-grafiek\ntitel: Een grafiek\nhoofdstuk: planning\nvolgorde: 95\n"
        "---\nTekst.\n\n![Grafiek](grafiek:bm9nIGdlZW4gZ3JhZmllaw)\n",
        encoding="utf-8",
    )
    out = run_cli("check", werkmap)
    assert out.returncode == 2
    assert "Traceback" not in out.stderr
    assert "kapot.md" in out.stderr
    assert "de gegevens van de grafiek zijn beschadigd" in out.stderr


def test_a_cache_made_by_someone_else_is_not_used(built_example, tmp_path, monkeypatch):
    """A workspace travels with its build/: check reads a cache only when it carries this
    user's signature, as a build does."""
    werkmap = tmp_path / built_example.name
    shutil.copytree(built_example, werkmap)
    monkeypatch.setattr(blok_cache, "_KEY", b"x" * 32)  # another user
    monkeypatch.setattr(blok_cache, "_MEMORY", {})
    used: list[int] = []
    real = blok_cache.BlokCache.load.__func__  # type: ignore[attr-defined]

    def load(cls, build):
        cache = real(cls, build)
        used.append(len(cache.items))
        return cache

    monkeypatch.setattr(blok_cache.BlokCache, "load", classmethod(load))
    out = run_cli("check", werkmap)
    assert out.returncode == 0, out.stderr
    assert used == [0]


def test_publish_with_the_cache_of_a_build_gives_the_bytes_of_one_without(built_example, tmp_path):
    """Publishing after a build (and one edit since) uses the stored blocks and Word XML,
    saves no cache, and freezes the same outputs as publishing a workspace never built."""
    werkmap = tmp_path / "gebouwd" / built_example.name
    shutil.copytree(built_example, werkmap)
    fresh = tmp_path / "nieuw" / built_example.name
    shutil.copytree(built_example, fresh, ignore=shutil.ignore_patterns("build"))
    for folder in (werkmap, fresh):
        blok = folder / "content" / "regio-was-wordt.md"
        blok.write_text(blok.read_text("utf-8") + "\nEen zin van na de bouw.\n", "utf-8")
    cache_file = werkmap / "build" / blok_cache.CACHE_FOLDER / blok_cache.FILE
    cache_before = cache_file.read_bytes()

    for folder in (werkmap, fresh):
        out = run_cli("publish", folder)
        assert out.returncode == 0, out.stderr
    assert cache_file.read_bytes() == cache_before
    assert not (fresh / "build").exists()
    versie = next((werkmap / "versies").iterdir()).name
    published = {
        name: (werkmap / "versies" / versie / "uitvoer" / name).read_bytes()
        for name in ("regiovisie.docx", "regiovisie.html")
    }
    assert b"Een zin van na de bouw." in published["regiovisie.html"]
    assert published == {
        name: (fresh / "versies" / versie / "uitvoer" / name).read_bytes() for name in published
    }


def test_diff_after_a_build_draws_nothing_and_writes_what_it_writes_without(
    built_example, tmp_path
):
    """diff compares a published version with the working copy: after a build it takes the
    chart and the Word picture of the map from the cache (no matplotlib, no Cairo), and
    writes the same files as in a workspace that was never built."""
    werkmap = tmp_path / "gebouwd" / built_example.name
    shutil.copytree(built_example, werkmap)
    assert run_cli("publish", werkmap).returncode == 0
    blok = werkmap / "content" / "regio-was-wordt.md"
    blok.write_text(blok.read_text("utf-8") + "\nEen zin na de publicatie.\n", "utf-8")
    assert run_cli("build", werkmap).returncode == 0
    fresh = tmp_path / "nieuw" / built_example.name
    shutil.copytree(werkmap, fresh, ignore=shutil.ignore_patterns("build"))
    versie = next((werkmap / "versies").iterdir()).name
    cache_file = werkmap / "build" / blok_cache.CACHE_FOLDER / blok_cache.FILE
    cache_before = cache_file.read_bytes()

    out, loaded = _in_new_process("diff", werkmap, versie, heavy=("matplotlib", "cairosvg"))
    assert out.returncode == 0, out.stderr
    assert loaded == []
    assert cache_file.read_bytes() == cache_before
    reference = run_cli("diff", fresh, versie)
    assert reference.returncode == 0, reference.stderr
    written = sorted(p.name for p in (fresh / "build").iterdir() if p.is_file())
    assert len(written) == 4
    for name in written:
        assert (werkmap / "build" / name).read_bytes() == (fresh / "build" / name).read_bytes()
