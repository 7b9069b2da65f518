"""Run every benchmark in this folder and print its figures (``make bench``).

Each ``bench_*.py`` module has a ``main()`` returning a dict of figures; targets and the
recorded results live in benchmarks/README.md.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(only: list[str] | None = None) -> int:
    results = {}
    for path in sorted(HERE.glob("bench_*.py")):
        name = path.stem
        if only and name not in only:
            continue
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
        print(f"== {name}", flush=True)
        results[name] = module.main()
        print(json.dumps(results[name], indent=2, default=str), flush=True)
    out = HERE / "results.json"
    out.write_text(json.dumps(results, indent=2, default=str), encoding="utf-8")
    print(f"figures written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or None))
