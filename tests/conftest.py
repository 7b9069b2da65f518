"""Shared fixtures: a tmp home for Jupyter/IPython/matplotlib (tiny scenarios: tiny_tps.py)."""

from __future__ import annotations

import os

import pytest


@pytest.fixture(autouse=True, scope="session")
def _quiet_home(tmp_path_factory):
    home = tmp_path_factory.mktemp("home")
    for var in (
        "MPLCONFIGDIR",
        "IPYTHONDIR",
        "JUPYTER_CONFIG_DIR",
        "JUPYTER_DATA_DIR",
        "JUPYTER_RUNTIME_DIR",
    ):
        os.environ.setdefault(var, str(home / var.lower()))
    os.environ.setdefault("MPLBACKEND", "Agg")
    yield
