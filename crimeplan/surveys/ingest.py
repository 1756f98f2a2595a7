"""Loading survey results: victim satisfaction (crime, ASB) and public confidence.

Two layouts, recognised by their header (docs/surveys.md):

* **per respondent**: ``date,area,survey,question,answer`` — one row per answer. Answers are
  mapped to positive / negative (``POSITIVE_ANSWERS``, ``NEGATIVE_ANSWERS``; also yes/no, 1/0);
  "don't know" and "refused" are left out of n and counted in the report. Rows are **aggregated
  to calendar months at load**: no respondent-level data is kept in the store.
* **aggregates**: ``period,area,survey,question,n,positive`` — ``period`` is a month
  (``2013-04``), a span of months (``2014-01/2014-03``, e.g. a survey wave) or two dates
  (``2013-04-01/2013-06-30``).

``survey`` is one of ``victim_satisfaction_crime``, ``victim_satisfaction_asb``, ``confidence``;
``question`` one of ``overall`` (the "whole experience" stage), ``ease_of_contact``,
``actions_taken``, ``kept_informed``, ``treatment``. ``area`` is an area code or ``LEVEL:CODE``
(``force:west-midlands``). A result for the same survey, question, area and period replaces the
one stored; a load commits whole or not at all.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from crimeplan.errors import IngestError
from crimeplan.ingest.files import InputFile, checksum, csv_rows, open_csv
from crimeplan.periods import month_end, month_start, parse_date
from crimeplan.plan import SURVEY_QUESTIONS, SURVEYS
from crimeplan.store import LoadRecord, Store
from crimeplan.store.queries import comparisons as q

RESPONDENT_COLUMNS = ("date", "area", "survey", "question", "answer")
AGGREGATE_COLUMNS = ("period", "area", "survey", "question", "n", "positive")
POSITIVE_ANSWERS = frozenset({"completely satisfied", "very satisfied", "fairly satisfied", "satisfied",
                              "strongly agree", "tend to agree", "agree", "yes", "1", "true", "positive"})
NEGATIVE_ANSWERS = frozenset({"neither satisfied nor dissatisfied", "neither", "fairly dissatisfied",
                              "very dissatisfied", "completely dissatisfied", "dissatisfied",
                              "neither agree nor disagree", "tend to disagree", "strongly disagree",
                              "disagree", "no", "0", "false", "negative"})
EXCLUDED_ANSWERS = frozenset({"don't know", "dont know", "refused", "not answered", "n/a"})
"""Answers left out of the base (n), as the Home Office user-satisfaction returns did."""


@dataclass(frozen=True)
class SurveyResult:
    """One stored result: ``positive`` of ``n`` answers in ``start..end`` for one area."""

    survey: str
    question: str
    start: date
    end: date
    area_code: str
    n: int
    positive: int


def ingest_surveys(store: Store, path: str | Path, *, loaded_by: str = "unknown") -> dict:
    source, header = open_csv(path, AGGREGATE_COLUMNS)
    excluded = 0
    if all(c in header for c in AGGREGATE_COLUMNS):
        results, layout = _aggregates(source), "aggregates"
    elif all(c in header for c in RESPONDENT_COLUMNS):
        results, excluded = _respondents(source)
        layout = "respondents"
    else:
        raise IngestError("unrecognised survey file; expected the columns " + ", ".join(RESPONDENT_COLUMNS)
                          + " (one row per respondent) or " + ", ".join(AGGREGATE_COLUMNS) + " (aggregates)",
                          path=source.label, line=1)
    if not results:
        raise IngestError("no results; expected at least one row", path=source.label, line=2)
    replaced = store_results(store, results, source=layout, label=source.label, checksum_=checksum(source.path),
                             loaded_by=loaded_by, details={"layout": layout, "answers_left_out": excluded})
    return {"source": source.label, "layout": layout, "results": len(results), "replaced": replaced,
            "answers_left_out": excluded,
            "surveys": sorted({r.survey for r in results})}


def store_results(store: Store, results: list[SurveyResult], *, source: str, label: str, checksum_: str,
                  loaded_by: str, details: dict) -> int:
    """Write results in one transaction, each replacing the stored result with the same key."""
    replaced = 0
    with store.transaction():
        load_id = store.new_load_id()
        for r in results:
            key = {"survey": r.survey, "question": r.question, "area_code": r.area_code,
                   "period_start": r.start, "period_end": r.end}
            replaced += int(store.scalar(q.COUNT_SURVEY_PERIOD, key))
            store.execute(q.DELETE_SURVEY_PERIOD, key)
            store.execute(q.INSERT_SURVEY_RESULT, {**key, "n": r.n, "positive": r.positive, "source": source,
                                                   "load_id": load_id})
        store.record_load(load_id, LoadRecord(
            kind="surveys", source=label, checksum=checksum_, force=None,
            months=(min(r.start for r in results).isoformat()[:7], max(r.end for r in results).isoformat()[:7]),
            rows_in=len(results), rows_loaded=len(results), rows_replaced=replaced, rows_rejected=0,
            details=details, loaded_by=loaded_by))
    return replaced


def _area(text: str) -> str:
    return text.strip().rpartition(":")[2]


def _check_names(fail, survey: str, question: str) -> None:
    if survey not in SURVEYS:
        raise fail("survey", f"expected one of {', '.join(SURVEYS)}, got {survey!r}")
    if question not in SURVEY_QUESTIONS:
        raise fail("question", f"expected one of {', '.join(SURVEY_QUESTIONS)}, got {question!r}")


def parse_period(text: str) -> tuple[date, date]:
    """``2013-04`` → the month; ``2014-01/2014-03`` → Jan–Mar; ``2013-04-01/2013-06-30`` as given."""
    first, _, last = text.strip().partition("/")
    last = last or first

    def day(part: str, end: bool) -> date:
        part = part.strip()
        if len(part) == 7:
            d = parse_date(part + "-01")
            return month_end(d) if end else d
        return parse_date(part)

    start, stop = day(first, False), day(last, True)
    if stop < start:
        raise ValueError(f"the period ends before it starts: {text!r}")
    return start, stop


def _aggregates(source: InputFile) -> list[SurveyResult]:
    out: dict[tuple, SurveyResult] = {}
    for _line, row, fail in csv_rows(source):
        survey, question = row["survey"].strip(), row["question"].strip() or "overall"
        _check_names(fail, survey, question)
        try:
            start, end = parse_period(row["period"])
        except ValueError:
            raise fail("period", f"expected a month (2013-04), months (2014-01/2014-03) or dates "
                                 f"(2013-04-01/2013-06-30), got {row['period']!r}") from None
        n_text, p_text = row["n"].replace(",", "").strip(), row["positive"].replace(",", "").strip()
        if not n_text.isdigit() or int(n_text) == 0:
            raise fail("n", f"expected the number of respondents (a whole number > 0), got {row['n']!r}")
        if not p_text.isdigit() or int(p_text) > int(n_text):
            raise fail("positive", f"expected a whole number from 0 to n ({n_text}), got {row['positive']!r}")
        area = _area(row["area"])
        if not area:
            raise fail("area", "expected an area code (e.g. force:west-midlands), got ''")
        key = (survey, question, start, end, area)
        if key in out:
            raise fail("period", "repeats an earlier row for the same survey, question, area and period")
        out[key] = SurveyResult(survey, question, start, end, area, int(n_text), int(p_text))
    return list(out.values())


def _respondents(source: InputFile) -> tuple[list[SurveyResult], int]:
    counts: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])
    excluded = 0
    for _line, row, fail in csv_rows(source):
        survey, question = row["survey"].strip(), row["question"].strip() or "overall"
        _check_names(fail, survey, question)
        try:
            day = parse_date(row["date"].strip())
        except ValueError:
            raise fail("date", f"expected a date YYYY-MM-DD, got {row['date']!r}") from None
        area = _area(row["area"])
        if not area:
            raise fail("area", "expected an area code (e.g. force:west-midlands), got ''")
        answer = " ".join(row["answer"].strip().lower().replace("’", "'").split())
        if answer in EXCLUDED_ANSWERS:
            excluded += 1
            continue
        if answer in POSITIVE_ANSWERS:
            positive = 1
        elif answer in NEGATIVE_ANSWERS:
            positive = 0
        else:
            raise fail("answer", f"expected a satisfaction or agreement answer (e.g. 'Very satisfied', "
                                 f"'Tend to disagree', yes/no, 1/0, \"Don't know\"), got {row['answer']!r}")
        tally = counts[(survey, question, month_start(day), area)]
        tally[0] += 1
        tally[1] += positive
    return [SurveyResult(s, qn, m, month_end(m), a, n, p) for (s, qn, m, a), (n, p) in sorted(counts.items())], \
        excluded
