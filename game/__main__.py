"""``python -m game``: the same as the ``moscow1921`` command."""

import sys

from game.cli import main

sys.exit(main())
