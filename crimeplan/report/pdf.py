"""The paper as PDF: the print HTML through WeasyPrint (A4, running header and footer with page
numbers, footnotes at the foot of their page, vector SVG charts, no table or chart split across
pages when it fits on one), tagged for assistive technology as PDF/UA-1 (a structure tree of
headings, paragraphs, tables and figures with their text alternatives, the document's title and
language)."""

from __future__ import annotations

from crimeplan.report.context import ReportContext
from crimeplan.report.html import CHART_SCHEME, chart_images, render_html

PDF_VARIANT = "pdf/ua-1"
"""WeasyPrint's PDF/UA-1 variant (WeasyPrint ≥ 63): tags the PDF (``pdf_tags``) and adds the UA
identification to its metadata."""


def render_pdf(context: ReportContext) -> bytes:
    import weasyprint
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    images = chart_images(context)

    class Charts(URLFetcher):
        """The paper's own charts, and nothing else: no file, no network (the paper holds users' text)."""

        def fetch(self, url, headers=None):
            if url not in images:
                raise ValueError(f"the paper fetches only its {CHART_SCHEME}: images, not {url[:80]!r}")
            return URLFetcherResponse(url, images[url], {"Content-Type": "image/svg+xml"})

    html = weasyprint.HTML(string=render_html(context, for_print=True), url_fetcher=Charts())
    return html.write_pdf(pdf_variant=PDF_VARIANT, pdf_tags=True)
