"""External indicators: figures published by other bodies (ranks, rates, scores) recorded so they
can be shown, charted and cited — e.g. the Ministry of Justice re-offending ranks of the seven
local authorities (board paper paragraph 36; shipped as
``crimeplan/plans/wmp-2013-14/reoffending.csv``).

CSV columns: ``indicator,name,source,published,area,area_name`` and any of
``value,rank,peer_size,unit,better,note``. ``area`` is an area code or ``LEVEL:CODE``; ``published``
is the publication date (``YYYY-MM-DD``); each row needs a value or a rank; ``better`` is ``low``
or ``high`` (which end is good). Loading replaces the same indicator and publication date.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import vl_convert

from crimeplan.errors import IngestError, NotFoundError
from crimeplan.ingest.files import checksum, csv_rows, open_csv
from crimeplan.periods import parse_date
from crimeplan.store import LoadRecord, Store
from crimeplan.store.queries import comparisons as q

COLUMNS = ("indicator", "name", "source", "published", "area", "area_name")
OPTIONAL = ("value", "rank", "peer_size", "unit", "better", "note")
BETTER = ("low", "high")


def shipped_example(plan_id: str = "wmp-2013-14") -> Path:
    return Path(str(resources.files("crimeplan") / "plans" / plan_id / "reoffending.csv"))


@dataclass(frozen=True)
class IndicatorRow:
    area_code: str | None
    area_name: str
    value: float | None
    rank: int | None
    peer_size: int | None
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"area_code": self.area_code, "area_name": self.area_name, "value": self.value, "rank": self.rank,
                "peer_size": self.peer_size, "note": self.note}


@dataclass(frozen=True)
class IndicatorTable:
    indicator: str
    name: str
    source: str
    published: date
    unit: str | None
    better: str | None
    rows: tuple[IndicatorRow, ...]

    @property
    def citation(self) -> str:
        return f"{self.source}, published {self.published.day} {self.published:%B %Y}"

    def to_dict(self) -> dict[str, Any]:
        return {"indicator": self.indicator, "name": self.name, "source": self.source,
                "published": self.published.isoformat(), "unit": self.unit, "better": self.better,
                "citation": self.citation, "rows": [r.to_dict() for r in self.rows]}


def load_indicators(store: Store, path: str | Path, *, loaded_by: str = "unknown") -> dict:
    source, _ = open_csv(path, COLUMNS, COLUMNS)
    rows = [_indicator_row(row, fail) for _line, row, fail in csv_rows(source)]
    if not rows:
        raise IngestError("no rows; expected one row per area", path=source.label, line=2)
    keys = sorted({(r["indicator"], r["published"]) for r in rows})
    with store.transaction():
        load_id = store.new_load_id()
        for indicator, day in keys:
            store.execute(q.DELETE_INDICATOR, {"indicator": indicator, "published": day})
        for r in rows:
            store.execute(q.INSERT_INDICATOR, {**r, "load_id": load_id})
        store.record_load(load_id, LoadRecord(
            kind="indicators", source=source.label, checksum=checksum(source.path), force=None, months=(),
            rows_in=len(rows), rows_loaded=len(rows), rows_replaced=0, rows_rejected=0,
            details={"indicators": sorted({k[0] for k in keys})}, loaded_by=loaded_by))
    return {"source": source.label, "rows": len(rows), "indicators": sorted({k[0] for k in keys})}


def _indicator_row(row: dict[str, str], fail: Callable[[str, str], IngestError]) -> dict[str, Any]:
    """One CSV row, checked, as the parameters of INSERT_INDICATOR (without the load id)."""
    for key in ("indicator", "name", "source", "area_name"):
        if not row[key].strip():
            raise fail(key, "expected a value, got ''")
    try:
        published = parse_date(row["published"].strip())
    except ValueError:
        raise fail("published", f"expected a date YYYY-MM-DD, got {row['published']!r}") from None
    extra = {k: (row.get(k) or "").strip() or None for k in OPTIONAL}
    value, rank, peer = _figures(extra, fail)
    if extra["better"] is not None and extra["better"] not in BETTER:
        raise fail("better", f"expected low or high, got {extra['better']!r}")
    return {"indicator": row["indicator"].strip(), "name": row["name"].strip(),
            "source": row["source"].strip(), "published": published,
            "area_code": row["area"].strip().rpartition(":")[2] or None,
            "area_name": row["area_name"].strip(), "value": value, "rank": rank, "peer_size": peer,
            "unit": extra["unit"], "better": extra["better"], "note": extra["note"]}


def _figures(extra: dict[str, str | None],
             fail: Callable[[str, str], IngestError]) -> tuple[float | None, int | None, int | None]:
    """A row's value, rank and peer size: a value or a rank (or both), a rank within the peer size."""
    value = None
    if extra["value"] is not None:
        try:
            value = float(extra["value"].replace(",", ""))
        except ValueError:
            raise fail("value", f"expected a number, got {extra['value']!r}") from None
    for key in ("rank", "peer_size"):
        text = extra[key]
        if text is not None and (not text.isdigit() or int(text) < 1):
            raise fail(key, f"expected a whole number ≥ 1, got {text!r}")
    rank = int(extra["rank"]) if extra["rank"] else None
    peer = int(extra["peer_size"]) if extra["peer_size"] else None
    if value is None and rank is None:
        raise fail("value", "expected a value or a rank (or both)")
    if rank is not None and peer is not None and rank > peer:
        raise fail("rank", f"rank {rank} is beyond the peer size {peer}")
    return value, rank, peer


def list_indicators(store: Store) -> list[dict[str, Any]]:
    return [{"indicator": i, "name": n, "latest": (p if not hasattr(p, "hour") else p.date()).isoformat(),
             "rows": int(c)} for i, n, p, c in store.fetchall(q.INDICATOR_LIST)]


def indicator_table(store: Store, indicator: str, published: date | None = None) -> IndicatorTable:
    when = published or store.scalar(q.INDICATOR_LATEST, {"indicator": indicator})
    if when is None:
        known = [i["indicator"] for i in list_indicators(store)]
        raise NotFoundError(f"no external indicator {indicator!r}; loaded: {', '.join(known) or 'none'}")
    when = when.date() if isinstance(when, datetime) else when
    rows = store.fetchall(q.INDICATOR_ROWS, {"indicator": indicator, "published": when})
    if not rows:
        raise NotFoundError(f"no figures for {indicator} published {when.isoformat()}")
    name, source, _, _, _, _, _, _, unit, better, _ = rows[0]
    return IndicatorTable(indicator, name, source, when, unit, better, tuple(
        IndicatorRow(area, area_name, None if value is None else float(value), rank, peer, note)
        for _, _, _, area, area_name, value, rank, peer, _, _, note in rows))


def indicator_chart_svg(table: IndicatorTable, *, width: int = 480) -> str:
    """A ranked bar chart (rank, or value when no rank), best first; labels carry the figures."""
    import altair as alt  # lazy: ~0.7 s to import, paid by the SVG chart only (not the tables and loads)

    ranked = all(r.rank is not None for r in table.rows)
    field = "rank" if ranked else "value"
    figures = [(f"{r.area_name} ({r.rank if ranked else r.value})", r.rank if ranked else r.value)
               for r in table.rows]
    data = [{"area": area, field: figure} for area, figure in figures]
    reverse = (table.better == "high") and not ranked
    # best first; an area with a rank but no value has no bar in a chart of values, and comes last
    shown = sorted(((area, figure) for area, figure in figures if figure is not None),
                   key=lambda pair: pair[1], reverse=reverse)
    order = [area for area, _ in shown] + [area for area, figure in figures if figure is None]
    chart = alt.Chart(alt.Data(values=data)).mark_bar(color="#005eb8").encode(
        y=alt.Y("area:N", sort=order, title=None),
        x=alt.X(f"{field}:Q", title="National rank (1 = best)" if ranked else (table.unit or "value")),
        tooltip=["area:N", f"{field}:Q"],
    ).properties(width=width, height=max(100, 26 * len(data)), title=f"{table.name}",
                 description=indicator_chart_text(table).replace("\n", " "))
    return vl_convert.vegalite_to_svg(chart.to_dict())


def indicator_chart_text(table: IndicatorTable) -> str:
    lines = [f"{table.name}. Source: {table.citation}."]
    for r in table.rows:
        figure = f"rank {r.rank}" + (f" of {r.peer_size}" if r.peer_size else "") if r.rank is not None else ""
        if r.value is not None:
            figure = (figure + ", " if figure else "") + f"{r.value:g}" + (f" {table.unit}" if table.unit else "")
        lines.append(f"- {r.area_name}: {figure}")
    return "\n".join(lines)
