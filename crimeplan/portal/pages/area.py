"""The area page (milestone measures and outcome rates by the areas inside) and the Change area page."""

from __future__ import annotations

from crimeplan.metrics import PlanResult
from crimeplan.metrics.milestones import milestone_row
from crimeplan.portal.catalogue import Catalogue, level_name
from crimeplan.portal.pages.measure import no_milestone, windows
from crimeplan.portal.pages.shapes import Page, Row, Table, from_grid, measure_href, period_text, signed
from crimeplan.portal.params import Query
from crimeplan.portal.service import PortalService
from crimeplan.render import tables as grids
from crimeplan.render.formatting import count, percent


def area_page(q: Query, result: PlanResult, service: PortalService) -> Page:
    subs = service.sub_areas(q.area)
    measures = tuple(dict.fromkeys(r.measure for r in result.milestones.rows))
    tables: list[Table] = []
    by_area: list[dict] = []
    current, baseline = windows(q)
    if subs and measures:
        headings = ["Area"] + [f"{q.plan.measures[m].title}" for m in measures]
        rows = []
        for area, n in service.sub_area_counts(q.plan, measures, q.briefing_date, q.area, q.view):
            cells: list[str] = [area.name]
            raw: list[object] = [area.name]
            figures = {}
            for m in measures:
                r = milestone_row(no_milestone(m, m), n[(m, "baseline")], n[(m, "current")])
                cells.append(f"{count(r.current)} ({signed(percent(r.performance))})")
                raw.append(r.current)
                figures[m] = {"baseline": r.baseline, "current": r.current, "performance": r.performance}
            rows.append(Row(tuple(cells), tuple(raw), f"/area?{q.qs(area=area.key)}"))
            by_area.append({"area": area.key, "name": area.name, "measures": figures})
        tables.append(Table("milestones-by-area",
                            f"Milestone measures by {level_name(subs[0].level).lower()}, {current.label()} "
                            f"(change on {baseline.label()})", tuple(headings), tuple(rows),
                            (False,) + (True,) * len(measures)))
    out = result.outcomes
    if out.breakdown_level and out.rows and out.rows[0].by_area:
        names = [a.name for a in out.rows[0].by_area]
        headings = ["Area"] + [r.title for r in out.rows]
        rows = []
        for i, name in enumerate(names):
            cells = [name] + [f"{percent(r.by_area[i].rate)} ({count(r.by_area[i].detected)} of "
                              f"{count(r.by_area[i].recorded)})" for r in out.rows]
            rows.append(Row(tuple(cells), tuple([name] + [r.by_area[i].rate for r in out.rows])))
        tables.append(Table("rates-by-area", f"Outcome rates by {level_name(out.breakdown_level).lower()}, "
                            f"{out.current_period.label()}", tuple(headings), tuple(rows),
                            (False,) + (True,) * len(out.rows)))
    milestones = from_grid(grids.milestone_table(result.milestones), "milestones",
                           [measure_href(q, r.measure) for r in result.milestones.rows])
    tables.insert(0, milestones)
    data = {"area": q.area.key, "area_name": q.area.name, "level": q.area.level,
            "force": q.force.force.key, "sub_areas": [{"area": a.key, "name": a.name} for a in subs],
            "milestones_by_area": by_area,
            "milestones": result.milestones.to_dict(), "outcomes_by_area": result.outcomes.to_dict()}
    return Page("area", q.area.name, data, tuple(tables),
                {"sub_areas": subs, "level": level_name(q.area.level), "period": period_text(q, result)})


def areas_page(q: Query, catalogue: Catalogue, next_path: str) -> Page:
    groups = []
    rows = []
    for f in catalogue.forces:
        levels = [(level_name(level), [(a, f"{next_path}?{q.move_qs(a.key)}") for a in items])
                  for level, items in f.levels()]
        groups.append((f, f"{next_path}?{q.move_qs(f.force.key)}", levels))
        rows.append(Row((f.force.name, "Force", f.force.key), (f.force.name, "force", f.force.key)))
        for level, items in f.levels():
            rows += [Row((a.name, level_name(level), a.key), (a.name, level, a.key)) for a in items]
    table = Table("areas", "Areas with crimes loaded, by force and level", ("Area", "Level", "Code"), tuple(rows))
    data = {"forces": [{"force": f.force.key, "name": f.force.name,
                        "areas": [{"area": a.key, "name": a.name, "level": a.level} for a, _ in f.areas]}
                       for f in catalogue.forces]}
    return Page("areas", "Change area", data, (table,), {"groups": groups})
