"""Incremental builds: only the files that changed are extracted, only their triples replaced.

Why not one named graph per document: shared nodes (a department named in many documents) are
stated by every file naming them, so with the default graph as the union of named graphs
(pyoxigraph's ``use_default_graph_as_union``) a shared triple comes back once per file (measured:
``COUNT(*)`` of a triple stated in two graphs is 2), every query, count and export would change,
and each query would have to ask for the union.  Instead the store keeps the default graph exactly
as a fresh build makes it, and each generation keeps a ledger (:mod:`graph.ledger`) of what every
file contributed; each file's triples are kept as a part (:mod:`graph.parts`), so a file's
triples can be taken out again: its own triples (documents, tasks, evidence …) leave with it, a
shared triple leaves with the last file stating it, and the aggregates (``pkg:taskCount``,
``pkg:leadCount``) and the figures of ``/healthz`` and ``/api/stats`` are recomputed from the
ledger's per-file partial counts.

``try_update(plan, target, …) -> BuildSummary | None`` is what ``policykg build`` tries first:
None (do a full build) when the store has no ledger, the rules changed, or more than a quarter
of the files changed; a summary with ``mode`` "unchanged" when nothing changed (the store gets a new
generation all the same, a checkpoint of the current one, as after any build).
``add_files`` / ``remove_documents`` are ``policykg add FILE`` and ``policykg remove DOC``; they
raise :class:`graph.pipeline.BuildError` naming the file or the DOC for a bad file or an unknown
document, and leave the store as it was.  All of them apply the change through
:func:`graph.store.update_store` (a checkpoint of the current generation, the change, the shape
checks on the touched nodes, one atomic swap).  On a SPARQL 1.1 server the ledger and the parts are
kept locally (:func:`graph.store.ledger_home`) and the same change is applied to the server's
default graph in one update request (:mod:`graph.remote_update`); a server whose data the ledger no
longer describes is rebuilt whole by a build, and ``add``/``remove`` say so.
"""

from __future__ import annotations

import hashlib
import time
from pathlib import Path
from typing import Optional

from extract.model import SkippedFile
from extract.pipeline import doc_prefix, plan_files

from .counts import write_counts
from .engines import file_parts
from .file_refusal import file_refusal
from .file_graph import aggregate_ntriples
from .ledger import Ledger, ledger_path, lines
from .parts import load_part, part_key, rules_version
from .pipeline import BuildError, BuildSummary, prune_unused_parts
from .shape_checks import ConformanceError, verify_touched
from .materialise import document_order_ntriples, pair_ntriples, platform_ntriples
from .store import StoreConfig, StoreError, StoreTarget, ledger_generation, ledger_home, update_store

#: a build changing more than this share of the files rebuilds the store whole (reusing parts)
INCREMENTAL_SHARE = 0.25


class _NeedFull(Exception):
    """A stored part is missing: the change cannot be computed, a full build is needed."""


def _ledger(target: StoreTarget) -> Optional[Ledger]:
    """The ledger describing the store now (for a server: the one its marker names, :mod:`graph.remote_update`)."""
    return Ledger.open_existing(ledger_generation(target))


def try_update(plan: list, target: StoreTarget, parts_dir: Path, check: bool, jobs: int, engine: str,
               scheduler: Optional[str], keys: dict, started: float) -> Optional[BuildSummary]:
    """Update the store to the corpus ``plan`` by changing only the files that changed; None when
    a full build is needed instead (``keys``, path → part key, is filled for it)."""
    led = _ledger(target)
    if led is None:
        return None
    with led:
        if led.meta("rules") != rules_version():
            return None
        stored = led.files()
    for item in plan:
        try:
            keys[str(item[0])] = part_key(item)
        except OSError:
            keys[str(item[0])] = None
    names = {item[1] for item in plan}
    removed = [n for n in stored if n not in names]
    changed = [item for item in plan if keys[str(item[0])] is None
               or stored.get(item[1], (None,))[0] != keys[str(item[0])]]
    if not removed and not changed:  # a new generation all the same (cheap: a checkpoint), as every build makes
        summary = _apply(target, parts_dir, [], [], check, jobs, engine, scheduler, keys, strict=False,
                         started=started, total=len(plan))
        summary.mode = "unchanged"
        return summary
    if len(removed) + len(changed) > max(1, int(len(plan) * INCREMENTAL_SHARE)):
        return None
    try:
        return _apply(target, parts_dir, changed, removed, check, jobs, engine, scheduler, keys,
                      strict=False, started=started, total=len(plan))
    except _NeedFull:
        return None


def add_files(paths: list, target: StoreTarget, parts_dir: Path, check: bool = True, jobs: int = 1,
              engine: str = "local", scheduler: Optional[str] = None) -> BuildSummary:
    """``policykg add FILE...``: store these files too (a stored file of the same name is replaced)."""
    started = time.perf_counter()
    for p in paths:
        if not Path(p).is_file():
            raise BuildError(f"{p}: no such file (FILE)" if not Path(p).exists()
                             else f"{p}: not a file (FILE: give the files of a folder, or build the folder)")
    stored = _stored_files(target, "add")
    prefixes = {x for n, (_, _, x) in stored.items()}
    items = []
    for path, name, _ in plan_files(paths):
        if name in stored:  # replaced: the documents keep their ids
            prefix = stored[name][2]
        else:
            prefix = doc_prefix(str(path))
            if prefix in prefixes:
                # as plan_files does for a second file of the same stem
                prefix = f"{prefix}_{hashlib.sha1(str(Path(path).resolve()).encode()).hexdigest()[:8]}"
        prefixes.add(prefix)
        items.append((path, name, prefix))
    return _apply(target, parts_dir, items, [], check, jobs, engine, scheduler, {}, strict=True,
                  started=started, total=len(set(stored) | {i[1] for i in items}))


def remove_documents(docs: list[str], target: StoreTarget, parts_dir: Path, check: bool = True) -> BuildSummary:
    """``policykg remove DOC...``: take out the files of these documents (DOC: a document id, or a
    stored file's recorded name or path)."""
    started = time.perf_counter()
    stored = _stored_files(target, "remove")
    led = _ledger(target)
    with led:
        names = []
        for doc in docs:
            name = led.file_of(doc)
            if name is None:
                some = ", ".join(sorted(stored)[:5]) + (" …" if len(stored) > 5 else "")
                raise BuildError(f"remove: DOC {doc!r} is not in the store: no stored document id, file name "
                                 f"or path is {doc!r} (stored files: {some})")
            names.append(name)
    if set(names) >= set(stored):
        raise BuildError(f"remove: DOC {docs[0]!r}: removing {', '.join(sorted(set(names)))} would leave the "
                         "store empty (build another corpus instead)")
    try:
        return _apply(target, parts_dir, [], sorted(set(names)), check, 1, "local", None, {}, strict=True,
                      started=started, total=len(stored) - len(set(names)))
    except _NeedFull as exc:
        raise BuildError(f"remove: the stored part of {exc} is missing; rebuild with `policykg build`") from exc


def _stored_files(target: StoreTarget, command: str) -> dict:
    if isinstance(target, StoreConfig) and target.remote and not target.update_url:
        raise BuildError(f"{command}: {target.query_url}: updating a server needs its update URL "
                         "(--sparql-update or POLICYKG_SPARQL_UPDATE)")
    try:
        led = _ledger(target)
    except StoreError as exc:
        raise BuildError(f"{command}: {exc}") from exc
    if led is None:
        if isinstance(target, StoreConfig) and target.remote:
            raise BuildError(f"{command}: {target.query_url}: no ledger in {ledger_home(target)} describes this "
                             "server's data (not built by `policykg build` with this --data, rebuilt or changed "
                             "by something else since, or built from two files recorded under one name); "
                             "run `policykg build` first")
        raise BuildError(f"{command}: {ledger_home(target)}: no store here that keeps a ledger of its files "
                         "(none built yet, built by an earlier version, or from two files recorded under one "
                         "name); run `policykg build` first")
    with led:
        if led.meta("rules") != rules_version():
            raise BuildError(f"{command}: the extraction rules changed since the store was built; "
                             "run `policykg build` over the corpus (it re-extracts every file)")
        return led.files()


def _apply(target: StoreTarget, parts_dir: Path, items: list, removed: list[str], check: bool, jobs: int,
           engine: str, scheduler: Optional[str], keys: dict, strict: bool, started: float,
           total: int) -> BuildSummary:
    """Extract ``items`` (new or changed files), then replace their stored versions and take out
    the files named ``removed`` in one update of the store."""
    t0 = time.perf_counter()
    fresh, skipped, extracted, reused = [], [], 0, 0
    for item, key, fg, was_reused in file_parts(items, jobs, parts_dir, keys, engine, scheduler):
        why = fg.skipped if fg.skipped is not None else file_refusal(fg) if check else None
        if why is not None:  # unreadable, or its own nodes break the shapes (graph.file_refusal)
            if strict:
                raise BuildError(f"{fg.path}: {why} (nothing was changed in the store)")
            skipped.append((item, SkippedFile(path=fg.path, reason=why)))
            continue
        fresh.append((item, key, fg))
        reused += was_reused
        extracted += not was_reused
    drop = set(removed) | {item[1] for item, _ in skipped}
    files_seconds = time.perf_counter() - t0
    out: dict = {}

    def change(current: Path, generation: Path) -> tuple[bytes, bytes]:
        led = Ledger.copy(ledger_path(current), ledger_path(generation))
        with led:
            stored = led.files()
            olds = []
            for name in sorted(drop | {item[1] for item, _, _ in fresh}):
                if name in stored:
                    fg = load_part(parts_dir, stored[name][0])
                    if fg is None:
                        raise _NeedFull(name)
                    olds.append((name, stored[name], fg))
            depts = {d for _, _, fg in olds for d in fg.counts} | {d for _, _, fg in fresh for d in fg.counts}
            touched_pairs = {p for _, _, fg in olds for p in fg.pairs} | {p for _, _, fg in fresh for p in fg.pairs}
            before = led.totals(depts)
            pairs_before = led.pairs(touched_pairs)
            platforms = {p for _, _, fg in olds for p in fg.platform_tasks} | {p for _, _, fg in fresh
                                                                                for p in fg.platform_tasks}
            platforms_before = led.platform_tasks(platforms)
            documents_before = led.document_ids()
            net: dict[str, int] = {}
            own_old: set[str] = set()
            own_new: set[str] = set()
            led.db.execute("BEGIN")
            for name, (key, path, prefix), fg in olds:
                for line in led.apply(fg, name, key, path, prefix, -1)[1]:
                    net[line] = net.get(line, 0) - 1
                own_old.update(lines(fg.ntriples))
            for item, key, fg in fresh:
                for line in led.apply(fg, item[1], key, str(item[0]), item[2], 1)[0]:
                    net[line] = net.get(line, 0) + 1
                own_new.update(lines(fg.ntriples))
            led.db.execute("COMMIT")
            # the corpus-wide figures of the departments and pairs these files name, before and after
            # (and every document's place: one new document shifts those after it, a triple each)
            agg_old = set(lines(aggregate_ntriples(before) + pair_ntriples(pairs_before)
                                + document_order_ntriples(documents_before) + platform_ntriples(platforms_before)))
            agg_new = set(lines(aggregate_ntriples(led.totals(depts)) + pair_ntriples(led.pairs(touched_pairs))
                                + document_order_ntriples(led.document_ids())
                                + platform_ntriples(led.platform_tasks(platforms))))
            counts = led.counts()
            if not counts["documents"]:
                raise BuildError("nothing to build: no stored document would be left")
            write_counts(generation, counts)
            out["counts"] = counts
        remove = (own_old - own_new) | {line for line, n in net.items() if n < 0} | (agg_old - agg_new)
        add = (own_new - own_old) | {line for line, n in net.items() if n > 0} | (agg_new - agg_old)
        return "".join(sorted(remove)).encode("utf-8"), "".join(sorted(add)).encode("utf-8")

    t0, steps = time.perf_counter(), {}
    what = _naming(sorted(drop), [item[1] for item, _, _ in fresh])
    try:
        gone, new = update_store(target, change, verify=verify_touched if check else None, phases=steps,
                                 what=what)
    except ConformanceError as exc:
        raise BuildError(str(exc)) from exc
    except StoreError as exc:
        raise BuildError(f"{what}: {exc}" if what else str(exc)) from exc
    summary = _summary(out["counts"], [fg for _, _, fg in fresh], [s for _, s in skipped], mode="incremental",
                       extracted=extracted, reused=max(0, total - extracted - len(skipped)),
                       removed=len(drop), started=started)
    summary.phases = {"files": files_seconds, "store": time.perf_counter() - t0}
    summary.change = (gone, new)
    t0 = time.perf_counter()
    prune_unused_parts(target, parts_dir, started_at=time.time() - (time.perf_counter() - started))
    summary.phases.update({f"{step} (of store)": sec for step, sec in steps.items()})
    summary.phases["prune parts"] = time.perf_counter() - t0
    return summary


def _naming(removed: list[str], stored: list[str]) -> str:
    """The files an update changes, for its messages: "add a.md, b.md; remove c.md"."""
    parts = [f"{verb} {', '.join(names[:5])}{' …' if len(names) > 5 else ''}"
             for verb, names in (("add", stored), ("remove", removed)) if names]
    return "; ".join(parts)


def _summary(counts: dict, fgs: list, skipped: list, mode: str, extracted: int, reused: int, removed: int,
             started: float) -> BuildSummary:
    warning_lines = [w for fg in fgs for w in fg.warning_lines]
    return BuildSummary(documents=counts.get("documents", 0), tasks=counts.get("tasks", 0),
                        departments=counts.get("departments_with_tasks", 0), triples=counts.get("triples", 0),
                        seconds=time.perf_counter() - started, skipped=skipped, warnings=counts.get("warnings", 0),
                        warning_lines=warning_lines, mode=mode, extracted=extracted, reused=reused,
                        removed=removed)
