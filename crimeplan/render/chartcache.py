"""SPC chart SVGs cached by their inputs.

Rendering a chart (Vega-Lite through vl-convert) costs tens of milliseconds; a portal page or a
board paper draws dozens of charts that rarely change between loads. A chart is a pure function
of its SPC result, its options and the code that draws it, so it is stored under the SHA-256 of
all three (content addressed): the same inputs always find the same file, new data or a new look
(a changed crimeplan/spc/chart.py or chart_spec.py) gives a new key, and nothing is ever
invalidated by hand. Entries live in memory (a small LRU) and, when a folder is given, on
disk as ``<folder>/<key[:2]>/<key>.svg`` (written atomically, so several workers may share it).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from crimeplan import settings
from crimeplan.encoding import json_default

MEMORY_ITEMS = 512
"""Charts kept in memory per process (an SVG is 20–60 kB: at most ~30 MB)."""

ENV_VAR = settings.BY_NAME["chart_cache"].env
"""A folder for the on-disk cache shared by processes; unset = memory only."""

CHART_CODE = hashlib.sha256(b"".join((Path(__file__).parents[1] / "spc" / name).read_bytes()
                                     for name in ("chart.py", "chart_spec.py"))).hexdigest()
"""The drawing code's own hash, part of every key: charts cached on disk by an older look are not
served after an upgrade."""


def chart_key(result: Any, **options: Any) -> str:
    """SHA-256 of the SPC result (its ``to_dict()``), the chart options and the drawing code's hash, in
    canonical JSON."""
    payload = {"spc": result.to_dict() if hasattr(result, "to_dict") else result, "options": options,
               "code": CHART_CODE}
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=json_default)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class ChartCache:
    """``cache.svg(result, dates=…, title=…, …)``: ``spc_chart_svg`` with the same arguments, cached."""

    def __init__(self, folder: str | Path | None = None, memory_items: int = MEMORY_ITEMS,
                 render: Callable[..., str] | None = None) -> None:
        self.folder = Path(folder) if folder else None
        self.memory_items = memory_items
        self._memory: OrderedDict[str, str] = OrderedDict()
        self._render = render
        self.hits = 0
        self.misses = 0

    def svg(self, result: Any, **options: Any) -> str:
        key = chart_key(result, **options)
        found = self._get(key)
        if found is not None:
            self.hits += 1
            return found
        self.misses += 1
        svg = self._renderer()(result, **options)
        self._put(key, svg)
        return svg

    def _renderer(self) -> Callable[..., str]:
        if self._render is None:
            from crimeplan.spc import spc_chart_svg
            self._render = spc_chart_svg
        return self._render

    def _path(self, key: str) -> Path:
        assert self.folder is not None
        return self.folder / key[:2] / f"{key}.svg"

    def _get(self, key: str) -> str | None:
        if key in self._memory:
            self._memory.move_to_end(key)
            return self._memory[key]
        if self.folder is not None:
            try:
                svg = self._path(key).read_text(encoding="utf-8")
            except OSError:
                return None
            self._remember(key, svg)
            return svg
        return None

    def _put(self, key: str, svg: str) -> None:
        self._remember(key, svg)
        if self.folder is not None:
            path = self._path(key)
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(svg)
            os.replace(tmp, path)

    def _remember(self, key: str, svg: str) -> None:
        self._memory[key] = svg
        self._memory.move_to_end(key)
        while len(self._memory) > self.memory_items:
            self._memory.popitem(last=False)


_default: ChartCache | None = None


def default_cache() -> ChartCache:
    """The process-wide cache (on disk under ``$CRIMEPLAN_CHART_CACHE`` when set)."""
    global _default
    if _default is None:
        _default = ChartCache(str(settings.value("chart_cache")) or None)
    return _default


def cached_chart_svg(result: Any, **options: Any) -> str:
    """``crimeplan.spc.spc_chart_svg(result, **options)`` through the process-wide cache."""
    return default_cache().svg(result, **options)
