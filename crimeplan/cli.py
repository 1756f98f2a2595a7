"""The ``crimeplan`` command. One of the two places where errors become messages (the other is
the portal's error handler): a ``CrimeplanError`` prints one line and exits non-zero; anything
unexpected prints one line too, and ``--debug`` shows the traceback."""

from __future__ import annotations

import getpass
import json
import os
import sys
import time
from pathlib import Path

import click

from crimeplan import __version__
from crimeplan.errors import CrimeplanError

EXIT_INTERNAL = 70


class Context:
    def __init__(self, db: str | None, debug: bool) -> None:
        self.db = db
        self.debug = debug
        self._store = None

    @property
    def store(self):
        if self._store is None:
            from crimeplan.store import open_store
            self._store = open_store(self.db)
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name (containers)
        return os.environ.get("USER", "unknown")


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="crimeplan")
@click.option("--db", envvar="CRIMEPLAN_DB", metavar="URL",
              help="Store: a DuckDB file (default crimeplan.duckdb) or postgresql://… [env CRIMEPLAN_DB]")
@click.option("--debug", is_flag=True, help="Show tracebacks for errors.")
@click.pass_context
def cli(ctx: click.Context, db: str | None, debug: bool) -> None:
    """crimeplan: milestones, outcome rates and SPC for a Police and Crime Plan."""
    ctx.obj = Context(db, debug)
    ctx.call_on_close(ctx.obj.close)


# -- ingest -------------------------------------------------------------------------------------
@cli.group()
def ingest() -> None:
    """Load data into the store (each command is one transaction)."""


@ingest.command("police-uk")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--force", "force_slug", metavar="SLUG", help="Force slug when file names do not say it.")
@click.pass_obj
def ingest_police_uk_cmd(obj: Context, paths: tuple[str, ...], force_slug: str | None) -> None:
    """Load data.police.uk street and outcomes files, folders, .csv.gz or .zip archives."""
    from crimeplan.ingest.police_uk import ingest_police_uk
    from crimeplan.progress import file_progress

    started = time.perf_counter()
    with file_progress(paths) as advance:
        summary = ingest_police_uk(obj.store, paths, force=force_slug, loaded_by=_user(), progress=advance)
    _report_files(summary.files, time.perf_counter() - started)


@ingest.command("records")
@click.argument("path", type=click.Path())
@click.option("--force", "force_slug", metavar="SLUG", help="Force slug when the file has no force column.")
@click.pass_obj
def ingest_records_cmd(obj: Context, path: str, force_slug: str | None) -> None:
    """Load a force extract in the canonical record format (CSV or Parquet)."""
    from crimeplan.ingest.records import ingest_records

    started = time.perf_counter()
    result = ingest_records(obj.store, path, force=force_slug, loaded_by=_user())
    _report_files([result], time.perf_counter() - started)


@ingest.command("areas")
@click.argument("path", type=click.Path())
@click.pass_obj
def ingest_areas_cmd(obj: Context, path: str) -> None:
    """Load an area hierarchy (canonical, LSOA lookup, or LAD→CSP→PFA lookup)."""
    from crimeplan.ingest.areas import ingest_areas

    result = ingest_areas(obj.store, path, loaded_by=_user())
    click.echo(f"{result['source']}: {result['areas']:,} areas, {result['links']:,} links ({result['layout']})")


@ingest.command("population")
@click.argument("path", type=click.Path())
@click.option("--year", type=int, help="Year of a Census table (default 2011).")
@click.pass_obj
def ingest_population_cmd(obj: Context, path: str, year: int | None) -> None:
    """Load resident populations per area and year."""
    from crimeplan.ingest.population import ingest_population

    result = ingest_population(obj.store, path, year=year, loaded_by=_user())
    click.echo(f"{result['source']}: {result['rows']:,} populations ({result['layout']})")


def _report_files(files: list[dict], seconds: float) -> None:
    rows = 0
    for f in files:
        rows += f["rows_in"]
        extra = []
        for key in ("crimes", "asb", "outcomes", "crimes_without_crime_id", "rows_without_location",
                    "rows_with_repeated_crime_id", "rejected_other_month"):
            if f.get(key):
                extra.append(f"{key.replace('_', ' ')} {f[key]:,}")
        months = ", ".join(f.get("months", [])[:3]) + ("…" if len(f.get("months", [])) > 3 else "")
        click.echo(f"{f['source']}: {f['rows_loaded']:,} of {f['rows_in']:,} rows loaded"
                   f"{' (' + months + ')' if months else ''}, {f['rows_replaced']:,} replaced"
                   + (f"; {'; '.join(extra)}" if extra else ""))
    rate = rows / seconds if seconds > 0 else 0
    click.echo(f"{len(files)} file(s), {rows:,} rows in {seconds:.1f} s ({rate:,.0f} rows/s)")


# -- status -------------------------------------------------------------------------------------
@cli.command()
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.pass_obj
def status(obj: Context, fmt: str) -> None:
    """What is loaded: per force and month, rows by type and outcome group, and the load history."""
    from crimeplan.metrics.status import load_status

    data = load_status(obj.store)
    if fmt == "json":
        click.echo(json.dumps(data, indent=2, sort_keys=False))
        return
    from crimeplan.render.terminal import print_status
    print_status(data)


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in argv or os.environ.get("CRIMEPLAN_DEBUG") == "1"
    try:
        cli.main(args=argv, prog_name="crimeplan", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("crimeplan: aborted", err=True)
        sys.exit(1)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except CrimeplanError as exc:
        if debug:
            raise
        click.echo(f"crimeplan: error: {exc}", err=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        click.echo("crimeplan: interrupted", err=True)
        sys.exit(130)
    except Exception as exc:  # anything unexpected: one line, never a traceback without --debug
        if debug:
            raise
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        click.echo(f"crimeplan: internal error: {type(exc).__name__}: {first} (run with --debug for details)",
                   err=True)
        sys.exit(EXIT_INTERNAL)
