"""Metrics: every figure crimeplan shows, computed once, handed up as frozen result objects.

``compute_plan`` and ``PlanResult`` are read from their modules on first use: importing one
module of the package (``crimeplan.metrics.status`` for ``crimeplan status``, the cube's check on
open) must not import the whole of it, Ibis and pandas with it (issue 20, start-up).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from crimeplan.metrics.compute import compute_plan
    from crimeplan.metrics.results import PlanResult

_EXPORTS = {"compute_plan": "crimeplan.metrics.compute", "PlanResult": "crimeplan.metrics.results"}

__all__ = ["PlanResult", "compute_plan"]


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'crimeplan.metrics' has no attribute {name!r}")
    return getattr(import_module(_EXPORTS[name]), name)
