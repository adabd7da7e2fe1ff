"""Word drafts as regions bring them to ``regiovisie import``, made in the test."""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from pathlib import Path

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def png(breedte: int = 4, hoogte: int = 3) -> bytes:
    """A small valid PNG image (red pixels)."""

    def chunk(soort: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + soort
            + data
            + struct.pack(">I", zlib.crc32(soort + data) & 0xFFFFFFFF)
        )

    rauw = b"".join(b"\x00" + b"\xff\x00\x00" * breedte for _ in range(hoogte))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", breedte, hoogte, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(rauw))
        + chunk(b"IEND", b"")
    )


def _link(paragraaf, tekst: str, adres: str) -> None:
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rid = paragraaf.part.relate_to(adres, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rid)
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = tekst
    run.append(t)
    link.append(run)
    paragraaf._p.append(link)


def met_kopstijlen(path: Path) -> Path:
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


def met_lokale_kopnamen(path: Path) -> Path:
    """Headings in styles named "Kop 1"/"Kop 2" and one known only by its outline level."""
    from docx import Document
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = Document()
    for naam in ("Kop 1", "Kop 2"):
        document.styles.add_style(naam, WD_STYLE_TYPE.PARAGRAPH)
    eigen = document.styles.add_style("Hoofdstuktitel", WD_STYLE_TYPE.PARAGRAPH)
    niveau = OxmlElement("w:outlineLvl")
    niveau.set(qn("w:val"), "0")
    eigen.element.get_or_add_pPr().append(niveau)
    document.add_paragraph("Visie", style="Kop 1")
    document.add_paragraph("Wat wij willen", style="Kop 2")
    document.add_paragraph("Zo thuis mogelijk opgroeien.")
    document.add_paragraph("Governance", style="Hoofdstuktitel")
    document.add_paragraph("Een gemeenschappelijke regeling met één aanspreekpunt.")
    document.save(path)
    return path


def zonder_stijlen(path: Path) -> Path:
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


def _voeg_voetnoten_toe(inhoud: bytes) -> bytes:
    """Add a footnotes part (python-docx cannot write footnotes)."""
    bron = zipfile.ZipFile(io.BytesIO(inhoud))
    uit = io.BytesIO()
    with zipfile.ZipFile(uit, "w", zipfile.ZIP_DEFLATED) as doel:
        for item in bron.infolist():
            data = bron.read(item.filename)
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
            doel.writestr(item, data)
        doel.writestr("word/footnotes.xml", FOOTNOTES_XML)
    return uit.getvalue()


def met_tabel_voetnoot_afbeelding(path: Path, beschrijving: str = "Kaart van de regio") -> Path:
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
    tabel = document.add_table(rows=3, cols=3)
    for i, tekst in enumerate(["Post", "2026", "2027"]):
        tabel.cell(0, i).text = tekst
    tabel.cell(1, 0).text = "Jeugdhulp | ambulant"
    tabel.cell(1, 1).text = "€ 100"
    tabel.cell(1, 2).text = "€ 110"
    tabel.cell(2, 0).text = "Samen"
    samen = tabel.cell(2, 1).merge(tabel.cell(2, 2))
    samen.text = "€ 210"
    plaatje = path.with_suffix(".png")
    plaatje.write_bytes(png())
    document.add_picture(str(plaatje))
    document.add_paragraph("Figuur 1: De regio op de kaart", style="Caption")
    document.add_picture(str(plaatje))
    document.add_paragraph("Na de figuren.")
    bestand = io.BytesIO()
    document.save(bestand)
    inhoud = bestand.getvalue()
    # Alt text of the first image only; the second has none.
    inhoud = _vervang_deel(
        inhoud,
        "word/document.xml",
        lambda xml: xml.replace(b'descr=""', b"", 2).replace(
            b"<wp:docPr ", f'<wp:docPr descr="{beschrijving}" '.encode(), 1
        ),
    )
    path.write_bytes(_voeg_voetnoten_toe(inhoud))
    return path


def _vervang_deel(inhoud: bytes, naam: str, verander) -> bytes:
    bron = zipfile.ZipFile(io.BytesIO(inhoud))
    uit = io.BytesIO()
    with zipfile.ZipFile(uit, "w", zipfile.ZIP_DEFLATED) as doel:
        for item in bron.infolist():
            data = bron.read(item.filename)
            doel.writestr(item, verander(data) if item.filename == naam else data)
    return uit.getvalue()


def met_wijzigingen(path: Path) -> Path:
    """Tracked changes (an insertion, a deletion, a move) and a comment."""
    from docx import Document

    document = Document()
    document.add_heading("Governance", level=1)
    document.add_paragraph("PLACEHOLDER")
    document.add_paragraph("Tweede alinea.")
    bestand = io.BytesIO()
    document.save(bestand)
    auteur = 'w:author="Redactie" w:date="2026-11-01T10:00:00Z"'
    alinea = (
        '<w:p><w:r><w:t xml:space="preserve">De regio heeft </w:t></w:r>'
        f'<w:ins w:id="11" {auteur}><w:r><w:t xml:space="preserve">sinds 2025 </w:t></w:r></w:ins>'
        f'<w:del w:id="12" {auteur}><w:r><w:delText xml:space="preserve">misschien </w:delText>'
        "</w:r></w:del>"
        '<w:r><w:t xml:space="preserve">een gemeenschappelijke regeling</w:t></w:r>'
        f'<w:moveFrom w:id="13" {auteur}><w:r><w:t xml:space="preserve"> VERPLAATST</w:t></w:r>'
        "</w:moveFrom>"
        '<w:commentRangeStart w:id="0"/><w:r><w:t>.</w:t></w:r><w:commentRangeEnd w:id="0"/>'
        '<w:r><w:commentReference w:id="0"/></w:r></w:p>'
    )

    def verander(xml: bytes) -> bytes:
        return re.sub(
            rb"<w:p>(?:(?!<w:p>).)*?PLACEHOLDER.*?</w:p>", alinea.encode(), xml, count=1, flags=re.S
        )

    inhoud = _vervang_deel(bestand.getvalue(), "word/document.xml", verander)
    opmerkingen = (
        f'<w:comments xmlns:w="{W_NS}"><w:comment w:id="0" w:author="Jan" w:initials="J">'
        "<w:p><w:r><w:t>Klopt dit jaartal?</w:t></w:r></w:p></w:comment></w:comments>"
    )
    bron = zipfile.ZipFile(io.BytesIO(inhoud))
    uit = io.BytesIO()
    with zipfile.ZipFile(uit, "w", zipfile.ZIP_DEFLATED) as doel:
        for item in bron.infolist():
            doel.writestr(item, bron.read(item.filename))
        doel.writestr("word/comments.xml", opmerkingen)
    path.write_bytes(uit.getvalue())
    return path


def zip_bom(path: Path) -> Path:
    """A .docx whose document part unpacks to far more than it is packed."""
    uit = io.BytesIO()
    with zipfile.ZipFile(uit, "w", zipfile.ZIP_DEFLATED) as doel:
        doel.writestr("[Content_Types].xml", "<Types/>")
        doel.writestr("word/document.xml", b" " * (20 * 1024 * 1024))
    path.write_bytes(uit.getvalue())
    return path


def met_entiteiten(path: Path) -> Path:
    """A .docx whose document part declares entities ("billion laughs" style)."""
    xml = (
        '<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p>'
        "</w:body></w:document>"
    )
    uit = io.BytesIO()
    with zipfile.ZipFile(uit, "w", zipfile.ZIP_DEFLATED) as doel:
        doel.writestr("[Content_Types].xml", "<Types/>")
        doel.writestr("word/document.xml", xml)
    path.write_bytes(uit.getvalue())
    return path
