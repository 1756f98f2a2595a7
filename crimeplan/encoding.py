"""How crimeplan values become JSON: the one ``default=`` for ``json.dumps``.

Dates as ISO 8601, sets and tuples as lists, result objects by their ``to_dict()``, anything else
as its ``str``. The audit trail (crimeplan.workflow.audit) and the chart cache's keys
(crimeplan.render.chartcache) encode with it; the portal's JSON answers (crimeplan.portal.exports)
add one rule of their own: NaN and infinities become null.
"""

from __future__ import annotations

from datetime import date
from typing import Any


def json_default(value: Any) -> Any:
    """``json.dumps(..., default=json_default)``: a JSON-able stand-in for ``value``."""
    if isinstance(value, date):  # datetime included
        return value.isoformat()
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    if hasattr(value, "to_dict"):
        return value.to_dict()
    return str(value)
