"""Allow ``python -m regiovisie_builder``."""

from regiovisie_builder.snelstart import main

main()
