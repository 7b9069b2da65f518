"""Serve the dashboard notebook with Voila: ``simkit dashboard`` and ``make run`` end up here.

What it promises (issue 15): the host and port are checked before Voila starts, so the address
printed is the one served (or a clear error, exit 2); on loopback (the default) a request whose
``Host`` header names another server gets 403 (DNS rebinding); any other address needs a random
token, printed in the URL as Jupyter does, and is announced with a loud warning; kernels nobody
is connected to are culled, and at most :data:`MAX_KERNELS` run at once.
"""

from __future__ import annotations

import errno
import ipaddress
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import webbrowser
from dataclasses import dataclass, field
from pathlib import Path

from simkit.i18n import t

__all__ = [
    "CULL_IDLE_TIMEOUT_S",
    "CULL_INTERVAL_S",
    "MAX_KERNELS",
    "NOTEBOOK_CELL",
    "AddressError",
    "ServePlan",
    "check_address",
    "find_notebook",
    "plan",
    "serve",
    "voila_command",
    "wait_for_port",
]

# A page load starts a kernel of about 250 MB. A kernel no browser tab is connected to (a page
# closed, or loaded by a script that never connects) is culled after this many idle seconds;
# an open tab keeps its kernel, a running simulation is never idle.
CULL_IDLE_TIMEOUT_S = 300
# ...checked this often (seconds)
CULL_INTERVAL_S = 30
# At most this many kernels at once (the preheated one included): 8 x 250 MB = 2 GB. Past it a
# page load gets HTTP 503 until the culler or a closed tab frees a place.
MAX_KERNELS = 8
# Bytes of randomness in the access token off loopback (48 hex digits, as Jupyter's)
TOKEN_BYTES = 24
# Voila loads it by name, so simkit itself never imports jupyter_server
CAPPED_KERNEL_MANAGER = "simkit.dashboard.kernels.CappedKernelManager"

# The whole entry notebook: one code cell (Voila hides the code; outputs are never committed).
NOTEBOOK_CELL = """\
import warnings

warnings.filterwarnings("ignore")

from simkit.dashboard import App

app = App()  # language: SIMKIT_LANG (set by `simkit dashboard --lang en`), else Indonesian
app.show()"""


def notebook_json() -> dict:
    """Return the entry notebook as nbformat 4 JSON."""
    return {
        "cells": [
            {
                "cell_type": "code",
                "execution_count": None,
                "id": "simkit-dashboard",
                "metadata": {},
                "outputs": [],
                "source": NOTEBOOK_CELL.splitlines(keepends=True),
            }
        ],
        "metadata": {
            "kernelspec": {
                "display_name": "Python 3 (ipykernel)",
                "language": "python",
                "name": "python3",
            },
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def find_notebook() -> Path:
    """``notebooks/dashboard.ipynb`` of the repository; a written copy when installed elsewhere."""
    repo_nb = Path(__file__).resolve().parents[2] / "notebooks" / "dashboard.ipynb"
    if repo_nb.exists():
        return repo_nb
    target = Path(tempfile.gettempdir()) / "simkit-dashboard" / "dashboard.ipynb"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(notebook_json(), indent=1), encoding="utf-8")
    return target


def voila_command(
    host: str = "127.0.0.1",
    port: int = 8866,
    notebook: Path | None = None,
    *,
    loopback: bool = True,
    cull_idle_timeout: int = CULL_IDLE_TIMEOUT_S,
    cull_interval: int = CULL_INTERVAL_S,
    max_kernels: int = MAX_KERNELS,
) -> list[str]:
    """Build the Voila command line for the dashboard (no browser, no tracebacks, light theme).

    ``loopback``: the host is this machine only; then requests whose ``Host`` header names
    another server are refused (403: DNS rebinding). Off loopback the token is required instead
    (see :func:`plan`: Voila reads it from ``JUPYTER_TOKEN``, so it never shows in ``ps``).
    Idle kernels are culled after ``cull_idle_timeout`` s (checked every ``cull_interval`` s);
    at most ``max_kernels`` run at once.
    """
    nb = Path(notebook) if notebook else find_notebook()
    cmd = [
        sys.executable,
        "-m",
        "voila",
        str(nb),
        f"--port={int(port)}",
        f"--Voila.ip={host}",
        "--Voila.port_retries=0",  # the port checked and printed, or fail: never another one
        "--no-browser",
        "--theme=light",
        "--show_tracebacks=False",
        "--strip_sources=True",
        # a pool of one kernel that has already run the notebook: the page opens at once
        "--preheat_kernel=True",
        "--pool_size=1",
        # a page nobody is connected to gives its kernel back after cull_idle_timeout
        f"--MappingKernelManager.cull_idle_timeout={int(cull_idle_timeout)}",
        f"--MappingKernelManager.cull_interval={int(cull_interval)}",
        "--MappingKernelManager.cull_connected=False",  # an open tab keeps its kernel
        "--MappingKernelManager.cull_busy=False",  # a running simulation is not idle
        f"--VoilaConfiguration.multi_kernel_manager_class={CAPPED_KERNEL_MANAGER}",
        f"--CappedKernelManager.max_kernels={int(max_kernels)}",
    ]
    if loopback:
        # jupyter_server's own Host check (Voila turns it off by default): loopback addresses
        # and these names only
        names = sorted({"localhost", host} - {""}) if not _is_ip(host) else ["localhost"]
        settings = {"allow_remote_access": False, "local_hostnames": names}
        cmd.append(f"--Voila.tornado_settings={settings!r}")
    else:
        cmd.append("--Voila.auto_token=True")  # the token is JUPYTER_TOKEN (see plan())
    return cmd


def wait_for_port(host: str, port: int, timeout: float = 60.0, proc=None) -> bool:
    """Return True once ``host:port`` accepts connections (False on timeout or if ``proc`` died)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            return False
        try:
            with socket.create_connection((host, port), timeout=1.0):
                return True
        except OSError:
            time.sleep(0.2)
    return False


class AddressError(ValueError):
    """``--host``/``--port`` cannot be served; the message says why and what to type instead."""


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def check_address(host: str, port: int, lang: str = "id") -> list[str]:
    """Resolve ``host`` and make sure ``port`` is free there, BEFORE Voila starts.

    Returns the addresses ``host`` stands for. Raises :class:`AddressError` (in ``lang``) when
    the name does not resolve, is not an address of this machine, or the port is taken or
    not allowed; Voila would otherwise end in a traceback or move to another port.
    """
    try:
        infos = socket.getaddrinfo(
            host or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )
    except (socket.gaierror, UnicodeError) as exc:
        detail = getattr(exc, "strerror", None) or str(exc)
        text = t("sec_dashboard_host_unknown", lang).format(host=host, detail=detail)
        raise AddressError(text) from None
    addresses: list[str] = []
    for family, kind, proto, _name, sockaddr in infos:
        # as Tornado binds (SO_REUSEADDR on): only a live listener makes the port "taken"
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            if family == socket.AF_INET6 and hasattr(socket, "IPV6_V6ONLY"):
                probe.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
            try:
                probe.bind(sockaddr)
            except OSError as exc:
                if exc.errno == errno.EADDRNOTAVAIL and sockaddr[0] == "::1":
                    continue  # "localhost" on a machine without IPv6: Tornado skips it too
                where = dict(host=host, port=port, detail=exc.strerror or exc)
                if exc.errno == errno.EADDRINUSE:
                    hint = port + 1 if port < 65535 else port - 1
                    text = t("sec_dashboard_port_taken", lang).format(hint=hint, **where)
                elif exc.errno in (errno.EACCES, errno.EPERM):
                    text = t("sec_dashboard_port_denied", lang).format(**where)
                else:  # EADDRNOTAVAIL: a name or address of another machine
                    text = t("sec_dashboard_host_not_here", lang).format(**where)
                raise AddressError(text) from None
        addresses.append(str(sockaddr[0]))
    return addresses


def _loopback(addresses: list[str]) -> bool:
    """True when every address is this machine only (127.0.0.0/8, ::1)."""
    return bool(addresses) and all(
        ipaddress.ip_address(a.split("%")[0]).is_loopback for a in addresses
    )


@dataclass(frozen=True)
class ServePlan:
    """What ``serve`` runs: Voila's command, its extra environment, the URL to print."""

    command: list[str]
    url: str
    loopback: bool
    token: str = ""
    env: dict[str, str] = field(default_factory=dict)


def plan(
    host: str,
    port: int,
    addresses: list[str],
    notebook: Path | None = None,
    token: str | None = None,
) -> ServePlan:
    """Voila's command, environment and URL for ``host:port`` (``addresses``: what host is).

    On loopback no token (only this machine's browser reaches it, and the Host check keeps other
    sites' pages out). Off loopback a token is required: a fresh random one unless given,
    passed to Voila in ``JUPYTER_TOKEN`` and printed in the URL, as Jupyter does.
    """
    loopback = _loopback(addresses)
    shown = host
    if not host or host in ("0.0.0.0", "::"):  # every interface: name the machine
        shown = socket.gethostname()
    elif ":" in host:  # an IPv6 literal in a URL
        shown = f"[{host}]"
    url = f"http://{shown}:{port}/"
    command = voila_command(host, port, notebook, loopback=loopback)
    if loopback:
        return ServePlan(command, url, True)
    token = token or secrets.token_hex(TOKEN_BYTES)
    return ServePlan(command, f"{url}?token={token}", False, token, {"JUPYTER_TOKEN": token})


def serve(
    host: str = "127.0.0.1",
    port: int = 8866,
    open_browser: bool = True,
    notebook: Path | None = None,
    lang: str | None = None,
) -> int:
    """Run the dashboard with Voila at ``http://host:port/`` until Ctrl+C; return its exit code.

    ``lang`` ("id" or "en") is the language the page opens in (and of the messages here).
    Raises :class:`AddressError` before starting anything when ``host:port`` cannot be served.
    """
    addresses = check_address(host, port, lang or "id")
    run = plan(host, port, addresses, notebook)
    if not run.loopback:  # loudly, in both languages: the user may not read the page's one
        for language in ("id", "en"):
            print(t("sec_dashboard_not_loopback", language).format(host=host), file=sys.stderr)
    url = run.url
    stop = f"{t('cli_dashboard_stop', 'id')} / {t('cli_dashboard_stop', 'en')}"
    print(f"simkit dashboard: {url}  ({stop})", flush=True)
    env = dict(os.environ)
    env.update(run.env)
    if lang:
        env["SIMKIT_LANG"] = lang
    proc = subprocess.Popen(run.command, env=env)
    if open_browser:
        probe_host = "127.0.0.1" if host in ("", "0.0.0.0") else "::1" if host == "::" else host

        def _open():
            if wait_for_port(probe_host, port, proc=proc):
                webbrowser.open(url)

        threading.Thread(target=_open, daemon=True).start()
    try:  # `kill PID` of this process stops Voila too, instead of orphaning it
        previous = signal.signal(signal.SIGTERM, lambda *_: proc.terminate())
    except ValueError:  # not the main thread: leave signals alone
        previous = None
    try:
        return proc.wait()
    except KeyboardInterrupt:
        proc.terminate()
        try:
            return proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            return proc.wait()
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
