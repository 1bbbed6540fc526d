"""The game, as the floor is measured: ``python -m bench.game_app`` starts the real
player on its title screen (through the same factory as ``moscow1921``) and exits
on its first frame, marking the time like :mod:`bench.bare_app`."""

from __future__ import annotations

from bench.bare_app import exit_on_first_frame
from game.ui.app import create_app


def main() -> int:
    app = create_app()
    app.__class__ = exit_on_first_frame(type(app))  # same instance, plus "exit on Ready"
    app.run()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
