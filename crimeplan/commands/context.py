"""What every ``crimeplan`` command shares: the store it opens (once, on first use), the person it
acts as, and the plan it reads. ``crimeplan.cli`` creates the ``Context``; the commands receive it
through ``click.pass_obj`` and never import ``crimeplan.cli``.

Nothing heavy is imported here: ``crimeplan --help`` reads this module, and the store, the cube
and the plan are imported by the commands that use them.
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from crimeplan.plan import Plan
    from crimeplan.store import Store


def login_name() -> str:
    """The login name a command records as its author (loads, audit entries, approvals)."""
    try:
        return getpass.getuser()
    except Exception:  # no login name (containers)
        return os.environ.get("USER", "unknown")


class Context:
    """The ``--db`` and ``--debug`` of the command line, and the store opened from them on first use."""

    def __init__(self, db: str | None, debug: bool) -> None:
        self.db = db
        self.debug = debug
        self._store: Store | None = None

    @property
    def user(self) -> str:
        return login_name()

    @property
    def store(self) -> Store:
        if self._store is None:
            from crimeplan.metrics.cube_check import ensure_cube_once
            from crimeplan.store import open_store

            self._store = open_store(self.db)
            ensure_cube_once(self._store)  # a store last written before the cube existed: once per load
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None


def plan_or_default(name: str | None, area: str | None) -> str:
    """The plan asked for, else the one that fits the data of ``area`` (crimeplan.metrics.plan_fit.default_plan)."""
    if name:
        return name
    from crimeplan.metrics.plan_fit import default_plan

    return default_plan(click.get_current_context().obj.store, area)


def load_audited_plan(name_or_path: str) -> Plan:
    """Load a plan and, when the store is opened, note it in the audit trail if its file changed."""
    from crimeplan.plan import load_plan
    from crimeplan.workflow.audit import note_plan

    plan = load_plan(name_or_path)
    ctx = click.get_current_context(silent=True)
    if ctx is not None and isinstance(ctx.obj, Context):
        note_plan(ctx.obj.store, plan, login_name())
    return plan


class DeferredChoice(click.Choice):
    """A ``click.Choice`` whose values are read on first use: the module that holds them (the plan,
    say) is imported when the command runs or shows its own help, not on ``crimeplan --help``."""

    def __init__(self, load: Callable[[], Iterable[str]]) -> None:
        self._load = load
        self._choices: tuple[str, ...] | None = None
        self.case_sensitive = True

    @property
    def choices(self) -> tuple[str, ...]:
        if self._choices is None:
            self._choices = tuple(self._load())
        return self._choices

    @choices.setter
    def choices(self, values: Iterable[str]) -> None:
        self._choices = tuple(values)
