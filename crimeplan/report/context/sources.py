"""Appendix B: the plan, the data loads and the software behind the paper."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from crimeplan.render.formatting import count
from crimeplan.report.context.model import Block, Paragraph, ReportContext, Run, Source, Table, long_date


def source(load: dict[str, Any]) -> Source:
    months = load.get("months") or []
    span = f"{months[0]} to {months[-1]}" if len(months) > 1 else (months[0] if months else "-")
    return Source(int(load["load_id"]), str(load.get("kind") or ""), str(load.get("source") or ""),
                  load.get("force"), span, count(load.get("rows_loaded")), str(load.get("loaded_at") or ""),
                  str(load.get("loaded_by") or ""))


KIND_NAMES = {"demo": "Demo force crime records (synthetic)", "police-uk-street": "police.uk street-level crimes",
              "police-uk-outcomes": "police.uk outcomes", "police-uk-stop-and-search": "police.uk stop and search",
              "surveys": "Survey results", "funding": "Funding allocations", "indicators": "Published indicators",
              "areas": "Area lookups", "population": "Population estimates", "records": "Force crime records",
              "home-office-prc": "Home Office police recorded crime"}
"""How the paper names a kind of load (else the kind, words spaced)."""


@dataclass(frozen=True)
class SourceLine:
    """Every load of one kind of data for one force: one line of the appendix."""

    kind: str
    force: str
    months: str
    rows: str
    loaded: str


def source_lines(sources: tuple[Source, ...]) -> tuple[SourceLine, ...]:
    """One line per kind and force: the months spanned, the rows loaded, the latest load date."""
    groups: dict[tuple[str, str], list[Source]] = {}
    for s in sources:
        groups.setdefault((s.kind, s.force or ""), []).append(s)
    out = []
    for (kind, force), items in groups.items():
        months = sorted(m for s in items for m in s.months.split(" to ") if m and m != "-")
        rows = sum(int(s.rows.replace(",", "")) for s in items if s.rows.replace(",", "").isdigit())
        name = KIND_NAMES.get(kind, kind.replace("_", " ").replace("-", " ").capitalize())
        latest = _load_date(max(s.loaded_at for s in items))
        out.append(SourceLine(name, _force_name(force), _month_span(months), count(rows), latest))
    return tuple(out)


def _force_name(slug: str) -> str:
    return slug.replace("-", " ").title().replace(" Of ", " of ") if slug else "-"


def _month_span(months: list[str]) -> str:
    def label(month: str) -> str:
        try:
            return f"{date.fromisoformat(month + '-01'):%b %Y}"
        except ValueError:
            return month
    if not months:
        return "-"
    return label(months[0]) if months[0] == months[-1] else f"{label(months[0])} – {label(months[-1])}"


def _load_date(stamp: str) -> str:
    try:
        return long_date(datetime.fromisoformat(stamp).date())
    except ValueError:
        return "-"


def with_sources_table(context: ReportContext) -> ReportContext:
    """Appendix B is written last: it cites the plan, the data and the software behind the paper."""
    sections = list(context.sections)
    index = next(i for i, s in enumerate(sections) if s.anchor == "appendix:sources")
    next_table = len(context.tables) + 1
    review = len(context.warnings)
    lines = [
        f"Plan version {context.plan_version} (checksum {context.plan_checksum[:12]}); briefing date "
        f"{long_date(context.briefing_date)}; area {context.area}"
        + (f"; figures as they stood after load {context.as_at}" if context.as_at is not None else "") + ".",
        (f"Produced by {context.software}. Every figure is computed from the data listed in "
         f"[[table:sources]] and checked against the text"
         + (f": {count(review)} statement{'s' if review != 1 else ''} to review." if review else "."))]
    blocks: list[Block] = [Paragraph((Run("text", t.replace("[[table:sources]]", f"Table {next_table}")),),
                                     numbered=False, style="note") for t in lines]
    rows = tuple((x.kind, x.force, x.months, x.rows, x.loaded) for x in source_lines(context.sources))
    blocks.append(Table("Data behind this paper", ("Data", "Force", "Months", "Rows", "Last loaded"),
                        rows or (("No data loaded", "-", "-", "-", "-"),),
                        (False, False, False, True, False), anchor="table:sources",
                        number=next_table, row_headers=False))
    sections[index] = replace(sections[index], blocks=tuple(blocks))
    return replace(context, sections=tuple(sections))
