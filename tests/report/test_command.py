"""``crimeplan report``: writes each format; warnings one per line; --strict refuses to write."""

from __future__ import annotations

import subprocess
import sys


def run(db: str, *args: str, cwd=None) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "crimeplan", "--db", db, "report", "--briefing-date", "2014-04-01", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=300, cwd=cwd, check=False)


def test_report_writes_html(cli_demo_db, tmp_path):
    out = tmp_path / "paper.html"
    done = run(cli_demo_db, "--format", "html", "--meeting-date", "2014-05-13", "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert f"{out}: html board paper" in done.stdout and "0 number-check warning(s)" in done.stdout
    assert "Performance against the 2013/14 Milestones" in out.read_text(encoding="utf-8")


def test_strict_refuses_to_write_a_paper_with_wrong_numbers(cli_demo_db, tmp_path):
    texts = tmp_path / "texts.yaml"
    texts.write_text("financial:\n  - Total Recorded Crime is 4.1% higher than in 2012/13; see paragraph 500.\n",
                     encoding="utf-8")
    out = tmp_path / "paper.html"
    done = run(cli_demo_db, "--format", "html", "--text", str(texts), "--strict", "-o", str(out))
    assert done.returncode == 3 and not out.exists()
    lines = [line for line in done.stderr.splitlines() if line.startswith("warning: ")]
    assert len(lines) == 2
    assert "Total Recorded Crime 4.1%: the data give 2.3 %" in lines[0]
    assert "there is no paragraph 500" in lines[1]
    assert "crimeplan: error: number check: 2 statement(s) disagree with the data" in done.stderr
    written = run(cli_demo_db, "--format", "html", "--text", str(texts), "-o", str(out))
    assert written.returncode == 0 and out.exists() and written.stderr.count("warning: ") == 2


def test_bad_options_are_one_line_errors(cli_demo_db, tmp_path):
    done = run(cli_demo_db, "--meeting-date", "13/05/2014", cwd=tmp_path)
    assert done.returncode != 0 and "--meeting-date" in done.stderr and "Traceback" not in done.stderr


def test_as_at_is_passed_through_and_cited(cli_demo_db, tmp_path):
    out = tmp_path / "paper.html"
    done = run(cli_demo_db, "--format", "html", "--as-at", "1", "-o", str(out))
    assert done.returncode == 0, done.stderr
    html = out.read_text(encoding="utf-8")
    assert "figures as they stood after load 1" in html and "170,635" in html
