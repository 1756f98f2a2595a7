"""Where the paper's data sections go: each after the deliverable or at the start of the outcome it
reports on, found from the plan itself (a funding line names its deliverable; a deliverable's or
an outcome's title names its subject), so any plan gets them where it asks for them."""

from __future__ import annotations

from crimeplan.funding import FundingTable
from crimeplan.plan import Deliverable, Outcome
from crimeplan.report.context.confidence import confidence_blocks
from crimeplan.report.context.data import PaperData
from crimeplan.report.context.funding import funding_blocks
from crimeplan.report.context.hate import hate_blocks
from crimeplan.report.context.model import Block
from crimeplan.report.context.reoffending import reoffending_blocks

HATE_WORDS = ("hate crime",)
REOFFENDING_WORDS = ("reoffending", "re-offending")
CONFIDENCE_WORDS = ("confidence",)


def _names(title: str, words: tuple[str, ...]) -> bool:
    text = title.lower()
    return any(w in text for w in words)


def after_deliverable(deliverable: Deliverable, data: PaperData) -> list[Block]:
    group = f"deliverable:{deliverable.id}"
    out: list[Block] = []
    funding = tuple(t for t in data.funding if _home(t) == deliverable.id)
    if funding:
        out += funding_blocks(funding, group)
    if _names(deliverable.title, HATE_WORDS):
        out += hate_blocks(data, group)
    if _names(deliverable.title, REOFFENDING_WORDS):
        out += reoffending_blocks(data.reoffending, group)
    return out


def _home(table: FundingTable) -> str | None:
    """The deliverable a funding table is shown under: the one its first allocation names."""
    return next((x.deliverable for x in table.lines if x.kind == "allocation" and x.deliverable), None)


def outcome_opening(outcome: Outcome, data: PaperData) -> list[Block]:
    if _names(outcome.title, CONFIDENCE_WORDS):
        return confidence_blocks(data.confidence, data.national_confidence, f"outcome:{outcome.id}")
    return []
