"""Every example and counterexample of every rule in extract/rules/, in one parametrised test.

The test id is ``file:rule-id`` (a rule without an ``id``, such as ``structure.yaml:date``, is named by
its key).  A rule's examples live under keys ending in ``examples`` / ``counterexamples``; a prefix names
a family (``title_examples``, ``by_counterexamples`` …).  ``CHECKS`` says how each family is run: one
function per (file, key path, prefix) taking (rule, case, positive) and asserting.  A rule whose
examples have no check fails (``no check for …``), so an example cannot be written and never run.
"""

from __future__ import annotations

import re
from typing import Callable, Iterator

import pytest

from extract.rules.loader import RULES_DIR, load_rules, schema_key

ROLES = ("lead", "participants", "responsible")


# --------------------------------------------------------------------------- collection

def _families(rule: dict) -> dict[str, list[tuple[object, bool]]]:
    """prefix -> [(case, positive)] for the example keys of one rule."""
    out: dict[str, list] = {}
    for key, cases in rule.items():
        if not isinstance(key, str) or not key.endswith("examples") or not isinstance(cases, list):
            continue
        positive = not key.endswith("counterexamples")
        prefix = key[: -len("counterexamples")] if not positive else key[: -len("examples")]
        out.setdefault(prefix, []).extend((case, positive) for case in cases)
    return out


def _walk(node, path: tuple[str, ...]) -> Iterator[tuple[str, dict]]:
    if isinstance(node, dict):
        if _families(node):
            yield ".".join(path), node
        for key, value in node.items():
            if not str(key).endswith("examples"):
                yield from _walk(value, path + (str(key),))
    elif isinstance(node, list):
        for item in node:
            yield from _walk(item, path)


def collect() -> list[tuple[str, str, str, dict]]:
    """(file, key path, rule id, rule) for every rule with examples in every rule file."""
    out = []
    for path in sorted(RULES_DIR.rglob("*.yaml")):
        name = path.relative_to(RULES_DIR).as_posix()
        if name in ("schema.yaml", "lexicon.yaml"):
            continue
        for key, rule in _walk(load_rules(name), ()):
            rule_id = str(rule.get("id") or key or path.stem.replace("_", "-"))
            out.append((name, key, rule_id, rule))
    return out


# --------------------------------------------------------------------------- helpers

def _names(pairs) -> list[str]:
    return [n for n, _ in pairs]


def _roles(assignment) -> dict:
    return {k: _names(getattr(assignment, k)) for k in ROLES if getattr(assignment, k)}


def _found_roles(found) -> dict:
    got = {k: [n for a in found for n in _names(getattr(a, k))] for k in ROLES}
    return {k: v for k, v in got.items() if v}


def _task_roles(raw: str) -> dict:
    """{task id: [lead, participants, responsible]} of a cleaned text's tasks."""
    from extract.structure.normalize import clean
    from extract.structure.tasks import build_tasks

    text = clean(raw).text
    _, tasks, _ = build_tasks(text, [], 0, len(text), "d")
    return {t.id: [[r.name for r in getattr(t, k)] for k in ROLES] for t in tasks}


def _clean(raw: str) -> str:
    from extract.structure.normalize import clean

    return clean(raw).text


def regex_search(flags: int = 0, field: str = "pattern") -> Callable:
    """Check: the rule's regex finds the example and not the counterexample."""
    def check(rule, case, positive):
        assert bool(re.compile(rule[field], flags).search(case)) is positive
    return check


def regex_match(flags: int = 0, field: str = "pattern") -> Callable:
    def check(rule, case, positive):
        assert bool(re.compile(rule[field], flags).match(case)) is positive
    return check


def regex_fullmatch(rule, case, positive):
    assert bool(re.compile(rule["pattern"]).fullmatch(case)) is positive


def same_result(function: Callable) -> Callable:
    """Check for families written as (input, expected) pairs, counterexamples included."""
    def check(rule, case, positive):
        raw, expected = case
        assert function(raw) == expected
    return check


# --------------------------------------------------------------------------- normalize.yaml

def _join(rule, case, positive):
    if positive:
        raw, expected = case
        assert _clean(raw) == expected
    else:
        assert "\n" in _clean(case)


def _number_spaces(rule, case, positive):
    assert (" " not in _clean(case)) if positive else _clean(case) == case


def _line_number(rule, case, positive):  # (an item's number opening its line keeps its space)
    assert _clean(case) == case


def _full_width(rule, case, positive):
    if positive:
        assert _clean(case) != case and len(_clean(case)) == len(case)
    else:
        assert not set("（），；：") & set(_clean(case))


def _html_comment(rule, case, positive):
    from extract.structure.normalize import clean

    ct = clean(case)
    if positive:
        assert "<!--" not in ct.text and ct.text.startswith("关于印发")
        assert ct.original[ct.offsets.to_original(0):].startswith("关于印发")
    else:
        assert ct.text == case


def _footnote(rule, case, positive):
    text = _clean(case)
    marks = re.findall(r"[①-⑳]|\[[0-9]{1,2}\]", case)
    if positive:  # (the note line and its reference marks gone, the rest of the text kept)
        assert not any(m in text for m in marks) and len(text.split("\n")) == len(case.split("\n")) - 2
    else:
        assert all(m in text for m in marks)


def _invisible(rule, case, positive):
    from extract.structure.normalize import clean

    ct = clean(case)
    if positive:  # (none left; every clean offset maps back to the same character)
        assert not re.search(rule["drop"] + "|" + rule["space"] + "|" + rule["digit"] + "|" + rule["indent"], ct.text)
        assert all(ct.original[ct.offsets.to_original(i)] in (ch, chr(ord(ch) + 0xFEE0))
                   for i, ch in enumerate(ct.text) if ch not in " \u3000")
    else:
        assert ct.text == case


def _furniture(rule, case, positive):
    text = _clean("标题\n" + case + "\n正文。")
    assert text.split("\n") == ["标题", "正文。"] if positive else case in text


def _title_run_in(rule, case, positive):
    pad = "加强组织领导，完善工作机制。" * 40  # (the rule reads lines a crawl ran together: at least min_line long)
    if positive:
        raw, title = case
        assert _clean(raw + pad).split("\n")[0] == title
    else:
        assert "\n" not in _clean(case + pad)


def _page_number(rule, case, positive):
    if positive:
        assert _clean(f"加强组织领导，\n{case}\n完善工作机制。") == "加强组织领导，\n完善工作机制。"
    else:
        assert case in _clean(f"加强组织领导。\n{case}\n完善工作机制。")


def _rebreak(rule, case, positive):
    if positive:
        raw, markers = case
        lines = _clean(raw).split("\n")
        assert lines[1:] and all(any(ln.startswith(m) for ln in lines) for m in markers)
        assert len(lines) == len(markers) + 1
    else:
        example = rule["examples"][0][0]
        assert _clean(example + case).split("\n")[-1].endswith(case)
        assert case in _clean(example + case)


def _chapter_article(rule, case, positive):
    """(text, article marker): the marker opens a line of its own after clean-up (or does not)."""
    raw, marker = case
    assert any(ln.lstrip().startswith(marker) for ln in _clean(raw).split("\n")) == positive


# --------------------------------------------------------------------------- structure.yaml

def _line_markup(rule, case, positive):
    """Markup before a marker is skipped: "<b>一、各地自查" is an item exactly when ``case`` is markup."""
    from extract.structure.numbering import is_numbered_line

    assert bool(re.fullmatch(rule["pattern"], case)) is positive
    assert is_numbered_line(f"{case}一、各地自查") is positive


def _numbering(rule, case, positive):
    assert bool(re.compile(rule["pattern"]).match(case)) is positive


def _inline_items(rule, case, positive):
    from extract.structure.numbering import find_items

    raw, markers = case
    assert [it.marker for it in find_items(raw)] == markers


def _kind_strip(rule, case, positive):
    bare = re.sub(rule["strip"], "", case)
    assert bare != case and bare.endswith(("方案", "意见", "计划"))


def _issuer_title(rule, case, positive):
    from extract.entities.issuers import title_issuer

    assert (title_issuer(case["title"]) == case["issuer"]) if positive else title_issuer(case) is None


def _date_at(text: str) -> int:
    return re.search(r"(?:19|20)[0-9]{2}年[0-9]{1,2}月[0-9]{1,2}日", text).start()


def _issuer_signature(rule, case, positive):
    from extract.entities.issuers import signature_issuer

    if positive:
        assert signature_issuer(case["text"], _date_at(case["text"])) == case["issuer"]
    else:
        assert signature_issuer(case, _date_at(case)) is None


def _doc_number(rule, case, positive):
    from extract.structure.documents import document_number

    assert bool(document_number(case, 0, len(case))) is positive


def _doc_number_line(rule, case, positive):
    from extract.structure.documents import document_number

    assert document_number(case, 0, len(case)) == ("冀工信节函〔2023〕133号" if positive else None)


# --------------------------------------------------------------------------- assignments.yaml

def _parse(raw, **kw):
    from extract.structure.assignments import parse_assignment

    return parse_assignment(raw, **kw)


def _explicit(rule, case, positive):
    if positive:
        raw, expected = case
        assert _roles(_parse(raw)) == expected
    else:
        a = _parse(case)
        assert a is None or a.empty()


def _brackets(rule, case, positive):
    from extract.structure.assignments import find_assignments

    raw, expected = case if positive else (case, {})
    text = "推进信用信息共享。" + raw
    assert _found_roles(find_assignments(text, 0, len(text))) == expected


def _together(rule, case, positive):
    a = _parse(case)
    if positive:  # the unit before the word leads, the ones after it take part
        assert len(a.lead) == 1 and a.participants and not a.responsible
    else:  # one unit, not split at the word
        assert len(a.lead + a.participants + a.responsible) == 1


def _first_is_lead(rule, case, positive):
    from extract.structure.conventions import states_first_is_lead

    assert bool(states_first_is_lead(case)) is positive


def _comma_is_lead(rule, case, positive):
    from extract.structure.assignments import COMMA
    from extract.structure.conventions import comma_is_lead_positions

    assert all(comma_is_lead_positions(s) for s in rule["statements"])
    raw, expected = case
    assert _roles(_parse(raw, first_is_lead=COMMA)) == expected


def _carry_forward(rule, case, positive):
    from extract.structure.conventions import find_carry_forward

    if positive:
        raw, expected = case
        (pos, a), = find_carry_forward(raw, 0, len(raw))
        assert _roles(a) == expected
        assert _roles(_parse("省民政厅负责，" + raw)) == {"responsible": ["省民政厅"]}
    else:
        assert find_carry_forward(case, 0, len(case)) == []


def _space_separated(rule, case, positive):
    raw, expected = case
    a = _parse(f"责任单位：{raw}")
    assert _names(a.responsible) == expected
    for name, (s, e) in a.responsible:
        assert "".join(f"责任单位：{raw}"[s:e].split()) == name


def _prose(duty: bool = False, default: bool = False) -> Callable:
    def check(rule, case, positive):
        from extract.structure.prose import find_prose_assignments
        from extract.structure.tasks import _is_unit

        text, expected = (case, {}) if isinstance(case, str) else case
        kwargs = {} if default else {"duty": duty}
        assert _found_roles(find_prose_assignments(text, 0, len(text), _is_unit, **kwargs)) == expected
    return check


def _unparsed_hint(rule, case, positive):
    from extract.pipeline import extract_text

    docs = extract_text(f"某市工作方案\n\n一、重点任务\n\n1. 推进建设工作。{case}\n")
    assert ("unparsed-assignment" in [w.code for d in docs for w in d.warnings]) is positive


def _bracket_tasks(rule, case, positive):
    from extract.structure.tasks import build_tasks

    raw, count = case
    text = "二、主要任务\n" + _clean(raw) + "\n"
    _, tasks, _ = build_tasks(text, [], 0, len(text), "d")
    assert len([t for t in tasks if t.lead or t.participants or t.responsible]) == count


def _parse_cell(raw):
    from extract.structure.cell_roles import parse_cell

    return parse_cell(raw, 0, "responsible")


def _level_item(rule, case, positive):
    cell, names = case
    assert _names(_parse_cell(cell).responsible) == names


def _scoped(rule, case, positive):
    from extract.structure.conventions import find_scoped

    text, roles = (case, None) if isinstance(case, str) else case
    hit = find_scoped(text, 0, len(text))
    assert (None if hit is None else _roles(hit[1])) == roles


# --------------------------------------------------------------------------- tables.yaml

def _header_role(rule, case, positive):
    from extract.structure.tables.cells import header_role

    assert (header_role(case) == rule["role"]) is positive


def _deadline(rule, case, positive):
    from extract.structure.tables.cells import looks_like_deadline

    assert bool(looks_like_deadline(case)) is positive


def _spaced_table(rule, case, positive):
    from extract.structure.tables.spaced import spaced_table_rows

    if not positive:
        assert spaced_table_rows(case) == []
        return
    raw, expected = case
    got = []
    for r in spaced_table_rows(raw):
        a = _parse_cell(r.cells["responsible"].text)
        got.append([r.number, *([n for n, _ in getattr(a, k)] for k in ("lead", "participants", "responsible"))])
    assert got == expected


def _glued_last(rule, case, positive):
    from extract.structure.tables.glued_last import glued_last_rows

    if not positive:
        assert glued_last_rows(case) == []
        return
    raw, expected = case
    got = []
    for r in glued_last_rows(raw):
        a = _parse_cell(r.cells["responsible"].text)
        got.append([r.number, [n for n, _ in (*a.lead, *a.participants, *a.responsible)]])
    assert got == expected


def _glued_measures(rule, case, positive):
    from extract.structure.tables.glued_measures import glued_measure_rows

    if not positive:
        assert glued_measure_rows(case) == []
        return
    raw, expected = case
    got = []
    for r in glued_measure_rows(raw):
        cell = next(c for k, c in r.cells.items() if k in ROLES)
        a = _parse_cell(cell.text)
        got.append([r.number, [n for n, _ in (*a.lead, *a.participants, *a.responsible)]])
    assert got == expected


def _detail_lead(rule, case, positive):
    from extract.structure.assignments import Assignment
    from extract.structure.table_tasks import _detail_leads

    units, detail, (lead, responsible) = case
    a = Assignment(span=(0, 0), responsible=[(u, (0, len(u))) for u in units])
    _detail_leads(a, detail)
    assert ([n for n, _ in a.lead], [n for n, _ in a.responsible]) == (lead, responsible)


def _glued_table(rule, case, positive):
    from extract.structure.tables.glued import glued_table_rows

    if not positive:
        assert glued_table_rows(case) == []
        return
    raw, expected = case
    rows = glued_table_rows(raw)

    def names(cell):
        a = _parse_cell(cell.text)  # (in the cell's order, whatever their roles)
        return [n for n, _ in sorted((*a.lead, *a.participants, *a.responsible), key=lambda u: u[1])]
    def roles(r):  # [number, units] or, beside a combined 配合/责任 column, [number, lead, partners]
        if "lead" in r.cells:
            return [r.number, names(r.cells["lead"]), names(r.cells["participants"])]
        return [r.number, names(r.cells["responsible"])]
    assert [roles(r) for r in rows] == expected
    for r in rows:
        for cell in r.cells.values():
            assert raw[cell.span[0]:cell.span[1]] == cell.text


def _indicator(rule, case, positive):
    from extract.structure.tables.indicators import row_target

    hit = row_target(case["header"], case["row"])
    assert (list(hit) if hit else None) == case.get("target")


def _dept_fragment(rule, case, positive):
    from extract.structure.tables.flat import is_dept_fragment

    assert is_dept_fragment(case) is positive


def _glued_deadline(rule, case, positive):
    from extract.structure.tables.cells import Cell
    from extract.structure.tables.flat import split_glued

    assert (len(split_glued(Cell(case, (0, len(case))))) == 2) is positive


def _cjk_space(rule, case, positive):
    from extract.structure.tables.flat import unwrap

    assert (unwrap(case) != case) is positive


# --------------------------------------------------------------------------- targets.yaml

def _targets(text, **kw):
    from extract.entities.targets import extract_targets

    return extract_targets(text, **kw)


def _target_pattern(non_target: bool) -> Callable:
    def check(rule, case, positive):
        match = re.search(rule["pattern"], case)
        assert (match is not None) is positive
        if non_target and match:
            assert re.match(f"[{load_rules('targets.yaml')['non_target_first_chars']}]", match.group())
        if non_target and positive:
            assert _targets(case) == []
    return check


def _comparator(rule, case, positive):
    comparators = [t.comparator for t in _targets(case)]
    assert comparators, case
    assert (rule["comparator"] in comparators) is positive


def _unit(rule, case, positive):
    if positive:
        got = _targets(case["text"])
        assert len(got) == 1 and got[0].unit == case["unit"]
    else:
        assert _targets(case) == []


def _trigger(rule, case, positive):
    assert len(_targets(case)) == (1 if positive else 0)


def _list_continuation(rule, case, positive):
    assert [t.comparator for t in _targets(case["text"])] == case["comparators"]


def _years(rule, case, positive):
    assert [t.year for t in _targets(case["text"])] == case["years"]


def _policy_clause(rule, case, positive):
    assert (_targets(case) == []) is positive


def _relative_year(rule, case, positive):
    if positive:
        assert [t.year for t in _targets(case, default_year=2022)] == [2022]
        assert [t.year for t in _targets(case)] == [None]
    else:
        assert [t.year for t in _targets(case, default_year=2022)] == [2025]


# --------------------------------------------------------------------------- departments, jurisdictions

def _group(how: str) -> Callable:
    def check(rule, case, positive):
        from extract.entities.departments import resolve

        found = resolve(case, "suzhou")  # group examples are evaluated in a Suzhou document
        hit = bool(found is not None and found.group and (
            found.id == rule["id"] if how == "fixed"
            else found.kind == rule["kind"] and found.id.split(".")[0] != "group"))
        assert hit is positive
    return check


def _looks_like(rule, case, positive):
    from extract.entities.unit_shape import looks_like_department

    assert looks_like_department(case) is positive


def _name_shape(rule, case, positive):
    """Rule name_shape: an example fits the shape rules alone (no gazetteer name); a counterexample no rule at all."""
    from extract.entities.unit_shape import looks_like_department, looks_like_shape

    assert (looks_like_shape(case) if positive else looks_like_department(case)) is positive


def _unit_kind(rule, case, positive):
    from extract.entities.unit_kinds import unit_kind

    assert (unit_kind(case[0]) == case[1]) if positive else unit_kind(case) is None


def _nation_marker(rule, case, positive):
    from extract.entities.departments import jurisdiction_of

    assert (jurisdiction_of(case) == "cn") is positive


def _county_issuer(rule, case, positive):
    from extract.entities.departments import jurisdiction_of

    county = jurisdiction_of(case) not in (None, "suzhou", "wuxi", "jiangsu", "cn")
    assert county is positive


def _doc_prefix(rule, case, positive):
    from extract.entities.jurisdiction import from_number

    assert (from_number(case["number"]) == case["jurisdiction"]) if positive else from_number(case) is None


def _standard_name(rule, case, positive):
    from extract.entities.standard_names import standard_department

    found = standard_department(case["name"], case["jurisdiction"])
    assert (found[1] == case["label"]) if positive else found is None


# --------------------------------------------------------------------------- gazetteers

_OTHER = {"suzhou": "hangzhou", "jiangsu": "zhejiang", "hangzhou": "suzhou"}


def _entry(kind: str | None = None) -> Callable:
    """A gazetteer entry: found (or not) in its example text; a regional entry only in its region."""
    def check(rule, case, positive):
        from extract.entities import places

        entry_kind = kind
        ids = [m.id for m in places.find_all(case) if m.kind == entry_kind]  # an unscoped search finds it
        assert (rule["id"] in ids) is positive, [(m.name, m.id) for m in places.find_all(case)]
        region = rule.get("_region")
        if region:  # a regional entry: only in its region's documents
            mine = [m.id for m in places.find_all(case, 0, region, scoped=True) if m.kind == entry_kind]
            assert (rule["id"] in mine) is positive
            assert rule["id"] not in [m.id for m in places.find_all(case, 0, _OTHER[region], scoped=True)]
            assert rule["id"] not in [m.id for m in places.find_all(case, 0, None, scoped=True)]
    return check


def _platform_pattern(rule, case, positive):
    from extract.entities import places
    from extract.entities.platforms import pattern_id

    text, expected = (case["text"], [(case["name"], rule["type"])]) if positive else (case, [])
    found = [m for m in places.find_all(text) if m.kind == "platform" and m.id == pattern_id(m.name)]
    assert [(m.name, m.type) for m in found] == expected


def _embedded_page(rule, case, positive):
    from extract.readers.embedded import is_html_page

    assert is_html_page(case) is positive


def _html_noise(rule, case, positive):
    from extract.readers.html import html_rules

    assert bool(html_rules()["noise_re"].search(case)) is positive


# --------------------------------------------------------------------------- the table of checks

def _extracted_roles(raw: str, keep=lambda t: True, repeat: bool = False) -> dict:
    """{task id: [lead, participants, responsible]} of the tasks ``extract_text`` finds in ``raw``
    (``keep`` filters them; ``repeat`` marks a repeated id with primes: 1, 1', 1'')."""
    from extract.pipeline import extract_text

    got: dict = {}
    for t in (t for d in extract_text(raw) for t in d.tasks if keep(t)):
        k = t.id
        while repeat and k in got:
            k += "'"
        got[k] = [[r.name for r in getattr(t, role)] for role in ROLES]
    return got


def _group_items(rule, case, positive):
    raw, expected = case
    assert _extracted_roles(raw, repeat=True) == expected


def _with_more(rule, case, positive):
    raw, expected = case
    assert _extracted_roles(raw, keep=lambda t: t.id in expected) == expected


def _prose_documents(rule, case, positive):
    raw, expected = case
    assert _extracted_roles(raw, keep=lambda t: t.lead or t.participants or t.responsible) == expected


def _prose_context(rule, case, positive):
    """(text, expected[, "duty"]): prose roles, in a duty context when the third item says so."""
    from extract.structure.prose import find_prose_assignments
    from extract.structure.tasks import _is_unit

    raw, expected, *context = case
    duty = bool(context) and context[0] == "duty"
    assert _found_roles(find_prose_assignments(raw, 0, len(raw), _is_unit, duty=duty)) == expected


def _role_duty(rule, case, positive):
    _prose_context(rule, case + ["duty"] if positive else case, positive)


def _label_runs(rule, case, positive):
    from extract.structure.assignments import find_assignments

    raw, expected = case
    found = find_assignments(raw, 0, len(raw))
    assert [[_names(getattr(a, k)) for k in ROLES] for a in found] == expected


def _trailing_group(rule, case, positive):
    from extract.entities.unit_lists import names

    raw, expected = case
    assert [n for n, _ in names(raw, 0)] == expected


def _ongoing(rule, case, positive):
    from extract.enrich import is_ongoing

    assert is_ongoing(case) is positive


def _start_year(rule, case, positive):
    from extract.enrich import document_year
    from extract.model import Document

    if positive:
        text, year = case
        doc = Document(id="d", title="关于推进人才集聚工程的实施意见", kind="实施意见", span=(0, len(text)))
        assert document_year(doc, text) == (year, False)
        assert document_year(doc) == (None, False)
    else:
        doc = Document(id="d", title="某办法", kind="办法", span=(0, len(case)))
        assert document_year(doc, case) == (None, False)


def _unit_column(rule, case, positive):
    from extract.structure.tables.pipe import INFERRED, column_roles

    if not positive:
        assert column_roles(case) == (0, [], [])
        return
    skip, roles, _ = column_roles(case)
    assert skip == 1 and roles.count(INFERRED) == 1
    unit = roles.index(INFERRED)
    assert all(row[unit] for row in case[1:])


CHECKS: dict[tuple[str, str], dict[str, Callable]] = {
    ("normalize.yaml", "number_spaces"): {"": _number_spaces, "line_number_": _line_number},
    ("normalize.yaml", "join"): {"": _join, "wrapped_": _join},
    ("normalize.yaml", "html_comment"): {"": _html_comment},
    ("normalize.yaml", "title_run_in"): {"": _title_run_in},
    ("normalize.yaml", "furniture_line"): {"": _furniture},
    ("normalize.yaml", "page_number"): {"": _page_number},
    ("normalize.yaml", "full_width"): {"": _full_width},
    ("normalize.yaml", "rebreak"): {"": _rebreak, "chapter_article_": _chapter_article},
    ("normalize.yaml", "invisible"): {"": _invisible},
    ("normalize.yaml", "footnote"): {"": _footnote},
    ("structure.yaml", "numbering"): {"": _numbering},
    ("structure.yaml", "line_markup"): {"": _line_markup},
    ("structure.yaml", "annex"): {"": regex_search(re.MULTILINE)},
    ("structure.yaml", "issued"): {"": regex_search()},
    ("structure.yaml", "issued_title"): {"": regex_search()},
    ("structure.yaml", "annex_list"): {"": regex_search(re.MULTILINE)},
    ("structure.yaml", "inline_items"): {"": _inline_items},
    ("structure.yaml", "toc"): {"": regex_match(re.MULTILINE)},
    ("structure.yaml", "heading.one_sentence"): {"": regex_fullmatch},
    ("structure.yaml", "kinds"): {"strip_": _kind_strip},
    ("structure.yaml", "issuer"): {"": regex_match(), "title_": _issuer_title, "signature_": _issuer_signature},
    ("structure.yaml", "doc_number"): {"": _doc_number, "line_": _doc_number_line},
    ("structure.yaml", "date"): {"": regex_search(re.MULTILINE, "signature")},
    ("structure.yaml", "source"): {"": regex_search()},
    ("assignments.yaml", "brackets"): {"": _brackets},
    ("assignments.yaml", "labels"): {"": _explicit, "run_": _label_runs},
    ("assignments.yaml", "other_field"): {"": regex_search()},
    ("assignments.yaml", "verbs"): {"": _explicit},
    ("assignments.yaml", "conjoined"): {"": same_result(lambda raw: _roles(_parse(raw)))},
    ("assignments.yaml", "glued_units"): {"": same_result(lambda raw: _roles(_parse(raw)))},
    ("assignments.yaml", "verb_then_list"): {"": same_result(lambda raw: _roles(_parse(raw)))},
    ("assignments.yaml", "carry_forward"): {"": _carry_forward},
    ("assignments.yaml", "together"): {"": _together},
    ("assignments.yaml", "first_is_lead"): {"": _first_is_lead},
    ("assignments.yaml", "comma_is_lead"): {"": _comma_is_lead},
    ("assignments.yaml", "remark_clauses"): {"": regex_search()},
    ("assignments.yaml", "remark_brackets"): {"": regex_search()},
    ("assignments.yaml", "level_item"): {"": _level_item},
    ("assignments.yaml", "scoped"): {"": _scoped},
    ("assignments.yaml", "bracket_tasks"): {"": _bracket_tasks},
    ("assignments.yaml", "closing_line"): {"": same_result(_task_roles)},
    ("assignments.yaml", "scope_bracket"): {"": regex_search()},
    ("assignments.yaml", "lead_in"): {"": regex_search()},
    ("assignments.yaml", "bare_units"): {"": same_result(_task_roles)},
    ("assignments.yaml", "space_separated"): {"": _space_separated},
    ("assignments.yaml", "prose"): {"": _prose(default=True), "by_": _prose(duty=True),
                                    "initial_by_": _prose(duty=False), "duty_": _prose(duty=True),
                                    "role_duty_": _role_duty, "matter_by_": _prose(default=True),
                                    "with_more_": _with_more, "must_": _prose(duty="prose"),
                                    "liable_": _prose(duty=True), "holder_": _prose(duty=True), "inclusion_": _prose(duty="prose"), "after_condition_": _prose(duty="prose"), "after_case_": _prose(duty="prose"), "after_basis_": _prose(duty="prose"), "named_body_": _prose(duty="prose"),
                                    "condition_items_": _prose_documents,
                                    "acts_": _prose(duty="article"),
                                    "shall_": lambda rule, case, positive: _prose(duty="article")(rule, case[:2], positive)},
    ("assignments.yaml", "prose.subject"): {"": _prose_context},
    ("assignments.yaml", "prose.elided_head"): {"": lambda rule, case, positive: _prose_context(rule, case + ["duty"], positive)},
    ("assignments.yaml", "prose.documents"): {"": _prose_documents},
    ("assignments.yaml", "prose.everywhere"): {"": _prose_documents},
    ("assignments.yaml", "group_closing"): {"": _group_items},
    ("assignments.yaml", "label_items"): {"": _group_items},
    ("assignments.yaml", "label_runs_inline"): {"": _group_items},
    ("assignments.yaml", "trailing_group"): {"": _trailing_group},
    ("assignments.yaml", "cell_lead_mark"): {"": same_result(lambda raw: _roles(_parse_cell(raw)))},
    ("assignments.yaml", "unparsed_hint"): {"": _unparsed_hint},
    ("assignments.yaml", "duty_lists"): {"": same_result(_task_roles)},
    ("assignments.yaml", "readers"): {"": same_result(_task_roles)},
    ("tables.yaml", "header_roles"): {"": _header_role},
    ("tables.yaml", "unit_column"): {"": _unit_column},
    ("tables.yaml", "dept_fragment"): {"": _dept_fragment},
    ("tables.yaml", "glued_deadline"): {"": _glued_deadline},
    ("tables.yaml", "cjk_space"): {"": _cjk_space},
    ("tables.yaml", "glued_table"): {"": _glued_table},
    ("tables.yaml", "spaced_table"): {"": _spaced_table},
    ("tables.yaml", "glued_last"): {"": _glued_last},
    ("tables.yaml", "glued_measures"): {"": _glued_measures},
    ("tables.yaml", "detail_lead"): {"": _detail_lead},
    ("tables.yaml", "deadline"): {"": _deadline},
    ("tables.yaml", "section_heading"): {"": regex_match()},
    ("tables.yaml", "flat_header_other"): {"": regex_match()},
    ("tables.yaml", "empty_cell"): {"": regex_fullmatch},
    ("tables.yaml", "flat_header_wrap"): {"": lambda rule, case, positive: _flat_header_wrap(case, positive)},
    ("tables.yaml", "flat_open_piece"): {"": regex_search()},
    ("tables.yaml", "indicator_table"): {"": _indicator},
    ("targets.yaml", "units"): {"": _unit},
    ("targets.yaml", "comparators"): {"": _comparator},
    ("targets.yaml", "qualifiers"): {"": _comparator},
    ("targets.yaml", "clause_cues"): {"": _comparator},
    ("targets.yaml", "list_continuation"): {"": _list_continuation},
    ("targets.yaml", "triggers"): {"": _trigger},
    ("targets.yaml", "share_results"): {"": _trigger},
    ("targets.yaml", "rate_noun"): {"": _trigger},
    ("targets.yaml", "policy_clauses"): {"": _policy_clause},
    ("targets.yaml", "list_item_gap"): {"": regex_fullmatch},
    ("targets.yaml", "relative_year"): {"": _relative_year, "start_year_": _start_year, "ongoing_": _ongoing},
    ("targets.yaml", "time_phrases"): {"": _target_pattern(non_target=False)},
    ("targets.yaml", "non_targets"): {"": _target_pattern(non_target=True)},
    ("targets.yaml", "norm_clauses"): {"": _policy_clause},
    ("targets.yaml", "distant_comparator"): {"": _list_continuation},
    ("targets.yaml", "trailing_deadline"): {"": _years},
    ("targets.yaml", "cn_numeral_frequency"): {"": _unit},
    ("targets.yaml", "share_subject"): {"": _trigger},
    ("targets.yaml", "baseline_clauses"): {"": _policy_clause},
    ("targets.yaml", "trailing_cues"): {"": _comparator},
    ("department_groups.yaml", "fixed"): {"": _group("fixed")},
    ("department_groups.yaml", "patterns"): {"": _group("pattern")},
    ("departments.yaml", "looks_like"): {"": _looks_like},
    ("departments.yaml", "unit_kinds"): {"": _unit_kind},
    ("departments.yaml", "name_shape.levelled"): {"": _name_shape},
    ("departments.yaml", "name_shape.zone"): {"": _name_shape},
    ("departments.yaml", "name_shape.collective"): {"": _name_shape},
    ("departments.yaml", "name_shape.noted"): {"": _name_shape},
    ("departments.yaml", "name_shape.levels"): {"": _name_shape},
    ("departments.yaml", "name_shape.media"): {"": _name_shape},
    ("jurisdictions.yaml", "markers"): {"": _nation_marker},
    ("jurisdictions.yaml", "county_issuer"): {"": _county_issuer},
    ("doc_prefixes.yaml", ""): {"": _doc_prefix},
    ("standard_departments.yaml", ""): {"": _standard_name},
    ("platforms.yaml", "patterns"): {"": _platform_pattern},
    ("industries.yaml", "concepts"): {"": _entry("industry")},
    ("gazetteers/*.yaml", "districts"): {"": _entry("district")},
    ("gazetteers/*.yaml", "places"): {"": _entry("place")},
    ("gazetteers/*.yaml", "platforms"): {"": _entry("platform")},
    ("html.yaml", "noise"): {"": _html_noise},
    ("html.yaml", "embedded_page"): {"": _embedded_page},
    ("targets.yaml", "named_set"): {"": _policy_clause},
    ("targets.yaml", "item_counts"): {"": _trigger},
    ("assignments.yaml", "convention_rest"): {"": lambda rule, case, positive: _convention_rest(rule, case, positive)},
    ("assignments.yaml", "convention_onward"): {"": lambda rule, case, positive: _convention_onward(rule, case, positive)},
    ("targets.yaml", "condition_clauses"): {"": _policy_clause},
    ("assignments.yaml", "duty_lists.labelled"): {"": same_result(_task_roles)},
    ("assignments.yaml", "group_head_item"): {"": same_result(lambda raw: _roles(_parse(raw)))},
    ("tables.yaml", "section_units"): {"": regex_search()},
    ("assignments.yaml", "prose.self_governing"): {"": _prose(duty="article")},
    ("assignments.yaml", "prose.article_headings"): {"": _prose_documents},
    ("assignments.yaml", "prose.alias"): {"": _prose(duty=True)},
    ("assignments.yaml", "prose.clause_list"): {"": _prose_documents},
    ("assignments.yaml", "prose.either"): {"": _prose(duty="article")},
    ("assignments.yaml", "prose.possessive"): {"": lambda rule, case, positive: _prose(duty=True)(rule, case, True)},
    ("assignments.yaml", "prose.inner_joiner"): {"": _prose(duty="article")},
    ("assignments.yaml", "prose.listed_zone"): {"": _prose(duty="prose")},
    ("assignments.yaml", "prose.listed_town"): {"": _prose(duty="prose")},
    ("targets.yaml", "rate_denominators"): {"": _unit},  # h13t: a rate unit over its denominator
    ("targets.yaml", "breakdown"): {"": lambda rule, case, positive: _breakdown(case, positive)},  # h13t
    ("targets.yaml", "rate_level"): {"": _trigger},  # h13t: a level in a rate unit after its measure noun
}


def _breakdown(case, positive):
    """h13t: no target after the breakdown word (examples); one there (counterexamples)."""
    at = case.index("其中")
    assert any(t.span[0] >= at for t in _targets(case)) is not positive


def _convention_rest(rule, case, positive):
    """A convention with its tail: the role the other listed units take; a counterexample
    states none (the default, participants)."""
    import re

    from extract.structure.conventions import stated_conventions

    text, role = case
    (pos, _kind, rest, _onward), = stated_conventions(text)
    assert (rest or "participants") == role and (rest is None) is not positive  # (None: unstated, rule bracket_rest)
    tail = text[pos:]
    assert any(re.match(rule["pattern"], tail[i:]) for i in range(len(tail))) is positive


def _convention_onward(rule, case, positive):
    """A convention followed by 下同 in its own clause holds from there on."""
    from extract.structure.conventions import stated_conventions

    (_pos, _kind, _rest, onward), = stated_conventions(case)
    assert onward is positive


def _region_of(name: str, rule: dict) -> str | None:
    """The region an entry matches in (regions.entry_region), for the regional check."""
    from extract.entities import regions

    if name.startswith("gazetteers/"):
        return regions.entry_region(rule, load_rules(name).get("region"))
    return None


RULES = collect()


@pytest.mark.parametrize("name, key, rule_id, rule", RULES, ids=[f"{n}:{i}" for n, _, i, _ in RULES])
def test_rule_examples(name, key, rule_id, rule):
    schema_name = schema_key(name)
    checks = CHECKS.get((schema_name, key), {})
    rule = {**rule, "_region": _region_of(name, rule)}
    failures = []
    for prefix, cases in _families(rule).items():
        check = checks.get(prefix)
        if check is None:
            failures.append(f"no check for {name}:{rule_id} {prefix}examples (key {key!r})")
            continue
        for case, positive in cases:
            try:
                check(rule, case, positive)
            except AssertionError as exc:
                kind = "example" if positive else "counterexample"
                failures.append(f"{kind} {case!r}: {exc}".rstrip(": "))
    assert failures == []


def test_every_rule_file_with_examples_is_collected():
    names = {n for n, _, _, _ in RULES}
    assert names >= {"normalize.yaml", "structure.yaml", "assignments.yaml", "tables.yaml", "targets.yaml",
                     "departments.yaml", "department_groups.yaml", "jurisdictions.yaml", "doc_prefixes.yaml",
                     "standard_departments.yaml", "gazetteers/national.yaml", "gazetteers/province/jiangsu.yaml",
                     "gazetteers/city/suzhou.yaml", "gazetteers/city/hangzhou.yaml", "platforms.yaml",
                     "industries.yaml", "html.yaml"}
    ids = {f"{n}:{i}" for n, _, i, _ in RULES}
    # the examples that once never ran
    assert {"structure.yaml:toc-line", "structure.yaml:annex-list", "structure.yaml:issuer",
            "structure.yaml:stated-source"} <= ids


def test_every_check_is_used():
    used = {(schema_key(n), k) for n, k, _, _ in RULES}
    assert set(CHECKS) - used == set()


def test_a_failing_example_is_reported():
    rule = {"id": "x", "pattern": "^a", "examples": ["ab", "ba"], "counterexamples": ["ca"]}
    check = regex_search()
    failed = []
    for case, positive in _families(rule)[""]:
        try:
            check(rule, case, positive)
        except AssertionError:
            failed.append(case)
    assert failed == ["ba"]


def _campaign_term(rule, case, positive):
    """A plan whose text gives it a term of a year at most is an annual plan of its date's year."""
    from extract.enrich import document_year
    from extract.model import Document

    text = f"工作方案 一、工作目标 {case}，推动工作落实。"
    doc = Document(id="d", title="某片区整治工作实施方案", kind="方案", span=(0, len(text)), date="2020-04-15")
    assert document_year(doc, text) == (2020, positive)


def _closing_deadline(rule, case, positive):
    """A completion deadline closing a task's text gives the year its undated targets are due."""
    from extract.enrich import closing_deadline

    found = closing_deadline(case)
    assert (found is not None) is positive
    if positive:
        assert str(found) in case


def _run_in_heading(rule, case, positive):
    """A heading of the next part run into a row after its deadline is left out before the deadline is read."""
    from extract.enrich import closing_deadline

    heading = re.search(rule["run_in_heading"], case)
    assert (heading is not None) is positive
    if positive:  # the deadline is read from the row, before the heading run into it
        found = closing_deadline(case)
        assert found is not None and str(found) in case[:heading.start()], (found, case)


def _number_year(rule, case, positive):
    """An undated document is of the year its number (文号) gives."""
    from extract.enrich import document_year
    from extract.model import Document

    number, year = case if positive else (case, None)
    doc = Document(id="d", title="关于实施投资工程包的若干意见", kind="意见", span=(0, 0), number=number)
    assert document_year(doc) == (year, False)


def _opening_deadline(rule, case, positive):
    """A deadline opening the sentence after a task's title gives the year its undated targets are due."""
    from extract.enrich import opening_deadline

    text, year = case if positive else (case, None)
    assert opening_deadline(text) == year


def _explicit_year(rule, case, positive):
    """A relative date word inside a date with its own year does not date the sentence's other numbers (2023: the
    document's year)."""
    text, year = case
    assert [t.year for t in _targets_of_year(text, 2023)] == [year]


def _targets_of_year(text, year):
    from extract.entities.targets import extract_targets

    return extract_targets(text, 0, year)


def _annual_annex(rule, case, positive):
    """A notice whose annexes are task tables of its own year only is that year's plan."""
    from extract.enrich import document_year
    from extract.model import Document

    text = f"关于实施工作的通知 各单位：现将有关事项通知如下。{case} 某某办公室 2016年5月10日"
    doc = Document(id="d", title="关于实施工作的通知", kind="通知", span=(0, len(text)), date="2016-05-10")
    assert document_year(doc, text) == (2016, positive)


def _campaign_until(rule, case, positive):
    """A notice running a campaign to a date of its own or the next year is that year's plan."""
    from extract.enrich import document_year
    from extract.model import Document

    text, year = case if positive else (case, None)
    body = f"关于开展专项行动的通知 各单位：{text}现就有关事项通知如下。"
    doc = Document(id="d", title="关于开展专项行动的通知", kind="通知", span=(0, len(body)), date="2016-06-01")
    assert document_year(doc, body) == ((year, True) if positive else (2016, False))


CHECKS[("targets.yaml", "relative_year")].update(
    {"campaign_until_": _campaign_until, "campaign_term_": _campaign_term, "closing_deadline_": _closing_deadline, "run_in_heading_": _run_in_heading, "number_year_": _number_year,
     "opening_deadline_": _opening_deadline, "annual_annex_": _annual_annex, "explicit_year_": _explicit_year})


def _target_values(rule, case, positive):
    """The values of the targets read from the case's text, in order."""
    assert [t.value for t in _targets(case["text"])] == case["values"]


CHECKS[("targets.yaml", "list_item_gap")] = {**CHECKS[("targets.yaml", "list_item_gap")], "noun_first_": _target_values}


CHECKS[("targets.yaml", "count_modifiers")] = {"": _target_values}


def _subpoint_names(raw):
    from extract.entities.unit_lists import names

    return [n for n, _ in names(raw, 0)]


CHECKS[("assignments.yaml", "subpoint_ref")] = {"": same_result(_subpoint_names)}


def _glued_mid(rule, case, positive):
    """Rows of a glued table whose department column has another column after it."""
    from extract.structure.tables.glued import glued_table_rows

    if not positive:
        rows = glued_table_rows(case)
        assert rows and all(r.cells.get("deadline") is not None for r in rows)  # the glued reader's own cut
        return
    raw, expected = case
    got = []
    for r in glued_table_rows(raw):
        a = _parse_cell(r.cells["responsible"].text)
        got.append([r.number, [n for n, _ in (*a.lead, *a.participants, *a.responsible)]])
    assert got == expected


CHECKS[("tables.yaml", "glued_table.mid_column")] = {"": _glued_mid}


def _target_units(rule, case, positive):
    """The units of the targets read from the case's text, in order (a time limit to reach keeps its unit)."""
    assert [t.unit for t in _targets(case["text"])] == case["units"]


def _within_years(rule, case, positive):
    """The years of a dated 2018 notice's targets: "明年" is 2019, "五年内" 2023, after the phrase only."""
    assert [t.year for t in _targets(case["text"], default_year=2018, within_base=2018)] == case["years"]


CHECKS[("targets.yaml", "time_limits")] = {"": _target_units}
CHECKS[("targets.yaml", "relative_year")]["within_"] = _within_years


def _plan_year(rule, case, positive):
    """An undated document names its year by its place in a five-year plan ("今年是“十四五”开局之年")."""
    from extract.enrich import document_year
    from extract.model import Document

    text, year = case if positive else (case, None)
    doc = Document(id="d", title="加快推进企业复工复产若干措施", kind="措施", span=(0, len(text)))
    assert document_year(doc, text) == (year, False)


def _quarters(rule, case, positive):
    """A quarter or half of the year dates a sentence's targets with the document's year; an ordinal of a rhythm,
    another year's quarter or a dated half does not (the case holds a target either way)."""
    years = [t.year for t in _targets(case, default_year=2022)]
    assert years and (years == [2022] * len(years) if positive else 2022 not in years)


def _later_deadline(rule, case, positive):
    """A deadline phrase (its year) or not (a baseline, a name's year, a plain year)."""
    assert (re.search(rule["later_deadline"], case) is not None) is positive


CHECKS[("targets.yaml", "relative_year")].update({"plan_year_": _plan_year, "quarters_": _quarters,
                                                  "later_deadline_": _later_deadline})
CHECKS[("targets.yaml", "relative_year")]["span_"] = _within_years


CHECKS[("assignments.yaml", "prose.loose")] = {"": _prose_documents}
CHECKS[("assignments.yaml", "prose.level_list")] = {"": _prose(duty="article")}
CHECKS[("assignments.yaml", "prose.regulated_party")] = {"": _prose(duty="article")}
CHECKS[("assignments.yaml", "prose.party_tail")] = {"": _prose(duty="article")}
CHECKS[("assignments.yaml", "prose.must_also")] = {"": _prose(duty="prose")}
CHECKS[("assignments.yaml", "prose.issued_document")] = {"": _prose(duty="prose")}
CHECKS[("assignments.yaml", "prose.by_order")] = {"": _prose(duty="article")}
CHECKS[("assignments.yaml", "prose")]["shall_partner_"] = CHECKS[("assignments.yaml", "prose")]["shall_"]
CHECKS[("assignments.yaml", "prose")]["must_article_"] = _prose(duty="article")
CHECKS[("assignments.yaml", "prose.duty_list_heading")] = {"": _prose_documents}
CHECKS[("assignments.yaml", "prose.no_kind")] = {"": _prose(duty="article")}
CHECKS[("assignments.yaml", "prose.glued_heading")] = {"": _prose(duty="prose")}
CHECKS[("assignments.yaml", "prose.listed_head")] = {"": _prose(duty="article")}


def _glued_cells(rule, case, positive):
    """Rows of a glued table without row numbers: [task cell, leads, participants, responsible] each."""
    from extract.structure.tables.glued_cells import glued_cell_rows

    if not positive:
        assert glued_cell_rows(case) == []
        return
    raw, expected = case
    got = []
    for r in glued_cell_rows(raw):
        a = _parse_cell(r.cells["responsible"].text)
        got.append([r.cells["task"].text, *([n for n, _ in getattr(a, k)] for k in ROLES)])
    assert got == expected


CHECKS[("tables.yaml", "glued_cells")] = {"": _glued_cells}


def _spaced_bare(rule, case, positive):
    """Rows of a spaced table without 序号: [number, leads, participants, responsible] from all its unit cells."""
    from extract.structure.cell_roles import parse_cell
    from extract.structure.tables.cells import dept_role
    from extract.structure.tables.spaced_bare import spaced_bare_rows

    if not positive:
        assert spaced_bare_rows(case) == []
        return
    raw, expected = case
    got = []
    for r in spaced_bare_rows(raw):
        found = {k: [] for k in ROLES}
        for key, cell in r.cells.items():
            if dept_role(key):
                a = parse_cell(cell.text, 0, dept_role(key))
                for k in ROLES:
                    found[k] += [n for n, _ in getattr(a, k) if n not in found[k]]
        got.append([r.number, *(found[k] for k in ROLES)])
    assert got == expected


CHECKS[("tables.yaml", "spaced_table.bare")] = {"": _spaced_bare}


def _no_target(rule, case, positive):
    """An example states the present (no target read from it); a counterexample keeps its target."""
    assert (_targets(case) == []) is positive


CHECKS[("targets.yaml", "time_cues")] = {"": _comparator}
CHECKS[("targets.yaml", "state_clauses")] = {"": _no_target}
CHECKS[("targets.yaml", "size_attributes")] = {"": _no_target}
CHECKS[("targets.yaml", "size_units")] = {"": _no_target}


def _regulation_norm(rule, case, positive):
    """In a regulation, a count per period or per unit is a rule of conduct (enrich.is_norm)."""
    import re

    from extract.enrich import is_norm

    found = _targets(case)
    assert found and any(is_norm(t, re.compile(rule["pattern"])) for t in found) is positive


def _regulation_title(rule, case, positive):
    import re

    assert (re.search(rule["title"], case) is not None) is positive


def _articled(rule, case, positive):
    from extract.enrich import _articled as articled

    assert articled(case) is positive


CHECKS[("targets.yaml", "regulation_norms")] = {"": _regulation_norm, "title_": _regulation_title, "articles_": _articled}


def _glued_first_column(rule, case, positive):
    """Rows of a glued table whose unit column is first: [task cell, leads, participants, responsible] each."""
    from extract.structure.cell_roles import parse_cell
    from extract.structure.tables.glued_cells import first_column_rows

    if not positive:
        assert first_column_rows(case) == []
        return
    raw, expected = case
    got = []
    for r in first_column_rows(raw):
        key = next(k for k in r.cells if k != "task")
        a = parse_cell(r.cells[key].text, 0, key)
        got.append([r.cells["task"].text, *([n for n, _ in getattr(a, k)] for k in ROLES)])
    assert got == expected


CHECKS[("tables.yaml", "glued_cells.first_column")] = {"": _glued_first_column}
CHECKS[("assignments.yaml", "lead_once")] = {"": same_result(lambda raw: _roles(_parse(raw)))}
CHECKS[("assignments.yaml", "verb_roles")] = {"": _prose_documents}
CHECKS[("assignments.yaml", "prose.label_lead_in")] = {"": _prose(duty="prose")}
CHECKS[("assignments.yaml", "prose.spaced_heading")] = {"": _prose(duty="prose")}
CHECKS[("assignments.yaml", "prose.concerned")] = {"": _prose(duty="article")}
CHECKS[("assignments.yaml", "prose")]["shall_comma_"] = _prose(duty="article")
CHECKS[("assignments.yaml", "prose.located")] = {"": _prose(duty="article")}
CHECKS[("assignments.yaml", "prose.kind_of")] = {"": _prose(duty="article")}
CHECKS[("assignments.yaml", "prose.with_organiser")] = {"": _prose(duty="article")}


def _quota_table(rule, case, positive):
    """Rows of a flattened per-unit quota table: [unit, [[value, unit, due year] …]] each."""
    from extract.structure.tables.quota import quota_table_rows

    if not positive:
        assert quota_table_rows(case) == []
        return
    raw, expected = case
    got = [[r.cells["responsible"].text,
            [[t.value, t.unit, t.year or (t.period[1] if t.period else None)] for t in r.targets]]
           for r in quota_table_rows(raw)]
    assert got == expected


CHECKS[("tables.yaml", "quota_table")] = {"": _quota_table}


def _figure_columns(rule, case, positive):
    """Targets of a glued row's figure cells: [[value, unit, year] …] of [task cell, header columns]."""
    from extract.structure.tables.figures import row_targets

    if not positive:
        assert row_targets(case[0], 0, case[1]) == []
        return
    (cell, columns), expected = case
    got = row_targets(cell, 0, columns)
    assert [[t.value, t.unit, t.year] for t in got] == expected
    assert all(cell[t.span[0]:t.span[1]] == t.value_text for t in got)


CHECKS[("tables.yaml", "figure_columns")] = {"": _figure_columns}


def _score_table(rule, case, positive):
    """Task rows of a flattened assessment-standard table: [the task cell's first 4 characters, [units]] each."""
    from extract.structure.tables.score_rows import score_table_rows

    if not positive:
        assert score_table_rows(case) == []
        return
    raw, expected = case
    got = [[r.cells["task"].text[:4], [c.text for k, c in r.cells.items() if k.startswith("responsible")]]
           for r in score_table_rows(raw)]
    assert got == expected
    for r in score_table_rows(raw):
        assert all(raw[c.span[0]:c.span[1]] == c.text for k, c in r.cells.items() if k.startswith("responsible"))


CHECKS[("tables.yaml", "score_table")] = {"": _score_table}


def _unit_group_table(rule, case, positive):
    """Rows grouped under a unit header row: [number, unit, the task cell's first 4 characters] each."""
    from extract.structure.tables.unit_groups import unit_group_rows

    if not positive:
        assert unit_group_rows(case) == []
        return
    raw, expected = case
    got = unit_group_rows(raw)
    assert [[r.number or "", r.cells["responsible"].text, r.cells["task"].text[:4]] for r in got] == \
        [[str(a), b, str(c)] for a, b, c in expected]
    assert all(raw[c.span[0]:c.span[1]] == c.text for r in got for k, c in r.cells.items() if k != "number")


CHECKS[("tables.yaml", "unit_group_table")] = {"": _unit_group_table}


def _column_quotas(rule, case, positive):
    """The figures of a row read against a header whose value columns carry their units: the goal columns' targets."""
    from extract.structure.tables.column_quotas import figure_targets, header_columns

    header, figures, expected = case
    text = f"序号 单位 {header} 1 区招商局{figures}"
    columns = header_columns(text, 0, text.index(" 1 区招商局"))
    got = [[t.value, t.unit] for t in figure_targets(text, text.index(figures), len(text), columns)]
    assert got == expected, (got, expected)


CHECKS[("tables.yaml", "column_quotas")] = {"": _column_quotas}


def _unit_figure_table(rule, case, positive):
    """Rows of a table whose first column is the unit: [number, unit] each."""
    from extract.structure.tables.unit_groups import unit_figure_rows

    if not positive:
        assert unit_figure_rows(case) == []
        return
    raw, expected = case
    got = unit_figure_rows(raw)
    assert [[r.number, r.cells["responsible"].text] for r in got] == [[str(a), b] for a, b in expected]
    assert all(raw[c.span[0]:c.span[1]] == c.text for r in got for c in r.cells.values())


CHECKS[("tables.yaml", "unit_figure_table")] = {"": _unit_figure_table}


CHECKS[("targets.yaml", "cn_numeral_distributive")] = {"": _unit}
CHECKS[("targets.yaml", "cn_numeral_facility")] = {"": _unit}


def _own_figure(rule, case, positive):
    """A count before a next clause "力争…" with a figure of its own stays "="; without one it is a floor."""
    assert _targets(case)[0].comparator == ("=" if positive else ">=")


CHECKS[("targets.yaml", "trailing_cues")] = {**CHECKS[("targets.yaml", "trailing_cues")], "own_figure_": _own_figure}


def _progress_quota(rule, case, positive):
    """In an annual plan's item a count right after its opening verb of progress is its quota (and never outside one)."""
    assert (len(_targets(case, quota=True)) == 1) is positive and _targets(case) == []


CHECKS[("targets.yaml", "named_set")] = {**CHECKS[("targets.yaml", "named_set")], "quota_": _progress_quota}


def _figure_column_cells(rule, case, positive):
    """Targets of a pipe table row's figure columns: [[value, unit, comparator, year] …] of [header, cells]."""
    from extract.structure.tables.cells import Cell, header_role
    from extract.structure.tables.figures import column_targets

    header, values = case[0], case[1]
    cells, at = [], 0
    for v in values:
        cells.append(Cell(v, (at, at + len(v))))
        at += len(v) + 3
    got = column_targets(header, [header_role(h) for h in header], cells, values[1])
    if not positive:
        assert got == []
        return
    assert [[t.value, t.unit, t.comparator, t.year] for t in got] == case[2]


CHECKS[("tables.yaml", "figure_columns.columns")] = {"": _figure_column_cells}
CHECKS[("assignments.yaml", "duty_lists.prose_sentences")] = {"": _prose_documents}


def _part_lead(rule, case, positive):
    """An assignment read under "列第一位的为牵头单位": the lead of a part of the work leads beside the first listed."""
    from extract.structure.lead_convention import FIRST, Convention

    raw, expected = case
    assert _roles(_parse(raw, first_is_lead=Convention(FIRST))) == expected


CHECKS[("assignments.yaml", "part_lead")] = {"": _part_lead}


def _bracket_rest(rule, case, positive):
    """An assignment read under "排在第一位的部门为牵头部门" that states no role for the others (GOLD_GUIDE R4):
    a list ending in 负责 makes them responsible, a list with no role word or with 配合 makes them take part."""
    from extract.structure.lead_convention import FIRST, Convention

    raw, expected = case
    assert _roles(_parse(raw, first_is_lead=Convention(FIRST, own_rest=True))) == expected
    from extract.structure.assignment_record import mask_notes

    assert not positive or re.search(rule["pattern"], mask_notes(raw))  # (a counterexample: roles only)


CHECKS[("assignments.yaml", "bracket_rest")] = {"": _bracket_rest}


def _lone_group(rule, case, positive):
    """A generic group standing alone as a prose subject is no unit; tied to a unit, or in a bracket or label, it is."""
    from extract.structure.lone_groups import stands_alone

    m = re.search(rule["pattern"], case)
    assert m and stands_alone(case, m.span(), m.group()) is positive


CHECKS[("assignments.yaml", "lone_group")] = {"": _lone_group}


def _expert_group(rule, case, positive):
    """An item whose heading words name an expert group and its make-up or duties gives no task (GOLD_GUIDE R9)."""
    from extract.structure.lone_groups import is_expert_item

    assert is_expert_item(case) is positive


CHECKS[("assignments.yaml", "expert_group")] = {"": _expert_group}
CHECKS[("assignments.yaml", "bracket_duties")] = {"": same_result(_task_roles)}


def _line_office(rule, case, positive):
    """A unit with its line office in brackets stands for a unit; the same bracket after no unit does not."""
    from extract.structure.actors import is_unit

    assert bool(re.compile(rule["pattern"]).fullmatch(case)) is positive
    if positive:
        assert is_unit(case)


CHECKS[("assignments.yaml", "line_office")] = {"": _line_office}


def _dated_units(rule, case, positive):
    """A bracket of unit lists and a deadline: its units responsible; None when it is no such bracket."""
    raw, expected = case
    a = _parse(raw)
    assert (a if a is None else _roles(a)) == expected


CHECKS[("assignments.yaml", "dated_units")] = {"": _dated_units}
CHECKS[("assignments.yaml", "alias_clause")] = {"": same_result(lambda raw: _roles(_parse(raw)))}

def _glued_chain(rule, case, positive):
    """A glued table whose time column follows its unit column: the unit list read backwards from the
    row's time limit ([number, units] per row); a counterexample's rows are left to the other cuts."""
    from extract.structure.tables.glued import glued_table_rows
    from extract.structure.tables.glued_chain import chain_cell

    if not positive:
        rows = glued_table_rows(case)
        assert all(chain_cell(case, r.cells["task"].span[0], r.span[1]) is None for r in rows)
        return
    _glued_table(rule, case, positive)


CHECKS[("tables.yaml", "glued_table.chain")] = {"": _glued_chain}
CHECKS[("tables.yaml", "quota_table.column_sums")] = {"": _quota_table}

CHECKS[("assignments.yaml", "prose.remit_duty")] = {
    "": lambda rule, case, positive: _prose(duty=case[2])(rule, case[:2], positive)}
CHECKS[("assignments.yaml", "prose")]["with_"] = _prose(duty="article")
CHECKS[("assignments.yaml", "prose.unit_run")] = {"": _prose_documents}
CHECKS[("assignments.yaml", "prose.run_together")] = {"": _prose_documents}
CHECKS[("assignments.yaml", "prose.title_duties")] = {"": _prose_documents}
CHECKS[("assignments.yaml", "duty_lists.unit_sentences")] = {"": _prose_documents}
CHECKS[("assignments.yaml", "prose.named_acts")] = {
    "": lambda rule, case, positive: _prose(duty=case[2])(rule, case[:2], positive)}
CHECKS[("assignments.yaml", "prose.joint_work")] = {
    "": lambda rule, case, positive: _prose(duty=case[2])(rule, case[:2], positive)}
CHECKS[("assignments.yaml", "prose.phase_acts")] = {
    "": lambda rule, case, positive: _prose(duty=case[2])(rule, case[:2], positive)}
CHECKS[("assignments.yaml", "prose.subject_verb")] = {
    "": lambda rule, case, positive: _prose(duty=case[2])(rule, case[:2], positive)}


def _glued_unit_blocks(rule, case, positive):
    """Rows of a glued table whose first column's units each span numbered rows: [task cell, leads,
    participants, responsible] each; a counterexample gives no rows."""
    from extract.structure.cell_roles import parse_cell
    from extract.structure.tables.glued_blocks import unit_block_rows

    if not positive:
        assert unit_block_rows(case) == []
        return
    raw, expected = case
    got = []
    for r in unit_block_rows(raw):
        key = next(k for k in r.cells if k != "task")
        a = parse_cell(r.cells[key].text, 0, key)
        got.append([r.cells["task"].text, *([n for n, _ in getattr(a, k)] for k in ROLES)])
    assert got == expected


CHECKS[("tables.yaml", "glued_cells.unit_blocks")] = {"": _glued_unit_blocks}


def _all_are_lead(rule, case, positive):
    """"无牵头单位的，责任单位即为牵头单位": each statement is read as the all-lead convention; the examples are
    read under it (an assignment naming no lead is led by all its units; role words win)."""
    from extract.structure.conventions import document_conventions, stated_conventions
    from extract.structure.lead_convention import ALL_KIND

    for statement in rule["statements"]:
        assert [k for _, k, _, _ in stated_conventions(statement)] == [ALL_KIND], statement
    conv = document_conventions(stated_conventions(rule["statements"][0]), [(0, 10 ** 6)], 0)
    raw, expected = case
    a = _parse(raw, first_is_lead=conv)
    assert ({} if a is None else _roles(a)) == expected


CHECKS[("assignments.yaml", "all_are_lead")] = {"": _all_are_lead}


def _shared_lead(rule, case, positive):
    """"分工负责为各部门按职责分别牵头，下同" stated, then "排在第一位的部门为牵头部门，下同" (stacked): each statement is
    read as the shared-lead convention; a "按职责分工负责" list leads whole, another form follows the later convention."""
    from extract.structure.conventions import document_conventions, stated_conventions
    from extract.structure.lead_convention import SHARED_KIND

    for statement in rule["statements"]:
        assert [k for _, k, _, _ in stated_conventions(statement)] == [SHARED_KIND], statement
    text = rule["statements"][0] + "）（排在第一位的部门为牵头部门，下同）"
    conv = document_conventions(stated_conventions(text), [(0, 10 ** 6)], 0)
    raw, expected = case
    a = _parse(raw, offset=len(text), first_is_lead=conv)  # (read after both statements)
    assert ({} if a is None else _roles(a)) == expected


CHECKS[("assignments.yaml", "shared_lead")] = {"": _shared_lead}

CHECKS[("assignments.yaml", "prose.article_items")] = {"": _prose_documents}
CHECKS[("assignments.yaml", "duty_lists.unit_heads")] = {"": _prose_documents}

def _general_table(rule, case, positive):
    """Rows of the fallback reader of glued task tables: [number, leads, participants, responsible,
    [[value, unit, year] …]] each; a counterexample gives no rows."""
    from extract.structure.cell_roles import parse_cell
    from extract.structure.tables.cells import dept_role
    from extract.structure.tables.general import general_table_rows

    if not positive:
        assert general_table_rows(case) == []
        return
    raw, expected = case
    got = []
    for r in general_table_rows(raw):
        roles = {k: [] for k in ROLES}
        for key, cell in r.cells.items():
            if dept_role(key):
                a = parse_cell(cell.text, cell.span[0], dept_role(key))
                for k in ROLES:
                    roles[k].extend(n for n, _ in getattr(a, k))
        got.append([r.number, *(roles[k] for k in ROLES), [[t.value, t.unit, t.year] for t in r.targets]])
    assert got == expected


CHECKS[("tables.yaml", "general_table")] = {"": _general_table}


def _bar_table(rule, case, positive):
    """Rows of a bar-separated table stored without a leading bar: [number, units] each; a
    counterexample gives no rows."""
    from extract.structure.cell_roles import parse_cell
    from extract.structure.tables.bar_rows import bar_table_rows
    from extract.structure.tables.cells import dept_role

    if not positive:
        assert bar_table_rows(case) == []
        return
    raw, expected = case
    got = []
    for r in bar_table_rows(raw):
        names = []
        for key, cell in r.cells.items():
            if dept_role(key):
                a = parse_cell(cell.text, cell.span[0], dept_role(key))
                names.extend(n for k in ROLES for n, _ in getattr(a, k))
        got.append([r.number, names])
    assert got == expected


CHECKS[("tables.yaml", "bar_table")] = {"": _bar_table}


def _cell_joint_lead(rule, case, positive):
    """A department cell "X会Y": [leads, participants]; a counterexample is no such cell."""
    from extract.structure.cell_roles import _joint_lead, parse_cell

    if not positive:
        assert _joint_lead(case, 0) is None
        return
    cell, (leads, partners) = case
    a = parse_cell(cell, 0, "responsible")
    assert ([n for n, _ in a.lead], [n for n, _ in a.participants], a.responsible) == (leads, partners, [])
    assert all(cell[s:e] == n for n, (s, e) in a.lead + a.participants)


CHECKS[("tables.yaml", "cell_joint_lead")] = {"": _cell_joint_lead}


def _person_table(rule, case, positive):
    """Rows of a project table whose unit cell stands between person cells: [number, units] each;
    a counterexample gives no rows."""
    from extract.structure.tables.person_rows import person_table_rows

    if not positive:
        assert person_table_rows(case) == []
        return
    raw, expected = case
    got = [[r.number, [c.text for k, c in r.cells.items() if k.startswith("responsible")]]
           for r in person_table_rows(raw)]
    assert got == expected


CHECKS[("tables.yaml", "person_table")] = {"": _person_table}


def _person_deadline_table(rule, case, positive):
    """Rows of an unnumbered person table closed by deadline cells: [task, units] each; a counterexample
    gives no rows."""
    from extract.structure.tables.person_rows import person_deadline_rows

    if not positive:
        assert person_deadline_rows(case) == []
        return
    raw, expected = case
    got = [[r.cells["task"].text, [c.text for k, c in r.cells.items() if k.startswith("responsible")]]
           for r in person_deadline_rows(raw)]
    assert got == expected


CHECKS[("tables.yaml", "person_deadline_table")] = {"": _person_deadline_table}
CHECKS[("assignments.yaml", "duty_lists.unit_headings")] = {"": same_result(_task_roles)}
CHECKS[("assignments.yaml", "duty_lists.unit_folds")] = {"": same_result(_task_roles)}  # (h10d: a unit heading over its duty sub-items)
CHECKS[("assignments.yaml", "prose.list_lead_in")] = {"": _prose_documents}  # (h9w: a lead-in colon opening a department-first list)
CHECKS[("assignments.yaml", "prose.must_generic_related")] = {"": _prose_documents}  # (h9w: related departments before a named kind)
CHECKS[("assignments.yaml", "prose.lead_pause")] = {"": _prose_documents}  # (s35u: "由X牵头、Y配合": the 、 after 牵头 closes the lead's clause)


def _weighted_table(rule, case, positive):
    """Rows of a flattened assessment table whose indicators end with their weight: [number, leads,
    participants, responsible] each; a counterexample gives no rows."""
    from extract.structure.tables.glued_weighted import weighted_rows

    if not positive:
        assert weighted_rows(case) == []
        return
    raw, expected = case
    got = weighted_rows(raw)
    assert [[r.number] + [[c.text for k, c in r.cells.items() if k.split(":")[0] == role]
                          for role in ("lead", "participants", "responsible")] for r in got] == expected
    assert all(raw[c.span[0]:c.span[1]] == c.text for r in got for c in r.cells.values())


CHECKS[("tables.yaml", "weighted_table")] = {"": _weighted_table}


def _flat_layout(rule, case, positive):
    """Rows of a table flattened one cell a paragraph, read by its own layout: [number, the task cell's first
    4 characters, leads, participants, responsible] each; a counterexample gives no rows."""
    from extract.structure.cell_roles import parse_cell
    from extract.structure.tables.flat import flat_table_rows

    found = []
    for row in flat_table_rows(case["text"]):
        names = {"lead": [], "participants": [], "responsible": []}
        for key, cell in row.cells.items():
            role = key.split(":")[0]
            if role in names:
                parsed = parse_cell(cell.text, 0, role, False)
                for name in names:
                    names[name] += [n for n, _ in getattr(parsed, name)]
        found.append([row.number, row.cells["task"].text[:4], names["lead"], names["participants"], names["responsible"]])
    assert found == case["rows"]


def _group_title(rule, case, positive):
    """A piece that may title a group of rows printed between a table's rows."""
    from extract.structure.tables.flat import _group_title as title

    assert title(case) == positive


def _dept_group(rule, case, positive):
    """A 各-group of places is a unit name in a table cell."""
    from extract.structure.tables.cells import looks_like_departments

    assert looks_like_departments(case) == positive


CHECKS[("tables.yaml", "flat_layout")] = {"": _flat_layout}  # (h11b: tables printed one cell a paragraph)
CHECKS[("tables.yaml", "flat_group_title")] = {"": _group_title}
CHECKS[("tables.yaml", "dept_group")] = {"": _dept_group}


def _unit_text_table(rule, case, positive):
    """Rows of a per-unit target table one cell a line: [unit, the task cell's first 6 characters] each."""
    from extract.structure.tables.unit_text import unit_text_rows

    assert [[r.cells["responsible"].text, r.cells["task"].text[:6]] for r in unit_text_rows(case["text"])] == case["rows"]


CHECKS[("tables.yaml", "unit_text_table")] = {"": _unit_text_table}  # (h11b)
CHECKS[("assignments.yaml", "duty_lists.colon_own")] = {"": _prose_documents}
CHECKS[("assignments.yaml", "duty_lists.tied_opening")] = {"": _prose_documents}  # (s36f: a tie word opens no entry)
CHECKS[("assignments.yaml", "duty_lists.line_heads")] = {"": _prose_documents}  # (s36f: a unit alone on its line heads)  # (h11a: a unit's own colon entry)


def _task_starts(rule, case, positive):
    """{task id: the first characters of its text}, as many as the expected value has (h11a: where a run starts)."""
    from extract.pipeline import extract_text

    raw, expected = case
    got = {t.id: raw[t.span[0]:t.span[0] + len(expected.get(t.id, ""))] for d in extract_text(raw) for t in d.tasks
           if t.lead or t.participants or t.responsible}
    assert got == expected


CHECKS[("assignments.yaml", "duty_lists.first_at_heading")] = {"": _task_starts}  # (h11a: R8 (a), the first run at the heading)
CHECKS[("assignments.yaml", "verb_roles.lead_shares")] = {"": _prose_documents}  # (h11a: "X牵头，Y…履行相应职责")
CHECKS[("assignments.yaml", "reply_frames")] = {"": _prose_documents}  # (h11a: reply letters' frames)

def _glued_opening(rule, case, positive):
    """Rule glued_opening (h12u): an example [name, the unit it names] — null when the name is a verb's object and no
    unit (looks_like refuses it too); a counterexample is neither cut nor refused."""
    from extract.entities.unit_shape import glued_opening, glued_verb, looks_like_department

    if not positive:
        assert glued_opening(case) == 0 and not glued_verb(case)
        return
    name, unit = case
    if unit is None:
        assert glued_verb(name) and not looks_like_department(name)
    else:
        assert not glued_verb(name) and name[glued_opening(name):] == unit


CHECKS[("departments.yaml", "glued_opening")] = {"": _glued_opening}

def _plan_period(rule, case, positive):
    """The last year of the period a plan's title names; a title naming no period (or not a plan's) gives None."""
    from extract.enrich import plan_period_end

    title, year = case if positive else (case, None)
    assert plan_period_end(title) == year


def _plan_period_body(rule, case, positive):
    """(GOLD_GUIDE R12) the years of a plan's targets in reading order: an undated count takes the period's last year,
    a count per year stays undated, a dated one keeps its year; a plan without years leaves them undated."""
    from extract.pipeline import extract_text

    text, years = case
    docs = extract_text(text, "plan.md")
    assert [t.year for d in docs for task in d.tasks for t in task.targets] == years


def _part_period(rule, case, positive):
    """(s35t) A part's heading that names a period as the period of its work dates its tasks' undated targets to the
    period's last year."""
    from extract.enrich import part_period_end

    heading, year = case if positive else (case, None)
    assert part_period_end(heading) == year


CHECKS[("targets.yaml", "plan_period")] = {"": _plan_period, "body_": _plan_period_body,  # (h12g: GOLD_GUIDE R12)
                                           "part_": _part_period}


def _cell_kind_list(rule, case, positive):
    """A participants cell read into its units (h12t: "相关委、办、局" one unit)."""
    from extract.structure.cell_roles import parse_cell

    raw, expected = case
    assert [n for n, _ in parse_cell(raw, 0, "participants", False).participants] == expected


CHECKS[("tables.yaml", "flat_unnumbered")] = {"": _flat_layout}  # (h12t: a header with no number column)
CHECKS[("tables.yaml", "cell_kind_list")] = {"": _cell_kind_list}


def _goal_score_table(rule, case, positive):
    """(h13g) Rows of a flattened goal table closed by scores: [number, units] each (the unit cell inherited
    down a block); a counterexample gives no rows."""
    from extract.structure.tables.glued_goals import goal_rows

    if not positive:
        assert goal_rows(case) == []
        return
    raw, expected = case
    got = goal_rows(raw)
    assert [[r.number, [c.text for k, c in r.cells.items() if k != "task"]] for r in got] == expected
    assert all(raw[c.span[0]:c.span[1]] == c.text for r in got for c in r.cells.values())


CHECKS[("tables.yaml", "goal_score_table")] = {"": _goal_score_table}


def _scored_table(rule, case, positive):
    """(h13g) Rows of a flattened assessment table cut at their unit cells: the units of each row (a merged
    cell taken by the rows under it); a counterexample gives no rows."""
    from extract.structure.tables.glued_scored import scored_rows

    if not positive:
        assert scored_rows(case) == []
        return
    raw, expected = case
    got = scored_rows(raw)
    assert [[c.text for k, c in r.cells.items() if k != "task"] for r in got] == expected
    assert all(raw[c.span[0]:c.span[1]] == c.text for r in got for c in r.cells.values())


CHECKS[("tables.yaml", "scored_table")] = {"": _scored_table}


def _scored_pair(rule, case, positive):
    """(h13g) Rows of a flattened numbered table with 牵头 | 配合 (or unit | time) columns last: [leads,
    participants] per row; a counterexample gives no rows."""
    from extract.structure.tables.glued_pair import pair_rows

    if not positive:
        assert pair_rows(case) == []
        return
    raw, expected = case
    got = pair_rows(raw)
    assert [[[c.text for k, c in r.cells.items() if k.split(":")[0] == role] for role in ("lead", "participants")]
            for r in got] == expected
    assert all(raw[c.span[0]:c.span[1]] == c.text for r in got for c in r.cells.values())


CHECKS[("tables.yaml", "scored_table.pair")] = {"": _scored_pair}


def _goal_year(rule, case, positive):
    """(h16t) A plan whose goal is to be reached in the year of its date is that year's plan."""
    from extract.enrich import document_year
    from extract.model import Document

    text = f"某某提升行动方案 {case} 某某厅 2016年3月29日"
    doc = Document(id="d", title="某某提升行动方案", kind="方案", span=(0, len(text)), date="2016-03-29")
    assert document_year(doc, text) == (2016, positive)


CHECKS[("targets.yaml", "relative_year")]["goal_year_"] = _goal_year


def _magnitude_values(rule, case, positive):
    """(h16t) The counts a programme named by their magnitudes stands for are targets."""
    assert [t.value for t in _targets(case["text"])] == case["values"]


CHECKS[("targets.yaml", "magnitude_project")] = {"": _magnitude_values}


def _part_year(rule, case, positive):
    """(h16t) A part's heading that names one year as the year of its work dates its tasks."""
    from extract.enrich import part_year_of

    heading, year = case if positive else (case, None)
    assert part_year_of(heading) == year


CHECKS[("targets.yaml", "relative_year")]["part_year_"] = _part_year


def _campaign_span(rule, case, positive):
    """(h16t) A notice running a campaign over a span of its own or the next year is that campaign's plan."""
    from extract.enrich import document_year
    from extract.model import Document

    text, year = case if positive else (case, None)
    body = f"关于开展专项行动的通知 各单位：{text}现就有关事项通知如下。"
    doc = Document(id="d", title="关于开展专项行动的通知", kind="通知", span=(0, len(body)), date="2016-01-05")
    assert document_year(doc, body) == ((year, True) if positive else (2016, False))


CHECKS[("targets.yaml", "relative_year")]["campaign_span_"] = _campaign_span


def _campaign_season(rule, case, positive):
    """(h16t) A 今冬明春 notice of the second half of a year runs its campaign into the next year."""
    from extract.enrich import document_year
    from extract.model import Document

    title, year = case if positive else (case, None)
    body = f"{title} 各单位：现就有关事项通知如下。"
    doc = Document(id="d", title=title, kind="通知", span=(0, len(body)), date="2016-11-20")
    assert document_year(doc, body) == ((year, True) if positive else (2016, False))


CHECKS[("targets.yaml", "relative_year")]["campaign_season_"] = _campaign_season


def _spaced_last(rule, case, positive):
    """(h16g) Rows of a table printed one row a line with spaced cells and the unit column last: the unit names of
    each row's department cells (read as cells are, ``parse_cell``); a counterexample gives no rows."""
    from extract.structure.tables.spaced_last import spaced_last_rows

    if not positive:
        assert spaced_last_rows(case) == []
        return
    raw, expected = case
    got = spaced_last_rows(raw)
    assert [[n for k, c in r.cells.items() if k.split(":")[0] == "responsible"
             for n, _ in _parse_cell(c.text).responsible] for r in got] == expected
    assert all(raw[c.span[0]:c.span[1]] == c.text for r in got for c in r.cells.values())


CHECKS[("tables.yaml", "spaced_last")] = {"": _spaced_last}


def _scored_lead_column(rule, case, positive):
    """(h16g) Rows of a flattened assessment table with a lead column before its score column: [leads, responsible]
    per row; a counterexample gives no lead cell."""
    from extract.structure.tables.glued_scored import scored_rows

    got = scored_rows(case if not positive else case[0])
    cells = [[[c.text for k, c in r.cells.items() if k.split(":")[0] == role] for role in ("lead", "responsible")]
             for r in got]
    if not positive:
        assert not any(lead for lead, _ in cells)
        return
    assert cells == case[1]


CHECKS[("tables.yaml", "scored_table.lead_column")] = {"": _scored_lead_column}


def _composition(rule, case, positive):
    """(h16u) A sentence that states a body's composition and nothing else names no unit (rule ``composition``)."""
    from extract.structure.lone_groups import is_composition

    assert is_composition(case) is positive


CHECKS[("assignments.yaml", "composition")] = {"": _composition}


# --- w2a (session 34b) ---------------------------------------------------------------------------------------
def _unit_paragraph_table(rule, case, positive):
    """Rows of a per-place figure table printed one cell a paragraph: [number, responsible] each."""
    from extract.structure.tables.unit_paragraphs import unit_paragraph_rows

    if not positive:
        assert unit_paragraph_rows(case) == []
        return
    raw, expected = case
    got = unit_paragraph_rows(raw)
    assert [[r.number, r.cells["responsible"].text] for r in got] == [[a if a is None else str(a), b] for a, b in expected]
    assert all(raw[c.span[0]:c.span[1]] == c.text for r in got for c in r.cells.values())


CHECKS[("tables.yaml", "unit_paragraph_table")] = {"": _unit_paragraph_table}


CHECKS[("structure.yaml", "object_list")] = {"": regex_search()}


def _year_cells(rule, case, positive):
    """(w2t) A year cell followed by a cell of counts in a table row printed one cell per line: one target per count,
    due that year ("<=" under a ceiling word of the row)."""
    from extract.entities.target_cells import year_cell_targets

    text = case["text"]
    got = [[t.value, t.unit, t.comparator, t.year] for t in year_cell_targets(text, 0, len(text), [])]
    assert got == case["targets"]


CHECKS[("targets.yaml", "year_cells")] = {"": _year_cells}


def _stage_year(rule, case, positive):
    """(s36g) A stage of the work whose heading gives its time in one year dates its tasks, as a part's year does."""
    import re as _re

    from extract.enrich import part_year_of

    heading, year = case if positive else (case, None)
    assert part_year_of(heading) == year
    if positive:
        assert _re.match(rule["stage_year"], heading)


CHECKS[("targets.yaml", "relative_year")]["stage_year_"] = _stage_year


def _flat_header_wrap(case: str, positive: bool) -> None:
    """flat_header_wrap: the two lines "A|B" are one wrapped header cell."""
    from extract.structure.tables.flat_rows import wrapped_header_cell

    head, tail = case.split("|")
    assert wrapped_header_cell(head, tail) is positive
