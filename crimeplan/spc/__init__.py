"""Pure SPC engine: XmR (profile ``ptd``), p/p'/u/u' charts, Anhøj runs, icons, narrative, charts.

See docs/spc.md for the method as implemented and the JSON contract.

Each name is read from its module on first use (``from crimeplan.spc import analyse`` works as
before): a module that needs one part of the engine (the plan parser its constants, a stored
result its classes) imports that part only, not the charts and narrative with it (issue 20).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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

_EXPORTS = {
    "AnhoejResult": "crimeplan.spc.anhoej",
    "FacetSummary": "crimeplan.spc.result",
    "Projection": "crimeplan.spc.projection",
    "SpcGroup": "crimeplan.spc.result",
    "SpcOptions": "crimeplan.spc.options",
    "SpcPoint": "crimeplan.spc.result",
    "SpcResult": "crimeplan.spc.result",
    "StepChangeCandidate": "crimeplan.spc.changes",
    "XmrLimits": "crimeplan.spc.limits",
    "analyse": "crimeplan.spc.analysis",
    "analyse_json": "crimeplan.spc.doors",
    "assurance_icon": "crimeplan.spc.icons",
    "critical_values": "crimeplan.spc.anhoej",
    "describe_change": "crimeplan.spc.narrative",
    "describe_milestone": "crimeplan.spc.narrative",
    "describe_not_loaded": "crimeplan.spc.narrative",
    "describe_seasonality": "crimeplan.spc.narrative",
    "describe_series": "crimeplan.spc.narrative",
    "mark_possible_gaps": "crimeplan.spc.analysis",
    "project_year_end": "crimeplan.spc.projection",
    "read_series_csv": "crimeplan.spc.doors",
    "runs_analysis": "crimeplan.spc.anhoej",
    "spc_chart_svg": "crimeplan.spc.chart",
    "spc_chart_text": "crimeplan.spc.chart",
    "suggest_step_changes": "crimeplan.spc.changes",
    "target_assurance": "crimeplan.spc.projection",
    "variation_icon": "crimeplan.spc.icons",
    "xmr_limits": "crimeplan.spc.limits",
}

__all__ = [
    "AnhoejResult", "FacetSummary", "Projection", "SpcGroup", "SpcOptions", "SpcPoint", "SpcResult",
    "StepChangeCandidate", "XmrLimits", "analyse", "analyse_json", "assurance_icon", "critical_values",
    "describe_change", "describe_milestone", "describe_not_loaded", "describe_seasonality", "describe_series",
    "mark_possible_gaps",
    "project_year_end", "read_series_csv", "runs_analysis", "spc_chart_svg", "spc_chart_text",
    "suggest_step_changes", "target_assurance", "variation_icon", "xmr_limits",
]


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'crimeplan.spc' has no attribute {name!r}")
    return getattr(import_module(_EXPORTS[name]), name)
