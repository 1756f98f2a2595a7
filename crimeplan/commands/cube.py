"""``crimeplan cube build|refresh|status``: the monthly cube every page and paper reads."""

from __future__ import annotations

import json

import click


@click.group()
def cube() -> None:
    """The monthly cube: crime counts by month, area, offence, flags and outcome."""


@cube.command("build")
@click.option("--engine", type=click.Choice(["store", "spark"]), default="store", show_default=True,
              help="Build inside the store (DuckDB or PostgreSQL), or on Apache Spark.")
@click.option("--master", default=None, metavar="URL",
              help="Spark master: local[2], local-cluster[2,1,1024] (default) or spark://host:7077.")
@click.option("--source", metavar="PARQUET|TABLE",
              help="Spark only: canonical records as a Parquet file or folder, or a Spark table name.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_obj
def build_cmd(obj, engine: str, master: str | None, source: str | None, fmt: str) -> None:
    """Rebuild the cube from the records (store), or from SOURCE on Spark into the store.

    A Spark build replaces the cube rows of every force-month SOURCE holds; the same Ibis
    expression builds the cube on every engine (docs/scale.md).
    """
    if engine == "spark":
        if not source:
            raise click.UsageError("--engine spark needs --source PARQUET|TABLE")
        from crimeplan.engines.spark import DEFAULT_MASTER, build_cube_spark
        result = build_cube_spark(obj.store, source, master or DEFAULT_MASTER)
    else:
        if source or master:
            raise click.UsageError("--source and --master are for --engine spark")
        from crimeplan.metrics.cube import build_cube
        result = build_cube(obj.store)
    _emit(result.to_dict(), fmt)


@cube.command("refresh")
@click.argument("force_months", nargs=-1, required=True, metavar="FORCE:YYYY-MM…")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_obj
def refresh_cmd(obj, force_months: tuple[str, ...], fmt: str) -> None:
    """Rebuild the cube rows of some force-months (e.g. west-midlands:2014-03) from the records."""
    from crimeplan.errors import ConfigError
    from crimeplan.metrics.cube import refresh_cube

    pairs = []
    for item in force_months:
        force, _, month = item.rpartition(":")
        if not force or len(month) != 7 or month[4] != "-" or not (month[:4] + month[5:]).isdigit():
            raise ConfigError(f"{item!r}: expected FORCE:YYYY-MM such as west-midlands:2014-03")
        pairs.append((force, month))
    _emit(refresh_cube(obj.store, pairs).to_dict(), fmt)


@cube.command("status")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_obj
def status_cmd(obj, fmt: str) -> None:
    """Rows and counts in the cube, its last builds, and force-months it has not counted yet."""
    from crimeplan.metrics.cube import cube_status
    from crimeplan.render.formatting import count

    data = cube_status(obj.store)
    if fmt == "json":
        click.echo(json.dumps(data, indent=2))
        return
    c, a = data["crime_cube"], data["asb_cube"]
    click.echo(f"crime cube: {count(c['rows'])} rows counting {count(c['crimes'])} crimes")
    click.echo(f"ASB cube: {count(a['rows'])} rows counting {count(a['incidents'])} incidents")
    if data["stale"]:
        click.echo(f"stale: {len(data['stale'])} force-month(s) differ from their records; "
                   "run `crimeplan cube refresh` with them or `crimeplan cube build`:")
        for s in data["stale"][:20]:
            click.echo(f"  {s['kind']} {s['force']}:{s['month']}: {count(s['records'])} records, "
                       f"{count(s['in_cube'])} in the cube")
    else:
        click.echo("up to date with the records")
    for b in data["builds"][:5]:
        click.echo(f"  {b['built_at']} {b['engine']} {b['scope']}: {count(b['force_months'])} force-months, "
                   f"{count(b['cube_rows'])} rows, {b['seconds']:.2f} s")


def _emit(data: dict, fmt: str) -> None:
    if fmt == "json":
        click.echo(json.dumps(data, indent=2))
        return
    from crimeplan.render.formatting import count
    click.echo(f"cube {data['scope']} on {data['engine']}: {count(data['force_months'])} force-months, "
               f"{count(data['cube_rows'])} rows counting {count(data['records'])} crimes "
               f"in {data['seconds']:.2f} s")
