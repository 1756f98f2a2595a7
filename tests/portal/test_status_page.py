"""The portal's data-quality view (/status): what police.uk published per force-month and every
outcome label the reference data does not know, named with its count."""

from __future__ import annotations

import csv

from starlette.testclient import TestClient

from crimeplan.loads import ingest_police_uk
from crimeplan.portal.app import build_app
from crimeplan.portal.service import PortalSettings
from crimeplan.store import open_store

HEADER = ["Crime ID", "Month", "Reported by", "Falls within", "Longitude", "Latitude", "Location", "LSOA code",
          "LSOA name", "Crime type", "Last outcome category", "Context"]


def write_month(path, rows):
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)


def crime(n, label, lsoa="E01000001"):
    return [f"id{n}", "2019-01", "City of London Police", "City of London Police", "-0.09", "51.51",
            "On or near Aldgate", lsoa, "City of London 001A", "Burglary", label, ""]


def test_unknown_labels_and_what_was_published_are_shown_with_counts(tmp_path):
    write_month(tmp_path / "2019-01-city-of-london-street.csv",
                [crime(1, "Offender given a gold star"), crime(2, "Offender given a gold star"),
                 crime(3, "Offender given penalty notice"), crime(4, "Suspect charged")])
    write_month(tmp_path / "2019-01-btp-street.csv", [crime(5, "", lsoa="")])
    db = str(tmp_path / "store.duckdb")
    with open_store(db) as store:
        ingest_police_uk(store, [str(tmp_path)])
    app = build_app(PortalSettings(db=db, plan="police-uk"))
    with TestClient(app) as client:
        page = client.get("/status")
        data = client.get("/status.json").json()
    assert page.status_code == 200
    assert "Offender given a gold star (2)" in page.text
    assert "Offender given penalty notice" not in page.text  # the archive's spelling is known
    city = data["forces"]["city-of-london"]["2019-01"]
    assert city["unknown_outcome_labels"] == {"Offender given a gold star": 2}
    assert data["forces"]["btp"]["2019-01"]["published"]["outcomes_published"] is False
    quality = page.text[page.text.index("Data quality"):]
    btp_row = quality[quality.index(">btp<"):][:400]
    assert btp_row.count(">No<") == 2  # neither outcomes nor locations published
