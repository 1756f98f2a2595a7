"""Hostile input to the command line gives one line naming the file (issue 19, item 8)."""

from __future__ import annotations

import subprocess
import sys


def test_deeply_nested_json_to_spc_analyse_is_one_line(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "crimeplan", "spc", "analyse", "--input", str(path)],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode != 0 and "internal error" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and str(path) in r.stderr and "nested too deeply" in r.stderr
