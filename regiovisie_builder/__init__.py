"""regiovisie-builder: build a Dutch youth-care regiovisie from content blocks and region data."""

__version__ = "0.1.0"
