"""Built editions kept on disk, so a process that starts for one question doesn't link the documents
again (about three quarters of a one-shot `ask`'s own time was reading, linking and indexing).

A cached object is found by a key made of everything it was built from: every file of the documents
folder (its manifest and history included), the folder's path (citations name it), the code that
reads them and the versions of the libraries whose objects it holds. Change any of those and the key
changes: a stale edition can't be answered from. Anything wrong with the cache (a folder that can't
be written, a truncated or foreign file) only means building as if there were none.

The folder is PRECERT_CACHE_DIR, else $XDG_CACHE_HOME/precert-bot, else ~/.cache/precert-bot;
PRECERT_CACHE_DIR=off turns it off. Files are written by this user only (0600, folder 0700), and
read back with pickle, so the folder must not be writable by anyone else: like Python's own
bytecode cache, it holds what the process will run on.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    import logging

CACHE_ENV = "PRECERT_CACHE_DIR"
OFF = "off"
# The packages whose files decide what is built; a change to any of them is a new key.
BUILT_BY = ("knowledge", "intents")
BUILT_WITH = ("pydantic", "rapidfuzz", "jellyfish")
SUFFIX = ".pickle"

T = TypeVar("T")


def cache_dir() -> Path | None:
    configured = os.environ.get(CACHE_ENV, "").strip()
    if configured.lower() == OFF:
        return None
    if configured:
        return Path(configured).expanduser()
    base = os.environ.get("XDG_CACHE_HOME", "").strip() or str(Path.home() / ".cache")
    return Path(base) / "precert-bot"


@cache
def _code_key() -> str:
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256(sys.version.encode())
    for name in BUILT_WITH:
        module = sys.modules.get(name) or __import__(name)
        digest.update(f"{name}={getattr(module, '__version__', getattr(module, 'VERSION', '?'))}".encode())
    for relative in _code_files(root):
        digest.update(relative.encode())
        with open(root / relative, "rb") as f:
            digest.update(f.read())
    return digest.hexdigest()


def _code_files(root: Path) -> list[str]:
    """The packages' .py and .toml files (not the documents folder), as sorted paths from the root: walked
    with os.walk, which skips the documents and bytecode folders that a Path.rglob would list first (a
    third of a one-shot start's key)."""
    found: list[str] = []
    for package in BUILT_BY:
        for folder, subfolders, files in os.walk(root / package):
            subfolders[:] = [d for d in subfolders if d not in ("sources", "__pycache__")]
            relative = Path(folder).relative_to(root)
            found += [str(relative / f) for f in files if f.endswith((".py", ".toml"))]
    return sorted(found)


def edition_key(directory: Path) -> str:
    """The key of what a documents folder builds into, with the code of the moment."""
    directory = directory.resolve()
    digest = hashlib.sha256(_code_key().encode())
    digest.update(str(directory).encode())
    for path in sorted(p for p in directory.rglob("*") if p.is_file()):
        digest.update(b"\0" + str(path.relative_to(directory)).encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()[:32]


def remembered(kind: str, key: str, build: Callable[[], T]) -> T:
    """What `build` returns for this key: from the cache folder when it is there, else built and kept."""
    folder = cache_dir()
    if folder is None:
        return build()
    path = folder / f"{kind}-{key}{SUFFIX}"
    try:
        with path.open("rb") as f:
            return pickle.load(f)
    except FileNotFoundError:
        pass
    except Exception as error:  # a truncated or foreign file: build as if it weren't there
        _log().warning("cache: %s unreadable (%s), building anew", path.name, type(error).__name__)
    built = build()
    keep(folder, path, kind, built)
    return built


def keep(folder: Path, path: Path, kind: str, built: object) -> None:
    """Write `built` to `path` whole or not at all, in place of the kind's older files."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        for old in folder.glob(f"{kind}-*{SUFFIX}"):  # one edition per kind: the folder doesn't grow
            old.unlink(missing_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{kind}-", suffix=".tmp")  # mode 0600
        try:
            with os.fdopen(fd, "wb") as f:
                pickle.dump(built, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)  # readers see the whole file or none
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except Exception as error:  # a read-only file system is a slower start, not a failure
        _log().info("cache: not kept in %s (%s)", folder, type(error).__name__)


def _log() -> logging.Logger:
    # Imported when there is something to say: a start whose cache reads back never loads logging (~2 ms).
    import logging

    return logging.getLogger(__name__)
