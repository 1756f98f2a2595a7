"""The store's tables: one declaration of the record and cube tables' columns, and the migrations.

Each column is declared once here (name, portable SQL type, nullability, one line of doc, and
where its value comes from); the column lists loaders write, the canonical file's columns, the
Arrow schemas rows are appended with and the Ibis schemas analytics read with are all derived
from it. tests/store/test_schema.py checks the declaration against the tables as migrated, on
DuckDB and PostgreSQL.

The same DDL runs on DuckDB and PostgreSQL: only portable types are used (TEXT, INTEGER, BIGINT,
BOOLEAN, DATE, TIMESTAMP, DOUBLE PRECISION). A database records its version in
``schema_version``; ``MIGRATIONS`` (crimeplan.store.migrations) lists every step from an empty
database, and opening an older database applies the missing steps in order, in one transaction,
so it upgrades in place. Migrations are history and stay literal SQL: a migration that changes a
table declared here changes its declaration too.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from crimeplan.store.migrations import MIGRATIONS
from crimeplan.store.migrations.base import Migration

if TYPE_CHECKING:
    import pyarrow as pa

FILE, DERIVED, LOAD, HISTORY = "file", "derived", "load", "history"
"""Where a record column's value comes from: the input file; computed from the file's columns on
load; set by the load (its id); set later, when a reload supersedes the row."""

_ARROW = {"TEXT": "string", "INTEGER": "int32", "BIGINT": "int64", "BOOLEAN": "bool_", "DATE": "date32",
          "DOUBLE PRECISION": "float64"}
"""Each portable SQL type's Arrow type, by the name of its ``pyarrow`` factory."""
_IBIS: dict[str, str] = {"TEXT": "string", "INTEGER": "int32", "BIGINT": "int64", "BOOLEAN": "boolean",
                         "DATE": "date", "DOUBLE PRECISION": "float64"}


@dataclass(frozen=True)
class Column:
    """One column of a table."""

    name: str
    type: str  # a portable SQL type, a key of _ARROW
    nullable: bool
    doc: str
    origin: str = FILE
    default: str | None = None  # SQL literal

    def sql(self) -> str:
        """The column as written in CREATE TABLE."""
        default = f" DEFAULT {self.default}" if self.default is not None else ""
        return f"{self.name} {self.type}{'' if self.nullable else ' NOT NULL'}{default}"

    def arrow(self) -> pa.Field:
        """The Arrow field, nullable whatever the column: the database enforces NOT NULL, and a
        non-null field would refuse the same data written elsewhere (e.g. by Spark) as nullable."""
        import pyarrow as pa  # start-up speed: read commands never build Arrow data (pyarrow ~0.3 s)

        return pa.field(self.name, getattr(pa, _ARROW[self.type])())

    def ibis(self) -> str:
        """The Ibis type string (``!`` marks NOT NULL)."""
        return ("" if self.nullable else "!") + _IBIS[self.type]


@dataclass(frozen=True)
class Table:
    """A table's columns in their order in the database."""

    name: str
    columns: tuple[Column, ...]

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    def names(self, *origins: str) -> tuple[str, ...]:
        """The columns' names, in order; only those of ``origins`` when given."""
        return tuple(c.name for c in self.columns if not origins or c.origin in origins)

    def ddl(self, name: str | None = None) -> str:
        """CREATE TABLE for the table as it stands now (under ``name`` when given)."""
        body = ",\n    ".join(c.sql() for c in self.columns)
        return f"CREATE TABLE {name or self.name} (\n    {body}\n)"

    def arrow_schema(self, names: tuple[str, ...] | None = None) -> pa.Schema:
        import pyarrow as pa  # start-up speed: read commands never build Arrow data (pyarrow ~0.3 s)

        return pa.schema([self.column(n).arrow() for n in (names if names is not None else self.names())])

    def ibis_types(self, names: tuple[str, ...] | None = None) -> dict[str, str]:
        """``{column: Ibis type}`` for ``ibis.schema()``."""
        return {n: self.column(n).ibis() for n in (names if names is not None else self.names())}


def _dimension(column: Column) -> Column:
    """A record column as a cube dimension: same name, type and nullability, no default."""
    return replace(column, origin=DERIVED, default=None)


CRIMES = Table("crimes", (
    Column("force", "TEXT", False, "police.uk force slug, e.g. west-midlands, city-of-london"),
    Column("crime_id", "TEXT", True, "unique within a force extract; null for police.uk crimes without an ID"),
    Column("recorded_date", "DATE", False, "the day recorded (police.uk: the 1st of the month)"),
    Column("month", "DATE", False, "first day of the recorded month", DERIVED),
    Column("offence_code", "TEXT", True, "Home Office offence code (28A, 8N…); null for police.uk"),
    Column("category", "TEXT", True, "police.uk crime type as written (Burglary, Violence and sexual offences)"),
    Column("area_code", "TEXT", True, "lowest area known (the LSOA for police.uk); null: no location"),
    Column("domestic", "BOOLEAN", False, "a domestic abuse crime", default="FALSE"),
    Column("business", "BOOLEAN", False, "a crime against a business", default="FALSE"),
    Column("hate_strands", "TEXT", True, "comma-separated hate crime strands; null: not a hate crime"),
    Column("actual_religion", "TEXT", True, "for religious hate crime"),
    Column("perceived_religion", "TEXT", True, "for religious hate crime"),
    Column("location_type", "TEXT", True, "e.g. bus, rail, metro"),
    Column("outcome_type", "INTEGER", True, "Home Office outcome type; null: no outcome yet"),
    Column("outcome_label", "TEXT", True, "police.uk 'Last outcome category' as written"),
    Column("outcome_date", "DATE", True, "the day of the outcome; null when unknown"),
    Column("load_id", "INTEGER", False, "the load that brought the row", LOAD),
    Column("superseded_by", "INTEGER", True, "the reload that replaced the row (migration 2); null: current",
           HISTORY),
))
"""``crimes``, the canonical crime record (docs/records-format.md, docs/architecture.md)."""

ASB = Table("asb", (
    Column("force", "TEXT", False, "police.uk force slug"),
    Column("month", "DATE", False, "first day of the month"),
    Column("area_code", "TEXT", True, "the LSOA; null: no location"),
    Column("load_id", "INTEGER", False, "the load that brought the row", LOAD),
    Column("superseded_by", "INTEGER", True, "the reload that replaced the row; null: current", HISTORY),
))
"""``asb``: police.uk anti-social behaviour incidents, kept apart from crimes."""

OUTCOMES = Table("outcomes", (
    Column("force", "TEXT", False, "police.uk force slug"),
    Column("crime_id", "TEXT", True, "the crime the outcome is for"),
    Column("month", "DATE", False, "first day of the month of the outcome"),
    Column("outcome_label", "TEXT", True, "police.uk 'Outcome type' as written"),
    Column("outcome_type", "INTEGER", True, "Home Office outcome type the label maps to"),
    Column("load_id", "INTEGER", False, "the load that brought the row", LOAD),
    Column("superseded_by", "INTEGER", True, "the reload that replaced the row; null: current", HISTORY),
))
"""``outcomes``: the police.uk outcomes files, one row per outcome."""

_CUBE_DIMENSIONS = ("force", "month", "area_code", "offence_code", "category", "domestic", "business",
                    "hate_strands", "location_type", "outcome_type", "outcome_label")
CRIME_CUBE = Table("crime_cube", (
    *(_dimension(CRIMES.column(name)) for name in _CUBE_DIMENSIONS),
    Column("outcome_month", "DATE", True, "first day of the month of the outcome", DERIVED),
    Column("n", "BIGINT", False, "crimes counted", DERIVED),
))
"""``crime_cube`` (migration 5): crimes counted by month × area × offence × flags × outcome."""

CRIME_CELL_CUBE = Table("crime_cell_cube", tuple(
    Column("cell", "TEXT", True, "the reporting cell of the small area (migration 6)", DERIVED)
    if c.name == "area_code" else c for c in CRIME_CUBE.columns))
"""``crime_cell_cube`` (migration 6): the crime cube summed over each reporting cell's small areas."""

ASB_CUBE = Table("asb_cube", (
    *(_dimension(ASB.column(name)) for name in ("force", "month", "area_code")),
    Column("n", "BIGINT", False, "incidents counted", DERIVED),
))
"""``asb_cube`` (migration 5): anti-social behaviour counted by month × area."""

TABLES: tuple[Table, ...] = (CRIMES, ASB, OUTCOMES, CRIME_CUBE, CRIME_CELL_CUBE, ASB_CUBE)

CRIME_COLUMNS: tuple[str, ...] = CRIMES.names(FILE, DERIVED, LOAD)
"""Columns of ``crimes`` a load writes."""
RECORD_FILE_COLUMNS: tuple[str, ...] = CRIMES.names(FILE)
"""Columns of the canonical record file (docs/records-format.md)."""
ASB_COLUMNS: tuple[str, ...] = ASB.names(FILE, DERIVED, LOAD)
OUTCOME_COLUMNS: tuple[str, ...] = OUTCOMES.names(FILE, DERIVED, LOAD)

LATEST_VERSION = MIGRATIONS[-1].version

__all__ = ["ASB", "ASB_COLUMNS", "ASB_CUBE", "CRIMES", "CRIME_CELL_CUBE", "CRIME_COLUMNS", "CRIME_CUBE",
           "Column", "LATEST_VERSION", "MIGRATIONS", "Migration", "OUTCOMES", "OUTCOME_COLUMNS",
           "RECORD_FILE_COLUMNS", "TABLES", "Table"]
