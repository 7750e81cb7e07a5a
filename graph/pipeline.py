"""The main job: files → extraction → triples → validation → store.

``build_corpus(paths, target) -> BuildSummary`` (``target``: a data directory
or a :class:`graph.store.StoreConfig`) raises ``BuildError`` (one
line, naming the file or directory) when nothing could be extracted or the
graph does not conform to the shapes; the store already there is left as it
was in that case.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from extract.model import SkippedFile
from extract.pipeline import extract_paths

from .build import to_graph
from .provenance import EvidenceTriples
from .shapes import validate
from .store import Target, build_store

#: The bundled sample corpus (built when no path is given).
SAMPLE_CORPUS = Path(__file__).resolve().parent.parent / "data" / "suzhou_2022_01.md"


class BuildError(Exception):
    """The build could not produce a graph; the message names the input."""


@dataclass
class BuildSummary:
    documents: int
    tasks: int
    departments: int
    triples: int
    seconds: float
    skipped: list[SkippedFile] = field(default_factory=list)
    warnings: int = 0
    #: one line per warning: "warning: <code> <file>:<line>: <message>"
    warning_lines: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [f"documents: {self.documents}", f"tasks: {self.tasks}",
               f"departments: {self.departments}", f"triples: {self.triples}",
               f"warnings: {self.warnings}", f"time: {self.seconds:.2f} s"]
        out.extend(self.warning_lines)
        for s in self.skipped:
            out.append(f"skipped: {s.path}: {s.reason}")
        return out


def warning_lines(documents) -> list[str]:
    """Each extraction warning as "warning: <code> <file>:<line>: <message>"."""
    return [f"warning: {w.code} {d.path}:{w.line or 1}: {w.message}" for d in documents for w in d.warnings]


def build_corpus(paths: Iterable[str | Path] | None, target: Target, check: bool = True) -> BuildSummary:
    """Extract ``paths`` (default: the bundled sample) into the store of ``target``."""
    started = time.perf_counter()
    paths = list(paths or [SAMPLE_CORPUS])
    for p in paths:
        if not Path(p).exists():
            raise BuildError(f"{p}: no such file or directory")
    result = extract_paths(paths)
    if not result.documents:
        reasons = "; ".join(f"{s.path}: {s.reason}" for s in result.skipped) or "no input files"
        raise BuildError(f"nothing to build: {reasons}")
    evidence = EvidenceTriples()
    g = to_graph(result.documents, result.texts, evidence)
    if check:
        ok, report = validate(g)
        if not ok:
            head = "\n".join(report.splitlines()[:12])
            raise BuildError(f"the extracted graph does not conform to graph/shapes.ttl:\n{head}")
    # evidence (graph.provenance) is written as it is: built by one small function and checked by
    # `policykg validate`, it would double the time of the rdflib Graph and of the SHACL pass
    triples = build_store(target, g.serialize(format="nt", encoding="utf-8") + evidence.ntriples())
    tasks = [t for d in result.documents for t in d.tasks]
    # README "What counts as a department": a department node that is not a group
    depts = {r.identity(d.jurisdiction) for d in result.documents for t in d.tasks
             for r in (*t.lead, *t.participants, *t.responsible) if not r.group}
    return BuildSummary(documents=len(result.documents), tasks=len(tasks), departments=len(depts),
                        triples=triples, seconds=time.perf_counter() - started,
                        skipped=result.skipped,
                        warnings=sum(len(d.warnings) for d in result.documents),
                        warning_lines=warning_lines(result.documents))
