"""Issue 15: the early archive format (2010–2011) loads, its crime types kept as written.

No such file is in the shared real data, so the files are written here from the archive's header,
with values as the archive wrote them (Easting/Northing with one decimal, "On or near …")."""

from __future__ import annotations

import csv
import datetime as dt
from collections import Counter

import pytest

from crimeplan import reference
from crimeplan.errors import IngestError
from crimeplan.ingest.police_uk import EARLY_STREET_COLUMNS
from crimeplan.loads import ingest_police_uk
from crimeplan.metrics.published import published_months
from crimeplan.metrics.status import load_status
from tests.ingest.helpers import count_csvs, snapshot

EARLY_TYPES = ("Anti-social behaviour", "Burglary", "Robbery", "Vehicle crime", "Violent crime", "Other crime")
PLACES = (("532393.0", "181227.0", "On or near Fenchurch Street"), ("532810.0", "181360.0", "On or near Aldgate"),
          ("531915.0", "181537.0", "On or near Moorgate"))


def _early_file(folder, month: str, force_name: str, counts: dict[str, int], name: str | None = None):
    path = folder / (name or f"{month}-{force_name.lower().replace(' ', '-').removesuffix('-police')}-street.csv")
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(EARLY_STREET_COLUMNS)
        i = 0
        for crime_type, n in counts.items():
            for _ in range(n):
                easting, northing, location = PLACES[i % len(PLACES)]
                writer.writerow([month, force_name, force_name, easting, northing, location, crime_type, ""])
                i += 1
    return path


def test_early_files_load_with_their_types_as_written(store, tmp_path):
    months = {"2010-12": dict(zip(EARLY_TYPES, (9, 4, 1, 3, 5, 11), strict=True)),
              "2011-01": dict(zip(EARLY_TYPES, (7, 2, 0, 6, 8, 13), strict=True))}
    files = [_early_file(tmp_path, m, "City of London Police", c) for m, c in months.items()]
    summary = ingest_police_uk(store, files)
    assert [f["force"] for f in summary.files] == ["city-of-london", "city-of-london"]
    assert [f["rows_loaded"] for f in summary.files] == [sum(c.values()) for c in months.values()]
    assert all(f["crimes_without_crime_id"] == f["crimes"] and f["rows_without_location"] == f["rows_loaded"]
               for f in summary.files)
    status = load_status(store)["forces"]["city-of-london"]
    assert status == count_csvs(files, "city-of-london")  # the csv module's count of the same files
    kept = Counter(dict(store.fetchall("SELECT category, count(*) FROM crimes GROUP BY 1")))
    assert kept == Counter({t: sum(c[t] for c in months.values()) for t in EARLY_TYPES[1:]})
    assert store.scalar("SELECT count(*) FROM crimes WHERE crime_id IS NOT NULL OR area_code IS NOT NULL "
                        "OR outcome_label IS NOT NULL") == 0


def test_early_months_say_what_they_cannot_give(store, tmp_path):
    path = _early_file(tmp_path, "2011-03", "Kent Police",
                       {"Other crime": 4, "Burglary": 2, "Anti-social behaviour": 1})
    ingest_police_uk(store, [path])
    month = published_months(store)[("kent", dt.date(2011, 3, 1))]
    assert month.crime_types == "early" and reference.CRIME_TYPE_SCHEMES["early"]
    assert not month.outcomes_published and not month.lsoa_published and month.with_crime_id == 0
    # shoplifting was inside Other crime: a measure of it cannot be counted from these rows
    assert not month.computable(["Shoplifting"]) and not month.computable(["Other crime"])
    assert month.computable(["Burglary"]) and month.computable(reference.CRIME_LABELS)
    assert not month.computable(["Violence and sexual offences", "Violent crime"])  # sexual offences were Other crime


def test_an_early_file_named_otherwise_takes_its_force_from_falls_within(store, tmp_path):
    path = _early_file(tmp_path, "2011-02", "Merseyside Police", {"Robbery": 2}, name="download.csv")
    summary = ingest_police_uk(store, [path])
    assert summary.files[0]["force"] == "merseyside" and summary.files[0]["months"] == ["2011-02"]


def test_a_bad_early_row_names_file_line_and_field(store, tmp_path):
    path = _early_file(tmp_path, "2011-02", "Kent Police", {"Burglary": 3})
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace("Burglary", "Shed break-in")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = snapshot(store)
    with pytest.raises(IngestError, match=rf"^{path}:3: Crime type: expected a police.uk crime type"):
        ingest_police_uk(store, [path])
    assert snapshot(store) == before
