"""Loading the area hierarchy: LSOA → local authority / CSP → force, and force-defined levels.

Three layouts are recognised by their header:

* the canonical one: ``code,name,level,parent_code[,valid_from,valid_to]`` (one row per area and
  parent; an area with several parents, e.g. an LSOA in an LPU and in a priority area, has a row
  for each);
* the ONS-derived LSOA lookup (``LSOA Code, LSOA Name, Local authority code, …, Police_force``);
* the ONS LAD → CSP → PFA lookup (``LAD16CD, LAD16NM, CSP16CD, CSP16NM, PFA16CD, PFA16NM``).

Forces are identified by their police.uk slug (``west-midlands``) so crimes join to them.
Reloading an area replaces its name, level and parents. The closure table (every area with every
ancestor) is rebuilt after each load.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pyarrow as pa

from crimeplan.errors import IngestError
from crimeplan.forces import FORCES, slug_for_name
from crimeplan.ingest.files import InputFile, checksum, csv_rows, open_csv
from crimeplan.store import LoadRecord, Store, queries
from crimeplan.store.derived import DerivedTables

CANONICAL = ("code", "name", "level", "parent_code")
LSOA_LOOKUP = ("LSOA Code", "LSOA Name", "Local authority code", "Local authority name", "Police_force")
LAD_LOOKUP = ("LAD16CD", "LAD16NM", "CSP16CD", "CSP16NM", "PFA16CD", "PFA16NM")
LEVELS = ("force", "la", "csp", "lpu", "ward", "priority_area", "msoa", "lsoa", "neighbourhood")


def ingest_areas(store: Store, path: str | Path, *, derived: DerivedTables, loaded_by: str = "unknown") -> dict:
    """Load an area file in one transaction; ``derived`` (the cube) is told the hierarchy changed."""
    source, header = open_csv(path, CANONICAL)
    if all(c in header for c in CANONICAL):
        areas, parents = _canonical(source)
        layout = "canonical"
    elif all(c in header for c in LSOA_LOOKUP):
        areas, parents = _lsoa_lookup(source)
        layout = "lsoa-lookup"
    elif all(c in header for c in LAD_LOOKUP):
        areas, parents = _lad_lookup(source)
        layout = "lad-csp-pfa-lookup"
    else:
        raise IngestError("unrecognised area file; expected the columns " + ", ".join(CANONICAL)
                          + " (see docs/records-format.md), the LSOA lookup (" + ", ".join(LSOA_LOOKUP)
                          + ") or the LAD→CSP→PFA lookup (" + ", ".join(LAD_LOOKUP) + ")",
                          path=source.label, line=1)
    with store.transaction():
        load_id = store.new_load_id()
        store.append_batches("area_stage", ("code", "name", "level"), iter([pa.RecordBatch.from_pylist(
            [{"code": c, "name": n, "level": lv} for c, (n, lv) in areas.items()])]))
        if parents:
            store.append_batches("area_parent_stage", ("child_code", "parent_code", "valid_from", "valid_to"),
                                 iter([pa.RecordBatch.from_pylist(parents, schema=_PARENT_SCHEMA)]))
        for statement in queries.AREAS_REPLACE:
            store.execute(statement)
        unknown = store.scalar(queries.AREA_PARENTS_UNKNOWN)
        if unknown is not None:
            raise IngestError(f"parent_code {unknown!r} is not an area in this file or in the store; "
                              "expected every parent to be loaded first or in the same file",
                              path=source.label, field="parent_code")
        rebuild_closure(store, derived)
        store.record_load(load_id, LoadRecord(
            kind="areas", source=source.label, checksum=checksum(source.path), force=None, months=(),
            rows_in=len(areas), rows_loaded=len(areas), rows_replaced=0, rows_rejected=0,
            details={"layout": layout, "areas": len(areas), "links": len(parents)}, loaded_by=loaded_by))
    return {"source": source.label, "layout": layout, "areas": len(areas), "links": len(parents)}


def rebuild_closure(store: Store, derived: DerivedTables) -> None:
    """Recompute every area's ancestors after the areas or their links changed, and tell
    ``derived`` (the reporting cells of the cube depend on them), in the caller's transaction."""
    store.mark_written("areas", "area_parents", "area_closure")
    for statement in queries.AREA_CLOSURE_REBUILD:
        store.execute(statement)
    derived.areas_changed(store)


_PARENT_SCHEMA = pa.schema([("child_code", pa.string()), ("parent_code", pa.string()),
                            ("valid_from", pa.date32()), ("valid_to", pa.date32())])


def _rows(source: InputFile):
    for line, row, _ in csv_rows(source):
        yield line, row


def _link(child: str, parent: str, valid_from=None, valid_to=None) -> dict:
    return {"child_code": child, "parent_code": parent, "valid_from": valid_from, "valid_to": valid_to}


def _canonical(source: InputFile):
    areas: dict[str, tuple[str, str]] = {}
    parents = []
    for line, row in _rows(source):
        code, name, level = (row.get(k, "").strip() for k in ("code", "name", "level"))
        if not code:
            raise IngestError("expected an area code, got ''", path=source.label, line=line, field="code")
        if level not in LEVELS:
            raise IngestError(f"expected one of {', '.join(LEVELS)}, got {level!r}", path=source.label,
                              line=line, field="level")
        if code in areas and areas[code] != (name, level):
            raise IngestError(f"area {code!r} appears with two names or levels; expected one",
                              path=source.label, line=line, field="code")
        areas[code] = (name or code, level)
        parent = (row.get("parent_code") or "").strip()
        if parent:
            parents.append(_link(code, parent, _date(source, line, row, "valid_from"),
                                 _date(source, line, row, "valid_to")))
    return areas, parents


def _date(source: InputFile, line: int, row: dict, key: str) -> date | None:
    text = (row.get(key) or "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise IngestError(f"expected a date like 2013-04-01, got {text!r}", path=source.label,
                          line=line, field=key) from None


def _force(source: InputFile, line: int, name: str, field: str) -> str | None:
    if not name.strip():
        return None
    slug = slug_for_name(name)
    if slug is None:
        raise IngestError(f"expected a police force name, got {name!r}", path=source.label, line=line, field=field)
    return slug


def _lsoa_lookup(source: InputFile):
    areas: dict[str, tuple[str, str]] = {}
    parents = []
    for line, row in _rows(source):
        lsoa, la = row["LSOA Code"].strip(), row["Local authority code"].strip()
        areas[lsoa] = (row["LSOA Name"].strip(), "lsoa")
        areas[la] = (row["Local authority name"].strip(), "la")
        parents.append(_link(lsoa, la))
        force = _force(source, line, row["Police_force"], "Police_force")
        if force:
            areas[force] = (FORCES.get(force, force), "force")
            parents.append(_link(la, force))
    return areas, _unique(parents)


def _lad_lookup(source: InputFile):
    areas: dict[str, tuple[str, str]] = {}
    parents = []
    for line, row in _rows(source):
        la, csp = row["LAD16CD"].strip(), row["CSP16CD"].strip()
        areas[la] = (row["LAD16NM"].strip(), "la")
        areas[csp] = (row["CSP16NM"].strip(), "csp")
        force = _force(source, line, row["PFA16NM"], "PFA16NM")
        parents.append(_link(la, csp))
        if force:
            areas[force] = (FORCES.get(force, force), "force")
            parents.append(_link(csp, force))
    return areas, _unique(parents)


def _unique(parents: list[dict]) -> list[dict]:
    seen, out = set(), []
    for p in parents:
        key = (p["child_code"], p["parent_code"])
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out


__all__ = ["ingest_areas", "LEVELS"]
