"""A wheel built from the repository works outside it: init + build from a temp folder."""

import os
import re
import subprocess
import sys
import tomllib
import venv
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def dependency_folders() -> set[str]:
    """The site-packages folders that hold this project's runtime dependencies here."""
    import importlib.metadata
    import importlib.util

    folders = set()
    for requirement in importlib.metadata.requires("regiovisie-builder") or []:
        if "extra ==" in requirement:  # extras (dev, web) are not needed to build docx+html
            continue
        name = re.match(r"[A-Za-z0-9._-]+", requirement).group(0)
        distribution = importlib.metadata.distribution(name)
        folders.add(str(Path(distribution.locate_file("")).resolve()))
    # Their own dependencies (lxml for python-docx, MarkupSafe for Jinja ...) live beside them
    # in a normal install; find_spec confirms the folders hold importable packages.
    assert importlib.util.find_spec("markdown_it") is not None
    return folders


def test_wheel_installs_and_builds_outside_the_repository(tmp_path):
    dist = tmp_path / "dist"
    dist.mkdir()
    # The wheel as pip builds it (pip wheel --no-build-isolation): the build backend that
    # pyproject.toml names, called through its PEP 517 hook in the repository folder. Called
    # directly, without pip's start-up and its separate metadata pass (a second of CPU).
    with (ROOT / "pyproject.toml").open("rb") as pyproject:
        backend = tomllib.load(pyproject)["build-system"]["build-backend"]
    subprocess.run(
        [sys.executable, "-c", f"import sys, {backend} as b; b.build_wheel(sys.argv[1])",
         str(dist)],
        check=True, capture_output=True, cwd=ROOT,
    )  # fmt: skip
    (wheel,) = dist.glob("regiovisie_builder-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "regiovisie_builder/content/routes/route-4/inkoop-zorgvuldigheid.md" in names
    assert "regiovisie_builder/templates/documenten/regiovisie.yaml" in names
    assert "regiovisie_builder/templates/werkmap/regio.yaml" in names
    # Every module of the package must be in the wheel (a missing subpackage in pyproject's
    # package list would only show up on a user's machine).
    for module in (ROOT / "regiovisie_builder").rglob("*.py"):
        if "__pycache__" not in module.parts:
            assert module.relative_to(ROOT).as_posix() in names, module
    for template in (ROOT / "templates").rglob("*"):
        if template.is_file():
            name = "regiovisie_builder/" + template.relative_to(ROOT).as_posix()
            assert name in names, name

    # A venv of its own, isolated from the interpreter running the tests (which may itself
    # be a venv, or hold an editable install of this checkout). Its dependencies are borrowed
    # from this interpreter by a .pth file naming the folders they are installed in; .pth
    # files in those folders are not processed, so an editable install there stays invisible.
    # The package itself can only come from the wheel, which the location check below proves.
    environment = tmp_path / "venv"
    venv.create(environment, with_pip=False)  # pip --python installs into it
    python = environment / "bin" / "python"
    site_packages = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        check=True, capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip
    (Path(site_packages) / "regiovisie-test-deps.pth").write_text(
        "\n".join(sorted(dependency_folders())) + "\n", encoding="utf-8"
    )
    pip = [sys.executable, "-m", "pip", "--python", str(python)]
    subprocess.run([*pip, "install", "-q", "--no-deps", "--no-index", str(wheel)],
                   check=True, capture_output=True)  # fmt: skip
    work = tmp_path / "elders"
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    location = subprocess.run(
        [str(python), "-c", "import regiovisie_builder; print(regiovisie_builder.__file__)"],
        cwd=work, env=env, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert str(environment) in location
    regiovisie = environment / "bin" / "regiovisie"
    result = subprocess.run([str(regiovisie), "init", "mijn-regio"], cwd=work, env=env,
                            capture_output=True, text=True)  # fmt: skip
    assert result.returncode == 0, result.stderr
    result = subprocess.run([str(regiovisie), "build", "mijn-regio"], cwd=work, env=env,
                            capture_output=True, text=True)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert (work / "mijn-regio" / "build" / "regiovisie.docx").stat().st_size > 10_000
    assert (work / "mijn-regio" / "build" / "regiovisie.html").is_file()
