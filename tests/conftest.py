"""Shared fixtures: the repository root, example workspaces copied to a temp dir, the CLI."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def require_tool(name: str) -> str:
    """Path of an external tool; skip when absent on a laptop, fail when absent in CI."""
    path = shutil.which(name)
    if path is None:
        if IN_CI:
            pytest.fail(f"{name} is required in CI but not installed (see .ci/run)")
        pytest.skip(f"{name} not installed")
    return path


def run_cli(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run ``python -m regiovisie_builder ARGS`` as a user would, from this checkout."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "regiovisie_builder", *map(str, args)],
        cwd=cwd or ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def copy_example(name: str, dest: Path) -> Path:
    """A fresh copy of an example workspace, without build output."""
    target = dest / name
    shutil.copytree(EXAMPLES / name, target, ignore=shutil.ignore_patterns("build", "versies"))
    return target


@pytest.fixture
def zkij(tmp_path: Path) -> Path:
    """A copy of the Zuid-Kennemerland en IJmond example workspace."""
    return copy_example("zuid-kennemerland-ijmond", tmp_path)


@pytest.fixture
def rijnmond(tmp_path: Path) -> Path:
    """A copy of the Rotterdam Rijnmond example workspace."""
    return copy_example("rotterdam-rijnmond", tmp_path)


def edit_yaml(werkmap: Path, change) -> None:
    """Load regio.yaml, let ``change(data)`` modify it, write it back."""
    import yaml

    path = werkmap / "regio.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
