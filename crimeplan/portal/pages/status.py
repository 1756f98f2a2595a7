"""The data status page: forces and months loaded, data quality, the load history."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from crimeplan.portal.catalogue import Catalogue
from crimeplan.portal.pages.shapes import Page, Row, Table, iso
from crimeplan.render.formatting import count


def status_page(catalogue: Catalogue) -> Page:
    status = catalogue.status
    month_rows = []
    for force, months in status["forces"].items():
        for month, entry in months.items():
            month_rows.append(Row((force, month, count(entry["crimes"]), count(entry["asb"])),
                                  (force, month, entry["crimes"], entry["asb"])))
    months = Table("months", "Crimes and anti-social behaviour loaded per force and month",
                   ("Force", "Month", "Crimes", "Anti-social behaviour"), tuple(month_rows),
                   (False, False, True, True))
    quality = quality_table(status)
    load_rows = []
    for load in status["loads"]:
        span = " to ".join(dict.fromkeys(load.get("months") or [])) or "-"
        cells = (str(load["load_id"]), load["kind"], load["source"], load.get("force") or "-", span,
                 count(load.get("rows_loaded")), count(load.get("rows_replaced")), load.get("loaded_at") or "-",
                 load.get("loaded_by") or "-")
        raw = (load["load_id"], load["kind"], load["source"], load.get("force"), span, load.get("rows_loaded"),
               load.get("rows_replaced"), load.get("loaded_at"), load.get("loaded_by"))
        load_rows.append(Row(cells, raw))
    loads = Table("loads", "Load history: what was loaded, from where and when",
                  ("Load", "Kind", "Source", "Force", "Months", "Rows loaded", "Rows replaced", "Loaded at",
                   "Loaded by"), tuple(load_rows), (True, False, False, False, False, True, True, False, False))
    summary = [(f.force.name, f.force.code, f.first_month, f.last_month,
                sum(e["crimes"] for e in status["forces"].get(f.force.code, {}).values()))
               for f in catalogue.forces]
    summary_table = Table("forces", "Forces loaded", ("Force", "First month", "Latest month", "Crimes"),
                          tuple(Row((name, f"{first:%B %Y}" if first else "-", f"{last:%B %Y}" if last else "-",
                                     count(total)), (code, iso(first), iso(last), total))
                                for name, code, first, last, total in summary), (False, False, False, True))
    return Page("status", "Data status", status, (summary_table, quality, loads, months), {})


def _yes_no(value: bool | None) -> str:
    return "-" if value is None else "Yes" if value else "No"


def quality_table(status: Mapping[str, Any]) -> Table:
    """The data-quality view: per force and month, what police.uk published (outcomes, locations) and
    every outcome label the reference data does not know, with its count (never silently dropped)."""
    rows = []
    for force, months in status["forces"].items():
        for month, entry in months.items():
            published = entry.get("published") or {}
            unknown = entry.get("unknown_outcome_labels") or {}
            named = "; ".join(f"{label} ({count(n)})" for label, n in sorted(unknown.items())) or "None"
            outcomes, lsoa = published.get("outcomes_published"), published.get("lsoa_published")
            rows.append(Row((force, month, _yes_no(outcomes), _yes_no(lsoa), named),
                            (force, month, outcomes, lsoa, json.dumps(unknown, sort_keys=True))))
    return Table("quality", "Data quality: what was published and labels not recognised per force and month",
                 ("Force", "Month", "Outcomes published", "Locations published", "Outcome labels not recognised"),
                 tuple(rows), (False, False, False, False, False))
