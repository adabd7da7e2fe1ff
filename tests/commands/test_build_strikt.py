"""`--strikt` on build means what it means on check and publish: a warning is a failure.

Nothing is written then, and the exit code is 1; without --strikt the same workspace builds
and only shows the warnings. The example region has no warnings at all.
"""

from __future__ import annotations

import pytest

from tests.conftest import edit_yaml, run_cli


def test_the_example_builds_with_strikt(zkij):
    result = run_cli("build", zkij, "-f", "html", "--strikt")
    assert result.returncode == 0, result.stderr
    assert (zkij / "build" / "regiovisie.html").is_file()


def _zonder_continuiteit(data) -> None:
    del data["contractering"]["continuiteit"]


def _niets_overgenomen(data) -> None:
    data["overgenomen"] = []


def _een_stap_minder(data) -> None:
    data["proces"]["stappen"] = data["proces"]["stappen"][1:]


def _consultatie_zonder_kanaal(data) -> None:
    data["document"]["status"] = "consultatie"
    data.pop("consultatie", None)


@pytest.mark.parametrize(
    ("wijzig", "melding"),
    [
        (_zonder_continuiteit, "open punt"),
        (_niets_overgenomen, "standaardtekst, niet vastgesteld door de regio"),
        (_een_stap_minder, "Advies bij afspraak 1"),
        (_consultatie_zonder_kanaal, "reageren"),
    ],
    ids=["open-punt", "standaardtekst", "advies", "consultatie-zonder-kanaal"],
)
def test_a_warning_stops_a_strict_build_and_nothing_is_written(zkij, wijzig, melding):
    edit_yaml(zkij, wijzig)
    gewoon = run_cli("build", zkij, "-f", "html")
    assert gewoon.returncode == 0, gewoon.stderr  # only a warning without --strikt
    voor = (zkij / "build" / "regiovisie.html").read_bytes()
    strikt = run_cli("build", zkij, "-f", "html", "--strikt")
    assert strikt.returncode == 1, strikt.stdout
    assert "Er is niets geschreven (--strikt)" in strikt.stderr
    assert melding in strikt.stderr
    assert "Traceback" not in strikt.stderr
    assert (zkij / "build" / "regiovisie.html").read_bytes() == voor
