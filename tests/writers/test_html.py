"""The single-file HTML: lang, landmarks, skip link, headings in order, tables with headers."""

from html.parser import HTMLParser

from tests.conftest import ROOT, run_cli


class Structure(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def parse(werkmap) -> Structure:
    assert run_cli("build", werkmap, "--formaat", "html").returncode == 0
    structure = Structure()
    structure.feed((werkmap / "build" / "regiovisie.html").read_text(encoding="utf-8"))
    return structure


def test_page_structure(zkij):
    s = parse(zkij)
    tags = [t for t, _ in s.tags]
    assert s.tags[0] == ("html", {"lang": "nl"})
    assert {"header", "nav", "main", "footer"} <= set(tags)
    first_link = next(a for t, a in s.tags if t == "a")
    assert first_link == {"class": "skiplink", "href": "#_inhoud"}
    assert ("main", {"id": "_inhoud", "tabindex": "-1"}) in s.tags
    assert tags.count("h1") == 1


def test_headings_never_skip_a_level(zkij):
    s = parse(zkij)
    levels = [int(t[1]) for t, _ in s.tags if len(t) == 2 and t[0] == "h" and t[1].isdigit()]
    for before, after in zip(levels, levels[1:], strict=False):
        assert after <= before + 1, (before, after)


def test_tables_have_captions_and_scoped_header_cells(zkij):
    s = parse(zkij)
    tags = [t for t, _ in s.tags]
    assert tags.count("table") >= 8
    assert tags.count("caption") == tags.count("table")
    headers = [a for t, a in s.tags if t == "th"]
    assert headers and all(a.get("scope") in ("col", "row") for a in headers)
    budget = "".join(s.text)
    assert "TOTAAL" in budget


def test_numbered_permalinks_and_footnotes(zkij):
    s = parse(zkij)
    # One permalink style: the paragraph number is the link, no separate "#".
    permalinks = [a for t, a in s.tags if t == "a" and a.get("class") == "paragraafnummer"]
    assert any(a["title"] == "Link naar paragraaf 8.3" for a in permalinks)
    assert not [a for t, a in s.tags if t == "a" and a.get("class") == "permalink"]
    assert any(a.get("href", "").startswith("#vn-") for t, a in s.tags if t == "a")
    assert ("section", {"class": "voetnoten", "aria-labelledby": "voetnoten-kop"}) in s.tags


def test_stylesheet_and_icon_in_another_encoding_still_make_the_page(zkij):
    """A workspace's kleuren.css or site icon saved as Latin-1 (an older editor) stopped the
    web page with a UnicodeDecodeError traceback; the site was built from the same files."""
    templates = zkij / "templates"
    (templates / "site").mkdir(parents=True)
    (templates / "kleuren.css").write_bytes(
        (ROOT / "templates" / "kleuren.css").read_bytes() + b"\n/* caf\xe9 */\n"
    )
    (templates / "site" / "favicon.svg").write_bytes(
        b'<?xml version="1.0" encoding="iso-8859-1"?>\n<svg xmlns="http://www.w3.org/2000/svg"'
        b' viewBox="0 0 32 32"><title>caf\xe9</title><rect width="32" height="32"/></svg>'
    )
    result = run_cli("build", zkij, "--formaat", "html")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    s = Structure()
    s.feed((zkij / "build" / "regiovisie.html").read_text(encoding="utf-8"))
    icon = next(a["href"] for t, a in s.tags if t == "link" and a.get("rel") == "icon")
    assert icon.startswith("data:image/svg+xml,") and "caf%E9" in icon
    assert "--accent" in "".join(s.text)
