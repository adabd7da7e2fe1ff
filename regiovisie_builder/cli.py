"""The ``regiovisie`` command line: the only module that imports click.

Every option is defined here, once, with its Dutch help. Each callback imports its command
(a plain function in ``commands/<command>.py``) only when it runs, so ``--help`` and a plain
build load nothing they do not need; the command returns its exit code. A
``RegiovisieError`` from any command becomes its Dutch message and exit code in ``main``.
"""

from __future__ import annotations

import atexit
import gc
import sys
from pathlib import Path

import click

from regiovisie_builder import __version__
from regiovisie_builder.errors import RegiovisieError, ShowableStream
from regiovisie_builder.writers import WRITERS

# A workspace folder argument; its Dutch type name ("map") is set by ``_nederlands``.
_FOLDER = click.Path(file_okay=False, path_type=Path)
_FORMATS = click.Choice(sorted(WRITERS))


def _done(exitcode: int) -> None:
    """Leave with the command's exit code (0: nothing to do)."""
    if exitcode:
        sys.exit(exitcode)


@click.group(
    context_settings={"help_option_names": ["-h", "--help"]},
    options_metavar="[OPTIES]",
    subcommand_metavar="OPDRACHT [ARGUMENTEN]...",
)
@click.version_option(
    __version__,
    prog_name="regiovisie",
    message="%(prog)s %(version)s",
    help="Toon het versienummer en stop.",
)
def regiovisie() -> None:
    """Bouw een regiovisie jeugdhulp uit inhoudsblokken en regio.yaml, en toets haar aan de
    Norm voor Opdrachtgeverschap."""


@regiovisie.command("init")
@click.argument("folder", metavar="MAP", type=_FOLDER)
@click.option(
    "--naam", "name", default="Mijn regio", show_default=True, help="Naam van de jeugdregio."
)
def init(folder: Path, name: str) -> None:
    """Maak een nieuwe werkmap MAP met een regio.yaml die meteen bouwt."""
    from regiovisie_builder.commands.init import init as command

    _done(command(folder, name))


@regiovisie.command("build")
@click.argument("folders", metavar="[MAP]...", nargs=-1, type=_FOLDER)
@click.option(
    "--formaat",
    "-f",
    "formats",
    multiple=True,
    type=_FORMATS,
    help=(
        "Uitvoerformaat; herhaal voor meer formaten. Standaard: docx en html, en bij de "
        "status definitief of vastgesteld ook pdf (met LibreOffice). "
        "Met site komt een website per versie in build/site/."
    ),
)
@click.option(
    "--soort",
    metavar="SOORT",
    help="Documentsoort uit templates/documenten/, bijvoorbeeld opinienota. "
    "Standaard: document.soort uit regio.yaml.",
)
@click.option(
    "--raadsstukken/--geen-raadsstukken",
    default=None,
    help="Maak ook per gemeente een raadsvoorstel en raadsbesluit (in build/raad/). "
    "Standaard alleen bij de status definitief of vastgesteld.",
)
@click.option(
    "--zonder-toetsing",
    "without_toetsing",
    is_flag=True,
    help="Laat de bijlage 'Toetsing aan de Norm voor Opdrachtgeverschap' weg.",
)
@click.option(
    "--ondanks-toetsing",
    "despite_toetsing",
    metavar="REDEN",
    help="Bouw een definitieve of vastgestelde versie ook als niet aan alle afspraken van de "
    "norm is voldaan. De raadsvoorstellen noemen dan wat niet voldaan is en deze reden.",
)
@click.option(
    "--strikt",
    "strict",
    is_flag=True,
    help="Schrijf niets en stop met exitcode 1 bij een waarschuwing: open punten, niet "
    "overgenomen standaardtekst, een consultatieversie zonder reactiekanaal of datum, een "
    "advies van de norm of een thema dat niet is behandeld.",
)
@click.option(
    "--alle",
    "all_",
    is_flag=True,
    help="Bouw alle werkmappen in de genoemde mappen tegelijk, op alle processorkernen.",
)
@click.option(
    "--taken", "-j", type=click.IntRange(min=1), default=None, metavar="AANTAL",
    help="Aantal werkmappen tegelijk bij --alle (standaard: aantal processorkernen).",
)  # fmt: skip
def build(
    folders: tuple[Path, ...],
    formats: tuple[str, ...],
    soort: str | None,
    raadsstukken: bool | None,
    without_toetsing: bool,
    despite_toetsing: str | None,
    strict: bool,
    all_: bool,
    taken: int | None,
) -> None:
    """Bouw het document van werkmap MAP (standaard: de huidige map) naar MAP/build/.

    Met --alle bouwt u veel regio's tegelijk: geef werkmappen of mappen met werkmappen.
    """
    from regiovisie_builder.commands.build import build as command

    _done(
        command(
            folders,
            formats,
            soort,
            raadsstukken,
            without_toetsing,
            despite_toetsing,
            all_,
            taken,
            strict,
        )
    )


@regiovisie.command("preview")
@click.argument("folder", metavar="[MAP]", default=".", type=_FOLDER)
@click.option(
    "--poort", "port", type=click.IntRange(0, 65535), default=8000, show_default=True,
    metavar="POORT",
    help="Poort op deze computer (127.0.0.1) waarop het voorbeeld te zien is. "
    "Is die bezet, dan neemt het voorbeeld de eerstvolgende vrije poort.",
)  # fmt: skip
@click.option(
    "--formaat", "-f", "formats", multiple=True, type=_FORMATS,
    help="Formaat dat bij elke wijziging wordt gebouwd; herhaal voor meer. "
    "Standaard: docx en html (de webpagina is altijd nodig voor het voorbeeld).",
)  # fmt: skip
@click.option("--geen-browser", "no_browser", is_flag=True, help="Open de browser niet vanzelf.")
def preview(folder: Path, port: int, formats: tuple[str, ...], no_browser: bool) -> None:
    """Bekijk het document van werkmap MAP live in uw browser.

    Bij elke wijziging in regio.yaml, de blokken of de sjablonen bouwt het programma opnieuw;
    de pagina in de browser laadt dan vanzelf opnieuw. Stop met Ctrl+C.
    """
    from regiovisie_builder.commands.preview import preview as command

    _done(command(folder, port, formats, no_browser))


@regiovisie.command("check")
@click.argument("folder", metavar="[MAP]", default=".", type=_FOLDER)
@click.option("--json", "as_json", is_flag=True, help="Uitvoer als JSON.")
@click.option(
    "--strikt",
    "strict",
    is_flag=True,
    help="Ook mislukken als een thema of route 5 niet (volledig) is behandeld, als een "
    "advies (een richtlijn van de norm) niet is gevolgd, of als een consultatieversie niet "
    "zegt tot wanneer en hoe lezers kunnen reageren.",
)
def check(folder: Path, as_json: bool, strict: bool) -> None:
    """Toets werkmap MAP aan de acht afspraken van de Norm voor Opdrachtgeverschap.

    Exitcode 0: alle afspraken voldaan; 1: niet alle; 2: fout in de invoer.
    """
    from regiovisie_builder.commands.check import check as command

    _done(command(folder, as_json, strict))


@regiovisie.command("schema")
@click.option(
    "--markdown", "as_markdown", is_flag=True, help="Als tabel in Markdown (voor de handleiding)."
)
def schema(as_markdown: bool) -> None:
    """Toon het schema van regio.yaml (JSON Schema).

    Gebruik het in uw editor voor aanvullen en controleren, bijvoorbeeld met de regel
    '# yaml-language-server: $schema=regio.schema.json' bovenaan regio.yaml.
    """
    from regiovisie_builder.commands.schema import schema as command

    _done(command(as_markdown))


@regiovisie.command("publish")
@click.argument("folder", metavar="[MAP]", default=".", type=_FOLDER)
@click.option(
    "--strikt",
    "strict",
    is_flag=True,
    help="Publiceer niet (exitcode 1) als een concept of consultatieversie nog open punten "
    "of niet overgenomen standaardtekst heeft.",
)
def publish(folder: Path, strict: bool) -> None:
    """Publiceer de huidige versie van werkmap MAP.

    De teksten (na het invullen van de regiogegevens), regio.yaml, de Word- en webversie en
    een manifest met controlegetallen komen in MAP/versies/<versie>/. Een gepubliceerde versie
    wordt nooit overschreven; de status mag alleen vooruit (concept, consultatie, definitief,
    vastgesteld). Een concept of consultatieversie met open punten of niet overgenomen
    standaardtekst wordt gepubliceerd met een waarschuwing; met --strikt niet.
    """
    from regiovisie_builder.commands.publish import publish as command

    _done(command(folder, strict))


@regiovisie.command("diff")
@click.argument("folder", metavar="MAP", type=_FOLDER)
@click.argument("oud")
@click.argument("nieuw", default="werkkopie")
def diff(folder: Path, oud: str, nieuw: str) -> None:
    """Vergelijk versie OUD met versie NIEUW (standaard: de werkkopie, de huidige tekst).

    Schrijft naar MAP/build/ een wijzigingsoverzicht (Word en web) en het volledige document
    van de nieuwe versie met bijgehouden wijzigingen (Word en web); in Word kunt u elke
    wijziging accepteren of weigeren.
    """
    from regiovisie_builder.commands.diff import diff as command

    _done(command(folder, oud, nieuw))


@regiovisie.command("reactions")
@click.argument("folder", metavar="[MAP]", default=".", type=_FOLDER)
@click.option(
    "--versie",
    help="De versie waarop gereageerd is (standaard: de laatst gepubliceerde versie).",
)
def reactions(folder: Path, versie: str | None) -> None:
    """Lees de reacties in MAP/reacties/ in en maak de nota van beantwoording.

    Reacties komen uit csv- of Excel-exports van een reactieformulier, uit Word-bestanden
    met opmerkingen en uit e-mails die als .eml zijn opgeslagen. Elke reactie krijgt een
    nummer en komt in MAP/reacties/antwoorden.yaml, waar de werkgroep de antwoorden invult.
    Opnieuw inlezen voegt alleen nieuwe reacties toe.
    De nota komt in MAP/build/nota-van-beantwoording.docx.
    """
    from regiovisie_builder.commands.reactions import reactions as command

    _done(command(folder, versie))


@regiovisie.command("taal")
@click.argument("folder", metavar="[MAP]", default=".", type=_FOLDER)
@click.option("--strikt", "strict", is_flag=True, help="Exitcode 1 als er taaladvies is.")
@click.option(
    "--zonder-spelling", "without_spelling", is_flag=True, help="Sla de spellingcontrole over."
)
def taal(folder: Path, strict: bool, without_spelling: bool) -> None:
    """Geef taaladvies voor de tekst van werkmap MAP: lange zinnen, lange woorden,
    afkortingen zonder uitleg (taalniveau B1) en spelling."""
    from regiovisie_builder.commands.taal import taal as command

    _done(command(folder, strict, without_spelling))


@regiovisie.command("import")
@click.argument("file", metavar="BESTAND", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("folder", metavar="MAP", type=_FOLDER)
@click.option(
    "--met-standaardblokken",
    "with_standaardblokken",
    is_flag=True,
    help="Zet ook de standaardblokken van de toolkit in het document (na de ingelezen tekst).",
)
@click.option(
    "--forceer",
    "force",
    is_flag=True,
    help="Vervang blokken van een eerdere import (herkomst: import). Eigen blokken blijven.",
)
@click.option(
    "--naam",
    "name",
    default="Mijn regio",
    show_default=True,
    help="Naam van de regio bij een nieuwe werkmap.",
)
def import_(file: Path, folder: Path, with_standaardblokken: bool, force: bool, name: str):
    """Lees een bestaand Word-document (BESTAND: .docx, .doc of .odt) in als blokken van
    werkmap MAP. MAP wordt gemaakt als die nog niet bestaat."""
    from regiovisie_builder.commands.import_docx import import_ as command

    _done(command(file, folder, with_standaardblokken, force, name))


for _command in regiovisie.commands.values():
    _command.options_metavar = "[OPTIES]"


def _dutch() -> None:
    """Give every loaded click module the Dutch texts of ``clitaal``, and the value types
    Dutch names (also the ``click.Path`` types made when the commands above were defined)."""
    from regiovisie_builder.cli_language import TYPE_NAMES, translate, translate_plural

    for name, module in list(sys.modules.items()):
        if name == "click" or name.startswith("click."):
            if hasattr(module, "_"):
                setattr(module, "_", translate)  # noqa: B010 (not an attribute mypy knows)
            if hasattr(module, "ngettext"):
                setattr(module, "ngettext", translate_plural)  # noqa: B010
    for cls, dutch in TYPE_NAMES.items():
        getattr(click.types, cls).name = dutch
    for command in regiovisie.commands.values():
        for parameter in command.params:
            if isinstance(parameter.type, click.Path):
                parameter.type.name = translate(parameter.type.name)


# Python's cyclic garbage collector looks at the young objects after every 700 new ones by
# default, and at the whole heap every hundred times that. A build makes hundreds of
# thousands of objects that live until it ends (the document model, parsed blocks, Word
# XML): a rebuild of the 20x benchmark workspace after one block ran 224 collections that
# found 600 objects of garbage. A larger young generation keeps the collector (and the
# memory it frees) and takes most of that cost away: about 5 % of a build at 1x and 20x in
# the benchmark, with the same peak memory. Restored afterwards, for the tests and any
# other caller in a longer-running process.
_YOUNG_OBJECTS = 50_000


def main() -> None:
    """Entry point of the ``regiovisie`` console script and of ``python -m``."""
    _dutch()
    threshold = gc.get_threshold()
    gc.set_threshold(_YOUNG_OBJECTS, *threshold[1:])
    streams = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = ShowableStream(sys.stdout), ShowableStream(sys.stderr)
    try:
        regiovisie(prog_name="regiovisie")
    except RegiovisieError as error:
        error.show()
        sys.exit(error.exit_code)
    finally:
        sys.stdout, sys.stderr = streams
        gc.set_threshold(*threshold)


# At exit Python collects all objects once more before it frees them; everything is freed
# by the end of the process anyway, so the objects still alive are frozen first (the last
# handler to run: atexit runs the latest registered first) and that walk is skipped.
atexit.register(gc.freeze)
