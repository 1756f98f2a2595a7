"""Re-offending in the paper (the seed's paragraph 36): the latest published national ranks of
the areas (an external indicator, ``crimeplan.indicators``), or one line saying none are loaded."""

from __future__ import annotations

from crimeplan.indicators import IndicatorTable
from crimeplan.report.context.markup import para
from crimeplan.report.context.model import Block, Table, long_date

NO_DATA = "No re-offending figures have been loaded for this paper."


def reoffending_blocks(table: IndicatorTable | None, group: str) -> list[Block]:
    if table is None:
        return [para(NO_DATA, group, numbered=False, style="note")]
    ranked = sorted(table.rows, key=lambda r: (r.rank is None, r.rank or 0, r.area_name))
    with_value = any(r.value is not None for r in table.rows)
    headings = ("Area", "National rank") + (("Value",) if with_value else ())
    rows = tuple((r.area_name, "-" if r.rank is None else str(r.rank))
                 + ((("-" if r.value is None else f"{r.value:g}"),) if with_value else ()) for r in ranked)
    return [
        para(f"The latest figures, published on {long_date(table.published)} ({table.source}), rank the "
             f"{len(rows)} areas nationally as shown in [[table:reoffending]] (1 is the best).", group),
        Table(f"{table.name}, published {long_date(table.published)}", headings, rows,
              (False,) + (True,) * (len(headings) - 1), anchor="table:reoffending", groups=(group,)),
    ]
