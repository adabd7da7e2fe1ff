"""Reuse the Word XML of unchanged blocks: the per-block cache of the Word writer.

The body is cut into groups: a heading with the blocks up to the next heading. A group's
elements are stored as XML, as they read inside document.xml, under a key made of the
group itself (its ``repr``:
every field of the frozen model, so equal text means equal blocks), the code version
(ours and python-docx and lxml) and the house style (it decides style ids and the text
width). A group can only be reused where it would come out the same in a full build, so
each entry also records what the group read from and added to the document-wide state:

- the bookmark and list-number counters when it started and how far it moved them;
- every bookmark name, cross-reference and footnote number it looked up;
- the footnotes it wrote first (their XML and a hash of their definition);
- the hyperlink relationships it made (replayed: the same targets must get the same ids);
- the numbered lists it started (replayed, so ``numbering.xml`` gets the same entries).

An entry whose recorded state differs from the current one is not used: the group is
written again (so one block that adds a heading renders the rest of the document again,
which is correct and merely slower). Groups with figures, landscape tables or tracked
changes are never stored: they change state the record does not cover.

A reused group goes into document.xml as that text: a comment holds its place in the tree
and the package step puts the text there (``splice``), so a rebuild neither parses it nor
serializes it again. Only the first group (which may get a page break) and a group that can
start an annex (page break before it) are parsed, as the writer changes their elements.

document.xml is compressed in pieces (``deflate``), so that a rebuild compresses only the
pieces that changed: for the largest documents that is most of what is left to do after
the groups are reused.

The entries live in the block cache (``blok_cache``): signed with this user's key, saved
only when the build succeeds. The Word helper process receives the entries with the
documents and sends back what it used and made (see ``helper_process``).
"""

from __future__ import annotations

import copy
import hashlib
import re
import secrets
import zlib
from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from docx.oxml.ns import qn
from docx.oxml.parser import oxml_parser  # python-docx's element classes on parsed XML
from lxml import etree

from regiovisie_builder import blok_cache
from regiovisie_builder.model import Heading
from regiovisie_builder.writers.docx.content import FOOTNOTE_LINK
from regiovisie_builder.writers.docx.sections import PORTRAIT

if TYPE_CHECKING:
    from regiovisie_builder.blok_cache import BlokCache
    from regiovisie_builder.writers.docx.content import WordContent

_BODY = qn("w:body")
_BODY_END = b"</w:body>"
_R_ID = qn("r:id")
# Where document.xml may be cut into pieces for ``Blokxml.deflate``: before a bookmark
# (every heading has one) whose first bytes hash to 0 modulo ``_CUT_EVERY``. The place
# depends only on the bytes around it, so text inserted elsewhere moves no cut.
_CUT = re.compile(rb"<w:bookmarkStart ")
_CUT_EVERY = 32  # a piece of about 60 kB in the benchmark's documents: 0.4 % larger files
_CUT_BYTES = 96  # the bytes that decide: the bookmark's id and name
# deflate's window: a piece compressed with the 32 kB before it as its dictionary reads
# back in one stream exactly as the decompressor sees those bytes.
_WINDOW = 32 * 1024
_LEVEL = 6  # zlib's default, as zipfile compresses the other parts
_END = zlib.compressobj(_LEVEL, zlib.DEFLATED, -15).flush()  # the final (empty) block

# The writer's lookup tables a group may read: name in a record -> attribute of the writer.
TABLES = {
    "bookmarks": "bookmarks",
    "cross_references": "cross_references",
    "voetnoten": "footnote_numbers",
}


def groups(body) -> list[list]:
    """The top-level blocks cut before every heading."""
    out: list[list] = []
    for block in body:
        if isinstance(block, Heading) or not out:
            out.append([block])
        else:
            out[-1].append(block)
    return out


class Opname:
    """What rendering one group read from and added to the document-wide state."""

    def __init__(self, w: WordContent):
        self.w = w
        self.impure = False  # figures, landscape tables, tracked changes: never stored
        self.seen: dict[tuple[str, str], tuple[bool, object]] = {}
        self.footnotes: list[tuple[str, tuple[str, bytes] | None]] = []
        self.relations: list[tuple[str, str]] = []
        self.lists: list[tuple[int, bool, int]] = []
        self.id_start = w._bookmark_id
        self.num_start = w.numbering._next_num

    def footnote(self, key: str, element) -> None:
        """A footnote reference: with the footnote's XML when this reference wrote it."""
        note = None if element is None else (_definition(self.w, key), etree.tostring(element))
        self.footnotes.append((key, note))


class Observed(dict):
    """A lookup table of the writer that records, while a group renders, what it looked up."""

    name = ""
    opname: Opname | None = None

    def _note(self, key) -> None:
        if self.opname is not None:
            present = dict.__contains__(self, key)
            value = dict.__getitem__(self, key) if present else None
            self.opname.seen.setdefault((self.name, key), (present, value))

    def __getitem__(self, key):
        self._note(key)
        return dict.__getitem__(self, key)

    def get(self, key, default=None):
        self._note(key)
        return dict.get(self, key, default)

    def __contains__(self, key) -> bool:
        self._note(key)
        return dict.__contains__(self, key)


def observed(name: str, table: dict) -> Observed:
    out = Observed(table)
    out.name = name
    return out


def _definition(w: WordContent, key: str) -> str:
    return hashlib.sha256(repr(w.document.footnotes.get(key)).encode()).hexdigest()


class Blokxml:
    """The cached groups of one Word document being written.

    It records what a group does by wrapping, on this one writer object, the lookup tables
    and the methods that touch document-wide state (so the writer itself knows nothing of
    the cache)."""

    def __init__(self, w: WordContent, cache: BlokCache, huisstijl: bytes | None):
        self.w = w
        self.cache = cache
        self.opname: Opname | None = None
        # The namespaces of the document's root: a group's XML is stored as it reads inside
        # the document (no declarations of its own), so it can go into document.xml as is.
        self.nsmap = dict(w.doc.element.nsmap)
        opening = etree.tostring(etree.Element(_BODY, nsmap=self.nsmap))
        self.opening = opening[: -len(b"/>")] + b">"
        # Stored groups put into document.xml as text (see ``splice``): a comment holds
        # their place in the tree. The random part keeps a house style's own comments out.
        self.mark = f"regiovisie-{secrets.token_hex(8)}-"
        self.splices: list[bytes] = []
        for name, attribute in TABLES.items():
            setattr(w, attribute, observed(name, getattr(w, attribute)))
        self._neem_on(w)
        context = hashlib.sha256()
        for part in (
            blok_cache.library("docx"),
            blok_cache.library("lxml"),
            hashlib.sha256(huisstijl or b"").hexdigest(),
        ):
            context.update(part.encode() + b"\0")
        self.context = context.digest()
        self.tables: dict[str, Observed] = {
            name: cast(Observed, getattr(w, attribute)) for name, attribute in TABLES.items()
        }

    def _neem_on(self, w: WordContent) -> None:
        """Wrap the writer's state-changing methods so a rendering group is recorded."""
        reference, hyperlink, num = w.footnote_reference, w.hyperlink, w.numbering.num

        def footnote_reference(key: str):
            # Not len(w.footnotes): lxml counts an element's children one by one, so that
            # made a block of 8,000 footnotes take seconds (the square of their number).
            written_before = key in w._footnote_done
            run = reference(key)
            if self.opname is not None:
                new = None if written_before else w.footnotes[-1]
                self.opname.footnote(key, new)
            return run

        def link(item, formatting):
            element = hyperlink(item, formatting)
            r_id = element.get(_R_ID)
            if self.opname is not None and r_id is not None:
                self.opname.relations.append((item.target, r_id))
            return element

        def new_list(abstract: int, restart: bool = False, start: int = 1) -> int:
            if self.opname is not None:
                self.opname.lists.append((abstract, restart, start))
            return num(abstract, restart=restart, start=start)

        w.footnote_reference = footnote_reference  # type: ignore[method-assign]
        w.hyperlink = link  # type: ignore[method-assign]
        w.numbering.num = new_list  # type: ignore[method-assign, assignment]
        # Figures, landscape sections and tracked changes: state the record does not cover.
        for target, name in (
            (w.figures, "figure"),
            (w.sections, "limit"),
            (w.revisions, "wrap"),
            (w.revisions, "mark_blok"),
            (w.revisions, "mark_move"),
        ):
            setattr(target, name, self._impure(getattr(target, name)))

    def _impure(self, real):
        def impure(*args, **kwargs):
            if self.opname is not None:
                self.opname.impure = True
            return real(*args, **kwargs)

        return impure

    def _key(self, group: list) -> str:
        text = repr(group).encode("utf-8", "surrogatepass")
        return hashlib.sha256(self.context + text).hexdigest()

    def write(self, body) -> list:
        """The elements of ``body``, reusing stored groups where they still fit."""
        w = self.w
        out: list = []
        for index, group in enumerate(groups(body)):
            key = self._key(group)
            stored = self.cache.find(blok_cache.WORD, key)
            if stored is not None:
                elements = self._hergebruik(stored, as_text=index > 0 and not _annex(group))
                if elements is not None:
                    out += elements
                    continue
            opname = Opname(w)
            for table in self.tables.values():
                table.opname = opname
            self.opname = opname
            begin = len(out)
            try:
                for block in group:  # as ``WordContent.blokken``, on the shared list
                    elements = w.block(block, 0)
                    if elements and w.sections.is_limit(elements[0], PORTRAIT):
                        w._merge_landscape(out, elements)
                    out += elements
            finally:
                self.opname = None
                for table in self.tables.values():
                    table.opname = None
            if not opname.impure:
                self.cache.set(blok_cache.WORD, key, self._value(opname, out[begin:]))
        return out

    def toc(self, shown: tuple, make: Callable[[], list]) -> list:
        """The table of contents: the stored text when what it shows (``shown``: the
        entries of ``formatting.toc_entries``, the text width, a cover before it) is as in an
        earlier build; else ``make()``, stored. It changes no document-wide state."""
        key = self._key(["inhoudsopgave", shown])
        stored = self.cache.find(blok_cache.WORD, key)
        if isinstance(stored, bytes):
            return [self._in_place(stored)]
        elements = make()
        self.cache.set(blok_cache.WORD, key, self._in_document(elements))
        return elements

    def _in_place(self, xml: bytes):
        """A comment that holds the place of ``xml`` in the tree until ``splice``."""
        self.splices.append(xml)
        return etree.Comment(f"{self.mark}{len(self.splices) - 1}")

    def _value(self, opname: Opname, elements: list) -> tuple:
        return (
            self._in_document(elements),
            tuple((n, k, a, v) for (n, k), (a, v) in opname.seen.items()),
            tuple(opname.footnotes),
            tuple(opname.relations),
            tuple(opname.lists),
            opname.id_start,
            self.w._bookmark_id,
            opname.num_start,
        )

    def _in_document(self, elements: list) -> bytes:
        """The XML of ``elements`` as it will read inside document.xml.

        Under an element that declares the root's namespaces, an element loses the
        declarations it was made with (lxml drops those its parents make), as it does in the
        document. Copies go there, not the elements: those move on into the document when
        the body is put together, and lxml takes time quadratic in the size of an element to
        move it out of another tree (a table of 2,000 rows: seconds), but not a new one.
        """
        if not elements:
            return b""
        holder = etree.fromstring(self.opening + _BODY_END, oxml_parser)
        holder.extend(copy.deepcopy(element) for element in elements)
        xml = etree.tostring(holder, encoding="UTF-8")  # as python-docx writes the part
        return xml[xml.index(b">") + 1 : -len(_BODY_END)]

    def splice(self, document_xml: bytes) -> bytes:
        """document.xml with every stored group's XML in place of the comment holding it."""
        if not self.splices:
            return document_xml
        mark = re.compile(rb"<!--" + re.escape(self.mark.encode()) + rb"(\d+)-->")
        return mark.sub(lambda found: self.splices[int(found.group(1))], document_xml)

    def deflate(self, xml: bytes) -> bytes:
        """document.xml as one raw deflate stream, made of pieces stored by earlier builds.

        The bytes are cut at places that depend only on the bytes near them (``_CUT``). Each
        piece is compressed on its own, with the 32 kB before it as the dictionary, and
        ends on a byte boundary (a sync flush): the pieces joined, with a final empty
        block, are one valid stream, as pigz compresses in parallel. A piece with the same
        bytes after the same 32 kB compresses to the same bytes, so those are stored under
        a hash of both and reused. The same ``xml`` gives the same stream, whatever is in
        the cache: a full build and a rebuild write the same file.
        """
        cuts = [0]
        for found in _CUT.finditer(xml):
            place = found.start()
            if zlib.crc32(xml[place : place + _CUT_BYTES]) % _CUT_EVERY == 0:
                cuts.append(place)
        cuts.append(len(xml))
        version = f"{zlib.ZLIB_RUNTIME_VERSION}:{_LEVEL}:{_WINDOW}".encode()
        out = []
        for begin, end in zip(cuts, cuts[1:], strict=False):
            if begin == end:
                continue
            before = xml[max(0, begin - _WINDOW) : begin]
            piece = xml[begin:end]
            total = hashlib.sha256(version)
            total.update(len(before).to_bytes(4, "big"))
            total.update(before)
            total.update(piece)
            key = total.hexdigest()
            stored = self.cache.find(blok_cache.DEFLATE, key)
            if not isinstance(stored, bytes):
                compressor = (
                    zlib.compressobj(_LEVEL, zlib.DEFLATED, -15, zdict=before)
                    if before  # the first piece: nothing before it (an empty zdict is refused)
                    else zlib.compressobj(_LEVEL, zlib.DEFLATED, -15)
                )
                stored = compressor.compress(piece) + compressor.flush(zlib.Z_SYNC_FLUSH)
                self.cache.set(blok_cache.DEFLATE, key, stored)
            out.append(stored)
        out.append(_END)
        return b"".join(out)

    def _hergebruik(self, value, as_text: bool = False) -> list | None:
        """The stored elements, when everything they depend on is as it was; else None.

        ``as_text``: nothing changes the group's elements after this writer returns them (it
        is not the first group of the body, which may get a page break, and does not start
        an annex, see ``_annex``), so the stored XML goes into document.xml as text, in the
        place of a comment (see ``splice``), without being parsed.
        """
        w = self.w
        try:
            xml, seen, footnotes, relations, lists, id_start, id_end, num_start = value
        except (TypeError, ValueError):
            return None
        if w._bookmark_id != id_start or w.numbering._next_num != num_start:
            return None
        for name, key, present, old in seen:
            table = self.tables.get(name)
            if table is None or dict.__contains__(table, key) != present:
                return None
            if present and dict.__getitem__(table, key) != old:
                return None
        done = set(w._footnote_done)
        for key, note in footnotes:
            if (note is None) != (key in done):
                return None
            if note is not None:
                if note[0] != _definition(w, key):
                    return None
                done.add(key)
        # Making a relationship that exists already returns its id and changes nothing, and a
        # new one would be made in the same order by writing the group again (a link inside
        # a footnote: a relationship of the footnotes part, see ``WordContent.relate``).
        for target, r_id in relations:
            if w.relate(target, r_id.startswith(FOOTNOTE_LINK)) != r_id:
                return None
        for abstract, restart, start in lists:
            w.numbering.num(abstract, restart=restart, start=start)
        w._bookmark_id = id_end
        for key, note in footnotes:
            if note is not None:
                w._footnote_done.add(key)
                w.footnotes.append(self._parse(note[1])[0])
        if as_text:
            return [self._in_place(xml)]
        return self._parse(xml)

    def _parse(self, xml: bytes) -> list:
        """The elements of stored XML, each a tree of its own (see ``_in_document``)."""
        holder = etree.fromstring(self.opening + xml + _BODY_END, oxml_parser)
        return [copy.deepcopy(element) for element in holder]


def _annex(group: list) -> bool:
    """Can this group start an annex, which the writer gives a page break afterwards?"""
    first = group[0]
    return isinstance(first, Heading) and first.level == 1 and not first.number
