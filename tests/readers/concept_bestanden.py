"""Word drafts as regions bring them to ``regiovisie import``, made in the test."""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from pathlib import Path

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def png(width: int = 4, height: int = 3) -> bytes:
    """A small valid PNG image (red pixels)."""

    def chunk(soort: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + soort
            + data
            + struct.pack(">I", zlib.crc32(soort + data) & 0xFFFFFFFF)
        )

    raw = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def _link(section_number, text: str, address: str) -> None:
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rid = section_number.part.relate_to(address, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rid)
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = text
    run.append(t)
    link.append(run)
    section_number._p.append(link)


def with_heading_styles(path: Path) -> Path:
    """A draft with Heading 1-3, a cover, bold/italic, a link and both kinds of list."""
    from docx import Document

    document = Document()
    document.add_paragraph("Regiovisie jeugdhulp Voorbeeldregio", style="Title")
    document.add_paragraph("Versie 0.3, werkgroep jeugd")
    document.add_heading("Inleiding", level=1)
    document.add_heading("Aanleiding", level=2)
    p = document.add_paragraph("Sinds 2015 zijn de ")
    p.add_run("gemeenten").bold = True
    p.add_run(" verantwoordelijk voor ")
    p.add_run("jeugdhulp").italic = True
    p.add_run(". Lees meer bij ")
    _link(p, "de VNG", "https://vng.nl/norm")
    p.add_run(".")
    document.add_heading("Waarom nu", level=3)
    document.add_paragraph("De contracten lopen af.")
    document.add_heading("Toegang tot jeugdhulp", level=1)
    document.add_heading("De lokale teams", level=2)
    document.add_paragraph(
        "De lokale teams zijn de toegang tot jeugdhulp. Ook de huisarts verwijst; de "
        "toegang via het wijkteam blijft de hoofdroute."
    )
    document.add_paragraph("bereikbaar zijn", style="List Bullet")
    document.add_paragraph("met een brede blik werken", style="List Bullet")
    document.add_paragraph("eerst het gesprek", style="List Number")
    document.add_paragraph("dan de verwijzing", style="List Number")
    document.add_heading("Tarieven", level=2)
    document.add_paragraph(
        "Wij betalen reële tarieven. Het tarief volgt uit een kostprijsonderzoek; de "
        "tarieven worden jaarlijks geïndexeerd."
    )
    document.save(path)
    return path


def with_local_heading_names(path: Path) -> Path:
    """Headings in styles named "Kop 1"/"Kop 2" and one known only by its outline level."""
    from docx import Document
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = Document()
    for name in ("Kop 1", "Kop 2"):
        document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    own = document.styles.add_style("Hoofdstuktitel", WD_STYLE_TYPE.PARAGRAPH)
    level = OxmlElement("w:outlineLvl")
    level.set(qn("w:val"), "0")
    own.element.get_or_add_pPr().append(level)
    document.add_paragraph("Visie", style="Kop 1")
    document.add_paragraph("Wat wij willen", style="Kop 2")
    document.add_paragraph("Zo thuis mogelijk opgroeien.")
    document.add_paragraph("Governance", style="Hoofdstuktitel")
    document.add_paragraph("Een gemeenschappelijke regeling met één aanspreekpunt.")
    document.save(path)
    return path


def without_styles(path: Path) -> Path:
    """Only Normal paragraphs: numbered and short bold lines mark the sections."""
    from docx import Document

    document = Document()
    document.add_paragraph("Concept regiovisie")
    document.add_paragraph("1. Inleiding")
    document.add_paragraph("Deze visie beschrijft hoe de gemeenten samenwerken.")
    document.add_paragraph("1.1 Aanleiding")
    document.add_paragraph("Sinds 2015 zijn gemeenten verantwoordelijk.")
    document.add_paragraph("2. Beleidskader")
    document.add_paragraph("2.1 Toegang")
    document.add_paragraph("1. Dit is een genummerde zin in de tekst en geen kop.")
    document.add_paragraph().add_run("Wat vinden ouders").bold = True
    document.add_paragraph("Ouders willen één plan.")
    document.add_paragraph("4. Vertaling visie naar inkoop …")
    document.add_paragraph("We kopen samen in.")
    document.save(path)
    return path


FOOTNOTES_XML = (
    f'<w:footnotes xmlns:w="{W_NS}">'
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
    "</w:r></w:p></w:footnote>"
    '<w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> '
    "Zie de Jeugdwet, artikel 2.</w:t></w:r></w:p></w:footnote></w:footnotes>"
)


def _add_footnotes(content: bytes) -> bytes:
    """Add a footnotes part (python-docx cannot write footnotes)."""
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(
                    b"</Types>",
                    b'<Override PartName="/word/footnotes.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>',
                )
            elif item.filename == "word/_rels/document.xml.rels":
                data = data.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdVoetnoten" Type="http://schemas.openxmlformats.org/'
                    b'officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/>'
                    b"</Relationships>",
                )
            target.writestr(item, data)
        target.writestr("word/footnotes.xml", FOOTNOTES_XML)
    return out.getvalue()


def with_table_footnote_image(path: Path, description: str = "Kaart van de regio") -> Path:
    """A table with a merged cell and a caption, a footnote and two images."""
    from docx import Document
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = Document()
    document.add_heading("Cijfers", level=1)
    document.add_heading("Budget", level=2)
    p = document.add_paragraph("De kosten stijgen")
    run = p.add_run()
    ref = OxmlElement("w:footnoteReference")
    ref.set(qn("w:id"), "1")
    run._r.append(ref)
    p.add_run(" elk jaar.")
    document.add_paragraph("Tabel 1: Kosten per jaar", style="Caption")
    table = document.add_table(rows=3, cols=3)
    for i, text in enumerate(["Post", "2026", "2027"]):
        table.cell(0, i).text = text
    table.cell(1, 0).text = "Jeugdhulp | ambulant"
    table.cell(1, 1).text = "€ 100"
    table.cell(1, 2).text = "€ 110"
    table.cell(2, 0).text = "Samen"
    together = table.cell(2, 1).merge(table.cell(2, 2))
    together.text = "€ 210"
    picture = path.with_suffix(".png")
    picture.write_bytes(png())
    document.add_picture(str(picture))
    document.add_paragraph("Figuur 1: De regio op de kaart", style="Caption")
    document.add_picture(str(picture))
    document.add_paragraph("Na de figuren.")
    file = io.BytesIO()
    document.save(file)
    content = file.getvalue()
    # Alt text of the first image only; the second has none.
    content = _replace_part(
        content,
        "word/document.xml",
        lambda xml: xml.replace(b'descr=""', b"", 2).replace(
            b"<wp:docPr ", f'<wp:docPr descr="{description}" '.encode(), 1
        ),
    )
    path.write_bytes(_add_footnotes(content))
    return path


def _replace_part(content: bytes, name: str, change) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            target.writestr(item, change(data) if item.filename == name else data)
    return out.getvalue()


def with_changes(path: Path) -> Path:
    """Tracked changes (an insertion, a deletion, a move) and a comment."""
    from docx import Document

    document = Document()
    document.add_heading("Governance", level=1)
    document.add_paragraph("PLACEHOLDER")
    document.add_paragraph("Tweede alinea.")
    file = io.BytesIO()
    document.save(file)
    author = 'w:author="Redactie" w:date="2026-11-01T10:00:00Z"'
    paragraph = (
        '<w:p><w:r><w:t xml:space="preserve">De regio heeft </w:t></w:r>'
        f'<w:ins w:id="11" {author}><w:r><w:t xml:space="preserve">sinds 2025 </w:t></w:r></w:ins>'
        f'<w:del w:id="12" {author}><w:r><w:delText xml:space="preserve">misschien </w:delText>'
        "</w:r></w:del>"
        '<w:r><w:t xml:space="preserve">een gemeenschappelijke regeling</w:t></w:r>'
        f'<w:moveFrom w:id="13" {author}><w:r><w:t xml:space="preserve"> VERPLAATST</w:t></w:r>'
        "</w:moveFrom>"
        '<w:commentRangeStart w:id="0"/><w:r><w:t>.</w:t></w:r><w:commentRangeEnd w:id="0"/>'
        '<w:r><w:commentReference w:id="0"/></w:r></w:p>'
    )

    def change(xml: bytes) -> bytes:
        return re.sub(
            rb"<w:p>(?:(?!<w:p>).)*?PLACEHOLDER.*?</w:p>",
            paragraph.encode(),
            xml,
            count=1,
            flags=re.S,
        )

    content = _replace_part(file.getvalue(), "word/document.xml", change)
    comments = (
        f'<w:comments xmlns:w="{W_NS}"><w:comment w:id="0" w:author="Jan" w:initials="J">'
        "<w:p><w:r><w:t>Klopt dit jaartal?</w:t></w:r></w:p></w:comment></w:comments>"
    )
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        target.writestr("word/comments.xml", comments)
    path.write_bytes(out.getvalue())
    return path


def zip_bom(path: Path) -> Path:
    """A .docx whose document part unpacks to far more than it is packed."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        target.writestr("[Content_Types].xml", "<Types/>")
        target.writestr("word/document.xml", b" " * (20 * 1024 * 1024))
    path.write_bytes(out.getvalue())
    return path


def with_entities(path: Path) -> Path:
    """A .docx whose document part declares entities ("billion laughs" style)."""
    xml = (
        '<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p>'
        "</w:body></w:document>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        target.writestr("[Content_Types].xml", "<Types/>")
        target.writestr("word/document.xml", xml)
    path.write_bytes(out.getvalue())
    return path
