"""``crimeplan compare …`` (rates per 1,000 with intervals, funnel and ranked charts, peer groups)
and ``crimeplan ingest home-office-prc``."""

from __future__ import annotations

import json
from dataclasses import replace

import click

from crimeplan.commands.context import login_name
from crimeplan.errors import ConfigError

# The layers below the commands are imported inside the commands ("lazy: start-up speed"): `crimeplan --help`
# loads none of them (tests/test_cli_startup.py), and a command loads only what it runs.
FORMATS = ("table", "json", "csv")
CHART_FORMATS = ("text", "json", "svg")
DEFAULT_MEASURE = {"police-uk": "all_crime", "wmp-2013-14": "trc"}


def _units_options(func):
    opts = [
        click.option("--seed", type=int, default=None, help="Seed of the rank simulation (default 20140513)."),
        click.option("--simulations", type=int, default=None, help="Simulations for rank intervals (default 2,000)."),
        click.option("--confidence", type=float, default=0.95, show_default=True, help="Interval confidence."),
        click.option("--interval", "interval_method", type=click.Choice(["exact", "byar"]), default="exact",
                     show_default=True, help="Poisson interval: exact (Garwood) or Byar's approximation."),
        click.option("--far-out-in-target", is_flag=True,
                     help="Keep units far outside the rest (Tukey's outer fences) in the funnel's target."),
        click.option("--exclude-from-target", "target_excludes", metavar="CODE,CODE,…",
                     help="Units left out of the funnel's target (still plotted and judged)."),
        click.option("--overdispersion", type=click.Choice(["none", "multiplicative", "additive"]), default="none",
                     show_default=True,
                     help="Funnel over-dispersion adjustment (Spiegelhalter 2005, winsorised z-scores)."),
        click.option("--limits", "funnel_limits", type=click.Choice(["exact", "normal"]), default="exact",
                     show_default=True,
                     help="Funnel limits: exact Poisson (Spiegelhalter 2005) or normal approximation."),
        click.option("--chart", "funnel_chart", type=click.Choice(["u", "uprime"]), default="u", show_default=True,
                     help="Funnel chart: u, or u′ with Laney's overdispersion correction (normal limits)."),
        click.option("--average", type=click.Choice(["simple", "weighted"]), default="simple", show_default=True,
                     help="Peer average: simple mean of rates (incl. the focal unit) or weighted (pooled rate)."),
        click.option("--to", "end", metavar="YYYY-MM", help="Last month (default: the latest loaded)."),
        click.option("--from", "start", metavar="YYYY-MM", help="First month (default: 12 months to --to)."),
        click.option("--offence-group", metavar="NAME", help="Home Office offence group (with --source prc)."),
        click.option("--year", "financial_year", metavar="YYYY/YY", help="Financial year (with --source prc)."),
        click.option("--source", type=click.Choice(["records", "prc"]), default="records", show_default=True,
                     help="Crime records loaded (police.uk or force), or the Home Office PRC table."),
        click.option("--measure", metavar="ID", help="Measure of the plan (default all_crime / trc)."),
        click.option("--plan", "plan_name", default="police-uk", show_default=True,
                     help="Plan whose measure to count."),
        click.option("--level", metavar="LEVEL", help="With --within: the level of the units (lpu, la, …)."),
        click.option("--within", metavar="LEVEL:CODE",
                     help="Compare the areas inside this area (e.g. force:west-midlands)."),
        click.option("--focal", metavar="CODE", help="The unit the comparison is about (default: the group's focal)."),
        click.option("--forces", metavar="SLUG,SLUG,…", help="An ad-hoc comparator set of forces."),
        click.option("--group", "group_id", metavar="ID",
                     help="A stored peer group (see `crimeplan compare groups list`)."),
    ]
    for opt in opts:
        func = opt(func)
    return func


def build(store, *, group_id, forces, focal, within, level, plan_name, measure, source, financial_year,
          offence_group, start, end, average, funnel_chart, interval_method, confidence, simulations, seed,
          funnel_limits="exact", overdispersion="none", target_excludes=None, far_out_in_target=False):
    """The Comparison the options describe (shared by rates, funnel and ranked)."""
    from crimeplan.compare import compute  # lazy: start-up speed
    from crimeplan.plan import load_plan

    options = _method_options(average=average, funnel_chart=funnel_chart, interval_method=interval_method,
                              confidence=confidence, simulations=simulations, seed=seed,
                              funnel_limits=funnel_limits, overdispersion=overdispersion,
                              target_excludes=target_excludes, far_out_in_target=far_out_in_target)
    if len([x for x in (group_id, forces, within) if x]) > 1:
        raise ConfigError("give one of --group, --forces and --within")
    group = _peer_group(store, group_id, forces, focal)
    if source == "prc":
        _check_prc(within, financial_year)
        return compute.compare_prc(store, financial_year, group=group, offence_group=offence_group, **options)
    plan = load_plan(plan_name)
    measure_id = measure or DEFAULT_MEASURE.get(plan.id) or next(iter(plan.measures))
    if within:
        parent, lvl = _areas_within(store, within, level, plan)
        return compute.compare_areas(store, parent, lvl, plan, measure_id, start=_month(start, "--from"),
                                     end=_month(end, "--to"), focal=focal, **options)
    if group is None:
        raise ConfigError("give --group ID, --forces SLUG,SLUG,… or --within LEVEL:CODE")
    return compute.compare_forces(store, group, plan, measure_id, start=_month(start, "--from"),
                                  end=_month(end, "--to"), **options)


def _method_options(*, average, funnel_chart, interval_method, confidence, simulations, seed, funnel_limits,
                    overdispersion, target_excludes, far_out_in_target) -> dict:
    """The comparison's method options, as ``compute`` takes them (defaults left to it when not given)."""
    options = {"average": average, "funnel_chart": funnel_chart, "interval_method": interval_method,
               "confidence": confidence, "overdispersion": overdispersion, "far_out_in_target": far_out_in_target,
               "funnel_limits": "normal" if funnel_chart == "uprime" else funnel_limits,
               "target_excludes": tuple(c.strip() for c in (target_excludes or "").split(",") if c.strip())}
    if simulations is not None:
        options["simulations"] = simulations
    if seed is not None:
        options["seed"] = seed
    return options


def _month(text, flag):
    """The first day of the month ``--from``/``--to`` names (YYYY-MM or a date), or None."""
    from crimeplan.periods import month_start, parse_date  # lazy: start-up speed

    if not text:
        return None
    try:
        return month_start(parse_date(text if len(text) > 7 else text + "-01"))
    except ValueError as exc:
        raise ConfigError(f"{flag}: {exc}") from None


def _peer_group(store, group_id, forces, focal):
    """The stored (--group) or ad-hoc (--forces) peer group, with --focal applied; None without either."""
    from crimeplan.compare.peers import adhoc_group, get_peer_group, validate_group  # lazy: start-up speed

    group = None
    if group_id:
        group = get_peer_group(store, group_id)
    elif forces:
        members = [f.strip() for f in forces.split(",") if f.strip()]
        group = adhoc_group(members, focal or None)
    if group is not None and focal and focal != group.focal:
        group = replace(group, focal=focal)
        validate_group(group)
    return group


def _check_prc(within, financial_year) -> None:
    """Refuse options the Home Office table (--source prc) cannot answer."""
    if within:
        raise ConfigError("--within needs --source records (the Home Office table is per force)")
    if not financial_year:
        raise ConfigError("--source prc needs --year YYYY/YY (e.g. 2017/18)")


def _areas_within(store, within, level, plan):
    """The area --within names and the level of the units below it (--level, or the one below)."""
    from crimeplan.metrics.areas import breakdown_level, resolve_area  # lazy: start-up speed

    parent = resolve_area(store, within, plan.force)
    lvl = breakdown_level(store, parent, level)
    if lvl is None:
        raise ConfigError(f"{parent.name} has no areas below it; give --level")
    return parent, lvl


@click.group()
def compare() -> None:
    """Compare rates per 1,000 residents across forces or areas, with intervals, never a bare league table."""


@compare.command("rates")
@_units_options
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.pass_obj
def rates_cmd(obj, fmt: str, **kwargs) -> None:
    """Rates per 1,000 with intervals, the peer average (method stated), funnel calls and rank intervals."""
    from crimeplan.render import tables  # lazy: start-up speed
    from crimeplan.render.analysis_tables import comparison_table

    result = build(obj.store, **kwargs)
    tables.emit(comparison_table(result), result.to_dict(), fmt)
    if fmt == "table":
        click.echo(result.headline())
        click.echo(result.population_note)
        if result.average_note():
            click.echo(result.average_note())
        click.echo(f"Units: {result.group_method}.")
        for note in result.notes:
            click.echo(f"Note: {note}")
        for code, reason in result.excluded:
            click.echo(f"Left out: {code}: {reason}")


@compare.command("funnel")
@_units_options
@click.option("--format", "fmt", type=click.Choice(CHART_FORMATS), default="text", show_default=True)
@click.pass_obj
def funnel_cmd(obj, fmt: str, **kwargs) -> None:
    """The funnel plot of the comparison: SVG, its text alternative, or JSON (limits per unit and curve)."""
    from crimeplan.compare.charts import funnel_chart_svg, funnel_chart_text  # lazy: start-up speed

    result = build(obj.store, **kwargs)
    if fmt == "json":
        click.echo(json.dumps({**result.funnel.to_dict(), "subject": result.subject, "period": result.period_label,
                               "unit_label": result.unit_label, "population_note": result.population_note,
                               "group_method": result.group_method,
                               "units": [u.to_dict() for u in result.units],
                               "average": result.average.to_dict(),
                               "average_without_far_out": result.average_without.to_dict()
                               if result.average_without else None}, indent=2))
    elif fmt == "svg":
        click.echo(funnel_chart_svg(result))
    else:
        click.echo(funnel_chart_text(result))


@compare.command("ranked")
@_units_options
@click.option("--format", "fmt", type=click.Choice(CHART_FORMATS), default="text", show_default=True)
@click.pass_obj
def ranked_cmd(obj, fmt: str, **kwargs) -> None:
    """The ranked chart: rates with intervals, sorted, with rank intervals (SVG, text or JSON)."""
    from crimeplan.compare.charts import ranked_chart_svg, ranked_chart_text  # lazy: start-up speed

    result = build(obj.store, **kwargs)
    if fmt == "json":
        click.echo(json.dumps({"units": [u.to_dict() for u in sorted(result.units, key=lambda u: u.rate)],
                               "average": result.average.to_dict(), "rank_order": result.rank_order,
                               "simulations": result.simulations, "seed": result.seed}, indent=2))
    elif fmt == "svg":
        click.echo(ranked_chart_svg(result))
    else:
        click.echo(ranked_chart_text(result))


# -- peer groups -----------------------------------------------------------------------------------
@compare.group("groups")
def groups() -> None:
    """Peer groups: official most similar groups and user-defined comparator sets."""


@groups.command("list")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.pass_obj
def groups_list(obj, fmt: str) -> None:
    """Every stored peer group."""
    from crimeplan.compare.peers import list_peer_groups  # lazy: start-up speed

    found = list_peer_groups(obj.store)
    if fmt == "json":
        click.echo(json.dumps([g.to_dict() for g in found], indent=2))
        return
    for g in found:
        click.echo(f"{g.group_id} ({g.kind}, {g.level}, focal {g.focal or '-'}): {', '.join(g.members)}"
                   + (f" — {g.source}" if g.source else ""))


@groups.command("add")
@click.argument("group_id")
@click.option("--members", required=True, metavar="CODE,CODE,…", help="Members, the focal unit included.")
@click.option("--name", help="A name for the group (default: its members).")
@click.option("--focal", metavar="CODE", help="The unit the group was drawn up for.")
@click.option("--kind", type=click.Choice(["official", "comparator"]), default="comparator", show_default=True)
@click.option("--level", default="force", show_default=True, help="Level of the members (force, lpu, la, …).")
@click.option("--source", help="Where the group comes from (for official groups: the publication).")
@click.pass_obj
def groups_add(obj, group_id, members, name, focal, kind, level, source) -> None:
    """Create or replace a peer group."""
    from crimeplan.compare.peers import PeerGroup, save_peer_group  # lazy: start-up speed

    codes = tuple(m.strip() for m in members.split(",") if m.strip())
    group = save_peer_group(obj.store, PeerGroup(group_id, name or ", ".join(codes), kind, focal, level, codes,
                                                 source), actor=login_name())
    click.echo(f"peer group {group.group_id}: {len(group.members)} members")


@groups.command("derive")
@click.argument("focal")
@click.option("--size", type=int, default=7, show_default=True, help="Forces in the group besides the focal one.")
@click.option("--features", "features_path", type=click.Path(),
              help="Extra features per force (CSV unit,feature,value), e.g. density or deprivation.")
@click.option("--save", is_flag=True, help="Store the group (as kind 'derived', its method as its source).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.pass_obj
def groups_derive(obj, focal, size, features_path, save, fmt) -> None:
    """Work out a most-similar group for FOCAL from the data loaded, and say how (docs/comparisons.md)."""
    from crimeplan.compare.peers import save_peer_group  # lazy: start-up speed
    from crimeplan.compare.similar import read_features, similar_forces

    extra = read_features(features_path) if features_path else None
    result = similar_forces(obj.store, focal, size=size, extra=extra)
    if save:
        save_peer_group(obj.store, result.group, actor=login_name())
    if fmt == "json":
        click.echo(json.dumps(result.to_dict(), indent=2))
        return
    click.echo(f"{result.group.group_id}: {', '.join(result.group.members)}")
    click.echo(f"Method: {result.method}.")
    for rank, n in enumerate(result.neighbours[:size], start=1):
        click.echo(f"{rank}. {n.code}: distance {n.distance:.3f}")
    if save:
        click.echo(f"saved as peer group {result.group.group_id}")


@groups.command("remove")
@click.argument("group_id")
@click.pass_obj
def groups_remove(obj, group_id) -> None:
    """Delete a peer group."""
    from crimeplan.compare.peers import remove_peer_group  # lazy: start-up speed

    remove_peer_group(obj.store, group_id, actor=login_name())
    click.echo(f"peer group {group_id} removed")


@groups.command("load")
@click.argument("path", type=click.Path())
@click.pass_obj
def groups_load(obj, path) -> None:
    """Load groups from a CSV (group_id,name,kind,focal,level,member[,source]; one row per member)."""
    from crimeplan.compare.peers import load_peer_groups  # lazy: start-up speed

    loaded = load_peer_groups(obj.store, path, actor=login_name())
    click.echo(f"{path}: {len(loaded)} peer group(s): {', '.join(g.group_id for g in loaded)}")


# -- ingest ------------------------------------------------------------------------------------------
@click.command("home-office-prc")
@click.argument("path", type=click.Path())
@click.pass_obj
def ingest_home_office_prc_cmd(obj, path: str) -> None:
    """Load the Home Office police recorded crime table by force, offence code and quarter."""
    from crimeplan.ingest.home_office_prc import ingest_home_office_prc  # lazy: start-up speed

    r = ingest_home_office_prc(obj.store, path, loaded_by=login_name())
    click.echo(f"{r['source']}: {r['rows']:,} rows ({', '.join(r['financial_years'])}), {r['forces']} forces, "
               f"{r['replaced']:,} replaced; without an area: {', '.join(r['bodies_without_area']) or 'none'}")
