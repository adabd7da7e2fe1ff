"""Safe YAML loading that keeps source lines and leaves dates as text.

Dates stay strings here so that an impossible date (2021-02-30) becomes a validation problem
with a line number instead of a crash inside PyYAML; the schema step turns valid ones into
``datetime.date``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from regiovisie_builder.errors import Problem

Path = tuple[str | int, ...]

# Nesting deeper than any real file needs is refused before anything recurses over it.
MAX_DEPTH = 40


@dataclass(frozen=True)
class YamlDocument:
    """Loaded YAML data plus the line of every key and list item."""

    data: object
    lines: dict[Path, int] = field(default_factory=dict)
    double: tuple[Problem, ...] = ()

    def line(self, path: Path) -> int | None:
        """The line of ``pad``, or of its nearest ancestor that has one."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)


def load_yaml(text: str, file: str, first_line: int = 1) -> YamlDocument:
    """Parse ``text`` safely; raise ``ValueError(Problem)`` on a syntax error.

    ``first_line`` shifts all line numbers, for YAML embedded in another file. During a
    build the parsed document comes from the block cache when the same text was parsed
    before (regio.yaml, the outline and the front matter of a block whose text changed
    below it), so such a rebuild does not load PyYAML (``yaml_parser``). Each call gets a
    document of its own: the data are plain dicts and lists that a caller could change.
    """
    from regiovisie_builder import blok_cache

    cache = blok_cache.active()
    if cache is None:
        return _parse(text, file, first_line)
    return cache.fetch_own(
        blok_cache.YAML, (text, file, first_line), lambda: _parse(text, file, first_line)
    )


def _parse(text: str, file: str, first_line: int) -> YamlDocument:
    from regiovisie_builder.readers.yaml_parser import parse

    return parse(text, file, first_line)


def path_text(path: Path) -> str:
    """``('regio', 'gemeenten', 2, 'naam')`` -> ``regio.gemeenten[2].naam``."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text
