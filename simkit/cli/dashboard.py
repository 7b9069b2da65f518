"""``simkit dashboard``: start the Voila dashboard in the chosen language."""

from __future__ import annotations

import argparse

from simkit.cli.parser import Subparsers, lang_option, port_int
from simkit.dashboard.serve import serve

__all__ = ["register"]


def register(sub: Subparsers) -> None:
    """Add ``dashboard`` to the ``simkit`` subparsers."""
    dash = sub.add_parser("dashboard", parents=[lang_option()], help="start the Voila dashboard")
    dash.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to serve on (default 127.0.0.1: this machine only; any other address"
        " is open to the network and needs the token printed in the URL)",
    )
    dash.add_argument("--port", type=port_int, default=8866, help="TCP port (default 8866)")
    dash.add_argument("--no-browser", dest="open_browser", action="store_false")
    dash.set_defaults(handler=dashboard_command)


def dashboard_command(args: argparse.Namespace) -> int:
    """Serve the dashboard until Ctrl+C; Voila's exit status is the command's.

    A host that does not resolve or a port already taken is refused before Voila starts
    (``AddressError``, a ValueError: exit 2 with the message, see ``simkit.cli.main``).
    """
    return serve(args.host, args.port, args.open_browser, lang=args.lang)
