"""Allow ``python -m regiovisie_builder``."""

from regiovisie_builder.cli import main

main()
