"""One exception root for everything crimeplan raises on purpose.

Messages are written for the user: one line naming the thing (file, line, field, key) and what
was expected. They are turned into output in exactly two places: ``crimeplan.cli`` (exit status
and a one-line message) and the portal's error handler (a 4xx page or JSON error).
"""

from __future__ import annotations


class CrimeplanError(Exception):
    """Root of every error crimeplan raises deliberately."""

    exit_code = 1
    http_status = 400


class ConfigError(CrimeplanError, ValueError):
    """Settings or command-line options are wrong."""


class IngestError(CrimeplanError, ValueError):
    """An input file cannot be loaded. Nothing was changed in the store."""

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None,
                 field: str | None = None) -> None:
        where = ""
        if path is not None:
            where = str(path)
            if line is not None:
                where += f":{line}"
            where += ": "
        if field is not None:
            where += f"{field}: "
        super().__init__(where + message)
        self.path, self.line, self.field = path, line, field


class PlanError(CrimeplanError, ValueError):
    """A plan file is malformed, or names something that does not exist."""


class StoreError(CrimeplanError):
    """The store cannot be opened, migrated or queried."""


class NotFoundError(CrimeplanError, LookupError):
    """A named thing (area, measure, plan, load) does not exist."""

    http_status = 404


class MetricError(CrimeplanError, ValueError):
    """A metric cannot be computed from the inputs given (e.g. a briefing date outside the data)."""


class SpcError(CrimeplanError, ValueError):
    """SPC input or options are invalid."""
