"""A deliverable in the paper: its heading and lead, then its latest approved update or where it
is reported instead."""

from __future__ import annotations

from crimeplan.plan import Deliverable
from crimeplan.report.context.markup import para
from crimeplan.report.context.model import Block, Heading, Paragraph, Run, long_date
from crimeplan.report.updates import DeliverableStatus


def deliverable_blocks(status: DeliverableStatus) -> list[Block]:
    d: Deliverable = status.deliverable
    group = f"deliverable:{d.id}"
    lead = f"(Lead {d.lead}{' – ' + d.cadence if d.cadence else ''})"
    out: list[Block] = [Heading(d.title, 3, lead=lead, anchor=group, groups=(group,))]
    if status.note:
        out.append(para(status.note, group, numbered=False, style="note"))
    out += [Paragraph((Run("text", t),), groups=(group,)) for t in status.paragraphs]
    if status.paragraphs and status.approved_at:
        by = f" by {status.author}" if status.author else ""
        state = f"; status: {status.status.replace('_', ' ')}" if status.status else ""
        out.append(para(f"Update{by}, approved {long_date(status.approved_at)}{state}.", group, numbered=False,
                        style="note"))
    return out
