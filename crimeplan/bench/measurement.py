"""What a benchmark measures: a measurement beside its reference, the names the targets are judged
on, the sizes and plan of a run, and the tables the measurements are printed as."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date

BRIEFING = date(2014, 4, 1)
PLAN = "wmp-2013-14"
SIZES = (1_000_000, 10_000_000, 50_000_000)
QUICK_SIZES = (1_000_000,)

# Names of the measurements the targets are judged on (crimeplan.bench.doc).
INGEST_POLICE_UK = "crimeplan ingest police-uk, DuckDB"
INGEST_RECORDS = "crimeplan ingest records, DuckDB"
INGEST_POLICE_UK_PG = "crimeplan ingest police-uk, PostgreSQL"
CUBE_DUCKDB = "cube build, DuckDB"
CUBE_SPARK = "cube build, Spark"
PLAN_REFRESH = "full plan refresh (refresh_plan, every area)"
PORTAL_USERS = "portal, {} users"
PAPER_PDF = "board paper PDF"
DEMO_TITLE = "The demo store (`make demo`: the demo force, City of London's police.uk months, the LSOA lookup)"
STARTUP = "start-up: {}"                 # crimeplan.bench.answers
NOTHING_STORED = ", nothing stored"      # a stored read command timed with results_cache=off
FIRST_ANSWERS = "first answers, {}"
SERVER_ERRORS = "server errors"          # a first answer's count of 5xx pages, in its notes
CHARTS = "SPC charts"
TARGET_P95 = "p95_ms / and /milestones"   # the key _load_users gives p95 over TARGET_PATHS
"""The portal's p95 over the pages its target names (TARGET_PATHS)."""


@dataclass(frozen=True)
class Measurement:
    name: str
    rows: int
    seconds: float
    reference: str | None = None
    reference_seconds: float | None = None
    peak_mb: float | None = None
    extra: dict = field(default_factory=dict)

    @property
    def rate(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0

    @property
    def ratio(self) -> float | None:
        """Time of the reference ÷ time of this (1.0 = as fast; 0.5 = half the speed)."""
        if not self.reference_seconds or not self.seconds:
            return None
        return self.reference_seconds / self.seconds

    def to_dict(self) -> dict:
        return {**asdict(self), "rate": round(self.rate), "ratio": self.ratio}


def markdown_table(measurements: list[Measurement], rows: int, title: str | None = None) -> str:
    lines = [f"\n{title or f'{rows:,} records'}\n",
             "| measurement | rows | seconds | rows/s | reference | ref. s | speed vs ref. | peak MB | notes |",
             "|---|---:|---:|---:|---|---:|---:|---:|---|"]
    for m in measurements:
        notes = ", ".join(f"{k} {v:,}" if isinstance(v, (int, float)) else f"{k} {v}" for k, v in m.extra.items())
        lines.append(f"| {m.name} | {m.rows:,} | {m.seconds:.2f} | {m.rate:,.0f} | {m.reference or ''} | "
                     f"{'' if m.reference_seconds is None else f'{m.reference_seconds:.2f}'} | "
                     f"{'' if m.ratio is None else f'{m.ratio:.2f}'} | {m.peak_mb or ''} | {notes} |")
    return "\n".join(lines)


def report(measurements: list[Measurement]) -> str:
    """The ingest benchmark as text (``crimeplan bench ingest``)."""
    lines = [f"{'measurement':40} {'rows':>12} {'seconds':>9} {'rows/s':>12} {'× reference':>12} {'peak MB':>8}"]
    for m in measurements:
        ratio = "" if m.ratio is None else f"{m.ratio:.2f}"
        lines.append(f"{m.name:40} {m.rows:>12,} {m.seconds:>9.2f} {m.rate:>12,.0f} {ratio:>12} {m.peak_mb or 0:>8.0f}")
    return "\n".join(lines)
