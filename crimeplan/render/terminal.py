"""Terminal tables (rich). Renders result objects and dictionaries; computes nothing."""

from __future__ import annotations

from typing import Any

from rich.console import Console, JustifyMethod
from rich.table import Table


def console() -> Console:
    return Console(soft_wrap=False, width=140)


def print_status(data: dict[str, Any]) -> None:
    out = console()
    table = Table(title="Loaded data", title_justify="left")
    columns: tuple[tuple[str, JustifyMethod], ...] = (
        ("Force", "left"), ("Months", "left"), ("Crimes", "right"), ("ASB", "right"), ("Largest crime type", "left"),
        ("Published", "left"), ("Unknown labels", "right"))
    for name, justify in columns:
        table.add_column(name, justify=justify)
    for force, months in data["forces"].items():
        keys = list(months)
        crimes = sum(m["crimes"] for m in months.values())
        asb = sum(m["asb"] for m in months.values())
        types: dict[str, int] = {}
        for m in months.values():
            for t, n in m["by_type"].items():
                types[t] = types.get(t, 0) + n
        top = max(types.items(), key=lambda kv: kv[1]) if types else ("", 0)
        span = f"{keys[0]} to {keys[-1]} ({len(keys)})" if keys else ""
        unknown = sum(n for m in months.values() for n in m.get("unknown_outcome_labels", {}).values())
        table.add_row(force, span, f"{crimes:,}", f"{asb:,}", f"{top[0]} ({top[1]:,})", _published(months),
                      f"{unknown:,}" if unknown else "")
    out.print(table)
    unknown_labels = data.get("unknown_labels", {}).get("outcome", {})
    if unknown_labels:
        labels = Table(title="Outcome labels not in the reference (counted as unknown)", title_justify="left")
        labels.add_column("Label")
        labels.add_column("Crimes", justify="right")
        for label, n in unknown_labels.items():
            labels.add_row(label, f"{n:,}")
        out.print(labels)
    loads = Table(title="Load history (latest 15)", title_justify="left")
    for name in ("#", "Kind", "Source", "Rows in", "Loaded", "Replaced", "Rejected", "When", "By"):
        loads.add_column(name)
    for load in data["loads"][-15:]:
        loads.add_row(str(load["load_id"]), load["kind"], _short(load["source"]), f"{load['rows_in']:,}",
                      f"{load['rows_loaded']:,}", f"{load['rows_replaced']:,}", f"{load['rows_rejected']:,}",
                      load["loaded_at"], load["loaded_by"])
    out.print(loads)


def _published(months: dict[str, Any]) -> str:
    """What police.uk left out of a force's months: no outcomes, no LSOA, early crime types."""
    gaps = []
    published = [m["published"] for m in months.values() if m.get("published")]
    if any(not p["outcomes_published"] for p in published):
        gaps.append("no outcomes" + ("" if all(not p["outcomes_published"] for p in published) else " (some months)"))
    if any(not p["lsoa_published"] for p in published):
        gaps.append("no LSOA")
    if any(p["crime_types"] != "current" for p in published):
        gaps.append("older crime types")
    return "; ".join(gaps) if gaps else ("all" if published else "")


def _short(text: str, width: int = 60) -> str:
    return text if len(text) <= width else "…" + text[-(width - 1):]
