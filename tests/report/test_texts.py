import pytest

from crimeplan.errors import ConfigError
from crimeplan.report.texts import load_texts


def test_defaults_have_every_block():
    texts = load_texts()
    assert "{plan_year}" in texts.title
    assert texts.recommendations == ("The Board is asked to note the contents of this report.",)
    assert texts.financial and texts.legal and texts.authors and texts.purpose


def test_override_replaces_only_the_blocks_given(tmp_path):
    path = tmp_path / "texts.yaml"
    path.write_text("recommendations:\n  - The Board is asked to approve the revised milestones.\n"
                    "authors: Jane Smith, Chief Executive\n", encoding="utf-8")
    texts = load_texts(path)
    assert texts.recommendations == ("The Board is asked to approve the revised milestones.",)
    assert texts.authors == ("Jane Smith, Chief Executive",)
    assert texts.legal == load_texts().legal
    filled = texts.filled({"plan_year": "2013/14", "plan_title": "P", "board": "B", "force_name": "F", "area": "A",
                           "outcome_count": 9, "briefing_date": "1 April 2014", "data_end": "March 2014",
                           "period_phrase": "end of year"})
    assert filled.title == "Performance against the 2013/14 Milestones and Deliverables in the Police and Crime Plan"


@pytest.mark.parametrize("content, message", [
    ("recomendations: [x]\n", "unknown text block 'recomendations'"),
    ("legal: {a: 1}\n", "legal: expected a paragraph of text or a list of paragraphs"),
    ("purpose: 'See {plan_name}'\n", "unknown placeholder {plan_name}"),
    ("purpose: [unclosed\n", "expected YAML text blocks"),
    ("- a list\n", "expected a mapping of text blocks"),
])
def test_bad_text_files_are_one_line_errors(tmp_path, content, message):
    path = tmp_path / "texts.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_texts(path)
    assert message in str(err.value) and str(path) in str(err.value)
    assert "\n" not in str(err.value)
