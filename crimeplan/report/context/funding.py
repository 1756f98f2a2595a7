"""Funding in the paper (the seed's paragraph 22): each loaded programme of the plan's year as a
table of its lines with their subtotals and totals (``crimeplan.funding``), and one sentence
giving the totals."""

from __future__ import annotations

from crimeplan.funding import FundingTable
from crimeplan.report.context.markup import para
from crimeplan.report.context.model import Block, Table

PROGRAMME_NAMES = {"community_safety_fund": "Community Safety Fund"}
"""How the paper names a funding programme (else its identifier, words spaced and capitalised)."""


def programme_name(programme: str) -> str:
    return PROGRAMME_NAMES.get(programme, programme.replace("_", " ").capitalize())


def pounds(pence: int) -> str:
    """£2,497,583 (whole pounds), £350,000.50 otherwise."""
    return f"£{pence // 100:,}" if pence % 100 == 0 else f"£{pence / 100:,.2f}"


def funding_blocks(tables: tuple[FundingTable, ...], group: str) -> list[Block]:
    out: list[Block] = []
    for table in tables:
        name = programme_name(table.programme)
        key = f"table:funding-{table.programme}-{table.year.replace('/', '-')}"
        out.append(para(f"The {name} allocations for {table.year} are shown in [[{key}]]: "
                        f"{_totals(table)}.", group))
        rows = tuple((line.line, pounds(line.amount_pence)) for line in table.lines)
        out.append(Table(f"{name}: {table.year} allocations", ("Allocation", f"{table.year} allocation"), rows,
                         (False, True), anchor=key, groups=(group,)))
    return out


def _totals(table: FundingTable) -> str:
    """"£6,969,000 allocated to 8 recipients, £350,000 from other sources, £7,319,000 to allocate"."""
    allocations = [x for x in table.lines if x.kind == "allocation"]
    contributions = [x for x in table.lines if x.kind == "contribution"]
    parts = [f"{pounds(table.allocated_pence)} allocated to {len(allocations)} recipients"]
    parts += [f"{pounds(x.amount_pence)} added ({x.line})" for x in contributions]
    totals = [x for x in table.lines if x.kind == "total"]
    if totals:
        parts.append(f"{pounds(totals[-1].amount_pence)} in all")
    return ", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else parts[0]
