"""Many TPS at once (a kecamatan, a city, a province, the country): the region package's facade.

A *region file* is a CSV with one row per area (``area,tps,dpt``) or one row per TPS
(``area,tps_id,dpt``); extra columns (``level``, ``source``, ``quality``, ...) are kept as notes.
An optional ``copier_group`` column (or ``desa`` in a per-TPS file) names TPS that share one
copier: all TPS of the rows with the same label run together as one task through
``simkit.simulation.simulate_group(..., shared_copier=True)``.

**Assumption (DPT spread).** A per-area row does not say how its DPT is split over its TPS. We
spread it as equally as possible: with ``D`` voters over ``n`` TPS, the first ``D mod n`` TPS of
the area get ``ceil(D/n)`` and the rest ``floor(D/n)``, so the TPS add up exactly to ``D``. Every
TPS must stay within the cap (default 300, KPU's 2024 rule, DOMAIN §1.3; ``dpt_cap=500`` allows
the legal maximum of UU 7/2017) and have at least one voter, else :class:`RegionError`. The other
scenario values (DPTb, DPK, turnout, staff, booths) are the scenario's, at every TPS.

**Randomness.** Replication ``r`` of a run with seed ``s`` simulates every TPS with the seed
``simkit.experiment.replication_seed(s, r)`` (stored in the ``seed`` column) and the TPS id, so
any TPS re-run alone (:func:`rerun_tps`) gives the same result, whichever executor ran it.

**Streaming and resume.** TPS-days are cut into batches in a fixed order; each finished batch is
written to ``out_dir/tps/part-NNNNN.parquet`` (temp file, then an atomic rename). A
``manifest.json`` records the run's parameters. Rerunning the same command skips the batches
already on disk, so an interrupted run (Ctrl-C, a killed worker or process) loses and duplicates
nothing, and the final frames equal those of an uninterrupted run. Different parameters in the
same ``out_dir`` are refused, and so is a folder written by another simkit version (the manifest
records it). Each part is fsynced before its rename and its folder after, and carries page
checksums; on resume every part is read back, and one that is truncated, corrupt or of the wrong
size is moved aside as ``*.bad`` and its batch run again (a :class:`RegionWarning` says so); a
part numbered beyond the run's batches is ignored with a warning.

**Bounds.** A region file holds at most ``MAX_REGION_TPS`` (1,000,000) TPS, per row and in
total (the whole country had 820,161 in 2024), at most as many rows, and at most 256 MB; the
bounds are checked before anything per TPS is built, and the per-TPS columns and the batch plan
are built as arrays, not one Python object per TPS.

Modules: :mod:`~simkit.region.regionfile` (the CSV and its checks), :mod:`~simkit.region.run`
(batches, executors, resume), :mod:`~simkit.region.store` (manifest, Parquet parts, results),
:mod:`~simkit.region.aggregate` (per-area figures). The text report is
``simkit.report.region.format_region_report``.
"""

from __future__ import annotations

from simkit.executors import WorkerLost
from simkit.region.aggregate import region_report
from simkit.region.regionfile import (
    MAX_REGION_TPS,
    REGION_DIR,
    Region,
    RegionError,
    RegionWarning,
    load_region,
    spread_dpt,
)
from simkit.region.run import default_batch_size, rerun_tps, run_region
from simkit.region.store import RegionResult, read_region_result

__all__ = [
    "MAX_REGION_TPS",
    "REGION_DIR",
    "Region",
    "RegionError",
    "RegionResult",
    "RegionWarning",
    "WorkerLost",
    "default_batch_size",
    "load_region",
    "main",
    "read_region_result",
    "region_report",
    "rerun_tps",
    "run_region",
    "spread_dpt",
]
