"""Load rule and gazetteer data files kept under ``extract/rules/``.

``load_rules(name) -> dict | list`` parses one YAML file once per process
(cached).  Raises ``FileNotFoundError`` naming the file when it is missing and
``ValueError`` naming the file when it is not valid YAML.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

RULES_DIR = Path(__file__).parent / "rules"


@lru_cache(maxsize=None)
def load_rules(name: str) -> Any:
    """Return the parsed content of ``extract/rules/<name>``."""
    path = RULES_DIR / name
    try:
        with path.open(encoding="utf-8") as fh:
            return yaml.safe_load(fh)
    except yaml.YAMLError as exc:
        raise ValueError(f"{path}: invalid YAML: {exc}") from exc
