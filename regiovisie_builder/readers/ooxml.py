"""Open Word and Excel files from outside safely: zip bombs and XML entities are refused.

Returned Word files and form exports come from people outside the workgroup, so they are
treated as untrusted: the zip is checked (number of entries, total unpacked size, packing
ratio) before anything is unpacked, every part is read with a size cap (the sizes in a zip
header can lie), and XML is parsed with defusedxml, which refuses a DOCTYPE (so any entity
declaration) inside the parser, whatever the encoding of the part (no entity expansion, no
external entities, no network).
"""

from __future__ import annotations

import io
import zipfile

from regiovisie_builder.errors import ContentError, Probleem

MAX_ONDERDELEN = 2000
MAX_TOTAAL = 200 * 1024 * 1024  # bytes unpacked, whole package
MAX_ONDERDEEL = 100 * 1024 * 1024  # bytes unpacked, one part
MAX_VERHOUDING = 100  # unpacked / packed, for parts above VERHOUDING_VANAF
VERHOUDING_VANAF = 1024 * 1024


def _fout(bestand: str, melding: str, uitleg: str) -> ContentError:
    return ContentError(f"{melding} Er is niets ingelezen.", [Probleem(bestand, None, uitleg)])


class Pakket:
    """A checked Office package (a zip) whose parts can be read safely."""

    def __init__(self, inhoud: bytes, bestand: str, soort: str = "Word-bestand"):
        self.bestand = bestand
        self.soort = soort
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(inhoud))
            onderdelen = self._zip.infolist()
        except (zipfile.BadZipFile, ValueError, OSError):
            raise _fout(
                bestand,
                f"Dit {soort} is beschadigd of is geen {soort}.",
                "het bestand kan niet worden geopend; sla het opnieuw op en probeer het nog eens.",
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

    def _bom(self, waarom: str) -> ContentError:
        return _fout(
            self.bestand,
            f"Dit {self.soort} is verdacht en wordt niet geopend.",
            f"{waarom}; dat lijkt op een zip-bom. Vraag de indiener om een gewoon bestand.",
        )

    def lees(self, naam: str) -> bytes | None:
        """The bytes of a part, or None when the package has no such part."""
        if naam not in self.namen:
            return None
        try:
            with self._zip.open(naam) as onderdeel:
                inhoud = onderdeel.read(MAX_ONDERDEEL + 1)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError):
            raise _fout(
                self.bestand,
                f"Dit {self.soort} is beschadigd.",
                f"het onderdeel {naam} kan niet worden gelezen.",
            ) from None
        if len(inhoud) > MAX_ONDERDEEL:
            raise self._bom(f"het onderdeel {naam} is groter dan opgegeven")
        return inhoud

    def xml(self, naam: str):
        """A part parsed as XML with a hardened parser, or None when it is absent."""
        inhoud = self.lees(naam)
        if inhoud is None:
            return None
        return veilige_xml(inhoud, self.bestand, naam, self.soort)

    def controleer(self, naam: str, streng: bool = True) -> None:
        """Check a part as XML without keeping it (``controleer_xml``)."""
        inhoud = self.lees(naam)
        if inhoud is not None:
            controleer_xml(inhoud, self.bestand, naam, self.soort, streng)


def _parse(inhoud: bytes, bestand: str, naam: str, soort: str, stromend: bool, streng=True):
    from xml.etree.ElementTree import ParseError

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring, iterparse

    try:
        if not stromend:
            return fromstring(inhoud, forbid_dtd=True)
        for _, element in iterparse(io.BytesIO(inhoud), forbid_dtd=True):
            element.clear()  # only checked, not kept: a large sheet stays small in memory
        return None
    except DefusedXmlException:
        raise _fout(
            bestand,
            f"Dit {soort} bevat XML-declaraties die niet zijn toegestaan.",
            f"het onderdeel {naam} bevat een DOCTYPE of ENTITY; zulke verwijzingen kunnen "
            "bestanden van deze computer uitlezen. Vraag de indiener om een gewoon bestand.",
        ) from None
    except ParseError as fout:
        if not streng:
            return None  # not XML (an image, a binary part): whoever reads it deals with it
        regel, kolom = fout.position
        raise _fout(
            bestand,
            f"Dit {soort} is beschadigd.",
            f"het onderdeel {naam} is geen geldige XML (regel {regel}, teken {kolom}).",
        ) from None


def veilige_xml(inhoud: bytes, bestand: str, naam: str, soort: str = "Word-bestand"):
    """Parse XML from outside with defusedxml; a DTD is refused by the parser itself.

    Entities can only be declared inside a DOCTYPE; with the DOCTYPE refused while parsing
    (not by a byte scan, which a UTF-16 part would pass), external entities (XXE) and
    entity expansion ("billion laughs") never happen. Raw OOXML libraries stay under
    writers/.
    """
    return _parse(inhoud, bestand, naam, soort, stromend=False)


def controleer_xml(
    inhoud: bytes, bestand: str, naam: str, soort: str = "Word-bestand", streng: bool = True
) -> None:
    """Like ``veilige_xml`` but streaming and keeping nothing: for parts another library
    (openpyxl) parses afterwards. Not ``streng``: only a DTD is refused, a part that is no
    XML at all passes."""
    _parse(inhoud, bestand, naam, soort, stromend=True, streng=streng)
