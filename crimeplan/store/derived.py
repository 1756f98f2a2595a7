"""What a load owes the tables derived from the records: the contract between ingest and the cube.

Ingest writes records and areas; the cube (crimeplan.metrics.cube) counts them. Ingest sits below
the metrics and must not call them, so every load is handed a :class:`DerivedTables` by its caller
(crimeplan.loads binds the cube) and tells it, inside the load's transaction, what it changed.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from crimeplan.store.base import Store

ForceMonth = tuple[str, date | str]
"""``(force slug, month)``, the month a date or ``YYYY-MM``."""


class DerivedTables(Protocol):
    """Tables kept in step with the records; called in the load's transaction."""

    def records_changed(self, store: Store, force_months: Sequence[ForceMonth]) -> None:
        """The records (crimes, anti-social behaviour) of ``force_months`` were replaced or added."""

    def areas_changed(self, store: Store) -> None:
        """The area hierarchy (and so its closure) changed."""


__all__ = ["DerivedTables", "ForceMonth"]
