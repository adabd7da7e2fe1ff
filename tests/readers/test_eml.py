"""Reactions by e-mail: ``.eml`` files in reacties/ become reactions under their paragraph."""

from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path

import yaml
from docx import Document as WordDocument

from regiovisie_builder.readers.eml import lees_eml, paragraaf_uit_onderwerp
from tests.conftest import run_cli


def mail(afzender: str, onderwerp: str, tekst: str, bijlagen=(), html: bool = False) -> bytes:
    bericht = EmailMessage()
    bericht["From"] = afzender
    bericht["To"] = "regiovisie@regio.example"
    bericht["Subject"] = onderwerp
    if html:
        bericht.set_content(f"<p>{tekst}</p><p>Groet</p>", subtype="html")
    else:
        bericht.set_content(tekst)
    for naam in bijlagen:
        bericht.add_attachment(b"%PDF-1.4 x", maintype="application", subtype="pdf", filename=naam)
    return bytes(bericht)


def test_subject_gives_the_paragraph_number_not_the_version():
    assert paragraaf_uit_onderwerp("Reactie op 2.3.1 – versie 0.9") == "2.3.1"
    assert paragraaf_uit_onderwerp("Re: versie 0.9, paragraaf 4.2") == "4.2"
    assert paragraaf_uit_onderwerp("Aanleiding") == "Aanleiding"


def test_private_sender_body_reply_quote_signature_and_attachments():
    inhoud = mail(
        "Jan de Vries <jan.devries@gmail.com>",
        "Reactie op 2.1 – versie 0.9",
        "Hoe worden jongeren betrokken?\n\n> eerdere mail\n-- \nJan de Vries\n06-12345678",
        bijlagen=("voorstel.pdf",),
    )
    inzending = lees_eml(inhoud, "reacties/jan.eml").inzendingen[0]
    assert inzending.paragraaf == "2.1"
    assert inzending.soort == "inwoner" and inzending.organisatie == ""
    assert inzending.tekst.startswith("Hoe worden jongeren betrokken?")
    assert "eerdere mail" not in inzending.tekst and "06-12345678" not in inzending.tekst
    assert inzending.tekst.endswith("Bijlagen (niet ingelezen): voorstel.pdf")


def test_reactions_command_imports_mails_and_anonymises_private_senders(zkij: Path):
    map_ = zkij / "reacties"
    map_.mkdir()
    (map_ / "jan.eml").write_bytes(
        mail(
            "Jan de Vries <jan.devries@gmail.com>",
            "Reactie op 2.1 – versie 0.9",
            "Hoe worden jongeren betrokken bij de uitvoering?",
            bijlagen=("voorstel.pdf",),
        )
    )
    (map_ / "ggd.eml").write_bytes(
        mail(
            "Petra Smit <p.smit@ggd-kennemerland.example>",
            "Reactie op 1.1 – versie 0.9",
            "Organisatie: GGD Kennemerland\nNoem ook de wachtlijsten.",
            html=True,
        )
    )
    uitkomst = run_cli("reactions", zkij)
    assert uitkomst.returncode == 0, uitkomst.stderr
    assert "2 nieuwe reactie(s)" in uitkomst.stdout
    tekst = (map_ / "antwoorden.yaml").read_text(encoding="utf-8")
    reacties = {r["paragraaf"]: r for r in yaml.safe_load(tekst)["reacties"]}
    assert reacties["2.1"]["indiener"] == "Inwoner 1" and reacties["2.1"]["blok"]
    assert "voorstel.pdf" in reacties["2.1"]["reactie"]
    assert reacties["1.1"]["indiener"] == "GGD Kennemerland"
    assert "Noem ook de wachtlijsten." in reacties["1.1"]["reactie"]
    nota = WordDocument(str(zkij / "build" / "nota-van-beantwoording.docx"))
    alles = "\n".join(p.text for p in nota.paragraphs) + "\n".join(
        c.text for t in nota.tables for r in t.rows for c in r.cells
    )
    for geheim in ("Jan de Vries", "jan.devries", "gmail"):
        assert geheim not in tekst and geheim not in alles

    # Saved again (same mail twice): nothing new.
    opnieuw = run_cli("reactions", zkij)
    assert "0 nieuwe reactie(s)" in opnieuw.stdout


def test_a_file_that_is_no_mail_is_a_dutch_error_and_nothing_is_written(zkij: Path):
    map_ = zkij / "reacties"
    map_.mkdir()
    (map_ / "leeg.eml").write_bytes(b"\x00\x01 geen mail")
    uitkomst = run_cli("reactions", zkij)
    assert uitkomst.returncode == 2
    assert "geen e-mail met een reactie" in uitkomst.stderr and "leeg.eml" in uitkomst.stderr
    assert "Traceback" not in uitkomst.stderr
    assert not (map_ / "antwoorden.yaml").exists()
