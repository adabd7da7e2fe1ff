"""``regiovisie init``: create a workspace that builds at once."""

from __future__ import annotations

from pathlib import Path


def init(folder: Path, name: str = "Mijn regio") -> int:
    """Create workspace ``folder`` from the template, with ``naam`` as the region's name."""
    from regiovisie_builder.errors import ConfigError
    from regiovisie_builder.werkmap import maak_werkmap

    if (folder / "regio.yaml").exists():
        raise ConfigError(f"In '{folder}' staat al een regio.yaml. Er is niets overschreven.")
    regio_yaml = maak_werkmap(folder, name)
    print(f"Werkmap gemaakt: {folder}")
    print(f"Vul {regio_yaml} aan en bouw met: regiovisie build {folder}")
    return 0
