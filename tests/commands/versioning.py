"""Shared steps for the consultation tests: publish 0.9, change text and data for 1.0."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import edit_yaml, run_cli

BLOK = "content/inleiding-aanleiding.md"

# (old, new) replacements in a workspace block: a changed sentence, a removed sentence and a
# new paragraph.
CHANGES = [
    (
        "Dat is het moment om de inkoop opnieuw in te richten.",
        "Dat is een goed moment om de inkoop grondig opnieuw in te richten.",
    ),
    (
        "We vroegen de commissies om hun mening over de belangrijkste keuzes: de looptijd van "
        "de contracten, de manier van betalen en de samenwerking tussen aanbieders. ",
        "",
    ),
    (
        "Hun reacties hebben we in deze regiovisie verwerkt.\n",
        "Hun reacties hebben we in deze regiovisie verwerkt.\n\n"
        "Tijdens de consultatie kwamen veertig reacties binnen.\n",
    ),
]


def publish(werkmap: Path):
    result = run_cli("publish", werkmap)
    assert result.returncode == 0, result.stderr
    return result


def change_to_1_0(werkmap: Path) -> None:
    """Edit a block and regio.yaml (a value that is rendered into the text) for version 1.0."""
    blok = werkmap / BLOK
    text = blok.read_text(encoding="utf-8")
    for old, new in CHANGES:
        assert old in text
        text = text.replace(old, new)
    blok.write_text(text, encoding="utf-8")

    def to_1_0(data):
        data["document"]["versie"] = "1.0"
        data["document"]["status"] = "consultatie"
        data["document"]["datum"] = "2021-03-15"
        data["governance"]["aanspreekpunt"]["naam"] = "de wethouder Jeugd van Velsen"

    edit_yaml(werkmap, to_1_0)
