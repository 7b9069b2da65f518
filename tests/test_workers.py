"""Worker processes: never more than the CPUs or the jobs, and never outliving their driver."""

import os
import signal
import subprocess
import sys
import textwrap
import time
import warnings

import pytest

from simkit.executors import ExecutorWarning, PoolRunner, Runner, cpu_count, open_runner


@pytest.mark.process
def test_more_workers_than_cpus_are_capped_with_a_message_in_both_languages():
    asked = cpu_count() + 38
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with open_runner(workers=asked, default="processes") as runner:
            assert runner.n_workers == cpu_count()
    (warning,) = [w.message for w in caught if isinstance(w.message, ExecutorWarning)]
    assert str(asked) in warning.text("id") and "CPU" in warning.text("id")
    assert str(asked) in warning.text("en") and "CPUs" in warning.text("en")


@pytest.mark.process
def test_never_more_workers_than_jobs():
    with open_runner(workers=2, default="processes", jobs=1) as runner:
        assert type(runner) is Runner  # one job: no pool at all
    if cpu_count() >= 2:
        with open_runner(workers=2, default="processes", jobs=5) as runner:
            assert isinstance(runner, PoolRunner) and runner.n_workers == 2


DRIVER = textwrap.dedent(
    """
    import os, sys, time
    from simkit.executors import open_runner

    def hang(_):
        print(os.getpid(), flush=True)
        time.sleep(120)

    with open_runner(workers=2, default="processes", jobs=2) as runner:
        for _ in runner.map_unordered(hang, [0, 1]):
            pass
    """
)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie waiting for a reaper is dead too
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return True


@pytest.mark.process
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.skipif(cpu_count() < 2, reason="needs two worker processes")
def test_pool_workers_die_when_their_driver_is_killed(tmp_path):
    script = tmp_path / "driver.py"
    script.write_text(DRIVER)
    driver = subprocess.Popen(
        [sys.executable, str(script)], stdout=subprocess.PIPE, text=True, cwd=tmp_path
    )
    try:
        pids = [int(driver.stdout.readline()) for _ in range(2)]
        assert all(_alive(p) for p in pids)
        driver.send_signal(signal.SIGKILL)
        driver.wait(timeout=10)
        deadline = time.monotonic() + 10
        while any(_alive(p) for p in pids) and time.monotonic() < deadline:
            time.sleep(0.1)
        left = [p for p in pids if _alive(p)]
        for p in left:  # do not leave them behind even when the test fails
            os.kill(p, signal.SIGKILL)
        assert not left, f"workers {left} outlived their killed driver"
    finally:
        if driver.poll() is None:
            driver.kill()
