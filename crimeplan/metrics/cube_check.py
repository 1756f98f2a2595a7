"""The cube's check on open, once per load: a store opened by a command or the portal used to count
the records against the cube (and compare the reporting cells through Ibis) every time. Loads keep
the cube in step as they write; the check is for a store written before that (before the cube
existed, or by an older version), so it runs when a load or a migration happened since it last
passed, and leaves a marker (migration 11) saying at which load and schema version it did.

Nothing heavy is imported here: opening a store for a read command costs two small queries. The
check itself (crimeplan.metrics.cube) imports Ibis, so it is imported only when it has to run.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from crimeplan.store.queries import cube as q

if TYPE_CHECKING:
    from crimeplan.metrics.cube import CubeBuild
    from crimeplan.store import Store


def _marker(store: Store) -> dict[str, int]:
    return {"load_id": store.latest_load_id() or 0, "schema_version": store.schema_version()}


def cube_checked(store: Store) -> bool:
    """The check passed at the store's latest load and schema version (nothing to do on open)."""
    return bool(int(store.scalar(q.CUBE_CHECKED, _marker(store))))


def ensure_cube_once(store: Store) -> CubeBuild | None:
    """Run ``ensure_cube`` unless it passed at this load and schema version; then keep the marker.
    Returns what was done to the cube, or None."""
    if cube_checked(store):
        return None
    from crimeplan.metrics.cube import ensure_cube  # Ibis, for the check only (see the module's doc)

    marker = _marker(store)
    done = ensure_cube(store)
    with store.transaction():
        store.execute(q.CLEAR_CUBE_CHECKS)
        store.execute(q.MARK_CUBE_CHECKED, {**marker, "checked_at": datetime.now(UTC).replace(tzinfo=None)})
    return done
