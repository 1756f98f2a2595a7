"""The plan's YAML as a node tree with key paths and line numbers, so every error names the file, the line
and the key path::

    plan.yaml:41 milestones[2].target: expected a percentage like -5%, got 'five'
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, NoReturn

import yaml

from crimeplan.errors import PlanError
from crimeplan.plan.percentages import percentage_fraction


class Loader(yaml.SafeLoader):
    """SafeLoader that keeps date-like values as text (``version: 2013-03-28`` stays a string)."""


Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

MISSING = object()


class Raw(str):
    """Text shown as it is after "got" (not quoted)."""

    def __repr__(self) -> str:
        return str(self)


def show(value: Any) -> str:
    if value is MISSING:
        return "nothing"
    if isinstance(value, list):
        return "a list" if value else "an empty list"
    if isinstance(value, dict):
        return "a mapping" if value else "an empty mapping"
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


class Doc:
    def __init__(self, source: str, loader: Loader) -> None:
        self.source = source
        self.loader = loader


@dataclass(frozen=True)
class At:
    """A node of the YAML tree with its key path, for reading values and reporting errors."""

    doc: Doc
    node: yaml.Node
    path: str
    key_line: int = 0  # line of the key this value belongs to (0: not a mapping value)

    @property
    def line(self) -> int:
        return self.node.start_mark.line + 1

    def fail(self, expected: str, got: Any = MISSING, *, line: int | None = None) -> NoReturn:
        if got is MISSING:
            got = self.value()
        raise PlanError(f"{self.doc.source}:{line or self.line} {self.path or '(top level)'}: {expected}, "
                        f"got {show(got)}")

    def value(self) -> Any:
        """The plain Python value of the node."""
        try:
            return self.doc.loader.construct_object(self.node, deep=True)
        except yaml.YAMLError as exc:
            problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
            self.fail("expected a plain YAML value", Raw(f"one it cannot read ({problem})"))

    def child(self, node: yaml.Node, step: str, key_line: int = 0) -> At:
        return At(self.doc, node, f"{self.path}{step}" if self.path else step.lstrip("."), key_line)

    # ---- containers

    def mapping(self, expected: str = "a mapping") -> dict[str, At]:
        if not isinstance(self.node, yaml.MappingNode):
            self.fail(f"expected {expected}")
        out: dict[str, At] = {}
        for key_node, value_node in self.node.value:
            key_line = key_node.start_mark.line + 1
            key = At(self.doc, key_node, self.path).value()
            if not isinstance(key, str):
                self.fail("expected text keys", key, line=key_line)
            if key in out:
                self.fail(f"expected each key once ({key!r} is already on line {out[key].key_line})", key,
                          line=key_line)
            out[key] = self.child(value_node, f".{key}", key_line)
        return out

    def fields(self, required: tuple[str, ...], optional: tuple[str, ...] = (),
               expected: str = "a mapping") -> dict[str, At]:
        """A mapping with exactly these keys allowed; unknown and missing keys are errors."""
        items = self.mapping(expected)
        allowed = required + optional
        for key, at in items.items():
            if key not in allowed:
                self.fail(f"expected one of the keys {', '.join(allowed)}", key, line=at.key_line)
        for key in required:
            if key not in items:
                self.fail(f"expected the key {key!r} (required)",
                          Raw(f"only {', '.join(items)}" if items else "no keys"))
        return items

    def sequence(self, expected: str = "a list") -> list[At]:
        if not isinstance(self.node, yaml.SequenceNode):
            self.fail(f"expected {expected}")
        return [self.child(node, f"[{i}]") for i, node in enumerate(self.node.value)]

    # ---- scalars

    def text(self, expected: str = "text") -> str:
        value = self.value()
        if not isinstance(value, str) or not value.strip():
            self.fail(f"expected {expected}", value)
        return " ".join(value.split())

    def choice(self, choices: tuple[str, ...]) -> str:
        value = self.value()
        if value not in choices:
            self.fail(f"expected one of {', '.join(choices)}", value)
        return value

    def boolean(self) -> bool:
        value = self.value()
        if not isinstance(value, bool):
            self.fail("expected true or false", value)
        return value

    def identifier(self, pattern: re.Pattern[str], expected: str) -> str:
        value = self.value()
        if not isinstance(value, str) or not pattern.fullmatch(value):
            self.fail(f"expected {expected}", value)
        return value

    def percentage(self) -> tuple[Fraction, str]:
        value = self.value()
        try:
            return percentage_fraction(value), " ".join(str(value).split())
        except ValueError:
            self.fail("expected a percentage like -5%", value)

    def texts(self, expected: str) -> tuple[str, ...]:
        return tuple(item.text() for item in self.sequence(expected))

    def ref(self, known: Collection[Any], what: str) -> Any:
        """A name that must be one of ``known``; the error suggests the closest or lists them."""
        value = self.value()
        if not isinstance(value, (list, dict)) and value in known:
            return value
        self.fail(f"expected {what}{suggest(value, known)}", value)

    def unique(self, value: str, seen: dict[str, int], what: str) -> str:
        """Record ``value`` as an id seen on this line; a repeat is an error."""
        if value in seen:
            self.fail(f"expected a unique {what} ({value!r} is already used on line {seen[value]})", value)
        seen[value] = self.line
        return value


def suggest(value: Any, known: Collection[Any]) -> str:
    names = [str(name) for name in known]
    close = difflib.get_close_matches(value, names, n=1, cutoff=0.75) if isinstance(value, str) else []
    if close:
        return f" (did you mean {close[0]!r}?)"
    if len(names) <= 20:
        return f" ({', '.join(names) or 'none declared'})"
    return ""



def compose(text: str, source: str) -> At:
    loader = Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        problem = exc.problem or exc.context or "cannot parse"
        raise PlanError(f"{source}:{line} (YAML): expected valid YAML, "
                        f"got a syntax error: {problem}") from None
    except yaml.YAMLError as exc:
        raise PlanError(f"{source}:1 (YAML): expected valid YAML, got {exc}") from None
    if node is None:
        raise PlanError(f"{source}:1 (top level): expected a mapping with the key 'plan', got an empty file")
    return At(Doc(source, loader), node, "")
