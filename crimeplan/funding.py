"""Funding allocations per district and programme (the Community Safety Fund table, paragraph 22
of the board paper), loaded from a CSV, with every declared total checked, and linked to the plan
outcomes and deliverables they serve.

CSV columns: ``programme,year,line,kind,amount[,area_code,outcome,deliverable,note]``, one row per
line in the order shown. ``kind`` is:

* ``allocation``: money given to a district or body;
* ``contribution``: money added from elsewhere (e.g. the budget reserve);
* ``subtotal``: must equal the allocations since the previous subtotal;
* ``total``: must equal every allocation and contribution of the programme.

Amounts are pounds (``2,497,583``, ``£350,000.50``) and are kept in pence. A file whose totals do
not add up is refused, naming the line; loading a programme-year replaces it. The paper's table
ships as ``crimeplan/plans/wmp-2013-14/funding.csv`` (6,969,000 + 350,000 = 7,319,000).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from importlib import resources
from pathlib import Path
from typing import Any

from crimeplan.errors import IngestError, NotFoundError
from crimeplan.ingest.files import InputFile, checksum, csv_rows, open_csv
from crimeplan.plan import Plan
from crimeplan.store import LoadRecord, Store
from crimeplan.store.queries import comparisons as q

COLUMNS = ("programme", "year", "line", "kind", "amount")
OPTIONAL = ("area_code", "outcome", "deliverable", "note")
KINDS = ("allocation", "contribution", "subtotal", "total")
_AMOUNT = re.compile(r"£?\s*-?\d[\d,]*(\.\d{1,2})?")


def shipped_example(plan_id: str = "wmp-2013-14") -> Path:
    """The example funding file shipped with a plan."""
    return Path(str(resources.files("crimeplan") / "plans" / plan_id / "funding.csv"))


@dataclass(frozen=True)
class FundingLine:
    line_no: int
    line: str
    kind: str
    amount_pence: int
    area_code: str | None = None
    outcome: str | None = None
    deliverable: str | None = None
    note: str | None = None
    outcome_title: str | None = None
    deliverable_title: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"line_no": self.line_no, "line": self.line, "kind": self.kind, "amount_pence": self.amount_pence,
                "amount": self.amount_pence / 100, "area_code": self.area_code, "outcome": self.outcome,
                "outcome_title": self.outcome_title, "deliverable": self.deliverable,
                "deliverable_title": self.deliverable_title, "note": self.note}


@dataclass(frozen=True)
class FundingCheck:
    line_no: int
    line: str
    declared_pence: int
    computed_pence: int
    rule: str

    @property
    def ok(self) -> bool:
        return self.declared_pence == self.computed_pence

    def sentence(self) -> str:
        verdict = "agrees" if self.ok else "DOES NOT agree"
        return (f"{self.line} £{self.declared_pence / 100:,.0f} {verdict} with {self.rule} "
                f"(£{self.computed_pence / 100:,.0f})")

    def to_dict(self) -> dict[str, Any]:
        return {"line_no": self.line_no, "line": self.line, "declared_pence": self.declared_pence,
                "computed_pence": self.computed_pence, "rule": self.rule, "ok": self.ok,
                "sentence": self.sentence()}


@dataclass(frozen=True)
class FundingTable:
    programme: str
    year: str
    lines: tuple[FundingLine, ...]
    checks: tuple[FundingCheck, ...]

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.checks)

    @property
    def allocated_pence(self) -> int:
        return sum(x.amount_pence for x in self.lines if x.kind == "allocation")

    def to_dict(self) -> dict[str, Any]:
        return {"programme": self.programme, "year": self.year, "lines": [x.to_dict() for x in self.lines],
                "checks": [c.to_dict() for c in self.checks], "ok": self.ok,
                "allocated_pence": self.allocated_pence}


def check_lines(lines: list[FundingLine]) -> tuple[FundingCheck, ...]:
    """Check every subtotal and total against the lines before it (pure)."""
    checks = []
    since_subtotal = 0
    everything = 0
    for x in lines:
        if x.kind == "allocation":
            since_subtotal += x.amount_pence
            everything += x.amount_pence
        elif x.kind == "contribution":
            everything += x.amount_pence
        elif x.kind == "subtotal":
            checks.append(FundingCheck(x.line_no, x.line, x.amount_pence, since_subtotal,
                                       "the sum of the allocations above it"))
            since_subtotal = 0
        elif x.kind == "total":
            checks.append(FundingCheck(x.line_no, x.line, x.amount_pence, everything,
                                       "the sum of every allocation and contribution"))
    return tuple(checks)


def _pence(text: str) -> int | None:
    cleaned = text.strip().replace(" ", "")
    if not _AMOUNT.fullmatch(cleaned):
        return None
    try:
        return int((Decimal(cleaned.replace("£", "").replace(",", "")) * 100).to_integral_exact())
    except InvalidOperation:
        return None


def load_funding(store: Store, path: str | Path, *, plan: Plan | None = None, loaded_by: str = "unknown") -> dict:
    source, _ = open_csv(path, COLUMNS, COLUMNS)
    programmes = _read_programmes(source, plan)
    if not programmes:
        raise IngestError("no lines; expected one row per funding line", path=source.label, line=2)
    _check_totals(programmes, source.label)
    rows = _store_programmes(store, programmes, source, loaded_by)
    return {"source": source.label, "lines": rows, "programmes": [f"{p} {y}" for p, y in programmes]}


#: (programme, year) -> its lines in file order, each with the file line it came from
Programmes = dict[tuple[str, str], list[tuple[int, FundingLine]]]


def _read_programmes(source: InputFile, plan: Plan | None) -> Programmes:
    programmes: Programmes = {}
    for line, row, fail in csv_rows(source):
        programme, year = row["programme"].strip(), row["year"].strip()
        if not programme or not year:
            raise fail("programme" if not programme else "year", "expected a value, got ''")
        kind = row["kind"].strip()
        if kind not in KINDS:
            raise fail("kind", f"expected one of {', '.join(KINDS)}, got {kind!r}")
        amount = _pence(row["amount"])
        if amount is None:
            raise fail("amount", f"expected an amount in pounds like 2,497,583 or £350,000.50, got {row['amount']!r}")
        extra = {k: (row.get(k) or "").strip() or None for k in OPTIONAL}
        if plan is not None:
            _check_plan_names(extra, plan, fail)
        items = programmes.setdefault((programme, year), [])
        items.append((line, FundingLine(len(items) + 1, row["line"].strip(), kind, amount, **extra)))
    return programmes


def _check_plan_names(extra: dict[str, str | None], plan: Plan, fail: Callable[[str, str], IngestError]) -> None:
    """A line's outcome and deliverable, when given, are the plan's."""
    if extra["outcome"] and extra["outcome"] not in plan.outcomes:
        raise fail("outcome", f"expected an outcome of plan {plan.id} ({', '.join(plan.outcomes)}), "
                              f"got {extra['outcome']!r}")
    if extra["deliverable"] and extra["deliverable"] not in plan.deliverables:
        raise fail("deliverable", f"expected a deliverable of plan {plan.id}, got {extra['deliverable']!r}")


def _check_totals(programmes: Programmes, label: str) -> None:
    for (programme, year), items in programmes.items():
        by_no = {x.line_no: file_line for file_line, x in items}
        for check in check_lines([x for _, x in items]):
            if not check.ok:
                raise IngestError(f"{programme} {year}: {check.sentence()}", path=label,
                                  line=by_no[check.line_no], field="amount")


def _store_programmes(store: Store, programmes: Programmes, source: InputFile, loaded_by: str) -> int:
    """Replace each programme-year's lines, as one load; the number of lines stored."""
    with store.transaction():
        load_id = store.new_load_id()
        rows = 0
        for (programme, year), items in programmes.items():
            store.execute(q.DELETE_FUNDING, {"programme": programme, "year": year})
            for _, x in items:
                store.execute(q.INSERT_FUNDING_LINE, {
                    "programme": programme, "year": year, "line_no": x.line_no, "line": x.line, "kind": x.kind,
                    "amount_pence": x.amount_pence, "area_code": x.area_code, "outcome": x.outcome,
                    "deliverable": x.deliverable, "note": x.note, "load_id": load_id})
                rows += 1
        store.record_load(load_id, LoadRecord(
            kind="funding", source=source.label, checksum=checksum(source.path), force=None, months=(),
            rows_in=rows, rows_loaded=rows, rows_replaced=0, rows_rejected=0,
            details={"programmes": [f"{p} {y}" for p, y in programmes]}, loaded_by=loaded_by))
    return rows


def funding_table(store: Store, programme: str, year: str, *, plan: Plan | None = None) -> FundingTable:
    rows = store.fetchall(q.FUNDING_LINES, {"programme": programme, "year": year})
    if not rows:
        known = [f"{p} {y}" for p, y in store.fetchall(q.FUNDING_PROGRAMMES)]
        raise NotFoundError(f"no funding loaded for {programme} {year}; loaded: {', '.join(known) or 'none'} "
                            "(load with `crimeplan funding load FILE`)")
    lines = []
    for line_no, line, kind, amount, area, outcome, deliverable, note in rows:
        outcome_title = plan.outcomes[outcome].title if plan and outcome in plan.outcomes else None
        deliverable_title = (plan.deliverables[deliverable].title
                             if plan and deliverable in plan.deliverables else None)
        lines.append(FundingLine(int(line_no), line, kind, int(amount), area, outcome, deliverable, note,
                                 outcome_title, deliverable_title))
    return FundingTable(programme, year, tuple(lines), check_lines(lines))


def programmes(store: Store) -> list[tuple[str, str]]:
    return [(p, y) for p, y in store.fetchall(q.FUNDING_PROGRAMMES)]
