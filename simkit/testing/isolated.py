"""The one list of environment variables that give Jupyter, IPython and matplotlib a throwaway home.

Tests (``tests/conftest.py``), the browser harness and the Makefile use it, so a test run never
writes under ``$HOME`` and never picks up a user's Jupyter or matplotlib settings.
``python -m simkit.testing.isolated -- COMMAND ARGS...`` runs COMMAND in a fresh temporary home
(removed afterwards) and exits with its status.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path

__all__ = ["HOME_DIRS", "SETTINGS", "VARIABLES", "isolated_env", "main"]

# variable -> its folder inside the throwaway home
HOME_DIRS: dict[str, str] = {
    "MPLCONFIGDIR": "mpl",
    "IPYTHONDIR": "ipython",
    "JUPYTER_CONFIG_DIR": "jupyter",
    "JUPYTER_DATA_DIR": "jupyter-data",
    "JUPYTER_RUNTIME_DIR": "jupyter-runtime",
}
# variable -> its value: matplotlib draws to files, never to a window
SETTINGS: dict[str, str] = {"MPLBACKEND": "Agg"}
VARIABLES: tuple[str, ...] = (*HOME_DIRS, *SETTINGS)


def isolated_env(home: Path, base: Mapping[str, str] | None = None) -> dict[str, str]:
    """``base`` (default: ``os.environ``) with every variable of the list pointed into ``home``.

    The folders are created. ``isolated_env(home, {})`` gives the list's variables alone.
    """
    env = dict(os.environ if base is None else base)
    for var, sub in HOME_DIRS.items():
        path = Path(home) / sub
        path.mkdir(parents=True, exist_ok=True)
        env[var] = str(path)
    env.update(SETTINGS)
    return env


def main(argv: list[str] | None = None) -> int:
    """Run ``argv`` (after an optional ``--``) in a fresh temporary home; return its exit status."""
    cmd = list(sys.argv[1:] if argv is None else argv)
    if cmd[:1] == ["--"]:
        cmd = cmd[1:]
    if not cmd:
        print("usage: python -m simkit.testing.isolated -- COMMAND [ARGS...]", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="simkit-home-") as home:
        proc = subprocess.Popen(cmd, env=isolated_env(Path(home)))
        # Ctrl-C in a terminal reaches the command too (same process group): let it stop in its
        # own way (pytest prints its summary) and only then remove the home. Set after Popen, so
        # the command does not inherit an ignored SIGINT.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        code = proc.wait()
    return 128 - code if code < 0 else code  # killed by signal N: 128 + N, as a shell says


if __name__ == "__main__":
    raise SystemExit(main())
