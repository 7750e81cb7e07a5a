"""Where a labelled unit list ends ("牵头单位：A、B；配合单位：C"): at the next label, another field,
a sentence end, a heading's colon or a heading run in after its last unit (rules ``labels`` in
``extract/rules/assignments.yaml``, read through :func:`extract.structure.assignment_rules.rules`).

``label_run_end(s) -> int``: the end of the run of labels that starts ``s``;
``label_body_end(s, labels, i) -> int``: the end of label ``labels[i]``'s unit list;
``line_end(text, pos, end) -> int``: the end of a labelled line (a unit list broken after its 、 runs on);
``mostly_units(body)`` / ``unit_shaped(name)``: whether a guarded label's list is one of units (rule
``labels.compose.guarded``: "相关部门：A、B等。"). Pure.
"""

from __future__ import annotations

import re

from extract.entities.unit_lists import names as _names
from extract.entities.unit_shape import is_unit_name
from extract.structure.assignment_rules import rules


def _heading_run_in(body: str) -> int:
    """Where a heading glued to the last name of a labelled list starts
    ("…区通管办大力发展创投基金" → after 区通管办): the last name does not end
    like a unit (nor in a collective word: 相关部门和地方) but a part of it of at
    least 3 characters does, and at least ``heading_min`` characters follow it;
    else ``len(body)``."""
    r = rules()
    last_at = max(body.rfind(c) for c in "、，,；;") + 1
    last = body[last_at:].rstrip("等")
    ends_like_unit = r["unit_like_end"].search
    if len(last) < 3 + r["heading_min"] or len(last) > 60 or ends_like_unit(last) \
            or last.endswith(r["collective"]) or _unit_with_verb(last):
        return len(body)
    for e in range(len(last) - r["heading_min"], 2, -1):
        if ends_like_unit(last[:e]) and not ends_like_unit(last[:e + 1]):
            return last_at + e
    return len(body)


def _unit_with_verb(clause: str) -> bool:
    m = rules()["verb_end"].match(clause)  # "国家海洋局海岛研究中心参与": no run-in heading
    return bool(m and m["list"] and rules()["unit_like_end"].search(m["list"].rstrip("等")))


_CLAUSE_END = re.compile(r"[，,；;、]|\s")


def _heading_quote(body: str) -> int:
    """Where a heading glued to a labelled list starts (rule ``labels.heading_quote``), or -1.  A cut after
    a list's 等 is no heading when the clause goes on with a role verb only ("区农村发展局等参与",
    "A、B等配合": the role verbs of rule ``verbs``); when a space and the next paragraph, or a heading glued to
    the verb, follow it, the list ends after the verb ("…等参与 鼓励农民…", "…等参与（二）严格监管…")."""
    r = rules()
    for m in r["heading_quote"].finditer(body):
        at = m.start()
        if m["etc"] is not None:  # the cut after a list's 等
            verb = max((v for v in r["verb_role"] if body.startswith(v, at)), key=len, default="")
            after = at + len(verb)
            if verb and (after == len(body) or _CLAUSE_END.match(body, after)):
                if after < len(body) and body[after].isspace():
                    return after  # "…等参与 鼓励农民…": the next paragraph starts after the verb
                continue
            if verb:
                return after  # "…等参与（二）严格监管…": a heading glued to the verb
        return at
    return -1


def label_body_end(s: str, labels: list, i: int) -> int:
    """Where the unit list of label ``labels[i]`` in ``s`` ends: at the next
    label, another field, a sentence end or a heading's colon, or a heading run
    in after the last unit ("区卫生与计划生育局“互联网+”教育")."""
    r = rules()
    m = labels[i]
    end = labels[i + 1].start() if i + 1 < len(labels) else len(s)
    body = s[m.end():end]
    other = r["other_field"].search(body)  # "；完成时限：…", "  责任领导：…"
    body = body[:other.start()] if other else body
    signed = r["sign_off"].search(body) if "年" in body or "来源" in body or "抄送" in body else None
    body = body[:signed.start()] if signed else body  # "… 平潭综合实验区管委会办公室 2016年8月1日印发" (rule bare_units.sign_off)
    stop = r["body_stop"].search(body)  # a list never runs past a sentence end or a heading's colon
    body = (body[:stop.start()] if stop else body).rstrip("；;，,。 \n")
    quote = _heading_quote(body)  # "区卫生与计划生育局“互联网+”教育": the next heading
    body = body[:quote] if quote >= 0 else body
    return m.end() + _heading_run_in(body)  # "区通管办大力发展创投基金。": the next heading


def label_run_end(s: str) -> int:
    """The end of the run of labels that starts ``s`` ("牵头单位：A，配合单位：B"):
    the end of the last label's unit list before text that is no label
    (rule ``labels.run_gap``: only separators may stand between two labels of a
    run), so "…配合单位：B“互联网+”教育：…。牵头单位：C" is two runs."""
    r = rules()
    labels = list(r["label_re"].finditer(s))
    if not labels:
        return len(s)
    for i in range(len(labels)):
        end = label_body_end(s, labels, i)
        if i + 1 < len(labels) and r["run_gap"].sub("", s[end:labels[i + 1].start()]):
            return end
    return len(s)


ROLES = ("lead", "participants", "responsible")
_LEVEL_NOTE = re.compile(r"(?<=[省市县区])[（(][省市县区旗、]{1,6}[）)]")


def unit_shaped(name: str) -> bool:
    """A name shaped like a unit (:func:`is_unit_name`), also with the level note of its place word left out
    ("各县（市、区）市场监管局" as "各县市场监管局")."""
    return is_unit_name(name) or ("（" in name or "(" in name) and is_unit_name(_LEVEL_NOTE.sub("", name))


def mostly_units(body: str) -> bool:
    """The first name of a labelled list and more than half of its names are shaped like units."""
    listed = _names(body.strip().rstrip("。；;，,"), 0)
    shaped = [unit_shaped(n) for n, _ in listed]
    return bool(listed) and shaped[0] and 2 * sum(shaped) > len(shaped)


def line_end(text: str, pos: int, end: int) -> int:
    """The end of the line at ``pos``, or of the next one when the line ends in 、 and the next is a short
    line with no field, sentence end or heading mark (a unit list broken over lines: "责任单位：市发改委、\n市财政局")."""
    k = text.find("\n", pos, end)
    if k == -1:
        return end
    if text[pos:k].endswith("、"):
        nxt = text.find("\n", k + 1, end)
        nxt = end if nxt == -1 else nxt
        if 0 < nxt - k - 1 <= _CONTINUATION_MAX and not _NOT_CONTINUATION.search(text, k + 1, nxt):
            return nxt
    return k


_CONTINUATION_MAX = 80
_NOT_CONTINUATION = re.compile(r"[：:。；;|#<>【】]|^\s*[（(]?[一二三四五六七八九十0-9]+[、.．)）]", re.MULTILINE)
