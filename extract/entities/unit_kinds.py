"""What kind of unit a name is, where its form tells (rule ``unit_kinds`` in
``extract/rules/departments.yaml``): agency, division, company, bank, customs,
court, street, township, government, party, mass_org or group.

``unit_kind(name) -> str | None``; pure, no gazetteer look-up.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from extract.entities.departments import normalize
from extract.memo import lasting
from extract.rules.loader import load_rules


@lru_cache(maxsize=None)
def _kind_rules() -> tuple[tuple[str, re.Pattern], ...]:
    return tuple((r["kind"], re.compile(r["pattern"])) for r in load_rules("departments.yaml")["unit_kinds"]["rules"])


@lasting(maxsize=1 << 16)  # a name recurs in every task that lists it
def unit_kind(name: str) -> Optional[str]:
    """The kind of unit ``name`` is by its form (rule ``unit_kinds``: customs,
    court, bank, company, street, township, government, party, mass_org,
    division, agency, group), or None when its form does not tell."""
    text = normalize(name)
    return next((kind for kind, rx in _kind_rules() if rx.search(text)), None)
