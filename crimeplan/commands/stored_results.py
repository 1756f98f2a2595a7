"""Read commands' results kept between processes, so that asking again costs a lookup, not a computation.

``crimeplan milestones`` or ``outcomes`` spends most of a cold run importing the query layer (Ibis
and its SQL compilers, about 0.35 s) and building queries; asked again on an unchanged store, the
answer is the same. Each result is stored on disk under the SHA-256 of everything it depends on:

* the code that computed it (every source file of the package, by content; not the libraries', whose
  upgrades do not change a figure);
* the store: its location, when it was created (its first schema migration, to the microsecond) and
  its engine's version, so that a store deleted and built again at the same path is another store;
* the store's figures version (``DataVersion.figures``: the loads of each force and the
  process-change register, the same rule the portal's caches follow) and the number of cube builds,
  so that a load, a reload of a month, a register change or a rebuilt cube gives new keys and
  nothing is ever invalidated by hand;
* the command, the plan (its parsed content) and every argument.

Entries live in ``<folder>/<store key>/<version key>/<key>.pickle``, written atomically (several
processes may share the folder); writing one removes the store's entries of older versions. The
folder is the ``results_cache`` setting (``off`` for none); it is created for its owner only, and
used only while nobody else can write to it: an entry is a pickle, trusted as the package's own
files are. An entry that cannot be read is computed again.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import sys
import tempfile
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TypeVar

from crimeplan import settings
from crimeplan.store import Store
from crimeplan.store.queries.portal import CUBE_BUILDS, STORE_BIRTH
from crimeplan.store.versions import read_version

T = TypeVar("T")

OFF = "off"
"""The ``results_cache`` value that keeps nothing."""

SOURCE_SUFFIXES = (".py", ".yaml", ".yml", ".toml", ".json", ".csv")
"""The package's files a result can depend on (its code, the shipped plans and reference tables)."""


def folder() -> Path | None:
    """Where results are kept (None when the setting is ``off``)."""
    value = str(settings.value("results_cache"))
    if value.lower() == OFF:
        return None
    if value:
        return Path(value).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "crimeplan" / "results"


@cache
def code_key() -> str:
    """SHA-256 of the package's source files by content (about 8 ms), and of Python's version."""
    root = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256(str(sys.version_info[:2]).encode())
    for path in sorted(root.rglob("*")):
        if path.suffix in SOURCE_SUFFIXES and path.is_file():
            digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def store_key(store: Store) -> str:
    """The store's location, birth and engine version: a store built again at the same place is another
    store, and so is one opened by another version of its engine."""
    where = getattr(store, "path", None)
    place = str(Path(where).resolve()) if where and where != ":memory:" else _without_password(store.url)
    return _digest(store.dialect, place, *store.fetchall(STORE_BIRTH)[0])


def stored(store: Store, command: str, inputs: tuple[object, ...], compute: Callable[[], T]) -> T:
    """``compute()``, or the result it gave for the same ``command`` and ``inputs`` on the store as it now
    stands. ``inputs`` are pickled into the key: the plan object, the area as given, dates, options."""
    base = _private(folder())
    if base is None or getattr(store, "path", None) == ":memory:":
        return compute()
    version = _digest(read_version(store).figures, store.scalar(CUBE_BUILDS))
    where = base / store_key(store)
    path = where / version / f"{_digest(code_key(), command, inputs)}.pickle"
    try:
        with path.open("rb") as handle:
            return pickle.load(handle)  # noqa: S301 - written by this module, in the owner's own folder
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
        pass
    result = compute()
    _write(where, version, path, result)
    return result


def _private(base: Path | None) -> Path | None:
    """``base``, created if need be, when only its owner (this user) can write to it; else None."""
    if base is None:
        return None
    try:
        base.mkdir(parents=True, exist_ok=True, mode=0o700)
        status = base.stat()
    except OSError:
        return None
    return base if status.st_uid == os.getuid() and not status.st_mode & 0o022 else None


def _write(where: Path, version: str, path: Path, result: object) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        for older in where.iterdir():
            if older.name != version:
                shutil.rmtree(older, ignore_errors=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(result, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        pass  # a folder that cannot be written costs the next run a computation, nothing else


def _digest(*parts: object) -> str:
    return hashlib.sha256(pickle.dumps(parts, protocol=pickle.HIGHEST_PROTOCOL)).hexdigest()


def _without_password(url: str) -> str:
    scheme, sep, rest = url.partition("://")
    credentials, at, host = rest.rpartition("@")
    return f"{scheme}{sep}{credentials.partition(':')[0]}{at}{host}" if at else url
