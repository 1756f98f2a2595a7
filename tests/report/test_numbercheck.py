"""The number check on the seed paper itself (docs/domain.md §0) and on papers we write."""

from __future__ import annotations

import pytest

from crimeplan.report import numbercheck as nc
from crimeplan.report.context import facts, subjects
from tests.conftest import SHARED

SEED = SHARED / "seed" / "board-report-2014-05-13.txt"


@pytest.fixture(scope="module")
def seed_text() -> str:
    assert SEED.exists(), f"the seed paper {SEED} is missing (set CRIMEPLAN_SHARED)"
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def seed_warnings(seed_text, result) -> list[nc.NumberWarning]:
    return nc.check(nc.document_from_text(seed_text), facts(result), subjects(result.plan))


def _text(warnings) -> str:
    return "\n".join(str(w) for w in warnings)


def test_the_seed_is_parsed_into_numbered_paragraphs_and_tables(seed_text):
    doc = nc.document_from_text(seed_text)
    numbers = [p.number for p in doc.passages if p.number is not None]
    assert numbers[:5] == [1, 2, 3, 4, 5] and max(numbers) == 128
    religion = doc.tables[0]
    assert religion.after == 17
    assert religion.headings[-1] == ("", "No.", "%", "No.", "%")
    assert [r[0] for r in religion.rows] == ["AGNOSTIC", "CHRISTIANITY", "HINDUISM", "ISLAM", "JUDAISM", "SIKHISM",
                                             "UNKNOWN", "BLANK"]
    by_number = {p.number: p for p in doc.passages}
    assert by_number[37].group == by_number[40].group != by_number[41].group


@pytest.mark.parametrize("where, expected", [
    # hate crime 1,811 = "1.5 %" of TRC: it is 1.06 % of the 2012/13 TRC of 170,635
    ("paragraph 15", "1,811 is 1.06 % of 170,635 (2012/13)"),
    # 63 RI crimes "(4%)" of 2,172 is 2.9 %
    ("paragraph 15", "63 is 2.9 % of 2,172, not 4%"),
    # 61 vs 63 RI crimes
    ("paragraph 16", "RI for 2013/14 is 61 here but 63 in paragraph 15"),
    # the table's Islam row: 27 of 61 = 44 %, shown as 43 %
    ("the table after paragraph 17", "ISLAM 2013/14 27 of 61 is 44.3 %, shown as 43%"),
    # Hinduism 2 of 61 shown as 4.8 %
    ("the table after paragraph 17", "HINDUISM 2013/14 2 of 61 is 3.3 %, shown as 4.8%"),
    ("the table after paragraph 17", "the 2013/14 column adds up to 62 but paragraph 16 gives 61"),
    # "As stated in paragraph 21" about the Community Safety Fund, which is paragraph 22
    ("paragraph 39", "“paragraph 21” is about something else; the topic is in paragraph 22"),
    # "paragraphs 38-41" about the local policing and crime boards, which are 37-40
    ("paragraph 61", "“paragraphs 38-41”: the topic is in paragraphs 37–40"),
    # crime satisfaction 83.8 % vs 77.7 %
    ("paragraph 108", "for 2013/14 is 77.7% here but 83.8% in paragraph 106"),
])
def test_the_seeds_inconsistencies_are_found(seed_warnings, where, expected):
    assert any(w.where == where and expected in w.message for w in seed_warnings), _text(seed_warnings)


def test_correct_statements_are_not_flagged(seed_warnings):
    flagged = _text(seed_warnings)
    # the Community Safety Fund table: 6,969,000 + 350,000 = 7,319,000
    assert "after paragraph 22" not in flagged
    # the detection table (12,721 recorded, 1,632 detected = 12.8 %) and the milestone table agree with the data
    assert "after paragraph 87" not in flagged and "after paragraph 70" not in flagged
    # "57 offences (3.1%)" of 1,811; "as outlined in para 85 above"; TRC +2.3 %; VWI 8.7 % (1,552);
    # 1037 = 67 % of the rise
    assert "57 (3.1%)" not in flagged and "paragraph 86" not in flagged
    for where in ("paragraph 71", "paragraph 77", "paragraph 79", "paragraph 82", "paragraph 106"):
        assert all(w.where != where for w in seed_warnings), flagged
    # the 2012-13 column of the religion table adds up and its shares are right
    assert "2012/13" not in "\n".join(w.message for w in seed_warnings if "after paragraph 17" in w.where)


def test_the_checks_do_run_on_tables_and_changes(seed_text, result):
    broken = (seed_text.replace("Total to Allocate\t7,319,000", "Total to Allocate\t7,320,000")
              .replace("Reduce Burglary Dwelling DW\t13,559\t12,721", "Reduce Burglary Dwelling DW\t13,559\t12,712")
              .replace("Violence with Injury (VWI) is 8.7% (1,552 offences)", "Violence with Injury (VWI) is 9.7% "
                                                                                "(1,552 offences)")
              .replace("\t2,690\t1,216\t-\t45.2 %", "\t2,690\t1,216\t-\t42.5 %"))
    flagged = _text(nc.check(nc.document_from_text(broken), facts(result), subjects(result.plan)))
    assert "“Total to Allocate” is 7,320,000 but the rows above add up to 7,319,000" in flagged
    assert "Reduce Burglary Dwelling DW 2013/14: 12,712, the data give 12,721" in flagged
    assert "Violence With Injury 9.7%: the data give 8.7 %" in flagged
    assert "1,216 of 2,690 is 45.2 %, shown as 42.5 %" in flagged


@pytest.mark.parametrize("stated, decimals, actual, ok", [
    (12.8, 1, 12.829, True), (6.1, 1, -6.18, True), (4.5, 1, 4.42, True), (3.1, 1, 3.147, True),
    (43, 0, 44.26, False), (4.8, 1, 3.28, False), (4, 0, 2.9, False), (1.5, 1, 1.06, False),
])
def test_agreement_within_one_unit_of_the_last_digit(stated, decimals, actual, ok):
    assert nc.agrees(stated, decimals, actual) is ok


def test_numbers_periods_and_percentages():
    found = nc.numbers("Of those 57 offences (3.1%) in 2012-13, 1,811 were −5 per cent")
    assert [(n.value, n.percent) for n in found] == [(57, False), (3.1, True), (1811, False), (-5, True)]
    assert nc.period_of("the same year to date period for 2013-14 showed") == "2013"
    assert nc.period_of("In 2012 Hate Crime equated to") == "2012"
    assert nc.period_of("Over the last 12 months (to end of March 2014) overall satisfaction") == "2013"
    assert nc.period_of("As reported in January 2014, the figure was") is None


def test_a_paper_we_write_checks_clean(paper):
    assert paper.warnings == ()


def test_free_text_updates_are_checked(result, demo_store):
    from datetime import datetime

    from crimeplan.report import build_report
    from crimeplan.workflow.deliverables import ApprovedUpdate

    wrong = {"B4": ApprovedUpdate("B4", "Total Recorded Crime is 3.2% (3,891 offences) higher than in 2012/13. "
                                        "Of the 200 referrals, 50 (40%) were repeat offenders; see paragraph 999.",
                                  "on_track", datetime(2014, 3, 1), "ACC Local Policing", None)}
    paper = build_report(result, updates=wrong, loads=demo_store.loads())
    flagged = _text(paper.warnings)
    assert "Total Recorded Crime 3.2%: the data give 2.3 %" in flagged
    assert "50 is 25.0 % of 200, not 40%" in flagged
    assert "there is no paragraph 999" in flagged


# --------------------------------------------------------------------------- changes, differences, directions
# The demo force's 2013/14 results (the seed's milestone table): Total Recorded Crime 170,635 → 174,526
# (+3,891, +2.3 %), Violence With Injury 17,841 → 19,393 (+1,552, +8.7 %), Burglary Dwelling −6.1 %.

@pytest.mark.parametrize("sentence, kind, expected", [
    # a count with its percentage, both against the data
    ("Total Recorded Crime rose by 1,900 offences (8.7 %) compared with 2012/13.", "measure",
     "Total Recorded Crime (1,900): the data give a difference of 3,891"),
    ("Total Recorded Crime rose by 1,900 offences (8.7 %) compared with 2012/13.", "measure",
     "Total Recorded Crime 1,900 (8.7 %): the data give 2.3 %"),
    ("Violence With Injury is 8.7 % (1,900 offences) higher than in 2012/13.", "measure",
     "Violence With Injury (1,900): the data give a difference of 1,552"),
    # a difference between two stated figures
    ("Total Recorded Crime was 174,526 against 170,635 in 2012/13, which is 1,716 more offences.", "difference",
     "1,716: the difference between 174,526 and 170,635 is 3,891"),
    ("Recorded crime went from 170,635 to 174,526, a rise of 4.3 %.", "difference",
     "4.3 %: the change from 170,635 to 174,526 is 2.28 %"),
    ("Recorded crime went from 170,635 to 174,526, a fall of 3,891 offences.", "direction",
     "“fall” 3,891: from 170,635 to the next figure is a rise"),
    # direction words against the data
    ("Total Recorded Crime fell by 2.3 % compared with 2012/13.", "direction",
     "Total Recorded Crime “fell” 2.3 %: the data give a rise of 2.3 %"),
    ("Total Recorded Crime is 2.3 % lower than in 2012/13.", "direction",
     "Total Recorded Crime “lower” 2.3 %: the data give a rise of 2.3 %"),
    ("Burglary Dwelling was 6.1 % higher than the same period in 2012-13.", "direction",
     "Burglary Dwelling “higher” 6.1 %: the data give a fall of 6.2 %"),
    ("Total Recorded Crime has decreased by 3,891 offences this year.", "direction",
     "Total Recorded Crime “decreased” 3,891: the data give a rise of 3,891"),
    ("Violence With Injury is 8.7 % (1,552 offences) lower than in 2012/13.", "direction",
     "Violence With Injury “lower” 8.7 %: the data give a rise of 8.7 %"),
])
def test_wrong_changes_differences_and_directions_are_flagged(result, sentence, kind, expected):
    found = nc.check(nc.CheckDocument((nc.Passage("paragraph 1", sentence, 1),)), facts(result))
    assert any(w.kind == kind and expected in w.message for w in found), _text(found)


@pytest.mark.parametrize("sentence", [
    "Total Recorded Crime rose by 3,891 offences (2.3 %) compared with 2012/13.",
    "Total Recorded Crime is 2.3 % (3,891 offences) higher than in 2012/13.",
    "Total Recorded Crime rose by 2.3 % compared with 2012/13.",
    "Total Recorded Crime was 174,526 against 170,635 in 2012/13, which is 3,891 more offences.",
    "Recorded crime went from 170,635 to 174,526, a rise of 2.3 %.",
    "Burglary Dwelling was 6.1 % lower than the same period in 2012-13.",
    "Violence With Injury is 8.7 % (1,552 offences) higher than in 2012/13.",
    "The milestone for Total Recorded Crime is a 5 % reduction.",  # an aim, not a result
])
def test_correct_changes_differences_and_directions_pass(result, sentence):
    found = nc.check(nc.CheckDocument((nc.Passage("paragraph 1", sentence, 1),)), facts(result))
    assert found == [], _text(found)


def test_references_to_another_documents_paragraphs_are_not_this_papers():
    """The register's reasons quote the seed paper ("(paper para 81)"): a paper of 30 paragraphs
    must not fail ``--strict`` over them; its own references still are checked."""
    passages = tuple(nc.Passage(f"paragraph {n}", f"Text of paragraph {n} about topic {n}.", n, group=f"g{n}")
                     for n in range(1, 30))
    quoting = nc.Passage("paragraph 30", "Against last year's process, Operation Sentinel: domestic abuse reporting "
                                         "drive (paper para 81). See paragraph 4 of the January Local Policing "
                                         "report. As set out in paragraph 90 of this report, boards meet.", 30)
    found = nc.check(nc.CheckDocument((*passages, quoting)))
    assert [w.message for w in found] == ["“paragraph 90”: there is no paragraph 90"]
