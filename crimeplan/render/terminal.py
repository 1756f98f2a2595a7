"""Terminal tables (rich). Renders result objects and dictionaries; computes nothing."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table


def console() -> Console:
    return Console(soft_wrap=False, width=140)


def print_status(data: dict[str, Any]) -> None:
    out = console()
    table = Table(title="Loaded data", title_justify="left")
    for name, justify in (("Force", "left"), ("Months", "left"), ("Crimes", "right"), ("ASB", "right"),
                          ("Largest crime type", "left")):
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
        table.add_row(force, span, f"{crimes:,}", f"{asb:,}", f"{top[0]} ({top[1]:,})")
    out.print(table)
    loads = Table(title="Load history (latest 15)", title_justify="left")
    for name in ("#", "Kind", "Source", "Rows in", "Loaded", "Replaced", "Rejected", "When", "By"):
        loads.add_column(name)
    for load in data["loads"][-15:]:
        loads.add_row(str(load["load_id"]), load["kind"], _short(load["source"]), f"{load['rows_in']:,}",
                      f"{load['rows_loaded']:,}", f"{load['rows_replaced']:,}", f"{load['rows_rejected']:,}",
                      load["loaded_at"], load["loaded_by"])
    out.print(loads)


def _short(text: str, width: int = 60) -> str:
    return text if len(text) <= width else "…" + text[-(width - 1):]
