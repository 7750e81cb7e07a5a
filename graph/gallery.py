"""The gallery of example queries: ``graph/examples/*.rq``, shared by the CLI, the API and the tests.

Each file is a SPARQL query whose first comment lines are its header::

    # title: Tasks of a department, by role
    # description: Which tasks involve 市科技局, and in which role? …

``examples() -> list[Example]`` reads them all (sorted by name, the file's
stem); ``example(name) -> Example`` one of them, raising
:class:`UnknownExample` (which lists the names there are) for any other name.
A file without a title raises :class:`GalleryError` naming the file and line.
Nothing here touches a store.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

EXAMPLES_DIR = Path(__file__).resolve().parent / "examples"
_FIELD = re.compile(r"#\s*(title|description)\s*:\s*(.*)")


class GalleryError(ValueError):
    """A gallery file is malformed (the message names the file and line)."""


class UnknownExample(KeyError):
    """No example query has this name; ``names`` lists the ones there are."""

    def __init__(self, name: str, names: list[str]):
        super().__init__(name)
        self.name, self.names = name, names

    def __str__(self) -> str:
        return f"no example query {self.name!r}; the examples are {', '.join(self.names)}"


@dataclass(frozen=True)
class Example:
    """One gallery query: ``name`` (the file's stem), ``title``, ``description`` and the ``sparql``
    (the query without its header comment)."""

    name: str
    title: str
    description: str
    sparql: str

    def as_dict(self) -> dict:
        return {"name": self.name, "title": self.title, "description": self.description, "sparql": self.sparql}


def parse_example(path: Path) -> Example:
    """The example in ``path``; raises GalleryError when its header has no title."""
    lines = path.read_text(encoding="utf-8").splitlines()
    fields: dict[str, str] = {}
    body_start = 0
    for i, line in enumerate(lines):
        if not line.startswith("#"):
            break
        m = _FIELD.match(line)
        if m:
            fields[m.group(1)] = m.group(2).strip()
        elif not line.strip("# "):
            pass
        else:
            raise GalleryError(f"{path}:{i + 1}: a header line is '# title: …' or '# description: …'")
        body_start = i + 1
    if not fields.get("title"):
        raise GalleryError(f"{path}:1: no '# title: …' line in the header")
    sparql = "\n".join(lines[body_start:]).strip() + "\n"
    return Example(path.stem, fields["title"], fields.get("description", ""), sparql)


@lru_cache(maxsize=4)
def _load(directory: str) -> tuple[Example, ...]:
    return tuple(parse_example(p) for p in sorted(Path(directory).glob("*.rq")))


def examples(directory: Path = EXAMPLES_DIR) -> list[Example]:
    """Every example query in ``directory``, sorted by name."""
    return list(_load(str(directory)))


def example(name: str, directory: Path = EXAMPLES_DIR) -> Example:
    """The example called ``name``; raises UnknownExample."""
    found = {e.name: e for e in examples(directory)}
    if name not in found:
        raise UnknownExample(name, sorted(found))
    return found[name]
