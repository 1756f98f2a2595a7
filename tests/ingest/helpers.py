"""Independent counts of police.uk CSVs (the csv module, not crimeplan) and store snapshots."""

from __future__ import annotations

import csv
import gzip
from collections import defaultdict
from pathlib import Path

from crimeplan import reference

TABLES = ("crimes", "asb", "outcomes", "areas", "area_parents", "population", "loads")


def open_text(path: Path):
    return gzip.open(path, "rt", encoding="utf-8", newline="") if path.name.endswith(".gz") else \
        open(path, encoding="utf-8", newline="")


def count_csvs(paths: list[Path], force: str) -> dict:
    """{month: {"crimes", "asb", "by_type", "by_outcome_group"}} counted straight from the files."""
    out: dict = {}
    for path in paths:
        with open_text(path) as handle:
            for row in csv.DictReader(handle):
                entry = out.setdefault(row["Month"], {"crimes": 0, "asb": 0, "by_type": defaultdict(int),
                                                      "by_outcome_group": defaultdict(int)})
                entry["by_type"][row["Crime type"]] += 1
                if row["Crime type"] == "Anti-social behaviour":
                    entry["asb"] += 1
                else:
                    entry["crimes"] += 1
                    entry["by_outcome_group"][reference.outcome_group_for_label(row["Last outcome category"])] += 1
    return {m: {**e, "by_type": dict(e["by_type"]), "by_outcome_group": dict(e["by_outcome_group"])}
            for m, e in out.items()}


def street_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if "-street.csv" in p.name)


def snapshot(store) -> dict:
    """Everything a failed load must leave untouched."""
    counts = {t: store.count(t) for t in TABLES}
    counts["crimes_digest"] = store.fetchall(
        "SELECT force, month, category, outcome_label, count(*) FROM crimes GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4")
    return counts
