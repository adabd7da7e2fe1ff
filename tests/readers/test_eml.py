"""Reactions by e-mail: ``.eml`` files in reacties/ become reactions under their paragraph."""

from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path

import yaml
from docx import Document as WordDocument

from regiovisie_builder.readers.eml import paragraph_from_subject, read_eml
from tests.conftest import run_cli
from tests.readers.reactie_bestanden import assert_reactions_refused


def mail(sender: str, subject: str, text: str, bijlagen=(), html: bool = False) -> bytes:
    raw_message = EmailMessage()
    raw_message["From"] = sender
    raw_message["To"] = "regiovisie@regio.example"
    raw_message["Subject"] = subject
    if html:
        raw_message.set_content(f"<p>{text}</p><p>Groet</p>", subtype="html")
    else:
        raw_message.set_content(text)
    for name in bijlagen:
        raw_message.add_attachment(
            b"%PDF-1.4 x", maintype="application", subtype="pdf", filename=name
        )
    return bytes(raw_message)


def test_subject_gives_the_paragraph_number_not_the_version():
    assert paragraph_from_subject("Reactie op 2.3.1 – versie 0.9") == "2.3.1"
    assert paragraph_from_subject("Re: versie 0.9, paragraaf 4.2") == "4.2"
    assert paragraph_from_subject("Aanleiding") == "Aanleiding"
    # Appendix sections, as the site's "Reageer op ..." links write them.
    assert paragraph_from_subject("Reactie op A.1 – versie 1.0") == "A.1"
    assert paragraph_from_subject("Re: Reactie op Bijlage B – versie 1.0") == "Bijlage B"


def test_private_sender_body_reply_quote_signature_and_attachments():
    content = mail(
        "Jan de Vries <jan.devries@gmail.com>",
        "Reactie op 2.1 – versie 0.9",
        "Hoe worden jongeren betrokken?\n\n> eerdere mail\n-- \nJan de Vries\n06-12345678",
        bijlagen=("voorstel.pdf",),
    )
    submission = read_eml(content, "reacties/jan.eml").submissions[0]
    assert submission.section_number == "2.1"
    assert submission.soort == "inwoner" and submission.organisation == ""
    assert submission.text.startswith("Hoe worden jongeren betrokken?")
    assert "eerdere mail" not in submission.text and "06-12345678" not in submission.text
    assert submission.text.endswith("Bijlagen (niet ingelezen): voorstel.pdf")


def test_reactions_command_imports_mails_and_anonymises_private_senders(zkij: Path):
    folder = zkij / "reacties"
    folder.mkdir()
    (folder / "jan.eml").write_bytes(
        mail(
            "Jan de Vries <jan.devries@gmail.com>",
            "Reactie op 2.1 – versie 0.9",
            "Hoe worden jongeren betrokken bij de uitvoering?",
            bijlagen=("voorstel.pdf",),
        )
    )
    (folder / "ggd.eml").write_bytes(
        mail(
            "Petra Smit <p.smit@ggd-kennemerland.example>",
            "Reactie op 1.1 – versie 0.9",
            "Organisatie: GGD Kennemerland\nNoem ook de wachtlijsten.",
            html=True,
        )
    )
    outcome = run_cli("reactions", zkij)
    assert outcome.returncode == 0, outcome.stderr
    assert "2 nieuwe reacties;" in outcome.stdout
    text = (folder / "antwoorden.yaml").read_text(encoding="utf-8")
    reacties = {r["paragraaf"]: r for r in yaml.safe_load(text)["reacties"]}
    assert reacties["2.1"]["indiener"] == "Inwoner 1" and reacties["2.1"]["blok"]
    assert "voorstel.pdf" in reacties["2.1"]["reactie"]
    assert reacties["1.1"]["indiener"] == "GGD Kennemerland"
    assert "Noem ook de wachtlijsten." in reacties["1.1"]["reactie"]
    nota = WordDocument(str(zkij / "build" / "nota-van-beantwoording.docx"))
    everything = "\n".join(p.text for p in nota.paragraphs) + "\n".join(
        c.text for t in nota.tables for r in t.rows for c in r.cells
    )
    for secret in ("Jan de Vries", "jan.devries", "gmail"):
        assert secret not in text and secret not in everything

    # Saved again (same mail twice): nothing new.
    again = run_cli("reactions", zkij)
    assert "0 nieuwe reacties;" in again.stdout


def test_a_file_that_is_no_mail_is_a_dutch_error_and_nothing_is_written(zkij: Path):
    folder = zkij / "reacties"
    folder.mkdir()
    (folder / "leeg.eml").write_bytes(b"\x00\x01 geen mail")
    outcome = run_cli("reactions", zkij)
    assert outcome.returncode == 2
    assert "geen e-mail met een reactie" in outcome.stderr and "leeg.eml" in outcome.stderr
    assert "Traceback" not in outcome.stderr
    assert not (folder / "antwoorden.yaml").exists()


def test_a_mail_nested_thousands_of_parts_deep_is_a_dutch_error(zkij: Path):
    """Python's e-mail package walks nested parts recursively; a mail from outside with 3,000
    multipart levels ended in RecursionError. Its 3,000 parts are now refused before the
    parts are walked."""
    body = "".join(
        f'Content-Type: multipart/mixed; boundary="b{i}"\r\n\r\n--b{i}\r\n' for i in range(3000)
    )
    body += "Content-Type: text/plain\r\n\r\nHallo\r\n"
    body += "".join(f"--b{i}--\r\n" for i in reversed(range(3000)))
    folder = zkij / "reacties"
    folder.mkdir()
    (folder / "diep.eml").write_bytes(
        f"From: a@voorbeeld.nl\r\nSubject: Reactie\r\nMIME-Version: 1.0\r\n{body}".encode()
    )
    outcome = run_cli("reactions", zkij)
    assert outcome.returncode == 2, outcome.stderr
    assert "te groot om in te lezen" in outcome.stderr and "diep.eml" in outcome.stderr
    assert "meer dan 200 delen" in outcome.stderr
    assert "Traceback" not in outcome.stderr
    assert not (folder / "antwoorden.yaml").exists()


def test_long_headers_that_are_never_parsed_do_not_refuse_a_mail():
    """A reaction in a long thread, sent to a whole council: References and Cc of tens of
    thousands of characters. Nothing parses them, so they are no reason to refuse the mail
    (only the headers that are parsed have the length cap)."""
    content = mail("Griffie <griffie@gemeente.example>", "Reactie op 2.1", "Onze reactie.")
    references = " ".join(f"<bericht-{n}@gemeente.example>" for n in range(1_000))
    copies = ", ".join(f"raadslid{n}@gemeente.example" for n in range(1_000))
    assert len(references) > 10_000 and len(copies) > 10_000
    content = f"References: {references}\r\nCc: {copies}\r\n".encode() + content
    submission = read_eml(content, "reacties/griffie.eml").submissions[0]
    assert submission.section_number == "2.1"
    assert submission.text.startswith("Onze reactie.")


def test_mails_with_a_header_bomb_or_thousands_of_parts_are_refused_within_a_memory_cap(
    zkij: Path,
):
    """Python's header parser needs memory that grows with the square of the encoded words
    in one header: a subject of 20,000 "=?utf-8?q?a?=" (280 kB) took gigabytes. And every
    part costs half a millisecond and a line in the reaction: 25 MB of tiny attachments
    kept the command busy for minutes. Both are refused before the headers are parsed."""

    folder = zkij / "reacties"
    folder.mkdir()
    words = " ".join(["=?utf-8?q?a?="] * 20_000)
    (folder / "onderwerp.eml").write_bytes(
        f"From: a@voorbeeld.nl\r\nSubject: {words}\r\n\r\nMijn reactie.\r\n".encode()
    )
    attachment = (
        '--x\r\nContent-Type: text/plain\r\nContent-Disposition: attachment; filename="a.txt"'
        "\r\n\r\nq\r\n"
    )
    (folder / "bijlagen.eml").write_bytes(
        (
            "From: a@voorbeeld.nl\r\nSubject: Reactie op 1.1\r\nMIME-Version: 1.0\r\n"
            'Content-Type: multipart/mixed; boundary="x"\r\n\r\n'
            "--x\r\nContent-Type: text/plain\r\n\r\nMijn reactie.\r\n"
            + attachment * 5_000
            + "--x--\r\n"
        ).encode()
    )

    assert_reactions_refused(
        zkij,
        "onderwerp.eml: Een e-mail met een reactie is te groot om in te lezen: de kopregel ",
        "'Subject' is langer dan 10000 tekens.",
        "bijlagen.eml: Een e-mail met een reactie is te groot om in te lezen: de e-mail ",
        "meer dan 200 delen",
    )
