"""``crimeplan serve``: the performance portal (Starlette + Jinja2, served by uvicorn)."""

from __future__ import annotations

import sys

import click


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on; 0: a free port chosen by the OS. The bound address is printed on start.")
@click.option("--db", "db_option", metavar="URL",
              help="Store to serve (overrides crimeplan --db / CRIMEPLAN_DB): a DuckDB file or postgresql://…")
@click.option("--plan", default="wmp-2013-14", show_default=True,
              help="Default plan: a shipped plan or the path of a plan file (users may switch to shipped plans).")
@click.option("--get", "get_path", metavar="PATH",
              help="Answer one GET request (e.g. /milestones.json?briefing_date=2014-04-01), print the body and exit "
                   "without starting a server; exit status 1 on a 4xx/5xx answer.")
@click.pass_obj
def serve_cmd(obj, host: str, port: int, db_option: str | None, plan: str, get_path: str | None) -> None:
    """Serve the performance portal: plan overview, milestone and outcome tables, measures with SPC
    charts, areas, deliverables and data status; every page also as .json, .csv and .xlsx."""
    from crimeplan.portal.app import full_app, request_once, serve
    from crimeplan.portal.service import PortalSettings

    db = db_option or obj.db
    if get_path is None:
        obj.close()
        serve(db=db, host=host, port=port, plan=plan, debug=obj.debug)
        return
    app = full_app(PortalSettings(db=db, plan=plan, debug=obj.debug))
    try:
        status, headers, body = request_once(app, get_path)
    finally:
        app.state.portal.service.close()
    sys.stdout.buffer.write(body)
    sys.stdout.flush()
    if status >= 400:
        click.echo(f"crimeplan serve --get: {get_path} answered {status}", err=True)
        sys.exit(1)
