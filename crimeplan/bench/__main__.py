"""``python -m crimeplan.bench TASK JSON``: one task in this process (started by ``run_task``); its
result printed as one JSON line with this process's peak memory."""

from __future__ import annotations

import json
import resource
import sys
from pathlib import Path

from crimeplan.bench import answers, cube, ingest, paper, portal, reference, refresh

TASKS = {name.removeprefix("task_"): fn for module in (reference, ingest, cube, refresh, portal, paper, answers)
         for name, fn in vars(module).items() if name.startswith("task_")}


def _child(name: str, kwargs: str) -> None:
    result = TASKS[name](**json.loads(kwargs))
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(json.dumps({**result, "peak_mb": round(_peak_rss_mb(), 1), "children_peak_mb": round(children, 1)},
                     default=str))


def _peak_rss_mb() -> float:
    """This process's peak resident memory since it started (VmHWM). Not getrusage's ru_maxrss,
    which on Linux keeps the parent's peak across fork and exec."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


if __name__ == "__main__":
    _child(sys.argv[1], sys.argv[2])
