"""Where the shipped content blocks and templates are: the repository or the installed wheel."""

from __future__ import annotations

from pathlib import Path

_PAKKET = Path(__file__).resolve().parent
# In a wheel content/ and templates/ sit inside the package; in the repository beside it.
_WORTEL = _PAKKET if (_PAKKET / "templates").is_dir() else _PAKKET.parent

CONTENT = _WORTEL / "content"
TEMPLATES = _WORTEL / "templates"
