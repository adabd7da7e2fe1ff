"""The draft as a checked zip package: size limits against zip bombs, parts read with a cap,
XML parsed with defusedxml (no DTD, no entities, no external references)."""

from __future__ import annotations

import io
import posixpath
import zipfile

from regiovisie_builder.errors import ContentError, Probleem

# Limits for a draft from outside; the sizes in a zip header can lie, so parts are also
# read with a cap.
MAX_BESTAND = 50 * 1024 * 1024  # bytes, the file itself
MAX_ONDERDELEN = 3000
MAX_TOTAAL = 300 * 1024 * 1024  # bytes unpacked, whole package
MAX_ONDERDEEL = 50 * 1024 * 1024  # bytes unpacked, one part (an image)
MAX_XML = 40 * 1024 * 1024  # bytes unpacked, one XML part (a 500-page text is far less)
MAX_VERHOUDING = 100  # unpacked / packed, for parts above VERHOUDING_VANAF
VERHOUDING_VANAF = 1024 * 1024

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PR = "http://schemas.openxmlformats.org/package/2006/relationships"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
V = "urn:schemas-microsoft-com:vml"
DOCUMENT_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"


def w(naam: str) -> str:
    return f"{{{W}}}{naam}"


# --- the package ---------------------------------------------------------------------------


def leesfout(bestand: str, melding: str, uitleg: str) -> ContentError:
    return ContentError(f"{melding} Er is niets geschreven.", [Probleem(bestand, None, uitleg)])


class Pakket:
    """A checked .docx package whose parts are read with size caps."""

    def __init__(self, inhoud: bytes, bestand: str):
        self.bestand = bestand
        if len(inhoud) > MAX_BESTAND:
            raise leesfout(
                bestand,
                "Dit Word-bestand is te groot om in te lezen.",
                f"het is {len(inhoud) // (1024 * 1024)} MB; de grens is "
                f"{MAX_BESTAND // (1024 * 1024)} MB. Haal grote afbeeldingen eruit of splits "
                "het document.",
            )
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(inhoud))
            onderdelen = self._zip.infolist()
        except (zipfile.BadZipFile, ValueError, OSError):
            raise leesfout(
                bestand,
                "Dit Word-bestand is beschadigd of is geen .docx-bestand.",
                "het bestand kan niet worden geopend; open het in Word of LibreOffice, sla het "
                "op als .docx en probeer het opnieuw.",
            ) from None
        if len(onderdelen) > MAX_ONDERDELEN:
            raise self._bom(f"het bevat {len(onderdelen)} onderdelen")
        totaal = sum(o.file_size for o in onderdelen)
        if totaal > MAX_TOTAAL:
            raise self._bom(f"uitgepakt zou het {totaal // (1024 * 1024)} MB worden")
        for onderdeel in onderdelen:
            if onderdeel.file_size > VERHOUDING_VANAF and (
                onderdeel.file_size > MAX_VERHOUDING * max(onderdeel.compress_size, 1)
            ):
                raise self._bom(
                    f"het onderdeel {onderdeel.filename} is meer dan {MAX_VERHOUDING} keer "
                    "samengeperst"
                )
        self.namen = {o.filename for o in onderdelen}
        self.gelezen = 0

    def _bom(self, waarom: str) -> ContentError:
        return leesfout(
            self.bestand,
            "Dit Word-bestand is verdacht en wordt niet ingelezen.",
            f"{waarom}; dat lijkt op een zip-bom. Sla het document opnieuw op in Word.",
        )

    def lees(self, naam: str, grens: int = MAX_ONDERDEEL) -> bytes | None:
        """The bytes of a part, or None when the package has no such part.

        Reads at most ``grens`` bytes of it and at most ``MAX_TOTAAL`` over all parts read,
        whatever the zip's headers say.
        """
        if naam not in self.namen:
            return None
        try:
            with self._zip.open(naam) as onderdeel:
                inhoud = onderdeel.read(grens + 1)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, RuntimeError):
            raise leesfout(
                self.bestand,
                "Dit Word-bestand is beschadigd.",
                f"het onderdeel {naam} kan niet worden gelezen.",
            ) from None
        if len(inhoud) > grens:
            raise self._bom(f"het onderdeel {naam} is te groot")
        self.gelezen += len(inhoud)
        if self.gelezen > MAX_TOTAAL:
            raise self._bom(f"uitgepakt wordt het meer dan {MAX_TOTAAL // (1024 * 1024)} MB")
        return inhoud

    def xml(self, naam: str):
        """A part parsed with the hardened parser, or None when it is absent."""
        inhoud = self.lees(naam, MAX_XML)
        return None if inhoud is None else veilige_xml(inhoud, self.bestand, naam)

    def relaties(self, naam: str) -> dict[str, tuple[str, str]]:
        """Relationship id -> (target, target mode) of a part."""
        map_, bestand = posixpath.split(naam)
        wortel = self.xml(posixpath.join(map_, "_rels", bestand + ".rels"))
        if wortel is None:
            return {}
        return {
            r.get("Id", ""): (r.get("Target", ""), r.get("TargetMode", ""))
            for r in wortel.iter(f"{{{PR}}}Relationship")
        }


def veilige_xml(inhoud: bytes, bestand: str, naam: str):
    """Parse an XML part with defusedxml: a DTD, entities or external references are refused
    (in any encoding), so nothing can expand or reach outside the file."""
    from xml.etree.ElementTree import ParseError

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    try:
        return fromstring(inhoud, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise leesfout(
            bestand,
            "Dit Word-bestand bevat XML-declaraties die niet zijn toegestaan.",
            f"het onderdeel {naam} bevat een DOCTYPE of ENTITY; zulke verwijzingen kunnen "
            "bestanden van deze computer uitlezen. Sla het document opnieuw op in Word.",
        ) from None
    except ParseError as fout:
        raise leesfout(
            bestand,
            "Dit Word-bestand is beschadigd.",
            f"het onderdeel {naam} is geen geldige XML ({fout}).",
        ) from None
