"""Open Word and Excel files from outside safely: zip bombs and XML entities are refused.

Returned Word files, form exports and Word drafts to import come from outside the
workgroup, so they are treated as untrusted: the zip is checked (number of entries, total
unpacked size, packing ratio) before anything is unpacked, every part is read with a size cap
(the sizes in a zip header can lie), and XML is parsed with defusedxml, which refuses a
DOCTYPE (so any entity declaration) inside the parser, whatever the encoding of the part (no
entity expansion, no external entities, no network).
"""

from __future__ import annotations

import functools
import io
import re
import zipfile

from regiovisie_builder.errors import ContentError, Problem

MAX_RATIO = 100  # unpacked / packed, for parts above VERHOUDING_VANAF
RATIO_FROM = 1024 * 1024


class Package:
    """A checked Office package (a zip) whose parts can be read safely.

    The limits and the Dutch texts that differ per use are class attributes: a reader of
    another kind of file sets its own in a subclass (``readers/docx_import/pakket.py``).
    """

    MAX_FILE: int | None = None  # bytes, the packed file itself (None: no limit of its own)
    MAX_COMPONENTS = 2000
    MAX_TOTAL = 200 * 1024 * 1024  # bytes unpacked, whole package (declared, and read)
    MAX_COMPONENT = 100 * 1024 * 1024  # bytes unpacked, one part
    MAX_XML = MAX_COMPONENT  # bytes unpacked, one XML part
    # Elements in one XML part read whole (``xml``): each costs about 90 bytes as a tree, so
    # 100 MB of "<b/>" (a 2 MB file) took over 2 GB. A 500-page document has far fewer.
    MAX_ELEMENTS = 2_000_000
    # Elements in one part that is only checked (``check``) before another library parses it
    # (openpyxl keeps what it does not know: 25 million '<x/>' took it 1.4 GB and two
    # minutes). A sheet of 20,000 rows of 100 cells has 4 million.
    MAX_CHECKED = 5_000_000
    # The Dutch texts: how every message ends, what happens to a suspect file ("Dit
    # Word-bestand is verdacht en ..."), what to do with a refused file and with one that
    # cannot be opened ("het bestand kan niet worden geopend; ..."), and what the file should
    # be ("... of is geen ...", None: the ``soort``).
    SLOT = "Er is niets ingelezen."
    SUSPECT = "wordt niet geopend"
    ADVIES = "Vraag de indiener om een gewoon bestand."
    RESTORE = "sla het opnieuw op en probeer het nog eens."
    FORM: str | None = None

    def __init__(self, content: bytes, file: str, soort: str = "Word-bestand"):
        self.file = file
        self.soort = soort
        if self.MAX_FILE is not None and len(content) > self.MAX_FILE:
            raise self.error(
                f"Dit {soort} is te groot om in te lezen.",
                f"het is {len(content) // (1024 * 1024)} MB; de grens is "
                f"{self.MAX_FILE // (1024 * 1024)} MB. Haal grote afbeeldingen eruit of "
                "splits het document.",
            )
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(content))
            components = self._zip.infolist()
        except (zipfile.BadZipFile, ValueError, OSError):
            raise self.error(
                f"Dit {soort} is beschadigd of is geen {self.FORM or soort}.",
                f"het bestand kan niet worden geopend; {self.RESTORE}",
            ) from None
        if len(components) > self.MAX_COMPONENTS:
            raise self._bom(f"het bevat {len(components)} onderdelen")
        total = sum(o.file_size for o in components)
        if total > self.MAX_TOTAL:
            raise self._bom(f"uitgepakt zou het {total // (1024 * 1024)} MB worden")
        for component in components:
            if component.file_size > RATIO_FROM and (
                component.file_size > MAX_RATIO * max(component.compress_size, 1)
            ):
                raise self._bom(
                    f"het onderdeel {component.filename} is meer dan {MAX_RATIO} keer samengeperst"
                )
        self.names = {o.filename for o in components}
        self.already_read = 0  # bytes unpacked so far: the sizes in a zip header can lie

    def error(self, message: str, guidance: str) -> ContentError:
        """The error for this file (exit code 2), ending with ``SLOT``."""
        return ContentError(f"{message} {self.SLOT}", [Problem(self.file, None, guidance)])

    def _bom(self, why: str) -> ContentError:
        return self.error(
            f"Dit {self.soort} is verdacht en {self.SUSPECT}.",
            f"{why}; dat lijkt op een zip-bom. {self.ADVIES}",
        )

    def read(self, name: str, limit: int | None = None) -> bytes | None:
        """The bytes of a part, or None when the package has no such part.

        Reads at most ``limit`` (default ``MAX_COMPONENT``) bytes of it and at most
        ``MAX_TOTAL`` over all parts read, whatever the zip's headers say.
        """
        if name not in self.names:
            return None
        limit = self.MAX_COMPONENT if limit is None else limit
        try:
            with self._zip.open(name) as component:
                content = component.read(limit + 1)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, RuntimeError):
            # RuntimeError: an encrypted part
            raise self.error(
                f"Dit {self.soort} is beschadigd.",
                f"het onderdeel {name} kan niet worden gelezen.",
            ) from None
        if len(content) > limit:
            raise self._bom(f"het onderdeel {name} is te groot")
        self.already_read += len(content)
        if self.already_read > self.MAX_TOTAL:
            raise self._bom(f"uitgepakt wordt het meer dan {self.MAX_TOTAL // (1024 * 1024)} MB")
        return content

    def xml(self, name: str):
        """A part parsed as XML with defusedxml, or None when it is absent.

        A DTD is refused by the parser itself: entities can only be declared inside a
        DOCTYPE, and with the DOCTYPE refused while parsing (not by a byte scan, which a
        UTF-16 part would pass) external entities (XXE) and entity expansion ("billion
        laughs") never happen. Raw OOXML libraries stay under writers/.
        """
        content = self.read(name, self.MAX_XML)
        return None if content is None else self._parse(content, name, flowing=False)

    def check(self, name: str, strict: bool = True) -> None:
        """Check a part as ``xml`` does, but streaming and keeping nothing: for parts another
        library (openpyxl) parses afterwards. Not ``strict``: only a DTD is refused, a part
        that is no XML at all passes."""
        content = self.read(name)
        if content is not None:
            self._parse(content, name, flowing=True, strict=strict)

    def _too_many(self, name: str, limit: int) -> ContentError:
        return self.error(
            f"Dit {self.soort} is te groot om in te lezen.",
            f"het onderdeel {name} bestaat uit meer dan {limit // 1_000_000} miljoen "
            f"XML-elementen. {self.ADVIES}",
        )

    def _parse(self, content: bytes, name: str, flowing: bool, strict: bool = True):
        from xml.etree.ElementTree import ParseError

        from defusedxml import DefusedXmlException
        from defusedxml.ElementTree import iterparse

        try:
            if not flowing:
                # Built while counting, so a part with too many elements is refused before
                # its tree fills the memory.
                parts = iterparse(io.BytesIO(content), events=("start",), forbid_dtd=True)
                for count, _ in enumerate(parts, start=1):
                    if count > self.MAX_ELEMENTS:
                        raise self._too_many(name, self.MAX_ELEMENTS)
                return parts.root
            # Only checked, not kept: each element that ends is emptied and taken out of its
            # parent (emptied alone, it stayed in the tree: 100 MB of '<x/>' took gigabytes).
            open_elements: list = []
            count = 0
            for event, element in iterparse(
                io.BytesIO(content), events=("start", "end"), forbid_dtd=True
            ):
                if event == "start":
                    open_elements.append(element)
                    count += 1
                    if count > self.MAX_CHECKED:
                        raise self._too_many(name, self.MAX_CHECKED)
                    continue
                open_elements.pop()
                element.clear()
                if open_elements:
                    open_elements[-1].remove(element)
            return None
        except DefusedXmlException:
            raise self.error(
                f"Dit {self.soort} bevat XML-declaraties die niet zijn toegestaan.",
                f"het onderdeel {name} bevat een DOCTYPE of ENTITY; zulke verwijzingen kunnen "
                f"bestanden van deze computer uitlezen. {self.ADVIES}",
            ) from None
        except ParseError as error:
            if not strict:
                return None  # not XML (an image, a binary part): whoever reads it deals with it
            line, column = error.position
            raise self.error(
                f"Dit {self.soort} is beschadigd.",
                f"het onderdeel {name} is geen geldige XML (regel {line}, teken {column}).",
            ) from None


class HouseStyle(Package):
    """A workspace's house style (``templates/huisstijl.docx``). A workspace travels, so
    it is checked like a file from outside before python-docx unpacks it whole."""

    SLOT = "Er is niets gebouwd."
    SUSPECT = "wordt niet gebruikt"
    ADVIES = (
        "Sla het bestand in Word opnieuw op als Word-document (.docx), of haal het weg: dan "
        "krijgt het document de standaardhuisstijl."
    )

    def check_contents(self) -> None:
        """Refuse code and references to outside the file (``ContentError``).

        Every document built with a house style carries its parts and relationships along
        (headers, footers), so what Word would fetch when the document is opened comes along
        too: a linked picture on a web server (which then sees who reads the document and
        when) or on another computer (``\\\\server\\share``: Windows then sends the
        reader's login to that server), a linked object, a frame. Only links a reader clicks
        on, to a web page or an e-mail address, may stay. The template a house style was made
        from (often on a municipality's network share) is no reason to refuse it: the Word
        writer leaves it out of every document. Macros, ActiveX controls and embedded objects
        start code: a house style has no need of them.
        """
        types = self.xml("[Content_Types].xml")
        if types is not None:
            for element in types:
                kind = (element.get("ContentType") or "").lower()
                if any(code in kind for code in _CODE):
                    raise self.error(
                        "De huisstijl bevat macro's, ActiveX of ingesloten objecten.",
                        f"het onderdeel {element.get('PartName') or element.get('Extension')} "
                        "kan programmacode starten. Een huisstijl heeft dat niet nodig: sla hem "
                        "in Word op als 'Word-document (*.docx)' zonder macro's en objecten, of "
                        "haal het bestand weg: dan krijgt het document de standaardhuisstijl.",
                    )
        problems = []
        for name in sorted(n for n in self.names if n.endswith(".rels")):
            relationships = self.xml(name)
            for relationship in relationships if relationships is not None else ():
                if relationship.get("TargetMode") != "External":
                    continue
                kind = (relationship.get("Type") or "").rsplit("/", 1)[-1]
                target = relationship.get("Target") or ""
                if kind == "hyperlink" and _WEB_LINK.match(target):
                    continue
                if kind == "attachedTemplate" and name == "word/_rels/settings.xml.rels":
                    continue  # the Word writer leaves it out (``oxml.detach_template``)
                if kind == "hyperlink":
                    found = f"een koppeling naar '{target[:80]}', geen webpagina of e-mailadres"
                else:
                    what = _FETCHED.get(kind, "een bestand of adres")
                    found = f"laat Word {what} ophalen van '{target[:80]}'"
                problems.append(Problem(self.file, None, f"het onderdeel {name} {found}"))
        if problems:
            raise ContentError(
                "De huisstijl verwijst naar bestanden of adressen buiten het document. Word "
                "haalt die op als iemand het document opent of erop klikt: zo ziet een ander "
                "wie het leest, of krijgt die de inloggegevens van de lezer. Haal de "
                "verwijzingen weg uit de huisstijl, of haal het bestand weg: dan krijgt het "
                f"document de standaardhuisstijl. {self.SLOT}",
                problems,
            )


# Content types of code in an Office package: VBA macros, ActiveX controls, and embedded
# (OLE) objects, which start a program when opened (a "package" object can hold any file).
_CODE = ("vbaproject", "macroenabled", "activex", "vbadata", "oleobject")
# A link a reader clicks on: a web page or an e-mail address (not file:, not \\server).
_WEB_LINK = re.compile(r"(?i)(https?://|mailto:)")
# What Word fetches for a relationship of this type (the last part of its Type).
_FETCHED = {
    "attachedTemplate": "een sjabloon",
    "image": "een afbeelding",
    "oleObject": "een gekoppeld object",
    "frame": "een pagina in een frame",
    "subDocument": "een subdocument",
    "aFChunk": "een ingevoegd document",
}


def check_house_style(content: bytes, file: str) -> None:
    """Refuse a house style that looks like a zip bomb, holds code, or makes Word fetch
    something from elsewhere (``ContentError``, exit 2; see ``HouseStyle``). A file that is
    no zip at all is left to the Word writer, which says it cannot be opened. Checked once
    per content in a process (every build reads the writers' resources)."""
    try:
        zipfile.ZipFile(io.BytesIO(content))
    except (zipfile.BadZipFile, ValueError, OSError):
        return
    _checked_house_style(content, file)


@functools.lru_cache(maxsize=8)
def _checked_house_style(content: bytes, file: str) -> None:
    HouseStyle(content, file, soort="huisstijlbestand").check_contents()
