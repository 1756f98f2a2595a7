"""Running one benchmark task in a fresh Python process (``python -m crimeplan.bench TASK JSON``),
so that its wall time and peak memory are its own."""

from __future__ import annotations

import json
import os
import subprocess
import sys


def run_task(name: str, **kwargs) -> dict:
    """Run one task in a fresh Python process; its result with peak memory (MB) added."""
    done = subprocess.run([sys.executable, "-m", "crimeplan.bench", name, json.dumps(kwargs)],
                          capture_output=True, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
        raise RuntimeError(f"bench task {name} failed: {' | '.join(tail)}")
    return json.loads(lines[-1])
