"""The Word files written by a helper process: same bytes, same errors, and a safe fallback."""

import os
import signal
from pathlib import Path

import pytest

from regiovisie_builder import helper_process, pipeline
from regiovisie_builder.build_cache import CACHE_FILE, BuildOptions
from regiovisie_builder.errors import BuildError, ConfigError
from regiovisie_builder.helper_process import HelperProcess
from regiovisie_builder.werkmap import Werkmap
from regiovisie_builder.werkmap_build import build_werkmap
from tests.conftest import IN_CI, copy_example, run_cli, run_cli_subprocess

# CI runs on a multi-core Linux machine: there the helper must be tested, never skipped.
pytestmark = pytest.mark.skipif(
    not IN_CI and (not hasattr(os, "fork") or helper_process._cores() < 2),
    reason="the helper process needs fork and more than one core",
)

WITH_RAAD = BuildOptions(("docx", "html"), True, None, True)


def outputs(workspace: Path) -> dict[str, bytes]:
    build = workspace / "build"
    return {
        str(p.relative_to(build)): p.read_bytes()
        for p in sorted(build.rglob("*"))
        if p.is_file() and p.name != CACHE_FILE
    }


@pytest.fixture
def spy(monkeypatch):
    """Records every helper started and what each handed back (or raised)."""
    seen = {"started": [], "pids": [], "received": []}
    start, receive = HelperProcess.start.__func__, HelperProcess.receive

    def spy_start(cls, fmt="docx"):
        helper = start(cls, fmt)
        seen["started"].append(helper)
        seen["pids"].append(helper.pid if helper else None)
        return helper

    def spy_receive(self):
        try:
            result = receive(self)
        except Exception as error:
            seen["received"].append(error)
            raise
        seen["received"].append(None if result is None else list(result))
        return result

    monkeypatch.setattr(HelperProcess, "start", classmethod(spy_start))
    monkeypatch.setattr(HelperProcess, "receive", spy_receive)
    return seen


def gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


@pytest.fixture(scope="module")
def serial(tmp_path_factory) -> tuple[Path, list[str], dict[str, bytes]]:
    """The reference: the example built in this process, with council documents, no helper
    (the workspace, the summary lines, the outputs); built once for the tests below."""
    werkmap = copy_example("zuid-kennemerland-ijmond", tmp_path_factory.mktemp("serial"))
    lines = build_werkmap(werkmap, WITH_RAAD, parallel=False)
    return werkmap, lines, outputs(werkmap)


def test_helper_writes_the_same_bytes_as_an_in_process_build(tmp_path, spy, serial):
    parallel = copy_example("zuid-kennemerland-ijmond", tmp_path / "a")
    lines_parallel = build_werkmap(parallel, WITH_RAAD, parallel=True)
    serial_werkmap, lines_serial, serial_outputs = serial

    # The helper really wrote the main document and every council document.
    [received] = spy["received"]
    word = [name for name in outputs(parallel) if name.endswith(".docx")]
    assert len(word) > 10
    assert len(received) == len(word)
    [pid] = spy["pids"]
    assert gone(pid)  # ended and reaped
    assert outputs(parallel) == serial_outputs
    assert [r.replace(str(parallel), "") for r in lines_parallel] == [
        r.replace(str(serial_werkmap), "") for r in lines_serial
    ]


def test_command_line_build_uses_the_helper_and_matches(zkij, serial):
    result = run_cli_subprocess("build", zkij, "--raadsstukken")
    assert result.returncode == 0, result.stderr
    assert outputs(zkij) == serial[2]


def test_house_style_error_in_the_helper_is_the_dutch_error(zkij, spy):
    assert run_cli("build", zkij).returncode == 0  # the good build before: same bytes in-process
    before = outputs(zkij)
    (zkij / "templates").mkdir(exist_ok=True)
    (zkij / "templates" / "huisstijl.docx").write_bytes(b"PK\x03\x04 geen Word-bestand")

    with pytest.raises(BuildError, match="De huisstijl .* is geen Word-document"):
        build_werkmap(zkij, BuildOptions(), parallel=True)
    [error] = spy["received"]
    assert isinstance(error, BuildError)  # raised in the helper, not by a fallback
    assert outputs(zkij) == before

    result = run_cli_subprocess("build", zkij)
    assert result.returncode == 2
    assert result.stderr.startswith("Bouwen mislukt: De huisstijl (templates/huisstijl.docx)")
    assert "Traceback" not in result.stderr
    assert outputs(zkij) == before


def test_a_helper_that_died_leaves_the_work_to_the_main_process(zkij, serial):
    # The main document of the in-process reference build (``pipeline.build`` writes the
    # same bytes for it with or without the council documents).
    expected = serial[2]["regiovisie.docx"]

    helper = HelperProcess.start("docx")
    pid = helper.pid
    os.kill(pid, signal.SIGKILL)
    result = pipeline.build(Werkmap(zkij), ("docx",), helper=helper)
    assert result.output["docx"] == expected
    assert gone(pid)


def test_helper_is_ended_when_the_build_fails_before_the_handover(zkij, spy):
    (zkij / "regio.yaml").write_text("regio: [niet gesloten\n", encoding="utf-8")
    with pytest.raises(ConfigError):
        build_werkmap(zkij, BuildOptions(), parallel=True)
    [pid] = spy["pids"]
    assert gone(pid)
    assert spy["received"] == []
    assert not (zkij / "build").exists()


def test_no_helper_without_word_output_or_on_one_core(zkij, spy, monkeypatch):
    build_werkmap(zkij, BuildOptions(("html",)), parallel=True)
    assert spy["started"] == []
    monkeypatch.setattr(helper_process, "_cores", lambda: 1)
    assert HelperProcess.start("docx") is None
