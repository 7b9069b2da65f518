"""Shared set-up: a throwaway home for Jupyter/IPython/matplotlib (tiny scenarios: tiny_tps.py).

The variables come from ``simkit.testing.isolated`` (the one list, also used by the Makefile and
the browser harness). They are set when pytest starts, before any test module imports
matplotlib, and only where the caller has not set them already (``make test`` has).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from simkit.testing.isolated import VARIABLES, isolated_env

_HOME: list[Path] = []  # the home this run made, removed at the end


def pytest_configure(config):
    if all(var in os.environ for var in VARIABLES):
        return
    home = Path(tempfile.mkdtemp(prefix="simkit-test-home-"))
    _HOME.append(home)
    for var, value in isolated_env(home, {}).items():
        os.environ.setdefault(var, value)


def pytest_unconfigure(config):
    for home in _HOME:
        shutil.rmtree(home, ignore_errors=True)
