"""Metrics: every figure crimeplan shows, computed once, handed up as frozen result objects."""

from crimeplan.metrics.compute import compute_plan
from crimeplan.metrics.results import PlanResult

__all__ = ["PlanResult", "compute_plan"]
