"""Words the portal shows for codes the metrics return (SPC icons, verdicts, outcome types)."""

from __future__ import annotations

from dataclasses import dataclass

from crimeplan import reference
from crimeplan.spc.chart_spec import POINT_TYPE_LABELS, RULE_LABELS


@dataclass(frozen=True)
class Badge:
    """An icon with its words: ``code`` picks the icon, ``tone`` the colour; ``label`` is always shown."""

    code: str
    label: str
    tone: str  # good, bad, warn, neutral, none

    @property
    def glyph(self) -> str:
        """The letter drawn in the icon: H(igh), L(ow), ~ (common cause), P(ass), F(ail), ? (either)."""
        return GLYPHS.get(self.code, "–")


GLYPHS = {
    "improvement_high": "H", "concern_high": "H", "neutral_high": "H",
    "improvement_low": "L", "concern_low": "L", "neutral_low": "L", "common_cause": "~",
    "consistent_pass": "P", "met_consistently": "P", "consistent_fail": "F", "not_met_consistently": "F",
    "inconsistent": "?", "met_by_chance": "?", "missed_by_chance": "?",
}


VARIATION = {
    "common_cause": ("Common cause variation", "neutral"),
    "improvement_high": ("Special cause improvement (higher)", "good"),
    "improvement_low": ("Special cause improvement (lower)", "good"),
    "concern_high": ("Special cause concern (higher)", "bad"),
    "concern_low": ("Special cause concern (lower)", "bad"),
    "neutral_high": ("Special cause, neither better nor worse (higher)", "warn"),
    "neutral_low": ("Special cause, neither better nor worse (lower)", "warn"),
}
ASSURANCE = {
    "consistent_pass": ("Target consistently met", "good"),
    "consistent_fail": ("Target consistently missed", "bad"),
    "inconsistent": ("Target hit and miss", "warn"),
}
VERDICT = {
    "met_consistently": ("On track: will be met", "good"),
    "met_by_chance": ("Could be met, by chance", "warn"),
    "missed_by_chance": ("Could be missed, by chance", "warn"),
    "not_met_consistently": ("Off track: will not be met", "bad"),
}
NO_DATA = Badge("none", "Not computed", "none")


def variation_badge(code: str | None) -> Badge:
    if code not in VARIATION:
        return Badge("none", "No SPC (too few months)", "none")
    label, tone = VARIATION[code]
    return Badge(code, label, tone)


def assurance_badge(code: str | None) -> Badge:
    if code not in ASSURANCE:
        return Badge("none", "No target assurance", "none")
    label, tone = ASSURANCE[code]
    return Badge(code, label, tone)


SURVEY_STATUS = {  # a level milestone judged by the 95 % interval of the rolling rate
    "met": ("Met: the interval is above the target", "good"),
    "missed": ("Missed: the interval is below the target", "bad"),
    "uncertain": ("Too close to call: the interval spans the target", "warn"),
}


def survey_status_badge(code: str | None) -> Badge:
    if code not in SURVEY_STATUS:
        return NO_DATA
    label, tone = SURVEY_STATUS[code]
    return Badge(code, label, tone)


def verdict_badge(code: str | None) -> Badge:
    if code not in VERDICT:
        return NO_DATA
    label, tone = VERDICT[code]
    return Badge(code, label, tone)


def point_type(code: str) -> str:
    return POINT_TYPE_LABELS.get(code, code)


def rule(code: str | None) -> str:
    return RULE_LABELS.get(code, "") if code else ""


def outcome_type(key: str) -> str:
    """ "1" → "1 Charged / summonsed"; a police.uk label passes through."""
    if key.isdigit() and int(key) in reference.OUTCOME_TYPES:
        return f"{key} {reference.OUTCOME_TYPES[int(key)].short_name}"
    return key
