"""The paper as one standalone HTML file: inline CSS and SVG, headings, captioned tables, charts
with text alternatives. The same HTML (``for_print=True``) is WeasyPrint's input for the PDF:
footnotes then float to the foot of their page, and each chart is an ``<img>`` whose SVG
``chart_images`` hands to WeasyPrint (its HTML parser reads inline SVG a character at a time: 210 kB
of the paper's 280 kB, a third of a second; the image's ``alt`` becomes the PDF figure's Alt text)."""

from __future__ import annotations

import re
from importlib import resources

import jinja2
from markupsafe import Markup

from crimeplan.render.formatting import typeset
from crimeplan.report.context import Bullets, Figure, Heading, Paragraph, ReportContext, Table, long_date

TEMPLATE = "paper.html.j2"
CHART_FONT = "Liberation Sans, Arial, sans-serif"
"""vl-convert lays chart text out with metrics close to Liberation Sans (Arial's metrics); a wider
generic sans-serif (DejaVu) would overrun the legend and the axis labels."""
STYLESHEET = "paper.css"


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("crimeplan.report", "templates"),
        autoescape=jinja2.select_autoescape(["html", "j2"]), trim_blocks=True, lstrip_blocks=True,
        undefined=jinja2.StrictUndefined, finalize=_typeset)
    env.filters["long_date"] = long_date
    env.filters["css_string"] = css_string
    env.tests.update(paragraph=lambda b: isinstance(b, Paragraph), heading=lambda b: isinstance(b, Heading),
                     bullets=lambda b: isinstance(b, Bullets), table=lambda b: isinstance(b, Table),
                     figure=lambda b: isinstance(b, Figure))
    return env


def render_html(context: ReportContext, *, for_print: bool = False) -> str:
    css = resources.files("crimeplan.report").joinpath("templates", STYLESHEET).read_text(encoding="utf-8")
    template = _environment().get_template(TEMPLATE)
    notes = dict(context.footnotes)
    svgs: dict[str | None, str]
    if for_print:
        svgs = {f.anchor: Markup(f'<img class="chart" src="{chart_url(f.anchor)}" alt="{_escape(f.alt)}">')
                for f in context.figures}
    else:
        svgs = {f.anchor: accessible_svg(f.svg, _id(f.anchor), f.alt, f.description) for f in context.figures}
    return template.render(c=context, css=css, for_print=for_print, notes=notes, svgs=svgs, anchor=_id)


def _typeset(value: object) -> object:
    """Every text the template prints, typeset ("2.3 %" with a no-break space); markup (the CSS,
    the charts) as it is."""
    return typeset(value) if isinstance(value, str) and not isinstance(value, Markup) else value


def css_string(text: str) -> str:
    """Text inside a CSS string: backslashes, quotes and line breaks escaped, no markup."""
    return Markup(text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
                  .replace("<", "\\3c ").replace(">", "\\3e "))


def _id(anchor: str | None) -> str:
    """An anchor such as ``milestone:reduce_trc`` as an HTML id."""
    return re.sub(r"[^A-Za-z0-9_-]", "-", anchor or "")


def accessible_svg(svg: str, ident: str, alt: str, description: str) -> str:
    """The chart's root ``<svg>`` as an image with a title and a description (its text alternative);
    fixed sizes give way to the viewBox so the chart scales with the page."""
    svg = _in_chart_font(svg)
    match = re.match(r"<svg\b[^>]*>", svg)
    if match is None:
        return svg
    root = match.group(0)
    root = re.sub(r'\s(width|height)="[^"]*"', "", root)
    root = root[:-1] + (f' role="img" aria-labelledby="{ident}-title {ident}-desc" '
                        f'preserveAspectRatio="xMidYMid meet">')
    inner = (f'<title id="{ident}-title">{_escape(alt)}</title>'
             f'<desc id="{ident}-desc">{_escape(description)}</desc>')
    return root + inner + svg[match.end():]


CHART_SCHEME = "chart"
"""The printed paper's charts are addressed ``chart:ANCHOR``; nothing else is fetched (crimeplan.report.pdf)."""


def chart_url(anchor: str | None) -> str:
    return f"{CHART_SCHEME}:{_id(anchor)}"


def chart_images(context: ReportContext) -> dict[str, bytes]:
    """The printed paper's charts by their ``<img>`` address: each SVG in the paper's chart font."""
    return {chart_url(f.anchor): _in_chart_font(f.svg).encode("utf-8") for f in context.figures}


def _in_chart_font(svg: str) -> str:
    """The chart's SVG without its XML declaration, its text in the paper's chart font."""
    return re.sub(r"^<\?xml[^>]*>\s*", "", svg.strip()).replace('font-family="sans-serif"',
                                                                  f'font-family="{CHART_FONT}"')


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
