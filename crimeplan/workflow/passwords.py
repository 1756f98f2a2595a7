"""Password rules for local accounts (NIST SP 800-63B §5.1.1.2, "memorized secret verifiers").

A new password must be at least ``min_password_length`` characters (NIST: at least 8; crimeplan's
setting defaults to 12), at most ``PASSWORD_MAX``, and must not be a known-weak choice: NIST asks
verifiers to refuse values from lists of commonly used passwords, repetitive or sequential
characters (``aaaaaaaaaaaa``, ``123456789012``) and context-specific words (the user name, the
service's name). No composition rules (NIST advises against them).

The list (``common_passwords.txt``, package data) holds common passwords and stems; a password is
refused when, lower-cased, with common letter-for-digit swaps undone and trailing digits and
symbols trimmed, it is one of them or a repetition of one.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

from crimeplan.errors import ConfigError

PASSWORD_MAX = 1024
"""Longest password accepted (bytes hashed are bounded, so a huge one cannot tie up a worker)."""
MIN_DISTINCT = 5
"""Fewest different characters a password must hold (refuses ``aaaaaaaaaaaa``, ``abababababab``)."""
SERVICE_WORDS = ("crimeplan", "westmidlands", "police")
"""Context-specific words NIST SP 800-63B names: the service's own name."""
_UNLEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i"})
_TRIM = "0123456789!@#$%^&*()_-+=.?"
_SEQUENCES = ("abcdefghijklmnopqrstuvwxyz", "0123456789", "qwertyuiopasdfghjklzxcvbnm", "1234567890")


@cache
def common_passwords() -> frozenset[str]:
    text = files("crimeplan.workflow").joinpath("common_passwords.txt").read_text(encoding="utf-8")
    return frozenset(line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def _forms(password: str) -> set[str]:
    """The forms compared with the list: lower-cased, de-leeted, trailing digits/symbols trimmed,
    spaces and separators removed."""
    lower = password.lower()
    squeezed = "".join(c for c in lower if c.isalnum() or c in "@$!")
    forms = {lower, squeezed}
    for form in list(forms):
        forms.add(form.rstrip(_TRIM))
        forms.add(form.lstrip(_TRIM))
    forms |= {f.translate(_UNLEET) for f in forms}
    return {f for f in forms if f}


def _repeats_a_unit(text: str) -> bool:
    """``abcabcabcabc``: the whole is one short unit said again and again."""
    for size in range(1, len(text) // 2 + 1):
        if len(text) % size == 0 and text[:size] * (len(text) // size) == text:
            return True
    return False


def _is_sequence(text: str) -> bool:
    """Runs along the alphabet, the digits or the keyboard, forwards or backwards."""
    return any(text in seq * 3 or text in seq[::-1] * 3 for seq in _SEQUENCES)


def weakness(password: str, username: str = "") -> str | None:
    """Why ``password`` is a weak choice (one short phrase), or None."""
    lower = password.lower()
    squeezed = "".join(c for c in lower if c.isalnum())
    if len(set(password)) < MIN_DISTINCT or _repeats_a_unit(lower) or (squeezed and _repeats_a_unit(squeezed)):
        return "it repeats a few characters"
    if squeezed and _is_sequence(squeezed):
        return "it is a run of consecutive characters"
    listed = common_passwords()
    for form in _forms(password):
        if form in listed or any(form == unit * (len(form) // len(unit)) for unit in _units(form) if unit in listed):
            return "it is on the list of commonly used passwords"
    name = username.strip().lower()
    if name and len(name) >= 3 and (name in lower or lower in name):
        return "it contains the user name"
    if any(word in squeezed.translate(_UNLEET) and len(squeezed) - len(word) < 6 for word in SERVICE_WORDS):
        return "it is mostly the name of this service"
    return None


def _units(text: str) -> list[str]:
    return [text[:size] for size in range(1, len(text) // 2 + 1) if len(text) % size == 0]


def check_password(password: object, min_length: int, username: str = "") -> str:
    """``password`` when it meets the rules; ``ConfigError`` naming the rule otherwise."""
    if not isinstance(password, str) or len(password) < min_length:
        raise ConfigError(f"password: expected at least {min_length} characters")
    if len(password) > PASSWORD_MAX:
        raise ConfigError(f"password: expected at most {PASSWORD_MAX} characters")
    reason = weakness(password, username)
    if reason:
        raise ConfigError(f"password: refused because {reason}; choose a longer phrase of unrelated words")
    return password
