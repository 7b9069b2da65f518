"""The kernel manager Voila runs the dashboard with: at most ``max_kernels`` kernels at a time.

Every page load of the dashboard starts a kernel of about 250 MB. Idle kernels are culled by
jupyter_server's own culler (``MappingKernelManager.cull_idle_timeout``, set by
``simkit.dashboard.serve``); this class adds the missing cap, so page loads faster than the
culler cannot pile kernels up: past the cap a page load gets HTTP 503 until a kernel ends.
It is loaded by Voila (``--VoilaConfiguration.multi_kernel_manager_class``), never by simkit
itself, so importing simkit does not import jupyter_server.
"""

from __future__ import annotations

from typing import Any

from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from tornado import web
from traitlets import Integer

__all__ = ["CappedKernelManager"]


class CappedKernelManager(AsyncMappingKernelManager):  # type: ignore[misc]
    """An ``AsyncMappingKernelManager`` that refuses to start more than ``max_kernels`` kernels."""

    max_kernels = Integer(
        0,
        config=True,
        help="Most kernels alive at once (running or starting); 0 or less: no cap.",
    )

    def alive(self) -> int:
        """Kernels running or starting (jupyter_client lists a kernel only once it has started)."""
        starting = getattr(self, "_pending_kernels", {})  # kernel id -> its start task
        ids = set(self.list_kernel_ids())
        ids.update(k for k, task in starting.items() if not task.done())
        return len(ids)

    async def start_kernel(  # type: ignore[override]  # jupyter_client types it as sync
        self, *args: Any, kernel_id: str | None = None, **kwargs: Any
    ) -> str:
        """Start a kernel unless ``max_kernels`` are alive already (then HTTP 503)."""
        if kernel_id is None and self.max_kernels > 0:  # a restart reuses its place
            alive = self.alive()
            if alive >= self.max_kernels:
                self.log.warning(
                    "simkit: %d kernels alive, the cap is %d: refusing a new one",
                    alive,
                    self.max_kernels,
                )
                raise web.HTTPError(503, "too many dashboards open; close one or try later")
        # the new kernel joins the pending ones before this call first waits: no race
        return await super().start_kernel(*args, kernel_id=kernel_id, **kwargs)
