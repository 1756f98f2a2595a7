"""Finding a plan: the plans shipped in ``crimeplan/plans/`` by name, or any plan file by path."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path
from typing import Any

from crimeplan.errors import PlanError
from crimeplan.plan.model import Plan
from crimeplan.plan.parser import parse_plan

_PLANS_PACKAGE = "crimeplan"
_PLANS_DIR = "plans"
_PLAN_FILE = "plan.yaml"


def _plans_root() -> Any:
    return resources.files(_PLANS_PACKAGE) / _PLANS_DIR


def shipped_plans() -> list[str]:
    """Names of the plans shipped in ``crimeplan/plans/`` (each ``<name>/plan.yaml``)."""
    root = _plans_root()
    if not root.is_dir():
        return []
    return sorted(entry.name for entry in root.iterdir() if entry.is_dir() and (entry / _PLAN_FILE).is_file())


def load_plan(name_or_path: str | os.PathLike[str]) -> Plan:
    """Load a shipped plan by name (``wmp-2013-14``) or a plan file by path."""
    text_name = os.fspath(name_or_path)
    names = shipped_plans()
    if text_name in names:
        resource = _plans_root() / text_name / _PLAN_FILE
        with resources.as_file(resource) as path:
            return _load_file(Path(path), shown=str(path))
    path = Path(text_name)
    if path.is_dir() and (path / _PLAN_FILE).is_file():
        path = path / _PLAN_FILE
    if not path.is_file():
        raise PlanError(f"no plan named {text_name!r}: expected a shipped plan "
                        f"({', '.join(names) or 'none shipped'}) or the path of a plan file")
    return _load_file(path, shown=text_name if Path(text_name) == path else str(path))


def _load_file(path: Path, *, shown: str) -> Plan:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PlanError(f"{shown}: cannot read the plan file ({exc.strerror or exc})") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise PlanError(f"{shown}: expected a UTF-8 text file, "
                        f"got undecodable bytes at offset {exc.start}") from None
    return parse_plan(text, shown, source_path=str(path))
