"""bench/startup.py's bare side: what it imports is read from the process measured."""

from __future__ import annotations

import os
from pathlib import Path

from bench.startup import library_modules, packages, project_packages

REPO = Path(__file__).resolve().parents[2]


def test_the_checkouts_own_packages_are_never_counted_as_libraries() -> None:
    own = project_packages(REPO)
    assert {"bot", "intents", "knowledge", "render", "bench"} <= own
    assert not {"pydantic", "rapidfuzz", "site-packages"} & own


def test_the_bare_side_imports_the_library_modules_the_process_loaded_not_only_their_packages() -> None:
    # pydantic loads its model machinery lazily: `import pydantic` alone would leave it out.
    code = "from pydantic import BaseModel\nclass A(BaseModel):\n    x: int\nimport knowledge\n"
    modules = library_modules(code, REPO, dict(os.environ))
    assert "pydantic.main" in modules and "pydantic._internal._generate_schema" in modules
    assert "pydantic" in packages(modules) and "pydantic.main" not in packages(modules)
    assert not [m for m in modules if m.split(".")[0] in {"knowledge", "json", "typing"}]
