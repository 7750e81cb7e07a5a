"""Files the project ships at the top of its checkout: the ontology and the bundled sample corpus.

``bundled(relative) -> Path``: ``relative`` (``"ontology.ttl"``, ``"data/suzhou_2022_01.md"``)
in an installed wheel, where ``setup.py`` copies them into ``graph/_bundled/``, else in the source
checkout (the folder above ``graph/``).  The path may not exist when neither has it.
"""

from __future__ import annotations

from pathlib import Path

_HERE = Path(__file__).resolve().parent


def bundled(relative: str) -> Path:
    """The path of a top-level project file, installed copy first (see module docstring)."""
    installed = _HERE / "_bundled" / relative
    return installed if installed.exists() else _HERE.parent / relative
