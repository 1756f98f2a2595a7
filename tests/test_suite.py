"""The suite's own premise: under ``make test``'s ``--dist loadgroup`` the tests of one
``xdist_group`` run on one worker (tests/portal/test_workers.py's servers and each real-data matrix
set rely on it). pytest 9.2 with pytest-xdist 3.8 silently spread them (pyproject pins pytest)."""

from __future__ import annotations

import subprocess
import sys

GROUPED = '''
import os, pathlib, pytest

@pytest.mark.xdist_group("one")
@pytest.mark.parametrize("i", range(8))
def test_grouped(i):
    pathlib.Path(__file__).with_name(f"ran-{i}").write_text(os.environ["PYTEST_XDIST_WORKER"])
'''


def test_an_xdist_group_runs_on_one_worker(tmp_path):
    (tmp_path / "test_grouped.py").write_text(GROUPED)
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-n", "2", "--dist", "loadgroup",
                           "-p", "no:cacheprovider", "--rootdir", str(tmp_path), str(tmp_path)],
                          capture_output=True, text=True, timeout=300, cwd=tmp_path)
    workers = {p.read_text() for p in tmp_path.glob("ran-*")}
    assert done.returncode == 0, done.stdout[-2000:]
    assert "8 passed" in done.stdout and len(workers) == 1, (workers, done.stdout[-2000:])
