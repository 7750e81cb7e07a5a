"""The per-file checks read from the lines (graph.file_checks.check_lines) against the same checks
run as SPARQL on a store of the file's triples (graph.shape_checks.check_file, the reference,
itself tested against pySHACL in test_streaming_build.py): never fewer breaks, the same ones on
the lines the build writes."""

from __future__ import annotations

import random
import re
from dataclasses import replace
from pathlib import Path

import pyoxigraph as ox
import pytest

from extract.pipeline import plan_files
from graph.file_checks import COMPONENTS, LEXICAL, check_lines
from graph.file_graph import file_graph
from graph.shape_checks import check_file
from graph.store import select_in_memory

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "suzhou_2022_01.md"
FIXTURES = ROOT / "tests" / "fixtures"
PKG = "https://w3id.org/policykg/ontology#"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def _what(lines: list[str]) -> set[str]:
    """The broken constraints of violation lines, without the focus nodes shown."""
    return {line.split(": <", 1)[0] for line in lines}


def _reference(triples: bytes) -> list[str] | None:
    """check_file's violations; None when pyoxigraph refuses the lines (the build's loader would too)."""
    try:
        return check_file(triples, select_in_memory)
    except Exception as exc:  # graph.results.StoreError
        if "cannot read" in str(exc):
            return None
        raise


@pytest.fixture(scope="module")
def sample_lines() -> bytes:
    fg = file_graph(plan_files([SAMPLE])[0])
    return fg.ntriples + fg.shared


def test_the_sample_and_the_real_fixtures_pass_both(sample_lines):
    assert check_lines(sample_lines) == [] == check_file(sample_lines, select_in_memory)
    files = sorted(p for d in ("real", "real_unseen", "real_unseen2") for p in (FIXTURES / d).glob("*.md"))
    assert len(files) >= 10
    for item in plan_files(files):
        fg = file_graph(item)
        if fg.skipped is None:
            assert check_lines(fg.ntriples + fg.shared) == check_file(fg.ntriples + fg.shared, select_in_memory), item


def test_every_compiled_component_is_read_and_an_unknown_one_breaks_every_node(sample_lines, monkeypatch):
    from graph import file_checks
    from graph.shape_checks import compile_checks

    assert {c.component for c in compile_checks()} <= COMPONENTS
    checks = file_checks._file_checks()
    task_key = next(c for c in checks if c.path == f"{PKG}key" and c.component == "maxCount")
    monkeypatch.setattr(file_checks, "_file_checks", lambda: (*checks, replace(task_key, component="pattern")))
    found = check_lines(sample_lines)
    assert len(found) == 1 and found[0].startswith("TaskShape: key breaks sh:maxCount 1: <"), found


TASK = "https://w3id.org/policykg/id/task/suzhou_2022_01-1-a1%3A1.1"
TARGET = "https://w3id.org/policykg/id/target/suzhou_2022_01-1-a1%3A1.1%230"
DOC = "https://w3id.org/policykg/id/doc/suzhou_2022_01-1-a1"


def _drop(nt: bytes, subject: str, prop: str) -> bytes:
    return b"".join(ln for ln in nt.splitlines(True) if not ln.startswith(f"<{subject}> <{prop}> ".encode()))


@pytest.mark.parametrize("drop, extra, words", [
    ((TASK, f"{PKG}key"), "", "TaskShape: key breaks sh:minCount 1"),
    (None, f'<{TASK}> <{PKG}key> "again" .\n', "TaskShape: key breaks sh:maxCount 1"),
    ((TASK, f"{PKG}spanEnd"), f'<{TASK}> <{PKG}spanEnd> "many" .\n', "TaskShape: spanEnd breaks sh:datatype integer"),
    ((TASK, f"{PKG}spanStart"), f'<{TASK}> <{PKG}spanStart> "twelve"^^<{XSD}integer> .\n',
     "TaskShape: spanStart breaks sh:datatype integer"),
    (None, f'<{TASK}> <{PKG}lead> <https://w3id.org/policykg/id/dept/nowhere> .\n',
     "TaskShape: lead breaks sh:class Department"),
    ((TARGET, f"{PKG}comparator"), f'<{TARGET}> <{PKG}comparator> "!=" .\n', "TargetShape: comparator breaks sh:in"),
    ((DOC, f"{PKG}kind"), "", "DocumentShape: kind breaks sh:minCount 1"),
])
def test_each_kind_of_break_is_found_by_both(sample_lines, drop, extra, words):
    nt = (_drop(sample_lines, *drop) if drop else sample_lines) + extra.encode()
    ours, ref = check_lines(nt), check_file(nt, select_in_memory)
    assert len(ours) == 1 and ours[0].startswith(words + ": <"), ours
    assert _what(ours) == _what(ref)


#: lexical forms tried with each datatype: a pattern of graph.file_checks.LEXICAL may refuse a
#: form pyoxigraph casts (the store then decides), never accept one it does not
FORMS = ["0", "12", "+12", "-12", "007", "-0", "1.5", "-1.50", "+.5", "5.", "1e3", "abc", "", " 1", "1 ",
         "\u0661\u0662", "１２", "2025", "-2025", "0000", "02025", "20255", "2025Z", "true", "false", "1", "TRUE",
         "x\\\"y", "2025-01-01", "NaN", "INF"]


@pytest.mark.parametrize("datatype", sorted(LEXICAL))
def test_a_lexical_form_the_patterns_accept_is_one_the_casts_accept(datatype):
    store = ox.Store()
    accepted = 0
    for form in FORMS:
        store.clear()
        lex = form.replace("\\", "\\\\").replace('"', '\\"')
        store.bulk_load(input=f'<urn:x> <urn:p> "{lex}"^^<{datatype}> .\n'.encode(), format=ox.RdfFormat.N_TRIPLES,
                        lenient=True)
        casts = bool(list(store.query(f"SELECT ?c WHERE {{ ?x <urn:p> ?v BIND(<{datatype}>(STR(?v)) AS ?c) "
                                      "FILTER(BOUND(?c)) }")))
        if LEXICAL[datatype].fullmatch(form):
            accepted += 1
            assert casts, (datatype, form)
    assert accepted >= 2  # the patterns accept the plain forms (0/12/2025, true/false, any string)


def _mutations(nt: bytes, rng: random.Random, n: int) -> list[tuple[str, bytes]]:
    """``n`` changed copies of ``nt``: lines of the files' own nodes dropped, duplicated with another
    value, retyped, odd values, odd spacing, escapes, new typed nodes."""
    lines = nt.decode("utf-8").splitlines(True)
    own = [i for i, ln in enumerate(lines) if "/id/evidence/" not in ln.split(" ", 1)[0]]
    values = ['"x"', '""', '"12"^^<%sinteger>' % XSD, '"+7"^^<%sinteger>' % XSD, '"1.5"^^<%sdecimal>' % XSD,
              '"2025"^^<%sgYear>' % XSD, '"25"^^<%sgYear>' % XSD, '"x"@zh', '"12"', '"≈"', '">="^^<%sstring>' % XSD,
              "<https://w3id.org/policykg/id/dept/nowhere>", f"<{DOC}>", f"<{TASK}>", "_:b1",
              '"1"^^<%sinteger>' % XSD, '"\\u0031"^^<%sinteger>' % XSD, '"a\\"b"']
    classes = [f"<{PKG}{c}>" for c in ("Task", "Document", "Target", "Section", "Warning", "Department")]
    out = []
    for k in range(n):
        new = list(lines)
        i = rng.choice(own)
        s, p, _ = new[i].split(" ", 2)
        kind = rng.choice(["drop", "add", "replace", "type", "space", "tab", "escape", "drop-type"])
        if kind == "drop":
            del new[i]
        elif kind in ("add", "replace"):
            line = f"{s} {p} {rng.choice(values)} .\n"
            if kind == "add":
                new.append(line)
            else:
                new[i] = line
        elif kind == "type":
            node = rng.choice([s, "<urn:x:new>", f"<{TASK}>"])
            new.append(f"{node} <{RDF_TYPE}> {rng.choice(classes)} .\n")
        elif kind == "drop-type":
            new = [ln for ln in new if not (ln.startswith(s + " ") and f"<{RDF_TYPE}>" in ln)]
        elif kind == "space":
            new[i] = new[i].replace(" ", "  ", 1) if rng.random() < 0.5 else new[i].replace(" .\n", "  .\n")
        elif kind == "tab":
            new[i] = new[i].replace(" ", "\t", 1 + rng.randrange(2))
        elif kind == "escape":
            new[i] = re.sub(r"(ontology#)(\w)", lambda m: m.group(1) + "\\u%04X" % ord(m.group(2)), new[i], count=1)
        out.append((f"{k}:{kind}:{new[i] if i < len(new) else ''}"[:300], "".join(new).encode("utf-8")))
    return out


def test_random_changes_never_pass_a_break_the_store_finds(sample_lines):
    """Hundreds of random changes to the sample's own lines: whatever the store's checks find, the
    lines' checks find it too (they may report more: the store then decides); on changes written as
    the build writes lines, they find exactly the same constraints broken."""
    rng = random.Random(12)
    same = plain = 0
    for label, nt in _mutations(sample_lines, rng, 300):
        ref = _reference(nt)
        if ref is None:
            continue
        ours = check_lines(nt)
        if ref:
            assert ours, label
        if ours and "not read by the per-file checks" in ours[0]:
            continue
        plain += 1
        assert _what(ref) <= _what(ours), (label, ref, ours)
        same += _what(ref) == _what(ours)
    assert plain >= 150 and same >= plain - 25, (plain, same)


def test_lines_it_cannot_read_are_reported_not_raised():
    task = "<https://w3id.org/policykg/id/task/x>"
    typed = f"{task} <{RDF_TYPE}> <{PKG}Task> .\n".encode()
    assert check_lines(typed + f'{task} <{PKG}key> "'.encode() + b'\xff\xfe" .\n')  # not UTF-8: broken, no error
    found = check_lines(typed + f"{task}\t<{PKG}key> \"k\" .\n".encode())  # a tab: the store decides
    assert found == [f"1 line(s) not read by the per-file checks, e.g. {(task + chr(9) + f'<{PKG}key> ' + chr(34) + 'k' + chr(34) + ' .').encode()!r}"]
