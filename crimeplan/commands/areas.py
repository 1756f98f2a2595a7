"""``crimeplan areas``: the area codes and names that ``--area LEVEL:CODE`` accepts."""

from __future__ import annotations

import click

from crimeplan.errors import NotFoundError


@click.command("areas")
@click.option("--force", "force", metavar="SLUG", help="Only the areas inside this force (and the force).")
@click.option("--level", metavar="LEVEL", help="Only areas of this level (force, la, lsoa, csp, …).")
@click.option("--search", metavar="TEXT", help="Only areas whose code or name contains TEXT (any case).")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
@click.pass_obj
def areas(obj, force: str | None, level: str | None, search: str | None, fmt: str) -> None:
    """Area codes and names, for --area LEVEL:CODE: every force, and the areas loaded with `ingest areas`."""
    from crimeplan.metrics.areas import closest, list_areas
    from crimeplan.render import tables

    found = list_areas(obj.store, force, None, search)
    levels = sorted({a.level for a in found})
    if level is not None and level not in levels:
        raise NotFoundError(f"unknown area level {level!r}{closest(level, levels)}; the levels loaded are "
                            + (", ".join(levels) or "none"))
    found = [a for a in found if level is None or a.level == level]
    rows = tuple((a.key, a.name, a.level) for a in found)
    grid = tables.Grid(f"Areas ({len(rows):,})", ("Area", "Name", "Level"), rows, rows)
    tables.emit(grid, {"areas": [{"area": a.key, "code": a.code, "name": a.name, "level": a.level} for a in found]},
                fmt)
