"""Start-up (issue 20, deliverable 1): the command line imports the heavy libraries only where a
command uses them, and the commands never import crimeplan.cli (issue 16: no cli <-> commands cycle).

What is imported is checked, not how long it takes: a fresh interpreter runs ``crimeplan --help``
and prints the modules it loaded."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import crimeplan.commands

HEAVY = ("ibis", "pyarrow", "altair", "vl_convert", "weasyprint", "docx", "starlette", "pandas", "numpy",
         "duckdb", "jinja2", "yaml")
"""Libraries that cost as much to import as the whole of ``crimeplan --help`` should take."""

SHOW_MODULES = """
import json, sys
from crimeplan.cli import main
try:
    main({argv!r})
except SystemExit:
    pass
sys.stdout.flush()
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""


def _modules_after(*argv: str) -> set[str]:
    done = subprocess.run([sys.executable, "-c", SHOW_MODULES.format(argv=list(argv))], capture_output=True,
                          text=True, timeout=120, check=True)
    return set(json.loads(done.stderr.strip().splitlines()[-1]))


def _top_level(modules: set[str]) -> set[str]:
    return {m.split(".")[0] for m in modules}


def test_help_imports_no_heavy_library():
    loaded = _modules_after("--help")
    assert "crimeplan.cli" in loaded  # the probe really ran the command line
    assert _top_level(loaded) & set(HEAVY) == set()


def test_help_imports_no_layer_below_the_commands():
    loaded = _modules_after("--help")
    mine = {m for m in loaded if m.startswith("crimeplan.")}
    assert mine, "no crimeplan module seen"
    below = {m for m in mine if not m.startswith(("crimeplan.cli", "crimeplan.commands", "crimeplan.errors"))}
    assert below == set()


def test_a_group_help_imports_no_heavy_library():
    loaded = _modules_after("surveys", "rates", "--help")
    assert "crimeplan.commands.surveys" in loaded
    assert _top_level(loaded) & {"ibis", "pyarrow", "altair", "weasyprint", "docx", "starlette", "pandas"} == set()


def test_no_command_imports_the_cli():
    folder = Path(crimeplan.commands.__file__).parent
    offenders = []
    for path in sorted(folder.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([node.module or ""] if isinstance(node, ast.ImportFrom)
                     else [a.name for a in node.names] if isinstance(node, ast.Import) else [])
            offenders += [f"{path.name}:{node.lineno}" for name in names if name.split(".")[:2] == ["crimeplan", "cli"]]
    assert offenders == []


def test_read_commands_import_no_arrow_or_pandas(tmp_path):
    """``status`` reads through the store alone (no pyarrow, ibis or pandas); ``milestones`` compiles
    Ibis expressions over the declared tables to SQL and runs them on the store, so neither pandas
    nor an Ibis backend (which would read each table's schema through Arrow) is imported."""
    from crimeplan.store import open_store

    db = str(tmp_path / "empty.duckdb")
    open_store(db).close()
    _modules_after("--db", db, "status")   # the first open checks the cube (once per load), through Ibis
    status = _modules_after("--db", db, "status", "--format", "json")
    assert "crimeplan.metrics.status" in status
    assert _top_level(status) & {"pyarrow", "ibis", "pandas", "altair", "starlette"} == set()
    milestones = _modules_after("--db", db, "milestones", "--briefing-date", "2014-04-01", "--format", "json")
    assert "crimeplan.metrics.milestones" in milestones
    assert _top_level(milestones) & {"pandas", "pyarrow", "altair", "starlette"} == set()
    assert {m for m in milestones if m.startswith("ibis.backends.") and m.count(".") == 2} == {"ibis.backends.sql"}
    # asked again of the same store, the command reads the result it stored: no query layer at all
    again = _modules_after("--db", db, "milestones", "--briefing-date", "2014-04-01", "--format", "json")
    assert "crimeplan.commands.stored_results" in again
    assert _top_level(again) & {"ibis", "sqlglot", "pandas", "pyarrow", "altair", "starlette"} == set()
    assert "crimeplan.metrics.milestones" not in again
