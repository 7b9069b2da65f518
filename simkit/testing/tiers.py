"""A pytest plugin that catches tests which start or signal processes without the ``process`` mark.

``make test-fast`` loads it (``-p simkit.testing.tiers``): while each test runs, it notes every
fork, spawn, subprocess and signal sent to another process from the pytest process itself; at
the end it lists the tests that did so but are not marked ``@pytest.mark.process``, and the run
fails. So the fast tier stays free of process tests without anyone having to remember the rule.
"""

from __future__ import annotations

import concurrent.futures
import multiprocessing.util
import os
import subprocess
from collections.abc import Callable, Iterator
from typing import Any

import pytest  # this module is a pytest plugin: only pytest loads it

__all__ = ["MARK"]

MARK = "process"
_MAIN_PID = os.getpid()
_current: list[pytest.Item] = []  # the test running now (empty between tests)
_seen: dict[str, set[str]] = {}  # unmarked test id -> what it did


def _note(what: str) -> None:
    if _current and os.getpid() == _MAIN_PID and _current[0].get_closest_marker(MARK) is None:
        _seen.setdefault(_current[0].nodeid, set()).add(what)


def _spy(owner: Any, name: str, what: str, when: Callable[..., bool] | None = None) -> None:
    real = getattr(owner, name)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if when is None or when(*args, **kwargs):
            _note(what)
        return real(*args, **kwargs)

    setattr(owner, name, wrapper)


def _other_pid(pid: int, *_: Any) -> bool:
    return pid != os.getpid()


def pytest_configure(config: pytest.Config) -> None:
    _spy(os, "fork", "os.fork (a process pool or a Dask cluster)")
    _spy(os, "forkpty", "os.forkpty (a pseudo-terminal)")
    _spy(os, "posix_spawn", "os.posix_spawn")
    _spy(multiprocessing.util, "spawnv_passfds", "multiprocessing spawn (a Dask cluster)")
    _spy(subprocess.Popen, "__init__", "subprocess")
    _spy(concurrent.futures.ProcessPoolExecutor, "__init__", "a process pool")
    _spy(os, "kill", "os.kill of another process", _other_pid)
    _spy(os, "killpg", "os.killpg")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    _current[:] = [item]  # setup, call and teardown alike
    try:
        return (yield)
    finally:
        _current.clear()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if _seen and session.exitstatus == 0:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not _seen:
        return
    terminalreporter.section(f"tests that start or signal processes without @pytest.mark.{MARK}")
    for nodeid, what in sorted(_seen.items()):
        terminalreporter.write_line(f"{nodeid}: {', '.join(sorted(what))}")
