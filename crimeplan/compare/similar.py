"""Most-similar groups worked out from the data the tool holds, by a stated distance.

Features of each force (every force with crimes and a population loaded):

* **crime mix**: recorded crimes per 1,000 residents of each police.uk crime type over the months
  every candidate force has data for (the latest ``MONTHS`` months at most);
* **size**: log₁₀ of the resident population;
* **population density** and **deprivation**, when a features file has been given (CSV
  ``unit,feature,value``; e.g. ``density`` in residents per hectare from the Census LSOA table,
  ``imd`` an index of deprivation) — none is held in the store itself.

Each feature is standardised across the candidates (z = (x − mean) / sd; a feature with sd 0 is
dropped) and the distance between two forces is the **Euclidean distance of their z-vectors**
divided by √(number of features), so it reads as a root-mean-square difference in standard
deviations. The group is the focal force and its ``size`` nearest forces (default 7, the size of the
Home Office / HMICFRS most similar groups). Published MSGs, when a user has them, load with
``crimeplan compare groups load``; a derived group is stored as kind ``derived`` with its method.
"""

from __future__ import annotations

import csv
import math
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from crimeplan.compare.peers import PeerGroup
from crimeplan.compare.units import population_of
from crimeplan.errors import IngestError, NotFoundError
from crimeplan.metrics import records
from crimeplan.periods import add_months, stored_date

MONTHS = 12
DEFAULT_SIZE = 7
"""Home Office / HMICFRS most similar groups list up to 7 forces besides the focal one."""


@dataclass(frozen=True)
class Neighbour:
    code: str
    distance: float

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "distance": self.distance}


@dataclass(frozen=True)
class SimilarGroup:
    group: PeerGroup
    neighbours: tuple[Neighbour, ...]       # every candidate, nearest first
    features: tuple[str, ...]
    months: tuple[date, ...]
    method: str

    def to_dict(self) -> dict[str, Any]:
        return {"group": self.group.to_dict(), "method": self.method, "features": list(self.features),
                "months": [m.isoformat() for m in self.months],
                "neighbours": [n.to_dict() for n in self.neighbours]}


def standardise(table: Mapping[str, Mapping[str, float]], features: Sequence[str]) -> tuple[dict[str, list[float]],
                                                                                              list[str]]:
    """z-scores of each feature across the units (features with no spread dropped)."""
    kept, columns = [], []
    for f in features:
        xs = [table[u][f] for u in table]
        sd = statistics.pstdev(xs)
        if sd > 0:
            mean = statistics.fmean(xs)
            kept.append(f)
            columns.append({u: (table[u][f] - mean) / sd for u in table})
    return {u: [col[u] for col in columns] for u in table}, kept


def distance(a: Sequence[float], b: Sequence[float]) -> float:
    """Root-mean-square difference of two z-vectors (Euclidean distance / √features)."""
    return math.sqrt(math.fsum((x - y) ** 2 for x, y in zip(a, b, strict=True)) / len(a)) if a else 0.0


def nearest(table: Mapping[str, Mapping[str, float]], focal: str, size: int) -> tuple[list[Neighbour], list[str]]:
    features = sorted({f for row in table.values() for f in row if all(f in r for r in table.values())})
    z, kept = standardise(table, features)
    ranked = sorted((Neighbour(u, distance(z[focal], z[u])) for u in table if u != focal),
                    key=lambda n: (n.distance, n.code))
    return ranked, kept


def read_features(path: str | Path) -> dict[str, dict[str, float]]:
    """A features file: CSV ``unit,feature,value`` (one row per unit and feature)."""
    out: dict[str, dict[str, float]] = {}
    label = str(path)
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            if reader.fieldnames is None or not {"unit", "feature", "value"} <= set(reader.fieldnames):
                raise IngestError("expected the columns unit,feature,value", path=label, line=1)
            for row in reader:
                try:
                    value = float(row["value"].replace(",", ""))
                except ValueError:
                    raise IngestError(f"value: expected a number, got {row['value']!r}", path=label,
                                      line=reader.line_num) from None
                out.setdefault(row["unit"].strip(), {})[row["feature"].strip()] = value
    except OSError as exc:
        raise IngestError(f"cannot be read ({exc.strerror})", path=label) from None
    return out


def force_features(store: Any, forces: Sequence[str] | None = None) -> tuple[dict[str, dict[str, float]],
                                                                           tuple[date, ...]]:
    """Crimes per 1,000 by crime type and log10 population of every force with both loaded."""
    t = records.table(store, "crimes")
    if forces:
        t = t.filter(t.force.isin(list(forces)))
    by_force: dict[str, dict[date, dict[str, int]]] = {}
    for row in records.rows(store, t.group_by(["force", "month", "category"]).aggregate(n=t.n.sum())):
        month = stored_date(row["month"])
        by_force.setdefault(row["force"], {}).setdefault(month, {})[row["category"] or "unknown"] = int(row["n"])
    if not by_force:
        raise NotFoundError("no crimes loaded; load police.uk files with `crimeplan ingest police-uk`")
    last = max(m for months in by_force.values() for m in months)
    first = add_months(last, -(MONTHS - 1))
    pops = {f: population_of(store, f, last.year) for f in by_force}
    candidates = [f for f in by_force if pops[f] is not None]
    months = tuple(sorted(m for m in {m for f in candidates for m in by_force[f]}
                          if m >= first and all(m in by_force[f] for f in candidates)))
    categories = sorted({c for f in candidates for m in months for c in by_force[f][m]})
    table: dict[str, dict[str, float]] = {}
    for f in candidates:
        pop = pops[f]
        assert pop is not None
        row = {f"crime per 1,000: {c}": sum(by_force[f][m].get(c, 0) for m in months) / pop.value * 1000
               for c in categories}
        row["log10 population"] = math.log10(pop.value)
        table[f] = row
    return table, months


def similar_forces(store: Any, focal: str, *, size: int = DEFAULT_SIZE,
                   extra: Mapping[str, Mapping[str, float]] | None = None) -> SimilarGroup:
    """The focal force and its ``size`` nearest forces by the documented distance."""
    table, months = force_features(store)
    if focal not in table:
        raise NotFoundError(f"{focal}: no crimes or no population loaded for this force; "
                            f"forces that can be grouped: {', '.join(sorted(table))}")
    if extra:
        for unit, row in extra.items():
            if unit in table:
                table[unit].update(row)
    ranked, kept = nearest(table, focal, size)
    members = (focal,) + tuple(n.code for n in ranked[:size])
    period = f"{months[0]:%b %Y}–{months[-1]:%b %Y}" if months else "no common month"
    method = (f"derived by crimeplan: the {min(size, len(ranked))} forces nearest to {focal} of {len(ranked)} "
              f"by root-mean-square difference of standardised features ({len(kept)}: "
              + ", ".join(kept) + f"; crimes {period})")
    group = PeerGroup(f"similar-{focal}", f"Most similar forces to {focal} (derived)", "derived", focal, "force",
                      members, method)
    return SimilarGroup(group, tuple(ranked), tuple(kept), months, method)
