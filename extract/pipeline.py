"""Compose the extractors: original text → documents with tasks.

``extract_text(original, path)`` runs the pure pipeline on one decoded text:
clean-up → document split → metadata (jurisdiction included) → sections and tasks → assignments →
tables → department identities → targets, districts, platforms and industries
→ spans mapped back to the original text.

``extract_paths(paths)`` reads files and folders (the only I/O here, through
``extract.readers``), skips unreadable ones (and ones with no text left after
clean-up) with a reason, and returns an
:class:`ExtractionResult`.  A readable file in which no task is found is not
skipped: its documents carry a ``no-structure`` or ``no-assignment`` warning.
"""

from __future__ import annotations

import hashlib
from concurrent.futures import ProcessPoolExecutor
from functools import lru_cache
import re
from pathlib import Path
from typing import Iterable, Optional

from extract import enrich
from extract.entities import plan_periods
from extract.memo import clear as forget_memos
from extract.structure.conventions import document_conventions, stated_conventions
from extract.structure.assignments import has_assignment
from extract.structure.documents import assign_jurisdictions, describe, split_documents
from extract.structure.tables.indicators import indicator_targets
from extract.model import Document, ExtractionResult, ExtractionWarning, SkippedFile
from extract.structure.normalize import CleanText, clean
from extract.readers.dispatch import read_file
from extract.readers.text import REPLACED_SUFFIX, REPLACEMENT, InputError
from extract.structure.table_tasks import add_table_tasks
from extract.structure.tasks import MUST, build_tasks

#: File extensions picked up when a folder is given.
EXTENSIONS = (".md", ".markdown", ".txt", ".docx", ".pdf", ".html", ".htm")


def doc_prefix(path: str) -> str:
    """A stable document-id prefix from a file name (its stem)."""
    stem = Path(path).stem or "doc"
    return re.sub(r"[^\w\-]+", "_", stem).strip("_") or "doc"


def extract_text(original: str, path: str = "<text>", prefix: Optional[str] = None) -> list[Document]:
    """Documents found in one decoded text.  Pure; never raises on a ``str``.
    ``prefix`` (default: from the file name) starts every document id.  A text with
    nothing left after clean-up (only HTML comments, page numbers, running headers)
    has no documents."""
    forget_memos()  # (what the readers remember is for one text)
    ct = clean(original)
    text = ct.text
    if not text.strip():
        return []
    prefix = prefix or doc_prefix(path)
    parts = split_documents(text)
    conventions = stated_conventions(text)  # one scan, not one per document
    docs: list[Document] = []
    top_no = 0
    ids: list[str] = []
    metas: list[dict] = []
    for part in parts:  # documents and their metadata first (jurisdiction included) …
        meta = describe(text, part)
        metas.append(meta)
        if part.parent is None:
            top_no += 1
            doc_id = f"{prefix}-{top_no}"
        else:
            doc_id = f"{ids[part.parent]}-a{part.annex}"
        if doc_id in ids:  # a second "附件1" of one document: a stable, distinct id
            doc_id = next(f"{doc_id}_{n}" for n in range(2, len(ids) + 2) if f"{doc_id}_{n}" not in ids)
        ids.append(doc_id)
        parent = docs[part.parent] if part.parent is not None else None
        # a document a notice prints (an annex, the plan it issues) is dated and issued by the notice
        docs.append(Document(id=doc_id, title=meta["title"], kind=meta["kind"], span=(part.start, part.end),
                             path=path, issuer=meta["issuer"] or (parent.issuer if parent else None),
                             date=meta["date"] or (parent.date if parent else None), source=meta["source"],
                             number=meta["number"],
                             part_of=ids[part.parent] if part.parent is not None else None))
    assign_jurisdictions(docs, parts, text, metas)
    file_assigns: dict[str, bool] = {}  # whether any bracket or label of the file assigns (asked at most once)
    for doc, part, meta in zip(docs, parts, metas):  # … then sections, tasks and table tasks
        # the convention may be stated in the document itself or, for an annex, in its parent
        scope = [part] if part.parent is None else [part, parts[part.parent]]
        first_lead = document_conventions(conventions, [(p.start, p.end) for p in scope], part.start)
        regulation = meta["kind"] in _duty_kinds()
        doc.sections, doc.tasks, doc.warnings = build_tasks(
            text, ct.bold, part.body_start, part.end, doc.id, first_lead, regulation=regulation,
            everywhere=_prose_everywhere(), loose=meta["kind"] not in _loose_skip_kinds())
        before_tables = {id(t) for t in doc.tasks}
        add_table_tasks(doc, text, part.body_start, part.end, first_lead)  # (may drop item tasks that a glued row repeats)
        table_tasks = [t for t in doc.tasks if id(t) not in before_tables]
        if not regulation and _prose_only(doc, table_tasks, text, part.body_start, part.end):
            # units named in prose only; with no bracket or label anywhere in the file "X要…" sentences
            # assign too (rule prose.must)
            again = build_tasks(text, ct.bold, part.body_start, part.end, doc.id, first_lead, regulation=True,
                                prose=True if _file_assigns(file_assigns, text) else MUST,
                                loose=meta["kind"] not in _loose_skip_kinds())
            if _prose_only_ok(again[1]):
                doc.sections, doc.tasks, doc.warnings = again
        doc.targets = indicator_targets(text, part.body_start, part.end)
    years = {d.id: enrich.document_year(d, text) for d in docs}
    ends = {d.id: plan_periods.plan_period_end(d.title) for d in docs}  # a plan's named period (an annex: its parent's)
    for doc in docs:
        # an annex without a year of its own is dated by its parent ("包头市2022年…办法" > 附件 考评指标)
        year = years[doc.id]
        if doc.part_of and not year[1] and years.get(doc.part_of, (None, False))[0]:
            year = years[doc.part_of]
        enrich.enrich_document(doc, text, year, ends[doc.id] or ends.get(doc.part_of))
    if not any(d.tasks or d.sections for d in docs) and docs:
        docs[0].warnings.append(ExtractionWarning(
            code="no-structure", message="no numbered structure or assignment was recognised", span=(0, 0)))
    elif docs and not any(t.lead or t.participants or t.responsible for d in docs for t in d.tasks):
        docs[0].warnings.append(ExtractionWarning(
            code="no-assignment", span=(0, 0),
            message="numbered items were found, but no unit is assigned to any of them"))
    for d in docs:
        _to_original(d, ct)
    return docs


def _prose_only(doc: Document, table_tasks: list, text: str, start: int, end: int) -> bool:
    """No bracket, labelled line or table row of ``text[start:end]`` names a
    unit: the document's assignments, if any, are in its prose (rule
    ``prose.documents`` in assignments.yaml)."""
    if not _prose_documents() or any(t.lead or t.participants or t.responsible for t in table_tasks):
        return False
    if any(t.assignment_span and text[t.assignment_span[0] - 1:t.assignment_span[0]] in _OPEN for t in doc.tasks):
        return False  # a bracketed assignment was read: no need to look further
    return not has_assignment(text, start, end)


_OPEN = frozenset("（(〔【[")


def _file_assigns(memo: dict, text: str) -> bool:
    """Whether any bracket or label of the whole file assigns (computed once per file, in ``memo``)."""
    if "any" not in memo:
        memo["any"] = has_assignment(text, 0, len(text))
    return memo["any"]


def _prose_only_ok(tasks) -> bool:
    return any(t.lead or t.participants or t.responsible for t in tasks)


@lru_cache(maxsize=1)
def _prose_documents() -> bool:
    from extract.rules.loader import load_rules

    return bool(load_rules("assignments.yaml")["prose"].get("documents", {}).get("enabled", False))


@lru_cache(maxsize=1)
def _loose_skip_kinds() -> frozenset:
    """Rule ``prose.loose.skip_kinds``: document kinds (新闻报道) whose loose sentences give no duties."""
    from extract.rules.loader import load_rules

    return frozenset(load_rules("assignments.yaml")["prose"].get("loose", {}).get("skip_kinds", ()))


@lru_cache(maxsize=1)
def _prose_everywhere() -> bool:
    """Rule ``prose.everywhere``: prose duties count in documents that assign by brackets too."""
    from extract.rules.loader import load_rules

    return bool(load_rules("assignments.yaml")["prose"].get("everywhere", {}).get("enabled", False))


@lru_cache(maxsize=1)
def _duty_kinds() -> frozenset:
    from extract.rules.loader import load_rules

    return frozenset(load_rules("structure.yaml")["kinds"]["duty_kinds"])


def _to_original(doc: Document, ct: CleanText) -> None:
    """Map every clean span of a document to the original text (in place)."""
    m = ct.offsets.span_mapper()
    doc.span = m(doc.span)
    for s in doc.sections:
        s.span = m(s.span)
    for w in doc.warnings:
        if w.span is not None:
            w.span = m(w.span)
            w.line = ct.original.count("\n", 0, w.span[0]) + 1
    seen: set[int] = set()  # a mention is shared by its document and its task: map it once
    for group in (doc.districts, doc.platforms, doc.industries, doc.targets):
        for mention in group:
            if id(mention) not in seen:
                seen.add(id(mention))
                mention.span = m(mention.span)
    for t in doc.tasks:
        t.span = m(t.span)
        if t.assignment_span:
            t.assignment_text = ct.text[t.assignment_span[0]:t.assignment_span[1]]
            t.assignment_span = m(t.assignment_span)
        for ref in (*t.lead, *t.participants, *t.responsible):
            if ref.span is not None and id(ref) not in seen:
                seen.add(id(ref))
                ref.span = m(ref.span)
        for x in (*t.targets, *t.districts, *t.platforms, *t.industries):
            if id(x) not in seen:
                seen.add(id(x))
                x.span = m(x.span)


def iter_named_files(paths: Iterable[str | Path]) -> Iterable[tuple[Path, str]]:
    """Expand folders (recursively, known extensions, sorted), keep files as given; each file
    with the name documents record for it: relative to
    the corpus root (a folder's file as ``<folder>/<sub>/<file>``, a file given alone by its
    name), never an absolute path of the machine that built the store."""
    for p in paths:
        p = Path(p)
        if p.is_dir():
            root = p.resolve().parent
            for f in sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in EXTENSIONS):
                yield f, f.resolve().relative_to(root).as_posix()
        else:
            yield p, p.name


def plan_files(paths: Iterable[str | Path]) -> list[tuple[Path, str, str]]:
    """Every file to read, as (path, recorded name, document-id prefix), in corpus order.  The
    prefix comes from the file name; a second file with the same stem (a/README.md, b/README.md)
    gets a stable suffix."""
    prefixes: set[str] = set()
    work: list[tuple[Path, str, str]] = []
    for path, name in iter_named_files(paths):
        prefix = doc_prefix(str(path))
        if prefix in prefixes:
            prefix = f"{prefix}_{hashlib.sha1(str(Path(path).resolve()).encode()).hexdigest()[:8]}"
        prefixes.add(prefix)
        work.append((path, name, prefix))
    return work


def extract_paths(paths: Iterable[str | Path], jobs: int = 1) -> ExtractionResult:
    """Read and extract every file; unreadable ones are listed in ``skipped``.

    ``jobs`` > 1 extracts the files in that many worker processes (at most one
    per file); the documents and skipped files come out in the same order, with
    the same ids, as with ``jobs=1``.
    """
    result = ExtractionResult()
    work = plan_files(paths)
    jobs = max(1, min(jobs, len(work)))
    if jobs == 1:
        outcomes = map(extract_file, work)
    else:
        pool = ProcessPoolExecutor(max_workers=jobs)
        outcomes = pool.map(extract_file, work, chunksize=1)
    try:
        for (path, name, _), (docs, reason, _text) in zip(work, outcomes):
            if reason is not None:
                result.skipped.append(SkippedFile(path=str(path), reason=reason))
            else:
                # a file without tasks is kept as a document: its warning (no-structure,
                # no-assignment) says why, and the build summary prints it
                result.documents.extend(docs)
    finally:
        if jobs > 1:
            pool.shutdown(cancel_futures=True)
    return result


def read_texts(paths: Iterable[str | Path]) -> dict[str, str]:
    """The original text of each readable file of ``paths`` (files and folders, as
    :func:`extract_paths` plans them), by the name its documents record as ``path``:
    what ``graph.build.to_graph`` takes to quote evidence as written.  Unreadable files
    are left out."""
    texts = {}
    for path, name, _ in plan_files(paths):
        try:
            texts[name] = read_file(path).text
        except InputError:
            continue
    return texts


def extract_file(item: tuple[Path, str, str]) -> tuple[list[Document], Optional[str], str]:
    """One planned file (:func:`plan_files`): its documents, the reason it was skipped (or None)
    and its text.  Never raises on bad input; runs in worker processes with ``jobs`` > 1."""
    path, name, prefix = item
    try:
        raw = read_file(path)
    except InputError as exc:
        return [], exc.reason, ""
    docs = extract_text(raw.text, name, prefix)
    if not docs:
        return [], NOTHING_LEFT, ""
    if raw.encoding and raw.encoding.endswith(REPLACED_SUFFIX):
        docs[0].warnings.append(replaced_bytes_warning(raw.text, raw.encoding))
    return docs, None, raw.text


NOTHING_LEFT = "no text content (only HTML comments, page numbers or running headers)"


def replaced_bytes_warning(text: str, encoding: str) -> ExtractionWarning:
    """The warning of a text read with undecodable bytes replaced by U+FFFD: how many, and
    the line of the first."""
    first = text.find(REPLACEMENT)
    count = text.count(REPLACEMENT)
    line = text.count("\n", 0, first) + 1
    return ExtractionWarning(
        code="undecodable-bytes", span=(first, first + 1), line=line,
        message=f"{count} undecodable byte sequence{'s' if count > 1 else ''} of "
                f"{encoding[:-len(REPLACED_SUFFIX)]} replaced by U+FFFD (the first on line {line})")
