"""Errors of the workflow, on the crimeplan root so the CLI and the portal turn them into messages."""

from __future__ import annotations

from crimeplan.errors import CrimeplanError


class ConflictError(CrimeplanError):
    """Another save came first (optimistic versioning). ``kept`` holds what this one tried to save,
    so the person can merge it rather than lose it."""

    http_status = 409

    def __init__(self, message: str, *, kept: dict | None = None, current_version: int | None = None) -> None:
        super().__init__(message)
        self.kept = dict(kept or {})
        self.current_version = current_version


class PermissionDenied(CrimeplanError):
    """The signed-in user's role does not allow this."""

    http_status = 403


class AuthError(CrimeplanError):
    """Sign-in refused: wrong name or password, disabled account, or locked out."""

    http_status = 401


class RateLimited(CrimeplanError):
    """Too many sign-in attempts from one client in a short time."""

    http_status = 429


class AuditTampered(CrimeplanError):
    """``crimeplan audit verify`` found the hash chain broken (exit status 1, one line naming the entry)."""
