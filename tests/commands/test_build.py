"""`regiovisie build` end to end, and every bad input a user can hit: exit 2, Dutch message,
earlier output untouched."""

import contextlib
import hashlib
import json
import re
import zipfile
from pathlib import Path

import docx
import pytest

from tests.conftest import copy_built, copy_example, edit_yaml, restore_built, run_cli


def built(werkmap: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in (werkmap / "build").iterdir() if p.is_file()}


def docx_text(path: Path) -> str:
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


@pytest.fixture(scope="module")
def built_once(tmp_path_factory):
    """The Zuid-Kennemerland en IJmond example built once for the module: (workspace, an
    untouched copy of it right after the build, the build's result)."""
    base = tmp_path_factory.mktemp("gebouwd")
    werkmap = copy_example("zuid-kennemerland-ijmond", base)
    result = run_cli("build", werkmap)
    assert result.returncode == 0, result.stderr
    return werkmap, copy_built(werkmap, base / "na-de-bouw"), result


@pytest.fixture
def built_zkij(built_once) -> Path:
    """The built example, put back as it was right after its build, in the very folder it
    was built in: its build cache is then as valid as for a user who built it before (the
    cache key holds the files' paths). Tests run one after another in a module, so each gets
    it fresh and may change it."""
    werkmap, after_build, _ = built_once
    return restore_built(after_build, werkmap)


@pytest.mark.parametrize("example", ["zkij", "rijnmond"])
def test_example_builds_to_docx_and_html(example, built_once, tmp_path):
    if example == "zkij":
        werkmap, _, result = built_once
    else:
        werkmap = copy_example("rotterdam-rijnmond", tmp_path)
        result = run_cli("build", werkmap)
    assert result.returncode == 0, result.stderr
    assert "geschreven:" in result.stdout
    assert "Toetsing NvO: 8 van de 8 afspraken voldaan." in result.stdout
    docx_path = werkmap / "build" / "regiovisie.docx"
    html = (werkmap / "build" / "regiovisie.html").read_text(encoding="utf-8")
    document = docx.Document(str(docx_path))
    text = docx_text(docx_path)
    import yaml

    regio = yaml.safe_load((werkmap / "regio.yaml").read_text(encoding="utf-8"))["regio"]
    assert regio["naam"] in text and regio["naam"] in html
    for gemeente in regio["gemeenten"]:
        assert gemeente["naam"] in text, gemeente["naam"]
        assert gemeente["naam"] in html
    for leak in ("{{", "{%", "None", "\ue000"):
        assert leak not in text and leak not in html
    styles = {p.style.name for p in document.paragraphs}
    assert {"Heading 1", "Heading 2", "Title"} <= styles
    assert '<html lang="nl">' in html


def test_unfilled_sections_build_with_markers_and_are_listed(zkij):
    edit_yaml(zkij, lambda d: d.pop("contractering"))
    result = run_cli("build", zkij)
    assert result.returncode == 0, result.stderr
    assert "Nog in te vullen" in result.stdout
    assert "  - contractering.ingang" in result.stdout
    html = (zkij / "build" / "regiovisie.html").read_text(encoding="utf-8")
    assert '<mark class="open">[nog in te vullen: contractering.ingang]</mark>' in html
    with zipfile.ZipFile(zkij / "build" / "regiovisie.docx") as package:
        xml = package.read("word/document.xml").decode()
    marker_runs = re.findall(
        r"<w:r><w:rPr><w:highlight w:val=\"yellow\"/></w:rPr><w:t[^>]*>([^<]*)</w:t>", xml
    )
    assert "[nog in te vullen: contractering.ingang]" in marker_runs


def test_final_status_with_markers_is_refused(built_zkij):
    zkij = built_zkij
    before = built(zkij)

    def change(d):
        d.pop("contractering")
        d["document"]["status"] = "definitief"

    edit_yaml(zkij, change)
    result = run_cli("build", zkij)
    assert result.returncode == 2
    assert "De status is 'definitief', maar er staan nog" in result.stderr
    assert "  - contractering.ingang ontbreekt (" in result.stderr
    assert built(zkij) == before


BAD_INPUT = {
    "yaml_syntax": (
        lambda w: _replace(
            w / "regio.yaml", "  naam: Zuid-Kennemerland en IJmond", "  naam: Zuid: Kennemerland"
        ),
        ["regio.yaml is geen geldige YAML", "regio.yaml, regel"],
    ),
    "missing_required_key": (
        lambda w: edit_yaml(w, lambda d: d["document"].pop("kenmerk")),
        ["de verplichte sleutel 'document.kenmerk' ontbreekt"],
    ),
    "mistyped_key_type": (
        lambda w: edit_yaml(w, lambda d: d["governance"].update(meerjarig="soms")),
        ["'governance.meerjarig' moet ja of nee (true of false) zijn"],
    ),
    "unknown_purchasing_model": (
        lambda w: edit_yaml(w, lambda d: d["inkoop"].update(model="landelijk")),
        ["'inkoop.model' heeft de onbekende waarde 'landelijk'", "Kies uit: lokaal_tenzij"],
    ),
    "broken_front_matter": (
        lambda w: (w / "content" / "kapot.md").write_text("---\nid: kapot\ntitel: [x\n---\nT\n"),
        ["1 fout in de front matter", "kapot.md, regel"],
    ),
    "malformed_jinja": (
        lambda w: (w / "content" / "kapot.md").write_text(
            "---\nid: kapot\ntitel: K\nhoofdstuk: inhoud\n---\nA\n{% if regio.naam %}\n"
        ),
        ["kapot.md, regel", "voeg {% endif %} toe"],
    ),
    "undefined_variable": (
        lambda w: (w / "content" / "kapot.md").write_text(
            "---\nid: kapot\ntitel: K\nhoofdstuk: inhoud\n---\nA\n\n{{ regio.gemeente }}\n"
        ),
        ["kapot.md, regel 8", "'gemeente' bestaat niet", "Bedoelt u 'gemeenten'?"],
    ),
    "duplicate_block_id": (
        lambda w: (w / "content" / "dubbel.md").write_text(
            (w / "content" / "regio-was-wordt.md").read_text(encoding="utf-8"), encoding="utf-8"
        ),
        ["Er zijn blokken met hetzelfde id", "het id 'regio-was-wordt' wordt al gebruikt"],
    ),
    "sandbox_escape": (
        lambda w: (w / "content" / "kapot.md").write_text(
            "---\nid: kapot\ntitel: K\nhoofdstuk: inhoud\n---\n{{ ''.__class__.__mro__ }}\n"
        ),
        ["kapot.md, regel 6", "niet toegestaan"],
    ),
    "unknown_chapter": (
        lambda w: (w / "content" / "kapot.md").write_text(
            "---\nid: kapot\ntitel: K\nhoofdstuk: slot\n---\nA\n"
        ),
        ["het hoofdstuk 'slot' bestaat niet"],
    ),
    "broken_outline": (
        lambda w: _write(
            w / "templates" / "documenten" / "regiovisie.yaml", "soort: regiovisie\ntitel: [x\n"
        ),
        [
            "templates/documenten/regiovisie.yaml is geen geldige YAML.",
            "templates/documenten/regiovisie.yaml, regel 3: een lijst tussen [ ] is niet "
            "afgesloten",
        ],
    ),
    "broken_house_style": (
        lambda w: _write(w / "templates" / "huisstijl.docx", "PK\x03\x04 kapot"),
        ["Bouwen mislukt: De huisstijl (templates/huisstijl.docx) is geen Word-document"],
    ),
    "house_style_zip_bomb": (
        lambda w: _house_style_bomb(w / "templates" / "huisstijl.docx"),
        [
            "Dit huisstijlbestand is verdacht en wordt niet gebruikt. Er is niets gebouwd.",
            "templates/huisstijl.docx: het onderdeel word/styles.xml is meer dan 100 keer "
            "samengeperst; dat lijkt op een zip-bom.",
        ],
    ),
    "house_style_fetches_from_elsewhere": (
        lambda w: _house_style_with(
            w / "templates" / "huisstijl.docx",
            {
                "word/_rels/header1.xml.rels": _rels(
                    ("rIdPix", "image", "http://aanvaller.example/pixel.png"),
                ),
                "word/_rels/footer1.xml.rels": _rels(
                    ("rIdUnc", "hyperlink", "file://///aanvaller.example/deel/lees.docx"),
                    ("rIdWeb", "hyperlink", "https://www.example.nl/jeugd"),
                ),
            },
        ),
        [
            "De huisstijl verwijst naar bestanden of adressen buiten het document.",
            "templates/huisstijl.docx: het onderdeel word/_rels/header1.xml.rels laat Word een "
            "afbeelding ophalen van 'http://aanvaller.example/pixel.png'",
            "templates/huisstijl.docx: het onderdeel word/_rels/footer1.xml.rels een koppeling "
            "naar 'file://///aanvaller.example/deel/lees.docx', geen webpagina of e-mailadres",
        ],
    ),
    "house_style_with_macros": (
        lambda w: _house_style_with(
            w / "templates" / "huisstijl.docx",
            {"word/vbaProject.bin": b"\xd0\xcf\x11\xe0 macro's"},
            content_type=("/word/vbaProject.bin", "application/vnd.ms-office.vbaProject"),
        ),
        [
            "De huisstijl bevat macro's, ActiveX of ingesloten objecten. Er is niets gebouwd.",
            "templates/huisstijl.docx: het onderdeel /word/vbaProject.bin kan programmacode "
            "starten.",
        ],
    ),
}

_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _rels(*relationships: tuple[str, str, str]) -> bytes:
    """A relationships part with external targets: (id, type, target) each."""
    items = "".join(
        f'<Relationship Id="{i}" Type="{_R}/{t}" Target="{target}" TargetMode="External"/>'
        for i, t, target in relationships
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships '
        f'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{items}'
        "</Relationships>"
    ).encode()


@contextlib.contextmanager
def _from_plain_house_style(path: Path):
    """python-docx's own Word file (``source``) and a new zip at ``path`` (``target``) to
    copy it into, part by part."""
    import io

    plain = io.BytesIO()
    docx.Document().save(plain)
    path.parent.mkdir(parents=True, exist_ok=True)
    with (
        zipfile.ZipFile(plain) as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        yield source, target


def _house_style_with(
    path: Path, extra: dict[str, bytes], content_type: tuple[str, str] | None = None
) -> None:
    """python-docx's own Word file with ``extra`` parts added (or replaced), and optionally
    one more content type (part name, type)."""
    with _from_plain_house_style(path) as (source, target):
        for name in source.namelist():
            content = source.read(name)
            if name == "[Content_Types].xml" and content_type is not None:
                part, kind = content_type
                override = f'<Override PartName="{part}" ContentType="{kind}"/></Types>'
                content = content.replace(b"</Types>", override.encode())
            if name not in extra:
                target.writestr(name, content)
        for name, content in extra.items():
            target.writestr(name, content)


def _house_style_bomb(path: Path) -> None:
    """A Word file that opens, whose styles part unpacks to 150 MB of spaces (1 MB packed):
    python-docx would unpack it whole. A larger one would fill the memory."""
    with _from_plain_house_style(path) as (source, target):
        for item in source.infolist():
            if item.filename != "word/styles.xml":
                target.writestr(item, source.read(item.filename), zipfile.ZIP_DEFLATED)
        with target.open("word/styles.xml", "w") as part:
            for _ in range(150):
                part.write(b" " * (1 << 20))


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.mark.parametrize("case", sorted(BAD_INPUT))
def test_bad_input_exit_2_dutch_message_output_untouched(case, built_zkij):
    zkij = built_zkij
    before = built(zkij)
    breaks, messages = BAD_INPUT[case]
    breaks(zkij)
    result = run_cli("build", zkij)
    assert result.returncode == 2, result.stdout + result.stderr
    for message in messages:
        assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert built(zkij) == before
    leftovers = sorted(p.name for p in (zkij / "build").iterdir() if p.name.startswith("."))
    assert leftovers == [".cache", ".regiovisie-cache.json"]
    assert [p.name for p in (zkij / "build" / ".cache").iterdir()] == ["blokken.pickle"]


def test_missing_workspace_and_missing_regio_yaml(tmp_path):
    result = run_cli("build", tmp_path / "bestaat-niet")
    assert result.returncode == 2
    assert "bestaat niet" in result.stderr
    result = run_cli("build", tmp_path)
    assert result.returncode == 2
    assert "staat geen regio.yaml" in result.stderr and "regiovisie init" in result.stderr


def test_only_requested_format_is_written_with_the_usual_file_permissions(zkij):
    import os
    import stat

    result = run_cli("build", zkij, "--formaat", "html")
    assert result.returncode == 0
    assert sorted(built(zkij)) == [".regiovisie-cache.json", "regiovisie.html"]
    umask = os.umask(0o022)
    os.umask(umask)
    mode = stat.S_IMODE((zkij / "build" / "regiovisie.html").stat().st_mode)
    assert mode == 0o666 & ~umask


def test_annex_can_be_left_out(zkij):
    run_cli("build", zkij, "--formaat", "html", "--zonder-toetsing")
    html = (zkij / "build" / "regiovisie.html").read_text(encoding="utf-8")
    assert "Toetsing aan de Norm voor Opdrachtgeverschap" not in html
    run_cli("build", zkij, "--formaat", "html")
    html = (zkij / "build" / "regiovisie.html").read_text(encoding="utf-8")
    assert "Bijlage: Toetsing aan de Norm voor Opdrachtgeverschap" in html


def test_rebuild_without_changes_does_no_work(built_zkij):
    zkij = built_zkij
    before = {
        p: (p.read_bytes(), p.stat().st_mtime_ns)
        for p in (zkij / "build").rglob("*")
        if p.is_file()
    }
    again = run_cli("build", zkij)
    assert again.returncode == 0
    assert "Niets veranderd sinds de vorige bouw" in again.stdout
    assert "Toetsing NvO: 8 van de 8 afspraken voldaan." in again.stdout
    after = {
        p: (p.read_bytes(), p.stat().st_mtime_ns)
        for p in (zkij / "build").rglob("*")
        if p.is_file()
    }
    assert after == before


def _forge_output_and_cache(zkij: Path) -> None:
    """Edit the HTML and write the no-op cache file to match it, with a summary of one's
    own: what someone with access to build/ (a shared drive, a workspace sent with its
    build/) can do without this user's signing key."""
    from regiovisie_builder.build_cache import CACHE_FILE

    html = zkij / "build" / "regiovisie.html"
    html.write_bytes(html.read_bytes().replace(b"Regiovisie Jeugdhulp", b"VERVALST"))
    data = (zkij / "build" / CACHE_FILE).read_bytes()
    try:
        stored = json.loads(data)
    except ValueError:  # signed: the signature (32 bytes) before the JSON
        stored = json.loads(data[32:])
    stored["bestanden"]["regiovisie.html"] = hashlib.sha256(html.read_bytes()).hexdigest()
    stored["regels"] = ["Alles in orde."]
    (zkij / "build" / CACHE_FILE).write_text(json.dumps(stored), encoding="utf-8")


@pytest.mark.parametrize(
    "change",
    ["block", "regio", "output_removed", "output_edited", "output_and_cache_forged", "format"],
)
def test_any_change_forces_a_real_build(built_zkij, change):
    # Unchanged, this workspace would not be built again (test_rebuild_without_changes_...).
    zkij = built_zkij
    args = []
    if change == "block":
        blok = zkij / "content" / "regio-was-wordt.md"
        blok.write_text(blok.read_text(encoding="utf-8") + "\nEen nieuwe zin.\n", encoding="utf-8")
    elif change == "regio":
        edit_yaml(zkij, lambda d: d["document"].update(versie="0.95"))
    elif change == "output_removed":
        (zkij / "build" / "regiovisie.html").unlink()
    elif change == "output_edited":
        (zkij / "build" / "regiovisie.docx").write_bytes(b"kapot")
    elif change == "output_and_cache_forged":
        _forge_output_and_cache(zkij)
    else:
        args = ["--formaat", "docx"]
    result = run_cli("build", zkij, *args)
    assert result.returncode == 0
    assert "Niets veranderd" not in result.stdout
    assert "geschreven:" in result.stdout
    if change == "block":
        html = (zkij / "build" / "regiovisie.html").read_text(encoding="utf-8")
        assert "Een nieuwe zin." in html
    if change == "output_edited":
        assert zipfile.is_zipfile(zkij / "build" / "regiovisie.docx")
    if change == "output_and_cache_forged":
        assert "Alles in orde." not in result.stdout
        assert b"VERVALST" not in (zkij / "build" / "regiovisie.html").read_bytes()


def test_batch_build_of_many_workspaces(tmp_path):
    regios = tmp_path / "regios"
    regios.mkdir()
    copy_example("zuid-kennemerland-ijmond", regios)
    copy_example("rotterdam-rijnmond", regios)
    broken = copy_example("rotterdam-rijnmond", regios / "kapot").rename(regios / "kapot-regio")
    (regios / "kapot").rmdir()
    (broken / "regio.yaml").write_text("regio: [\n", encoding="utf-8")
    result = run_cli("build", "--alle", regios, "--formaat", "docx", "-j", "2")
    assert result.returncode == 1
    assert "2 van 3 werkmappen gebouwd." in result.stdout
    assert "Mislukt:" in result.stderr and "kapot-regio" in result.stderr
    assert "regio.yaml is geen geldige YAML" in result.stderr
    for name in ("zuid-kennemerland-ijmond", "rotterdam-rijnmond"):
        assert (regios / name / "build" / "regiovisie.docx").is_file()
    assert not (broken / "build").exists()


def test_several_folders_without_alle_is_refused(zkij, rijnmond):
    result = run_cli("build", zkij, rijnmond)
    assert result.returncode == 2
    assert "gebruik --alle" in result.stderr
