"""The editable text blocks of the paper (purpose, background, implications, recommendations,
authors): defaults in ``templates/texts.yaml``, overridden block by block by the plan's own
``texts.yaml`` (beside its plan file: e.g. the named authors of the shipped West Midlands plan),
then by ``crimeplan report --text FILE``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from string import Formatter
from typing import Any

import yaml

from crimeplan.errors import ConfigError

DEFAULTS = "templates/texts.yaml"
BLOCKS = ("title", "purpose", "executive_summary", "background", "financial", "legal", "recommendations",
          "authors")
FIELDS = ("plan_title", "plan_year", "board", "force_name", "area", "outcome_count", "briefing_date", "data_end",
          "period_phrase")


@dataclass(frozen=True)
class TextBlocks:
    title: str
    purpose: tuple[str, ...]
    executive_summary: tuple[str, ...]
    background: tuple[str, ...]
    financial: tuple[str, ...]
    legal: tuple[str, ...]
    recommendations: tuple[str, ...]
    authors: tuple[str, ...]
    source: str = DEFAULTS

    def filled(self, values: Mapping[str, Any]) -> TextBlocks:
        """Every placeholder replaced by its value."""
        def fill(text: str) -> str:
            return text.format_map(dict(values))
        return TextBlocks(fill(self.title), **{b: tuple(fill(t) for t in getattr(self, b)) for b in BLOCKS[1:]},
                          source=self.source)


PLAN_TEXTS = "texts.yaml"
"""A plan's own text blocks, in the folder of its plan file."""


def load_texts(path: str | Path | None = None, *, plan_file: str | Path | None = None) -> TextBlocks:
    """The defaults, with the blocks of the plan's ``texts.yaml`` (beside ``plan_file``), then those
    of ``path`` (a YAML file), in their place."""
    defaults = resources.files("crimeplan.report").joinpath(*DEFAULTS.split("/")).read_text(encoding="utf-8")
    blocks = _read(defaults, DEFAULTS)
    source = DEFAULTS
    beside = Path(plan_file).parent / PLAN_TEXTS if plan_file else None
    for file in (beside if beside is not None and beside.is_file() else None, path):
        if file is not None:
            blocks.update(_read(_text_of(file), str(file)))
            source = str(file)
    return TextBlocks(str(blocks["title"][0]), **{b: blocks[b] for b in BLOCKS[1:]}, source=source)


def _text_of(path: str | Path) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the text blocks ({exc.__class__.__name__}); "
                          "expected a UTF-8 YAML file") from None


def _read(text: str, source: str) -> dict[str, tuple[str, ...]]:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ConfigError(f"{source}:{mark.line + 1 if mark else '?'}: expected YAML text blocks "
                          f"({getattr(exc, 'problem', None) or 'invalid YAML'})") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(f"{source}: expected a mapping of text blocks ({', '.join(BLOCKS)})")
    out: dict[str, tuple[str, ...]] = {}
    for key, value in data.items():
        if key not in BLOCKS:
            raise ConfigError(f"{source}: unknown text block {key!r}; expected one of {', '.join(BLOCKS)}")
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
            raise ConfigError(f"{source}: {key}: expected a paragraph of text or a list of paragraphs")
        if key == "title" and len(items) != 1:
            raise ConfigError(f"{source}: title: expected one line of text")
        for item in items:
            _check_fields(item, source, key)
        out[key] = tuple(" ".join(i.split()) for i in items)
    return out


def _check_fields(text: str, source: str, key: str) -> None:
    try:
        names = [name for _, name, _, _ in Formatter().parse(text) if name is not None]
    except ValueError as exc:
        raise ConfigError(f"{source}: {key}: {exc}; write {{{{ and }}}} for literal braces") from None
    for name in names:
        if name not in FIELDS:
            raise ConfigError(f"{source}: {key}: unknown placeholder {{{name}}}; expected one of "
                              + ", ".join("{" + f + "}" for f in FIELDS))
