"""Open Word and Excel files from outside safely: zip bombs and XML entities are refused.

Returned Word files, form exports and Word drafts to import come from outside the
workgroup, so they are treated as untrusted: the zip is checked (number of entries, total
unpacked size, packing ratio) before anything is unpacked, every part is read with a size cap
(the sizes in a zip header can lie), and XML is parsed with defusedxml, which refuses a
DOCTYPE (so any entity declaration) inside the parser, whatever the encoding of the part (no
entity expansion, no external entities, no network).
"""

from __future__ import annotations

import io
import zipfile

from regiovisie_builder.errors import ContentError, Probleem

MAX_VERHOUDING = 100  # unpacked / packed, for parts above VERHOUDING_VANAF
VERHOUDING_VANAF = 1024 * 1024


class Pakket:
    """A checked Office package (a zip) whose parts can be read safely.

    The limits and the Dutch texts that differ per use are class attributes: a reader of
    another kind of file sets its own in a subclass (``readers/docx_import/pakket.py``).
    """

    MAX_BESTAND: int | None = None  # bytes, the packed file itself (None: no limit of its own)
    MAX_ONDERDELEN = 2000
    MAX_TOTAAL = 200 * 1024 * 1024  # bytes unpacked, whole package (declared, and read)
    MAX_ONDERDEEL = 100 * 1024 * 1024  # bytes unpacked, one part
    MAX_XML = MAX_ONDERDEEL  # bytes unpacked, one XML part
    # The Dutch texts: how every message ends, what happens to a suspect file ("Dit
    # Word-bestand is verdacht en ..."), what to do with a refused file and with one that
    # cannot be opened ("het bestand kan niet worden geopend; ..."), and what the file should
    # be ("... of is geen ...", None: the ``soort``).
    SLOT = "Er is niets ingelezen."
    VERDACHT = "wordt niet geopend"
    ADVIES = "Vraag de indiener om een gewoon bestand."
    HERSTEL = "sla het opnieuw op en probeer het nog eens."
    VORM: str | None = None

    def __init__(self, inhoud: bytes, bestand: str, soort: str = "Word-bestand"):
        self.bestand = bestand
        self.soort = soort
        if self.MAX_BESTAND is not None and len(inhoud) > self.MAX_BESTAND:
            raise self.fout(
                f"Dit {soort} is te groot om in te lezen.",
                f"het is {len(inhoud) // (1024 * 1024)} MB; de grens is "
                f"{self.MAX_BESTAND // (1024 * 1024)} MB. Haal grote afbeeldingen eruit of "
                "splits het document.",
            )
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(inhoud))
            onderdelen = self._zip.infolist()
        except (zipfile.BadZipFile, ValueError, OSError):
            raise self.fout(
                f"Dit {soort} is beschadigd of is geen {self.VORM or soort}.",
                f"het bestand kan niet worden geopend; {self.HERSTEL}",
            ) from None
        if len(onderdelen) > self.MAX_ONDERDELEN:
            raise self._bom(f"het bevat {len(onderdelen)} onderdelen")
        totaal = sum(o.file_size for o in onderdelen)
        if totaal > self.MAX_TOTAAL:
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
        self.gelezen = 0  # bytes unpacked so far: the sizes in a zip header can lie

    def fout(self, melding: str, uitleg: str) -> ContentError:
        """The error for this file (exit code 2), ending with ``SLOT``."""
        return ContentError(f"{melding} {self.SLOT}", [Probleem(self.bestand, None, uitleg)])

    def _bom(self, waarom: str) -> ContentError:
        return self.fout(
            f"Dit {self.soort} is verdacht en {self.VERDACHT}.",
            f"{waarom}; dat lijkt op een zip-bom. {self.ADVIES}",
        )

    def lees(self, naam: str, grens: int | None = None) -> bytes | None:
        """The bytes of a part, or None when the package has no such part.

        Reads at most ``grens`` (default ``MAX_ONDERDEEL``) bytes of it and at most
        ``MAX_TOTAAL`` over all parts read, whatever the zip's headers say.
        """
        if naam not in self.namen:
            return None
        grens = self.MAX_ONDERDEEL if grens is None else grens
        try:
            with self._zip.open(naam) as onderdeel:
                inhoud = onderdeel.read(grens + 1)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, RuntimeError):
            # RuntimeError: an encrypted part
            raise self.fout(
                f"Dit {self.soort} is beschadigd.",
                f"het onderdeel {naam} kan niet worden gelezen.",
            ) from None
        if len(inhoud) > grens:
            raise self._bom(f"het onderdeel {naam} is te groot")
        self.gelezen += len(inhoud)
        if self.gelezen > self.MAX_TOTAAL:
            raise self._bom(f"uitgepakt wordt het meer dan {self.MAX_TOTAAL // (1024 * 1024)} MB")
        return inhoud

    def xml(self, naam: str):
        """A part parsed as XML with defusedxml, or None when it is absent.

        A DTD is refused by the parser itself: entities can only be declared inside a
        DOCTYPE, and with the DOCTYPE refused while parsing (not by a byte scan, which a
        UTF-16 part would pass) external entities (XXE) and entity expansion ("billion
        laughs") never happen. Raw OOXML libraries stay under writers/.
        """
        inhoud = self.lees(naam, self.MAX_XML)
        return None if inhoud is None else self._parse(inhoud, naam, stromend=False)

    def controleer(self, naam: str, streng: bool = True) -> None:
        """Check a part as ``xml`` does, but streaming and keeping nothing: for parts another
        library (openpyxl) parses afterwards. Not ``streng``: only a DTD is refused, a part
        that is no XML at all passes."""
        inhoud = self.lees(naam)
        if inhoud is not None:
            self._parse(inhoud, naam, stromend=True, streng=streng)

    def _parse(self, inhoud: bytes, naam: str, stromend: bool, streng: bool = True):
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
            raise self.fout(
                f"Dit {self.soort} bevat XML-declaraties die niet zijn toegestaan.",
                f"het onderdeel {naam} bevat een DOCTYPE of ENTITY; zulke verwijzingen kunnen "
                f"bestanden van deze computer uitlezen. {self.ADVIES}",
            ) from None
        except ParseError as fout:
            if not streng:
                return None  # not XML (an image, a binary part): whoever reads it deals with it
            regel, kolom = fout.position
            raise self.fout(
                f"Dit {self.soort} is beschadigd.",
                f"het onderdeel {naam} is geen geldige XML (regel {regel}, teken {kolom}).",
            ) from None
