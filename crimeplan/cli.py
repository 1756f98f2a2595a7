"""The ``crimeplan`` command. One of the two places where errors become messages (the other is
the portal's error handler): a ``CrimeplanError`` prints one line and exits non-zero; anything
unexpected prints one line too, and ``--debug`` shows the traceback.

Imports inside functions here are for start-up time, as in crimeplan.commands (see its docstring)."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import click

from crimeplan import __version__
from crimeplan.commands.areas import areas
from crimeplan.commands.audit import audit
from crimeplan.commands.bench import bench
from crimeplan.commands.compare import compare, ingest_home_office_prc_cmd
from crimeplan.commands.context import Context, load_audited_plan, login_name, plan_or_default
from crimeplan.commands.cube import cube
from crimeplan.commands.deliverables import deliverables
from crimeplan.commands.funding import funding
from crimeplan.commands.hate import hate
from crimeplan.commands.indicators import indicators
from crimeplan.commands.register import register
from crimeplan.commands.report import report
from crimeplan.commands.serve import serve_cmd
from crimeplan.commands.surveys import surveys
from crimeplan.commands.users import users
from crimeplan.errors import CrimeplanError

EXIT_INTERNAL = 70


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
    from crimeplan.loads import ingest_police_uk
    from crimeplan.progress import file_progress

    started = time.perf_counter()
    with file_progress(paths) as advance:
        summary = ingest_police_uk(obj.store, paths, force=force_slug, loaded_by=login_name(), progress=advance)
    _report_files(summary.files, time.perf_counter() - started)


@ingest.command("records")
@click.argument("path", type=click.Path())
@click.option("--force", "force_slug", metavar="SLUG", help="Force slug when the file has no force column.")
@click.pass_obj
def ingest_records_cmd(obj: Context, path: str, force_slug: str | None) -> None:
    """Load a force extract in the canonical record format (CSV or Parquet)."""
    from crimeplan.loads import ingest_records

    started = time.perf_counter()
    result = ingest_records(obj.store, path, force=force_slug, loaded_by=login_name())
    _report_files([result], time.perf_counter() - started)


@ingest.command("areas")
@click.argument("path", type=click.Path())
@click.pass_obj
def ingest_areas_cmd(obj: Context, path: str) -> None:
    """Load an area hierarchy (canonical, LSOA lookup, or LAD→CSP→PFA lookup)."""
    from crimeplan.loads import ingest_areas

    result = ingest_areas(obj.store, path, loaded_by=login_name())
    click.echo(f"{result['source']}: {result['areas']:,} areas, {result['links']:,} links ({result['layout']})")


@ingest.command("population")
@click.argument("path", type=click.Path())
@click.option("--year", type=int, help="Year of a Census table (default 2011).")
@click.pass_obj
def ingest_population_cmd(obj: Context, path: str, year: int | None) -> None:
    """Load resident populations per area and year."""
    from crimeplan.ingest.population import ingest_population

    result = ingest_population(obj.store, path, year=year, loaded_by=login_name())
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
        if f.get("unknown_outcome_labels"):  # labels the reference does not know: named, never hidden
            extra.append("unknown outcome labels " + ", ".join(
                f"{label!r} {n:,}" for label, n in f["unknown_outcome_labels"].items()))
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


# -- demo ---------------------------------------------------------------------------------------
@cli.command()
@click.option("--seed", default=2014, show_default=True, help="Seed of the synthetic force.")
@click.option("--no-serve", is_flag=True, help="Build the demo database only; do not start the portal.")
@click.option("--port", default=8000, show_default=True)
@click.pass_obj
def demo(obj: Context, seed: int, no_serve: bool, port: int) -> None:
    """Build the demo force (West Midlands 2013/14 shape) into the store, then serve the portal."""
    from crimeplan.loads.demo import load_demo, load_demo_references, load_demo_updates, register_demo_changes

    started = time.perf_counter()
    from crimeplan.surveys.demo import load_survey_demo

    result = load_demo(obj.store, seed=seed, loaded_by=login_name())
    register_demo_changes(obj.store)
    load_survey_demo(obj.store)
    load_demo_updates(obj.store)
    load_demo_references(obj.store)
    click.echo(f"demo force {result['force']}: {result['records']:,} records, {result['areas']:,} areas "
               f"({time.perf_counter() - started:.1f} s)")
    if no_serve:
        return
    try:
        from crimeplan.portal.app import serve
    except ImportError:
        from crimeplan.metrics.status import load_status
        from crimeplan.render.terminal import print_status
        print_status(load_status(obj.store))
        return
    obj.close()
    serve(db=obj.db, host="127.0.0.1", port=port, plan="wmp-2013-14")


# -- plan tables ----------------------------------------------------------------------------------
def _plan_options(func):
    func = click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table",
                        show_default=True)(func)
    func = click.option("--view", type=click.Choice(["ytd", "rolling12"]), default="ytd", show_default=True,
                        help="Year to date against the same months last year, or rolling 12 months.")(func)
    func = click.option("--area", metavar="LEVEL:CODE",
                        help="Area (force:west-midlands, la:E08000025, lpu:…); default the plan's force.")(func)
    func = click.option("--briefing-date", required=True, metavar="YYYY-MM-DD",
                        help="Year to date runs from 1 April to the end of the last complete month before it.")(func)
    func = click.option("--plan", "plan_name", metavar="PLAN",
                        help="A shipped plan (wmp-2013-14, police-uk) or a path to a plan file; default: police-uk "
                             "when the force has only police.uk data, else wmp-2013-14.")(func)
    return func


def _load(name: str | None, briefing_date: str, area: str | None = None):
    from crimeplan.periods import date_option

    return load_audited_plan(plan_or_default(name, area)), date_option("--briefing-date", briefing_date)


@cli.command()
@_plan_options
@click.pass_obj
def milestones(obj: Context, plan_name: str, briefing_date: str, area: str | None, fmt: str, view: str) -> None:
    """The milestone table: year to date against last year against the milestone."""
    from crimeplan.commands.stored_results import stored
    from crimeplan.render import tables

    plan, day = _load(plan_name, briefing_date, area)

    def compute():
        from crimeplan.metrics.areas import resolve_area
        from crimeplan.metrics.milestones import milestone_table

        return milestone_table(obj.store, plan, day, resolve_area(obj.store, area, plan.force), view=view)

    result = stored(obj.store, "milestones", (plan, area, day, view), compute)
    tables.emit(tables.milestone_table(result), result.to_dict(), fmt, result.data_notice)


@cli.command()
@_plan_options
@click.option("--by", "level", metavar="LEVEL", help="Level of the area breakdown (default: one level down).")
@click.pass_obj
def outcomes(obj: Context, plan_name: str, briefing_date: str, area: str | None, fmt: str, view: str,
             level: str | None) -> None:
    """The outcome (detection) table with its breakdowns by area and by clear-up."""
    from crimeplan.commands.stored_results import stored
    from crimeplan.render import tables

    plan, day = _load(plan_name, briefing_date, area)

    def compute():
        from crimeplan.metrics.areas import resolve_area
        from crimeplan.metrics.outcomes import outcome_table

        return outcome_table(obj.store, plan, day, resolve_area(obj.store, area, plan.force), level, view=view)

    result = stored(obj.store, "outcomes", (plan, area, day, view, level), compute)
    tables.emit(tables.outcome_table(result), result.to_dict(), fmt, result.data_notice)


# -- spc ----------------------------------------------------------------------------------------
@cli.group(invoke_without_command=True)
@click.option("--plan", "plan_name", metavar="PLAN",
              help="A shipped plan (wmp-2013-14, police-uk) or a path to a plan file; default: police-uk "
                   "when the force has only police.uk data, else wmp-2013-14.")
@click.option("--measure", metavar="ID", help="Measure id of the plan (e.g. vwi, bdh).")
@click.option("--area", metavar="LEVEL:CODE", help="Area; default the plan's force.")
@click.option("--from", "start", metavar="YYYY-MM-DD", help="First month of the series.")
@click.option("--to", "end", metavar="YYYY-MM-DD", help="Last month of the series (default: the latest loaded).")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "svg"]), default="table", show_default=True)
@click.pass_context
def spc(ctx: click.Context, plan_name: str | None, measure: str | None, area: str | None, start: str | None,
        end: str | None, fmt: str) -> None:
    """SPC of a plan measure's monthly counts from the store (or `spc analyse` for any series)."""
    if ctx.invoked_subcommand is not None:
        return
    if not measure:
        raise click.UsageError("give --measure ID (or use `crimeplan spc analyse`)")
    from crimeplan.errors import NotFoundError
    from crimeplan.metrics.areas import resolve_area
    from crimeplan.metrics.series import latest_month, measure_series
    from crimeplan.periods import month_start, parse_date
    from crimeplan.plan import load_plan
    from crimeplan.spc import describe_series, spc_chart_svg, spc_chart_text

    obj: Context = ctx.obj
    plan = load_plan(plan_or_default(plan_name, area))
    if measure not in plan.measures:
        raise NotFoundError(f"unknown measure {measure!r}; plan {plan.id} has " + ", ".join(plan.measures))
    where = resolve_area(obj.store, area, plan.force)
    last = month_start(parse_date(end)) if end else latest_month(obj.store, where)
    series = measure_series(obj.store, plan, measure, where, last, month_start(parse_date(start)) if start else None)
    if series is None:
        raise NotFoundError(f"SPC needs at least 2 months of {measure} in {where.name} up to {last:%B %Y}")
    months = series.months  # a possible gap (a month counted 0 amid others) is on the chart, never a signal
    title = f"{plan.measures[measure].title}, {where.name}"
    if fmt == "json":
        click.echo(json.dumps({"measure": measure, "area": where.key, "months": [m.isoformat() for m in months],
                               "possible_gaps": [m.isoformat()[:7] for m in series.possible_gaps],
                               "not_loaded": [m.isoformat()[:7] for m in series.not_loaded],
                               **series.spc.to_dict()}, indent=2))
    elif fmt == "svg":
        click.echo(spc_chart_svg(series.spc, dates=list(months), title=title, y_label="offences a month"))
    else:
        click.echo(spc_chart_text(series.spc, list(months), title))
        for sentence in describe_series(series.spc, list(months)):
            click.echo(sentence)
        from crimeplan.spc.narrative import describe_not_loaded, describe_possible_gaps
        if series.possible_gaps:
            click.echo(describe_possible_gaps(series.possible_gaps))
        if series.not_loaded:
            click.echo(describe_not_loaded(series.not_loaded))


@spc.command("analyse")
@click.option("--input", "source", required=True, metavar="FILE|-",
              help="JSON object (values, dates, …) or CSV with a value column; - reads JSON from stdin.")
def spc_analyse(source: str) -> None:
    """SPC of any series: JSON in, JSON out (docs/spc.md)."""
    from crimeplan.errors import SpcError
    from crimeplan.spc import analyse_json, read_series_csv

    if source == "-":
        text = sys.stdin.read()
        label = "<stdin>"
    elif source.lower().endswith(".csv"):
        click.echo(json.dumps(analyse_json(read_series_csv(source)), indent=2))
        return
    else:
        try:
            text = Path(source).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise SpcError(f"{source}: cannot read ({exc.__class__.__name__}); expected a JSON file") from None
        label = source
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SpcError(f"{label}:{exc.lineno}: expected a JSON object, got invalid JSON ({exc.msg})") from None
    except RecursionError:  # issue 19: deeply nested arrays were "internal error: RecursionError"
        raise SpcError(f"{label}: expected a JSON object, got JSON nested too deeply to read") from None
    click.echo(json.dumps(analyse_json(obj), indent=2))


# -- commands that live beside their concern (crimeplan/commands/) --------------------------------
for _command in (report, serve_cmd, deliverables, users, audit, register, cube, compare, surveys, hate, funding,
                 indicators, bench, areas):
    cli.add_command(_command)
ingest.add_command(ingest_home_office_prc_cmd)


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        cli.main(args=argv, prog_name="crimeplan", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("crimeplan: aborted", err=True)
        sys.exit(1)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except CrimeplanError as exc:
        if _debug(argv):
            raise
        click.echo(f"crimeplan: error: {exc}", err=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        click.echo("crimeplan: interrupted", err=True)
        sys.exit(130)
    except Exception as exc:  # anything unexpected: one line, never a traceback without --debug
        if _debug(argv):
            raise
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        click.echo(f"crimeplan: internal error: {type(exc).__name__}: {first} (run with --debug for details)",
                   err=True)
        sys.exit(EXIT_INTERNAL)


def _debug(argv: list[str]) -> bool:
    """Whether an error shows its traceback: ``--debug``, or the ``debug`` setting (``CRIMEPLAN_DEBUG``;
    one that is neither true nor false counts as false)."""
    from crimeplan import settings  # start-up speed: read only when an error is being reported

    try:
        return "--debug" in argv or bool(settings.value("debug"))
    except CrimeplanError:
        return False
