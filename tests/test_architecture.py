"""docs/architecture.md is true of the tree: its layer diagram is the import-linter contract in
pyproject.toml, and its tables name every module and package of crimeplan/, and nothing else.
The contracts themselves run in `make layers` (lint-imports)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "crimeplan"
DOC = ROOT / "docs" / "architecture.md"
PRESENTATION = {"__main__", "cli", "commands", "bench", "portal", "report"}
"""The layers that may import web, template and document libraries (contract presentation-libraries)."""
DRIVER_USERS = {"store", "ingest", "bench"}
"""The layers that may import duckdb or psycopg (contract database-drivers, which says why)."""


def _contracts() -> dict[str, dict]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    return {c["id"]: c for c in config["contracts"]}


def _layers() -> list[str]:
    return _contracts()["layers"]["layers"]


def _names(layer: str) -> set[str]:
    return {name.strip().strip("()") for name in layer.split("|")}


def _section(title: str) -> str:
    text = DOC.read_text(encoding="utf-8")
    start = text.index(f"\n## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start:] if end < 0 else text[start:end]


def _tree() -> set[str]:
    """Every module (``crimeplan/x/y.py``) and package (``crimeplan/x/``) below the root package."""
    found = set()
    for path in PACKAGE.rglob("*.py"):
        if "__pycache__" in path.parts:
            continue
        relative = path.relative_to(ROOT).as_posix()
        if path.name != "__init__.py":
            found.add(relative)
        elif path.parent != PACKAGE:
            found.add(relative.removesuffix("__init__.py"))
    return found


def _top_level_units() -> set[str]:
    """The modules and packages directly under crimeplan/ (``cli``, ``metrics``, …)."""
    return {path.split("/")[1].removesuffix(".py") for path in _tree()}


def _documented() -> dict[str, str]:
    """Module path -> the heading (layer) of the table it is listed in."""
    out: dict[str, str] = {}
    heading = ""
    for line in _section("Modules, by layer").splitlines():
        if line.startswith("### "):
            heading = line[4:].strip().strip("`")
        match = re.match(r"\| `(crimeplan/[^`]*)` \|", line)
        if match:
            assert match.group(1) not in out, f"docs/architecture.md lists {match.group(1)} twice"
            out[match.group(1)] = heading
    return out


def test_the_diagram_is_the_layers_contract() -> None:
    block = re.search(r"```\n(.*?)```", _section("Layers"), re.S)
    assert block, "docs/architecture.md: no diagram (a fenced block) under ## Layers"
    drawn = [re.split(r"\s{2,}", line)[0] for line in block.group(1).splitlines() if line and not line[0].isspace()]
    assert drawn == _layers()


def test_every_module_is_documented_and_every_documented_module_exists() -> None:
    documented, tree = set(_documented()), _tree()
    assert not tree - documented, f"missing from docs/architecture.md: {sorted(tree - documented)}"
    assert not documented - tree, f"docs/architecture.md names modules that do not exist: {sorted(documented - tree)}"


def test_each_module_is_listed_under_its_layer() -> None:
    wrong = {path: heading for path, heading in _documented().items()
             if path.split("/")[1].removesuffix(".py") not in _names(heading)}
    assert not wrong, f"listed under another layer's heading: {wrong}"


def test_every_top_level_module_has_a_layer() -> None:
    """The contract is exhaustive too; this names the module when a split adds one."""
    placed = set().union(*(_names(layer) for layer in _layers()))
    assert _top_level_units() == placed


def test_the_library_contracts_cover_every_layer_but_their_exceptions() -> None:
    contracts, units = _contracts(), set().union(*(_names(layer) for layer in _layers()))
    for contract_id, allowed in (("presentation-libraries", PRESENTATION), ("database-drivers", DRIVER_USERS)):
        sources = {m.removeprefix("crimeplan.") for m in contracts[contract_id]["source_modules"]}
        assert sources == units - allowed, contract_id
