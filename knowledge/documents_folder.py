"""Where the documents folder is and how it is laid out: apart from the manifest's records
(knowledge/manifest.py), so that a process reading a built edition back (knowledge/cache.py) finds its
folder without building the manifest's pydantic models (~5 ms of a one-shot start)."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGED_DIR = Path(__file__).resolve().parent / "sources"
MANIFEST_NAME = "sources.toml"
HISTORY_DIR = "history"  # previous editions, laid out the same way (DIR/history/sources.toml)
SOURCES_ENV = "PRECERT_SOURCES"


def sources_dir() -> Path:
    """The documents folder: PRECERT_SOURCES when set, else the one packaged with the code."""
    configured = os.environ.get(SOURCES_ENV, "").strip()
    return Path(configured).expanduser().resolve() if configured else PACKAGED_DIR


def citation_path(directory: Path, file_name: str) -> str:
    """How a citation names its file: relative to the repository root for the packaged folder
    (`knowledge/sources/x.txt`, what the graders and editors open), relative to the working directory
    for a folder under it, else absolute."""
    path = (directory / file_name).resolve()
    for root in (PACKAGED_DIR.parent.parent, Path.cwd()):
        try:
            return path.relative_to(root.resolve()).as_posix()
        except ValueError:
            continue
    return path.as_posix()
