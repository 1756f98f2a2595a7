from __future__ import annotations

import pytest

from crimeplan.errors import IngestError
from crimeplan.metrics.surveys import survey_series
from crimeplan.surveys.ingest import ingest_surveys


def test_respondents_are_aggregated_to_months_and_dont_know_is_left_out(store, tmp_path):
    path = tmp_path / "answers.csv"
    path.write_text("date,area,survey,question,answer\n"
                    "2014-01-05,force:west-midlands,victim_satisfaction_crime,overall,Very satisfied\n"
                    "2014-01-09,force:west-midlands,victim_satisfaction_crime,overall,Fairly dissatisfied\n"
                    "2014-01-20,force:west-midlands,victim_satisfaction_crime,overall,Don't know\n"
                    "2014-02-02,force:west-midlands,victim_satisfaction_crime,overall,Completely satisfied\n")
    result = ingest_surveys(store, path)
    assert (result["layout"], result["results"], result["answers_left_out"]) == ("respondents", 2, 1)
    series = survey_series(store, "victim_satisfaction_crime", "overall", "west-midlands")
    assert [(p.n, p.positive) for p in series.points] == [(2, 1), (1, 1)]
    assert (series.rolling[-1].n, series.rolling[-1].positive) == (3, 2)


def test_aggregates_replace_and_bad_rows_name_line_and_field(duck, tmp_path):
    path = tmp_path / "agg.csv"
    path.write_text("period,area,survey,question,n,positive\n2014-01/2014-03,west-midlands,confidence,overall,8400,6922\n")
    ingest_surveys(duck, path)
    path.write_text("period,area,survey,question,n,positive\n2014-01/2014-03,west-midlands,confidence,overall,8400,7000\n")
    assert ingest_surveys(duck, path)["replaced"] == 1
    assert survey_series(duck, "confidence", "overall", "west-midlands").points[0].positive == 7000
    bad = tmp_path / "bad.csv"
    bad.write_text("period,area,survey,question,n,positive\n2014-01,west-midlands,confidence,overall,10,11\n")
    with pytest.raises(IngestError, match=r"bad.csv:2: positive: expected a whole number from 0 to n \(10\)"):
        ingest_surveys(duck, bad)
    bad.write_text("date,area,survey,question,answer\n2014-01-05,west-midlands,confidence,overall,Maybe\n")
    with pytest.raises(IngestError, match=r"bad.csv:2: answer: expected a satisfaction or agreement answer"):
        ingest_surveys(duck, bad)
