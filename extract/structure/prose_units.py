"""Which units a phrase of running prose names (rule ``prose`` in ``extract/rules/assignments.yaml``).

``accepted_units(s, pos, accept)`` gives the units of a phrase when every one passes ``accept``
(the caller's test of what may stand for a unit): the whole phrase if it is one unit, else its
items — a shared head lent to the items before it ("网信、公安、国家安全部门"), either body of
"X或者Y", the group after "X及其"; ``second_name(name)`` reads "X（Y）", a unit and the other
name it bears.
"""

from __future__ import annotations

import re
from functools import lru_cache

from extract.entities.departments import resolve_group
from extract.entities.standard_names import rules as standard_rules
from extract.memo import offset_memo
from extract.entities.unit_lists import Name, generic_group, lead_in, names as _names, strip_prefixes, unit_shaped
from extract.structure.prose_rules import rules as _prose_rules


def inclusion_remark() -> re.Pattern:
    """Rule ``prose.inclusion``: "（含定州、辛集市）", what a place includes, inside a unit's name."""
    return _prose_rules()["inclusion"]


_SPACE = re.compile(r"[ \t\u3000]")


def located_unit() -> re.Pattern:
    """Rule ``prose.located``: "白天鹅栖息地所在地的", the place phrase that names a body by where it acts."""
    return _prose_rules()["located"]


_TYPE_LIST_END = re.compile(r"等(?:其他)?(?:有关|相关)?(?:部门|单位|机关|机构)$")


def repeated_name(name: str, earlier: str) -> bool:
    """``name`` names again the body ``earlier`` named with a group prefix ("高职院校" after "各有关高职院校",
    rule ``prose.repeated_prefix``): a task keeps it once."""
    m = _prose_rules()["repeated_prefix"].match(earlier)
    return bool(m) and earlier[m.end():] == name


def second_name(name: str):
    """"各级发展改革部门（行政审批部门）" → a match with groups ``unit`` and ``other`` (the other
    name the unit bears, rule ``prose.second_name``), else None."""
    return _prose_rules()["second_name"].fullmatch(name)


def accepted_units(s: str, pos: int, accept, people: re.Pattern | None = None) -> list[Name]:
    """The units of ``s`` when all pass ``accept``: the whole phrase if it is one
    unit (各市、县（市、区）人民政府), else its 、-separated items; [] otherwise.
    Items matching ``people`` ("相关处室值班人员") are staff, not units: left out."""
    found = _accepted_units(s, pos, accept, people)  # (a phrase is read again by several rules: remembered)
    if found or not s.rstrip().endswith(_prose_rules()["party_tail_words"]):
        return found
    media = _prose_rules()["media_tail"].search(s.rstrip())  # "区传媒中心、平潭时报等新闻媒体": the outlets named
    if media and media.start() >= 2:  # (rule prose.media_tail)
        return _accepted_units(s[:media.start()], pos, accept, people)
    m = _prose_rules()["party_tail"].search(s.rstrip())  # "各级人民政府、有关部门和新闻媒体": the bodies before the
    found = _accepted_units(s[:m.start()], pos, accept, people) if m and m.start() >= 2 else []  # parties (rule
    bodies = _prose_rules()["party_tail_bodies"]  # party_tail: at least two, each a government or a department)
    return found if len(found) >= 2 and all(bodies.search(n) for n, _ in found) else []


@offset_memo(kept=True)  # (a phrase is read again in a corpus: remembered across documents)
def _accepted_units(s: str, pos: int, accept, people: re.Pattern | None = None) -> list[Name]:
    lead_ws = len(s) - len(s.lstrip())
    whole = s.strip()
    cut = lead_in(whole)  # "巡查阶段（9月27日-28日）由X": the list starts at 由
    whole, lead_ws = whole[cut:], lead_ws + cut
    for p in strip_prefixes():  # "由区规划局": the unit is after 由
        if whole.startswith(p) and len(whole) > len(p) + 1:
            whole, lead_ws = whole[len(p):], lead_ws + len(p)
            break
    glued = _prose_rules()["glued_heading"].match(whole)  # "资金保障区财政部门": heading words run in
    if glued and not accept(glued.group()) and accept(whole[glued.end():]):
        cut = lead_ws + glued.end()
        s, pos, whole, lead_ws = s[cut:], pos + cut, whole[glued.end():], 0
    spaced = _prose_rules()["spaced_heading"].match(whole) if _SPACE.search(whole) else None  # a lost line break:
    # "集中开展灭火救援训练 县政府"
    if spaced and not accept(spaced["head"]) and (accept(spaced["unit"]) or "、" in spaced["unit"] and _accepted_units(
            spaced["unit"], 0, accept, people)):  # (a list after the space: "…部署 各片区建设指挥部、区直各部门…")
        cut = lead_ws + spaced.start("unit")
        s, pos, whole, lead_ws = s[cut:], pos + cut, whole[spaced.start("unit"):], 0
    poss = _prose_rules()["possessive"].match(whole) if whole.startswith("其") else None
    if poss and accept(whole[poss.end():]):  # "其所属的引黄工程运行机构": the body owned (rule prose.possessive)
        s, pos, whole, lead_ws = whole[poss.end():], pos + lead_ws + poss.end(), whole[poss.end():], 0
    concerned = _prose_rules()["concerned"].search(whole) if (  # "…所涉及的乡（镇）人民政府": the unit after its locator
        "涉及的" in whole or "所在" in whole) else None
    if concerned:  # (rule prose.concerned; "X和…所涉及的Y": X too)
        at = pos + lead_ws
        before = accepted_units(whole[:concerned.start() - 1], at, accept, people) if concerned.start() else []
        rest = accepted_units(whole[concerned.end():], at + concerned.end(), accept, people)
        if (rest and not concerned.start() and _prose_rules()["kept_locator"].search(concerned.group())
                and rest[0][1][0] == at + concerned.end()):  # "湿地所在地县（区）林业主管部门": the body printed with
            first_end = rest[0][1][1] - at  # its place words keeps them ("所在地街道办事处、乡（镇）人民政府": the first)
            return [(whole[:first_end], (at, at + first_end))] + rest[1:]
        if rest and (before or not concerned.start()):
            return before + rest
    located = located_unit().match(whole) if "的" in whole or "沿线" in whole or "受水区" in whole else None
    if located and not accept(whole):  # "电梯所在地的乡（镇）人民政府、街道办事处": the list after the place phrase
        rest = accepted_units(whole[located.end():], pos + lead_ws + located.end(), accept, people)
        if len(rest) > 1:
            return rest
    kind = _prose_rules()["kind_of"].match(whole) if "的" in whole else None  # "A、B等人民政府的派出机关（机构）"
    if kind:  # (rule prose.kind_of: the category the listed units belong to is no unit)
        listed = _names(whole[:kind.end("list")], pos + lead_ws)
        listed = [part for n in listed for part in _inner_split(n, accept)]
        if listed and all(accept(n) for n, _ in listed):
            return listed
    inner = _prose_rules()["alias_inner"].search(whole) if "称" in whole else None
    if inner and inner.start() >= 2:  # "X（以下称“Y”）和Z": X and Z (rule prose.alias.inner)
        at = pos + lead_ws
        left = accepted_units(whole[:inner.start()], at, accept, people)
        right = accepted_units(whole[inner.end() + 1:], at + inner.end() + 1, accept, people) if left else []
        if right:
            return left + right
    alias = _prose_rules()["alias"].search(whole)  # "上海市科学技术委员会（以下简称市科委）": the unit before it
    if alias and alias.start() >= 2:
        s, whole = s.rstrip()[:alias.start() - len(whole)], whole[:alias.start()]
    ref = _prose_rules()["reference"].match(whole)  # "本规定第五条规定的负责…的部门": the unit after it
    if ref and len(whole) > ref.end() + 1:
        cut = lead_ws + ref.end()
        s, pos, whole, lead_ws = s[cut:], pos + cut, whole[ref.end():], 0
    matter = _prose_rules()["matter_by"].match(whole)  # "婴幼儿照护服务发展工作由卫生健康部门": after 由
    if matter and len(whole) > matter.end() + 1:
        cut = lead_ws + matter.end()
        s, pos, whole, lead_ws = s[cut:], pos + cut, whole[matter.end():], 0
    remark = _prose_rules()["type_remark"].search(whole) if whole.endswith(("）", ")")) else None
    if remark:  # "…等部门（单位）": the remark closing a type list is no part of it (rule prose.type_remark)
        s, whole = s[:lead_ws + remark.start()], whole[:remark.start()]
    if _prose_rules()["inner_by"].search(whole):  # "配送具体办法由X…": a matter, not a unit
        return []
    listed = _level_list(whole, pos + lead_ws, accept, people)
    if listed:  # "县级以上人民政府卫生健康、民政等部门", "X、Y等部门和Z" (rule prose.level_list)
        return listed
    either = _either(whole, pos + lead_ws, accept, people)
    if either:  # "城管执法部门或者行政审批部门": either body (rule prose.either)
        return either
    if "等" not in whole and accept(whole):
        split = [_without_possessive(n) for n in _names(s, pos)] if any(j in whole for j in _JOINERS) else []
        if len(split) > 1 and all(accept(n) for n, _ in split):  # "政法综治处和农业农村处" (rule conjoined)
            return split
        if len(split) == 2 and generic_group(split[1][0]) and "各" not in split[0][0] and _elided(split[0][0]) and (
                accept(split[0][0] + "部门")):
            return split  # "审计及其他有关部门": the type and the group (rule conjoined.group_right)
        pair = _joined_pair(whole, pos + lead_ws, accept) if split else []  # "X运行机构与…沿线设区的市、县（市、区）
        if pair:  # 人民政府水行政主管部门": the list split at its levels hid the joiner (rule conjoined)
            return pair
        return [(whole, (pos + lead_ws, pos + lead_ws + len(whole)))]
    alt = _prose_rules()["alternative"].match(whole)
    if alt and accept(alt["a"]) and (accept(alt["b"]) or alt["b"].endswith(_prose_rules()["alternative_heads"])):
        at = pos + lead_ws
        return [(alt["a"], (at + alt.start("a"), at + alt.end("a"))), (alt["b"], (at + alt.start("b"), at + alt.end("b")))]
    names = [_without_possessive(n) for n in _names(s, pos)]  # "市、区人民政府及其有关部门": 有关部门
    if len(names) > 1 and "其" in whole:  # "驻岚部队、武警及其医疗单位": X's own parts, no unit (rule possessive.own_parts)
        names = [n for n in names if not (_prose_rules()["own_parts"].match(n[0]) and not accept(n[0]))]
    if people is not None:
        names = [n for n in names if not people.search(n[0])]
    if not names:
        return []
    if len(names) > 1 and _TYPE_LIST_END.search(whole):
        # "…、招投标管理以及教育、卫生等有关部门": an item that joins two items (rule prose.inner_joiner)
        names = [part for n in names for part in _inner_split(n, accept)]
    head = _elided_head(names[-1][0]) if len(names) > 1 and accept(names[-1][0]) else None
    if head is None:  # "自然资源和规划等部门": the head after 等 is lent to every item (alternative_heads)
        head = next((h for h in _prose_rules()["alternative_heads"] if whole.endswith("等" + h)), None)
    typed = bool(_TYPE_LIST_END.search(whole))  # "文化和旅游、粮食和储备等其他有关部门", "特种设备安全监督管理等部门"
    ok = all(accept(n) or (head is not None and _elided(n, typed) and accept(n + head)) or _listed_zone(names, i)
             or _listed_town(names, i, accept) for i, (n, _) in enumerate(names))
    if not ok and len(names) > 2:  # "各区市县政府、广安经开区、枣山园区、协兴园区管委会、乡镇政府": an item lends its head
        ok = all(accept(n) or (h is not None and _elided(n) and accept(n + h)) for (n, _), h in zip(names, _next_heads(names, accept)))
    return _listed_head(names, head) if ok else _without_committees(whole, pos + lead_ws, accept)


def _without_committees(whole: str, at: int, accept) -> list[Name]:
    """The items of the list ``whole`` (at ``at``) without the short forms of the self-governing committees
    ("各乡镇、村（居）": 各乡镇; "基层政府和社区组织": 基层政府; rule ``prose.self_governing.short``, GOLD_GUIDE R3), when
    at least one item is such a form and every other item is a unit; ``[]`` otherwise.  Items are cut at 、 and the
    last one at a joiner before such a form."""
    short = _prose_rules()["self_governing_short"]
    items, i = [], 0
    for piece in whole.split("、"):
        items.append((piece, (at + i, at + i + len(piece))))
        i += len(piece) + 1
    last, (start, _) = items[-1]
    for j in _JOINERS:
        k = last.rfind(j)
        if k > 0 and short.match(last[k + len(j):]):
            items[-1:] = [(last[:k], (start, start + k)), (last[k + len(j):], (start + k + len(j), start + len(last)))]
            break
    kept = [n for n in items if not short.match(n[0])]
    if 0 < len(kept) < len(items) and all(accept(n) for n, _ in kept):
        return kept
    return _without_parties(whole, at, accept)


def _without_parties(whole: str, at: int, accept) -> list[Name]:
    """The items of the list ``whole`` (at ``at``) without those that name a class of regulated parties or institutions
    ("区建设管理委及燃气企业": 区建设管理委; rule ``prose.regulated_party.listed``, GOLD_GUIDE R3 and rule 4), when such
    classes close the list and every item before them is a government body or a department; ``[]`` otherwise."""
    party = _prose_rules()["listed_party"]
    if not party.search(whole) and not any(party.match(p) for p in re.split("[、和及与]", whole)):
        return []
    items = _names(whole, at)
    kept = [n for n in items if not party.match(n[0])]
    bodies = _prose_rules()["party_tail_bodies"]  # (the bodies before the parties, each a government or a department:
    # "企业、市发改委组织实施", "企业、高校和科研院所" name no body beside a class; a list the split missed keeps its party word)
    return kept if 0 < len(kept) < len(items) and items[:len(kept)] == kept and all(
        accept(n) and (bodies.search(n) or unit_shaped(n)) and not party.search(n) for n, _ in kept) else []


def bracketed_zone(name: str) -> bool:
    """Whether ``name`` is a group of localities with the zones beside it in brackets ("各乡镇（园区）", rule
    ``prose.listed_zone.bracketed``)."""
    m = _prose_rules()["bracketed_zone"].match(name) if name.endswith(("）", ")")) else None
    group = resolve_group(m["unit"]) if m else None
    return group is not None and group.kind == "localities"


def _listed_zone(names: list[Name], i: int) -> bool:
    """Whether item ``i`` is a bare zone word ("园区") listed right after a group of districts ("各区市县、园区"):
    the zones beside them, a unit there (rule ``prose.listed_zone``)."""
    if i == 0 or not _prose_rules()["listed_zone"].fullmatch(names[i][0]):
        return False
    group = resolve_group(names[i - 1][0])
    return group is not None and group.kind == "localities"


def _listed_town(names: list[Name], i: int, accept) -> bool:
    """Whether item ``i`` is a named town or township ("潭城镇") listed beside another item that is a unit:
    a unit there (rule ``prose.listed_town``)."""
    return bool(_prose_rules()["listed_town"].fullmatch(names[i][0])) and any(
        accept(n) for j, (n, _) in enumerate(names) if j != i)


def _joined_pair(whole: str, at: int, accept) -> list[Name]:
    """``whole`` (a unit as a whole) as two units joined by 与/及/和 where both sides end like a unit and are
    units ("引黄工程运行机构与…人民政府水行政主管部门"); ``[]`` otherwise."""
    for j in _JOINERS:
        i = whole.find(j)
        while i > 0:
            left, right = whole[:i], whole[i + 1:]
            if unit_shaped(left) and unit_shaped(right) and accept(left) and accept(right):
                return [(left, (at, at + i)), (right, (at + i + 1, at + len(whole)))]
            i = whole.find(j, i + 1)
    return []


def _next_heads(names: list[Name], accept) -> list:
    """For each item of a list, the head word (rule ``prose.elided_head``) of the nearest later item that is a unit
    ending in one: the items before it that are no unit alone share it."""
    heads, nearest = [], None
    for n, _ in reversed(names):
        heads.append(nearest)
        if accept(n):
            nearest = _elided_head(n) or nearest
    return heads[::-1]


def _inner_split(name: Name, accept) -> list[Name]:
    """An item of a list "X以及Y" that is no unit as a whole as its two items (rule
    ``prose.inner_joiner``); ``[name]`` otherwise."""
    m = _prose_rules()["inner_joiner"].search(name[0])
    if not m or accept(name[0]) or m.start() < 2 or len(name[0]) - m.end() < 2:
        return [name]
    at = name[1][0]
    return [(name[0][:m.start()], (at, at + m.start())), (name[0][m.end():], (at + m.end(), name[1][1]))]


def _listed_head(names: list[Name], head) -> list[Name]:
    """``names`` with the last item "B等<head>" cut to B when the items share ``head`` ("工商、食品药品监督等
    行政管理部门" → 工商, 食品药品监督; rule ``prose.listed_head``)."""
    m = _prose_rules()["listed_head"].match(names[-1][0]) if head is not None and len(names) > 1 else None
    if not m or not m["head"].endswith(head):
        return names
    at = names[-1][1][0]
    return names[:-1] + [(m["item"], (at, at + len(m["item"])))]


_JOINERS = ("和", "及", "与")


def _level_list(whole: str, pos: int, accept, people) -> list[Name]:
    """The units of a type list after a level of government, without the level, or of "<type
    list>等部门和Y" / "Y和<type list>等相关部门", both parts (rule ``prose.level_list``); [] when
    neither shape fits."""
    r = _prose_rules()
    own = r["own_types"].search(whole) if "及其" in whole else None
    if own:  # "X人民政府及其A、B等部门": X and the types (rule prose.possessive.own_types)
        a = accepted_units(whole[:own.start()], pos, accept, people)
        b = accepted_units(whole[own.end():], pos + own.end(), accept, people) if a else []
        if b:
            return a + b
    j = r["level_joiner"].search(whole)
    if j and ("、" in whole[:j.start()] or "、" in whole[j.end():]):  # (or "Y和<type list>等相关部门")
        a = accepted_units(whole[:j.start()], pos, accept, people)
        b = accepted_units(whole[j.end():], pos + j.end(), accept, people) if a else []
        return a + b if b else []
    m = r["level_prefix"].match(whole)
    return accepted_units(whole[m.end():], pos + m.end(), accept, people) if m else []


def _either(whole: str, pos: int, accept, people) -> list[Name]:
    """The units of "X或者Y" when every part is one (rule ``prose.either``), else []."""
    rx = _prose_rules()["either"]
    if not rx.search(whole):
        return []
    out, at = [], 0
    for m in [*rx.finditer(whole), None]:
        end = m.start() if m else len(whole)
        part = accepted_units(whole[at:end], pos + at, accept, people)
        if not part:
            return []
        out.extend(part)
        at = m.end() if m else at
    return out


def _without_possessive(name: Name) -> Name:
    """"其有关部门" after "X及其" → "有关部门" (rule ``prose.possessive``)."""
    m = _prose_rules()["possessive"].match(name[0])
    return (name[0][m.end():], (name[1][0] + m.end(), name[1][1])) if m else name


def _elided(name: str, typed: bool = False) -> bool:
    """``name`` may be an item that lends the last one's head: short, no joiner
    unless the joiner belongs to a standard department's stem (工业和信息化 of 工业和信息化局)
    or, with ``typed`` (a list closed by "等（有关）部门"), is 和 inside a type's name ("粮食和储备"); such a
    type may be longer too ("特种设备安全监督管理等部门")."""
    if len(name) > _prose_rules()["elided_max"] + (4 if typed else 0):
        return False
    if not any(j in name for j in ("和", "及", "与")) or typed and not any(j in name for j in ("及", "与")):
        return True
    stems = standard_rules()["stems"]
    return any(name + end in stems for end in _prose_rules()["elided_stem_ends"])


def _elided_head(last: str):
    """The head word that the last name of "网信、公安、国家安全部门" lends to the
    items before it (rule ``prose.elided_head``), or None."""
    for head in _prose_rules()["elided_heads"]:
        if last.endswith(head) and len(last) > len(head):
            return head
    return None


@lru_cache(maxsize=8)
def _compiled(pattern: str) -> re.Pattern:
    return re.compile(pattern)


def body_core(name: str, rule: dict) -> str:
    """``name`` without its level and head (rule ``prose.article_paragraphs``): "国家市场监督管理总局" →
    "市场监督管理"; the name itself when nothing is left."""
    core = _compiled(rule["head"]).sub("", _compiled(rule["level"]).sub("", name))
    return core if len(core) >= 2 else name


def same_bodies(units: set, before: set, rule: dict | None) -> bool:
    """Every one of ``units`` is a body of ``before``, with or without its level ("市质量技术监督部门"
    after "质量技术监督部门"); with ``rule`` (the paragraph right after) also the same body at another
    level ("县级以上地方人民政府市场监督管理部门" after "国家市场监督管理总局", :func:`body_core`)."""
    if all(any(u.endswith(b) or b.endswith(u) for b in before) for u in units):
        return True
    return rule is not None and {body_core(u, rule) for u in units} <= {body_core(b, rule) for b in before}


def leading_units(text: str, start: int, stop: int, accept, name_ends: str, joiners: str, limit: int) -> list[Name]:
    """The units of the list that opens ``text[start:stop]`` when no verb word ends it ("相关部门" of "相关部门细化工作方案"):
    the shortest run of at most ``limit`` characters that ends with one of ``name_ends`` and is a list of units, lengthened
    only while one of ``joiners`` follows the run found ("交通部门" + "和各乡镇人民政府"); ``[]`` when there is none."""
    best: list[Name] = []
    for end in range(start + 2, min(stop, start + limit) + 1):
        if text[end - 1] not in name_ends or end < stop and text[end] in name_ends:
            continue  # ("相关部" of "相关部门": the name goes on)
        found = accepted_units(text[start:end], start, accept)
        if found:
            best = found
            if end >= stop or text[end] not in joiners:
                break
    return best
