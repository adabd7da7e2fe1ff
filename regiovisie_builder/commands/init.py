"""``regiovisie init``: create a workspace that builds at once."""

from __future__ import annotations

from pathlib import Path


def init(map_: Path, naam: str = "Mijn regio") -> int:
    """Create workspace ``map_`` from the template, with ``naam`` as the region's name."""
    from regiovisie_builder.errors import ConfigError
    from regiovisie_builder.werkmap import maak_werkmap

    if (map_ / "regio.yaml").exists():
        raise ConfigError(f"In '{map_}' staat al een regio.yaml. Er is niets overschreven.")
    regio_yaml = maak_werkmap(map_, naam)
    print(f"Werkmap gemaakt: {map_}")
    print(f"Vul {regio_yaml} aan en bouw met: regiovisie build {map_}")
    return 0
