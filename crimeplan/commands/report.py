"""``crimeplan report``: the board paper in HTML, PDF or Word, number-checked before it is written."""

from __future__ import annotations

import time
from pathlib import Path

import click

from crimeplan.commands.context import load_audited_plan, plan_or_default


@click.command("report")
@click.option("--plan", "plan_name", metavar="PLAN",
              help="A shipped plan (wmp-2013-14, police-uk) or a path to a plan file; default: police-uk when "
                   "the force has only police.uk data, else wmp-2013-14.")
@click.option("--briefing-date", required=True, metavar="YYYY-MM-DD",
              help="Year to date runs from 1 April to the end of the last complete month before it.")
@click.option("--meeting-date", metavar="YYYY-MM-DD", help="Date of the board meeting (default: the briefing date).")
@click.option("--area", metavar="LEVEL:CODE", help="Area (force:west-midlands, la:E08000025, …); default the force.")
@click.option("--view", type=click.Choice(["ytd", "rolling12"]), default="ytd", show_default=True,
              help="Year to date against the same months last year, or rolling 12 months.")
@click.option("--format", "fmt", type=click.Choice(["html", "pdf", "docx"]), default="pdf", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="File to write (default board-paper-PLAN-DATE.EXT).")
@click.option("--text", "text_path", type=click.Path(dir_okay=False),
              help="YAML file of text blocks (purpose, background, financial, legal, recommendations, authors) "
                   "replacing the defaults.")
@click.option("--author", "authors", multiple=True, metavar="TEXT",
              help='An author line, e.g. "West Midlands Police, Chief Constable, Chris Sims"; repeat for more '
                   "(replaces the authors of the text blocks).")
@click.option("--strict", is_flag=True, help="Write nothing (exit 3) when the number check finds a statement "
                                             "that disagrees with the data.")
@click.option("--as-at", "as_at", type=int, metavar="LOAD_ID",
              help="Figures as they stood after this load (later reloads ignored).")
@click.pass_obj
def report(obj, plan_name: str | None, briefing_date: str, meeting_date: str | None, area: str | None, view: str,
           fmt: str, output: str | None, text_path: str | None, strict: bool, as_at: int | None = None,
           authors: tuple[str, ...] = ()) -> None:
    """The board paper: title block, purpose, drafted executive summary, background, one section per
    strategic outcome (milestones with table row, SPC chart, assurance and narrative; deliverables
    with their latest approved update), the milestone and outcome tables with breakdowns,
    implications, recommendations, authors, and the data sources and plan version.

    Every number in the narrative and in free-text updates is checked against the data first;
    disagreements are printed one per line (to stderr) as warnings."""
    from crimeplan.errors import ConfigError
    from crimeplan.metrics.compute import compute_plan
    from crimeplan.periods import date_option, required_date_option
    from crimeplan.report import build_report, gather, render
    from crimeplan.report.numbercheck import NumberCheckError
    from crimeplan.report.texts import load_texts
    from crimeplan.report.updates import latest_approved
    from crimeplan.workflow.settings import load_settings

    started = time.perf_counter()
    plan = load_audited_plan(plan_or_default(plan_name, area))
    day = required_date_option("--briefing-date", briefing_date)
    meeting = date_option("--meeting-date", meeting_date)
    texts = load_texts(text_path, plan_file=plan.source_path)
    result = compute_plan(plan, obj.store, day, area, view=view, as_at=as_at)
    loads = [load for load in obj.store.loads() if as_at is None or load["load_id"] <= as_at]
    context = build_report(result, texts=texts, updates=latest_approved(obj.store, plan.id, result.briefing_date),
                           loads=loads, meeting_date=meeting, as_at=as_at,
                           data=gather(obj.store, result, authors=authors, settings=load_settings()))
    notice = result.milestones.data_notice
    if notice:
        click.echo(f"warning: {notice}", err=True)
    for warning in context.warnings:
        click.echo(f"warning: {warning}", err=True)
    if strict and context.warnings:
        raise NumberCheckError(f"number check: {len(context.warnings)} statement(s) disagree with the data; "
                               "nothing written (correct them, or run without --strict)")
    path = Path(output or f"board-paper-{plan.id}-{day.isoformat()}.{fmt}")
    data = render(context, fmt)
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot write the paper ({exc.strerror or exc})") from None
    click.echo(f"{path}: {fmt} board paper, {len(context.paragraphs)} paragraphs, {len(context.tables)} tables, "
               f"{len(context.figures)} figures, {len(context.warnings)} number-check warning(s) "
               f"({time.perf_counter() - started:.1f} s)")


