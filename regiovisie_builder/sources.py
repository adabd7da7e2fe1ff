"""Where the shipped content blocks and templates are: the repository or the installed wheel."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
# In a wheel content/ and templates/ sit inside the package; in the repository beside it.
_ROOT = _PACKAGE if (_PACKAGE / "templates").is_dir() else _PACKAGE.parent

CONTENT = _ROOT / "content"
TEMPLATES = _ROOT / "templates"
