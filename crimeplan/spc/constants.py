"""Named constants of the SPC method, each with its source (see docs/spc.md)."""

from __future__ import annotations

#: d2 for subgroups of size 2 (moving ranges of consecutive points).
D2 = 1.128
#: XmR process limit multiplier: 3 / d2 = 2.6596, rounded to 2.66 as in NHSRplotthedots and MDC.
PROCESS_LIMIT_MULTIPLIER = 2.66
#: The "near" (2-sigma) lines: two thirds of the process limit multiplier.
NEAR_LIMIT_MULTIPLIER = 2 * PROCESS_LIMIT_MULTIPLIER / 3
#: Profile ``qic`` (qicharts2 0.8.1, I chart): sigma = AMR / d2, limits at 3 sigma unrounded (2.6596),
#: the 95 % lines (``show.95``) at 2 sigma.
QIC_LIMIT_MULTIPLIER = 3 / D2
QIC_NEAR_MULTIPLIER = 2 / D2
#: Moving-range screening: D4 for n = 2 (Nelson 1982). MRs >= 3.267 x AMR0 are dropped, once.
MR_SCREEN_MULTIPLIER = 3.267
#: Shift rule: this many consecutive points on one side of the mean (NHSRplotthedots default).
SHIFT_POINTS = 7
#: Trend rule: this many consecutive points, strictly rising or strictly falling.
TREND_POINTS = 7
#: A facet x period with fewer points than this gets trial limits (short_group_warning).
SHORT_GROUP_THRESHOLD = 13
#: The smallest fixed baseline NHSRplotthedots accepts (fix_after_n_points).
MIN_FIX_AFTER_N_POINTS = 12
#: qicharts2 accepts any ``freeze``; a baseline needs two points for a moving range.
MIN_FREEZE_QIC = 2
#: Sigma multipliers of the attribute (p, p', u) charts.
ATTRIBUTE_LIMIT_SIGMAS = 3.0
ATTRIBUTE_NEAR_SIGMAS = 2.0

#: Two-sided 95 % normal quantile, used by the year-end projection interval.
Z_95 = 1.96
#: z above which suggest_step_changes calls a difference in means significant.
STEP_CHANGE_Z = 3.0
#: A calendar month must be above average in at least this many years to be called seasonal.
SEASONAL_MIN_YEARS = 3

# Palette: NHSRplotthedots, aligned with the MDC Power BI team (NHSRplotthedots issue #196).
COLOUR_COMMON_CAUSE = "#a6a6a6"
COLOUR_IMPROVEMENT = "#00b0f0"
COLOUR_CONCERN = "#e46c0a"
COLOUR_NEUTRAL = "#490092"
COLOUR_TARGET = "#de1b1b"
COLOUR_MEAN = "#000000"
#: A possible gap (a value that may be data not published): plotted, excluded, never judged.
COLOUR_POSSIBLE_GAP = "#404040"
POSSIBLE_GAP = "possible_gap"

POINT_TYPE_COLOURS = {
    "common_cause": COLOUR_COMMON_CAUSE,
    "special_cause_improvement": COLOUR_IMPROVEMENT,
    "special_cause_concern": COLOUR_CONCERN,
    "special_cause_neutral_high": COLOUR_NEUTRAL,
    "special_cause_neutral_low": COLOUR_NEUTRAL,
    "possible_gap": COLOUR_POSSIBLE_GAP,
}
#: Shapes so that colour is never the only signal.
POINT_TYPE_SHAPES = {
    "common_cause": "circle",
    "special_cause_improvement": "triangle-up",
    "special_cause_concern": "square",
    "special_cause_neutral_high": "diamond",
    "special_cause_neutral_low": "cross",
    "possible_gap": "wedge",
}

# Vocabularies.
IMPROVEMENT_DIRECTIONS = ("increase", "decrease", "neutral")
PROFILES = ("ptd", "mdc2023", "qic")
#: (limit, near-line) multipliers of the average moving range on an XmR / I chart, per profile.
XMR_MULTIPLIERS = {
    "ptd": (PROCESS_LIMIT_MULTIPLIER, NEAR_LIMIT_MULTIPLIER),
    "mdc2023": (PROCESS_LIMIT_MULTIPLIER, NEAR_LIMIT_MULTIPLIER),
    "qic": (QIC_LIMIT_MULTIPLIER, QIC_NEAR_MULTIPLIER),
}
#: The point rules each profile runs. qicharts2's only point test is Shewhart's (a point outside
#: 3 sigma); its runs analysis is Anhøj's (longest run, crossings), reported per group in ``anhoej``.
PROFILE_RULES = {
    "ptd": ("outside_limits", "trend", "two_in_three", "shift"),
    "mdc2023": ("outside_limits", "trend", "two_in_three", "shift"),
    "qic": ("outside_limits",),
}
METHODS = ("xmr", "p", "pprime", "u", "uprime", "run")
ATTRIBUTE_METHODS = ("p", "pprime", "u", "uprime")
RULES = ("outside_limits", "trend", "two_in_three", "shift")
POINT_TYPES = tuple(POINT_TYPE_COLOURS)
VARIATION_ICONS = (
    "common_cause", "improvement_high", "improvement_low", "concern_high", "concern_low",
    "neutral_high", "neutral_low",
)
ASSURANCE_ICONS = ("consistent_pass", "consistent_fail", "inconsistent")
