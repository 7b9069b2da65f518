"""``python -m simkit``: the same as the ``simkit`` command (see :mod:`simkit.cli`)."""

import sys

from simkit.cli import main

if __name__ == "__main__":
    sys.exit(main())
