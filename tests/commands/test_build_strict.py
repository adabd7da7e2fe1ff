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


def _without_continuity(data) -> None:
    del data["contractering"]["continuiteit"]


def _nothing_overgenomen(data) -> None:
    data["overgenomen"] = []


def _one_step_less(data) -> None:
    data["proces"]["stappen"] = data["proces"]["stappen"][1:]


def _consultatie_without_channel(data) -> None:
    data["document"]["status"] = "consultatie"
    data.pop("consultatie", None)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (_without_continuity, "open punt"),
        (_nothing_overgenomen, "standaardtekst, niet vastgesteld door de regio"),
        (_one_step_less, "Advies bij afspraak 1"),
        (_consultatie_without_channel, "reageren"),
    ],
    ids=["open-punt", "standaardtekst", "advies", "consultatie-zonder-kanaal"],
)
def test_a_warning_stops_a_strict_build_and_nothing_is_written(zkij, change, message):
    edit_yaml(zkij, change)
    plain = run_cli("build", zkij, "-f", "html")
    assert plain.returncode == 0, plain.stderr  # only a warning without --strikt
    before = (zkij / "build" / "regiovisie.html").read_bytes()
    strict = run_cli("build", zkij, "-f", "html", "--strikt")
    assert strict.returncode == 1, strict.stdout
    assert "Er is niets geschreven (--strikt)" in strict.stderr
    assert message in strict.stderr
    assert "Traceback" not in strict.stderr
    assert (zkij / "build" / "regiovisie.html").read_bytes() == before
