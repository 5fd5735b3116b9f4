"""The project's TOML data files (wording, phrasing, vocabulary, topics …), read back parsed.

A one-shot `precert-bot ask` reads half a dozen of them; parsing them with tomllib (pure Python) was
about 7 ms of its start, and tomllib's import 1.5 ms more. Each file's parsed table is kept in the cache
folder (knowledge/cache.py) beside the built edition, found by a digest of the file's bytes: the bytes
are read every time (they are small), so a changed file is parsed anew and a stale table is never
returned. Each read unpickles its own copy, as a parse would give, so no caller can change another's.
With the cache off, unwritable or unreadable, files are parsed as if there were none.
"""

from __future__ import annotations

import hashlib
import pickle
import sys
from importlib import resources
from pathlib import Path
from typing import Any

from knowledge.cache import SUFFIX, cache_dir, keep

KIND = "data-files"
# The parsed tables, by file: (digest of its bytes, the table pickled). Read from disk once a process.
_tables: dict[str, tuple[bytes, bytes]] | None = None


def package_toml(package: str, name: str) -> dict[str, Any]:
    """The table of a TOML file shipped in a package ('intents.reading', 'topics.toml')."""
    return read_toml(resources.files(package).joinpath(name).read_bytes(), f"{package}/{name}")


def read_toml(data: bytes, name: str) -> dict[str, Any]:
    """The table these bytes of a TOML file parse to; `name` tells one file's entry from another's.
    Invalid TOML raises tomllib.TOMLDecodeError, as tomllib.loads does (it is never kept)."""
    digest = hashlib.blake2b(data, digest_size=16).digest()
    kept = _known().get(name)
    if kept is not None and kept[0] == digest:
        try:
            return pickle.loads(kept[1])
        except Exception:  # a foreign or damaged entry: parse as if it weren't there
            pass
    import tomllib  # only when a file is new or changed: a start whose files are known never loads it

    table = tomllib.loads(data.decode("utf-8"))
    _remember(name, digest, table)
    return table


def _path() -> Path | None:
    folder = cache_dir()
    # The pickles hold what this Python wrote: another version starts its own file.
    tag = hashlib.blake2b(sys.version.encode(), digest_size=8).hexdigest()
    return None if folder is None else folder / f"{KIND}-{tag}{SUFFIX}"


def _known() -> dict[str, tuple[bytes, bytes]]:
    global _tables
    if _tables is None:
        _tables = {}
        path = _path()
        if path is not None:
            try:
                with path.open("rb") as f:
                    loaded = pickle.load(f)
                if isinstance(loaded, dict):
                    _tables = loaded
            except Exception:  # missing, truncated or foreign: every file is parsed and kept anew
                pass
    return _tables


def _remember(name: str, digest: bytes, table: dict[str, Any]) -> None:
    path = _path()
    if path is None:
        return
    tables = _known()
    tables[name] = (digest, pickle.dumps(table, protocol=pickle.HIGHEST_PROTOCOL))
    keep(path.parent, path, KIND, tables)
