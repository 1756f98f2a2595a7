"""The number check: every figure a paper states is recomputed before the paper is written.

A board paper mixes figures rendered from the results with prose written by people (deliverable
updates, text blocks). The seed paper shows what goes wrong in prose (docs/domain.md §0): shares
that do not divide ("1,811 crimes, 1.5 % of TRC" when TRC was 170,635), a count given twice with
two values (61 and 63 religious hate crimes), percentages in a table that do not match their
counts, cross-references to the wrong paragraph. The checker finds these, one module each:

* **shares** (:mod:`.shares`): "57 offences (3.1 %)" against the count before it; "1.5 % of Total
  Recorded Crime … 1,811 crimes" against the measure's value in the data;
* **changes** (:mod:`.changes`): "Violence With Injury is 8.7 % (1,552 offences) higher than in
  2012/13", "rose by 1,900 offences (8.7 %)", "fell by 2.3 %" against the milestone results, in size
  and in direction (:mod:`.directions`);
* **differences** (:mod:`.differences`): "174,526 against 170,635, which is 1,716 more offences";
* **consistency** (:mod:`.consistency`): the same subject and period given two different values;
* **cross-references** (:mod:`.crossrefs`): "see paragraph 21", "paragraphs 38-41", "Table 3"
  against what those paragraphs are about;
* **tables** (:mod:`.tables`): totals, "%" columns, milestone and outcome tables and their rows
  against the data.

Figures in text are read by :mod:`.figures`, subjects by :mod:`.words`; a plain-text paper (the
seed) by :mod:`.plaintext`. Everything is pure: a :class:`CheckDocument` and the :class:`Fact`
values from the results go in, :class:`NumberWarning` values come out (:func:`check`).
"""

from __future__ import annotations

from crimeplan.report.numbercheck.crossrefs import CROSS_REFERENCE_RATIO
from crimeplan.report.numbercheck.figures import TOLERANCE_UNITS, agrees, numbers, period_of
from crimeplan.report.numbercheck.findings import check
from crimeplan.report.numbercheck.model import (
    CheckDocument,
    Fact,
    NumberCheckError,
    NumberWarning,
    Passage,
    Subject,
    TableText,
)
from crimeplan.report.numbercheck.plaintext import document_from_text

__all__ = [
    "CROSS_REFERENCE_RATIO",
    "TOLERANCE_UNITS",
    "CheckDocument",
    "Fact",
    "NumberCheckError",
    "NumberWarning",
    "Passage",
    "Subject",
    "TableText",
    "agrees",
    "check",
    "document_from_text",
    "numbers",
    "period_of",
]
