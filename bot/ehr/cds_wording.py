"""bot/ehr/cds.toml, read once: what the CDS Hooks services say and the CRD vocabulary they use."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any


@cache
def wording() -> dict[str, Any]:
    return tomllib.loads((Path(__file__).parent / "cds.toml").read_text("utf-8"))
