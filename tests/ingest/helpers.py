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
    """{month: the entry ``crimeplan status`` gives} counted straight from the files: crimes, ASB, rows by
    crime type and by outcome group, unknown outcome labels, and what was published (outcomes, LSOA,
    Crime IDs). Files of the early archive (no Crime ID column) count as the ``early`` crime types."""
    out: dict = {}
    for path in paths:
        with open_text(path) as handle:
            reader = csv.DictReader(handle)
            early = "Crime ID" not in (reader.fieldnames or [])
            for row in reader:
                entry = out.setdefault(row["Month"], {"crimes": 0, "asb": 0, "by_type": defaultdict(int),
                                                      "by_outcome_group": defaultdict(int),
                                                      "unknown_outcome_labels": defaultdict(int),
                                                      "published": {"crimes": 0, "with_outcome": 0, "with_lsoa": 0,
                                                                    "with_crime_id": 0, "early": early,
                                                                    "legacy": False}})
                published = entry["published"]
                entry["by_type"][row["Crime type"]] += 1
                published["with_lsoa"] += bool((row.get("LSOA code") or "").strip())
                published["legacy"] |= row["Crime type"] in reference.LEGACY_CRIME_TYPES
                if row["Crime type"] == "Anti-social behaviour":
                    entry["asb"] += 1
                    continue
                entry["crimes"] += 1
                label = row.get("Last outcome category") or ""
                entry["by_outcome_group"][reference.outcome_group_for_label(label)] += 1
                if label.strip() and label not in reference.POLICE_UK_OUTCOMES:
                    entry["unknown_outcome_labels"][label] += 1
                published["crimes"] += 1
                published["with_outcome"] += bool(label.strip())
                published["with_crime_id"] += bool((row.get("Crime ID") or "").strip())
    return {m: {**e, "by_type": dict(e["by_type"]), "by_outcome_group": dict(e["by_outcome_group"]),
                "unknown_outcome_labels": dict(e["unknown_outcome_labels"]), "published": _published(e)}
            for m, e in out.items()}


def _published(entry: dict) -> dict:
    p = entry["published"]
    rows = entry["crimes"] + entry["asb"]
    return {"crimes": p["crimes"], "with_outcome": p["with_outcome"], "with_lsoa": p["with_lsoa"],
            "with_crime_id": p["with_crime_id"], "outcomes_published": p["with_outcome"] > 0 or p["crimes"] == 0,
            "lsoa_published": p["with_lsoa"] > 0 or rows == 0,
            "crime_types": "early" if p["early"] else "legacy" if p["legacy"] else "current"}


def street_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if "-street.csv" in p.name)


def snapshot(store) -> dict:
    """Everything a failed load must leave untouched."""
    counts = {t: store.count(t) for t in TABLES}
    counts["crimes_digest"] = store.fetchall(
        "SELECT force, month, category, outcome_label, count(*) FROM crimes GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4")
    return counts
