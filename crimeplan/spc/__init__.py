"""Pure SPC engine: XmR (profile ``ptd``), p/p'/u/u' charts, Anhøj runs, icons, narrative, charts.

See docs/spc.md for the method as implemented and the JSON contract.
"""

from crimeplan.spc.analysis import analyse, mark_possible_gaps
from crimeplan.spc.anhoej import AnhoejResult, critical_values, runs_analysis
from crimeplan.spc.changes import StepChangeCandidate, suggest_step_changes
from crimeplan.spc.chart import spc_chart_svg, spc_chart_text
from crimeplan.spc.doors import analyse_json, read_series_csv
from crimeplan.spc.icons import assurance_icon, variation_icon
from crimeplan.spc.limits import XmrLimits, xmr_limits
from crimeplan.spc.narrative import describe_change, describe_milestone, describe_seasonality, describe_series
from crimeplan.spc.options import SpcOptions
from crimeplan.spc.projection import Projection, project_year_end, target_assurance
from crimeplan.spc.result import FacetSummary, SpcGroup, SpcPoint, SpcResult

__all__ = [
    "AnhoejResult", "FacetSummary", "Projection", "SpcGroup", "SpcOptions", "SpcPoint", "SpcResult",
    "StepChangeCandidate", "XmrLimits", "analyse", "analyse_json", "assurance_icon",
    "critical_values", "describe_change", "describe_seasonality", "describe_milestone", "describe_series",
    "mark_possible_gaps", "project_year_end",
    "read_series_csv", "runs_analysis", "spc_chart_svg", "spc_chart_text",
    "suggest_step_changes", "target_assurance", "variation_icon", "xmr_limits",
]

