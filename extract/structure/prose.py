"""Assignments written in running prose, read only where a task has no
bracketed or labelled one (rule ``prose`` in ``extract/rules/assignments.yaml``).

``find_prose_assignments(text, start, end, accept, duty)`` reads "省有关部门按职责
分工负责", "A要会同B建立…", "<units>牵头/配合" clauses and, with ``duty`` (an article
of a regulation, a 职责分工 section), a bare "X负责…" and "由X统一制定…";
``accepted_units(s, pos, accept)`` (from :mod:`extract.structure.prose_units`) gives the
units of a phrase when every one passes ``accept`` (the caller's test of what may stand for a unit);
what one matched clause gives is in :mod:`extract.structure.prose_clauses`, what a found assignment
loses afterwards (self-governing bodies, leading groups, exhortations) in :mod:`extract.structure.prose_filters`;
the sentence runs of an article or a measure (``duty_runs``, ``article_runs``, ``run_in_item``)
are in :mod:`extract.structure.prose_runs`.
"""

from __future__ import annotations

import re

from extract.memo import memoized
from extract.structure.assignments import Assignment, copied
from extract.entities.unit_lists import split_top as _split_top
from extract.structure.inclusion_commas import masked, restored
from extract.structure.prose_clauses import (by_assignment as _by_assignment, comma_must as _comma_must, flush as _flush,
                                             generic as _generic, generic_penalty as _generic_penalty,
                                             join_previous as _join_previous, joint_work as _joint_work,
                                             organised as _organised, run_together, together_with)
from extract.structure.prose_filters import (everywhere_units, organisation as _organisation,
                                             unknown_penaliser as _unknown_penaliser,
                                             without_self_governing as _without_self_governing)
from extract.structure.prose_rules import (after_opening, clause_live, duty_rules_live, phase_step,
                                          rules as _prose_rules)
from extract.structure.prose_subjects import modes as subject_modes, opens_with_name, subject_acts
from extract.structure.prose_units import accepted_units, inclusion_remark, located_unit, second_name
from extract.structure.verb_roles import organise_in_articles, partner_units, reread, sentence_subjects

__all__ = ["ARTICLE", "MUST", "accepted_units", "duty_mode", "everywhere_units", "find_prose_assignments",
           "inclusion_remark", "located_unit", "second_name", "together_with"]


#: ``build_tasks(prose=MUST)``: a prose-only document that assigns by "X要…" sentences only
MUST = "must"
#: ``find_prose_assignments(duty=ARTICLE)``: an article of a regulation (办法, 条例), where acts assign
ARTICLE = "article"
#: the ``duty`` of ``find_prose_assignments`` as a mode of rule ``prose.subject_verb``
_MODES = {True: "section", "prose": "prose", ARTICLE: "article"}


def duty_mode(context, prose, regulation):
    """``find_prose_assignments``'s ``duty`` for an item in duty ``context`` ("article",
    "section" or None) of a document built with ``prose`` (False, True, MUST) and ``regulation``."""
    if not context:
        return False
    return "prose" if prose == MUST else ARTICLE if regulation and not prose and context == ARTICLE else True


def _opens(text: str, start: int, at: int, before: str, r: dict) -> bool:
    """Whether the clause at ``at`` (``before``: the clause before it, stripped) opens a sentence for the prose
    rules: the range's start, after a sentence mark, after "关于…" (``by_after``) or a time or condition clause
    (``after_condition``: "各地启动预警后，生态环境部门要…", anywhere in its sentence)."""
    return at == start or text[at - 1] in r["sentence_marks"] or after_opening(before)


@memoized(copied)  # (several readers read a sentence again, a document is read twice: remembered)
def find_prose_assignments(text: str, start: int, end: int, accept, duty: bool | str = False) -> list[Assignment]:
    """Assignments stated in running prose in ``text[start:end]`` ("省有关部门按职责
    分工负责", "A要会同B建立…"), clause by clause; ``accept(name) -> bool`` must
    hold for every unit named (rules: ``prose`` in assignments.yaml).  With
    ``duty`` (an article of a regulation) a bare "X负责…" counts too; with
    ``duty == "prose"`` (a document that names its units in prose only) so does a
    sentence that opens with "X要…" (rule ``prose.must``); with ``duty == "article"`` (an
    article of a 办法/条例) a clause whose units act ("X组织…", rule ``prose.acts``)."""
    inside = masked(text, start, end)  # "各市（含定州、辛集市，雄安新区）、县（市、区）…": no clause cut in the remark
    if inside is not None:
        return restored(find_prose_assignments(inside, start, end, accept, duty), text)
    r = _prose_rules()
    if text.find("牵头、", start, end) >= 0:  # "由X牵头、Y配合…": the 、 closes the lead's clause (rule lead_pause)
        paused = r["lead_pause"].sub("，", text[start:end])
        if len(paused) == end - start and paused != text[start:end]:
            return find_prose_assignments(text[:start] + paused + text[end:], start, end, accept, duty)
    live = clause_live()  # (no literal a clause rule needs: that clause, or the whole text, assigns nothing)
    duty_live = duty_rules_live()
    dead = live is not None and not live(text, start, end) and not _comma_must(text, start, end, r["must_comma"]) and not (
        duty == "article" and _comma_must(text, start, end, r["shall_comma"]))
    acting = bool(duty) and _MODES.get(duty) in subject_modes()  # rule subject_verb: "X依法查处…" (any verb of doing)
    if dead and not acting:
        return []
    role = r["duty"] if duty else r["role"]
    found: list[Assignment] = []
    after, previous, opened, last_at = -1, "", False, -1  # assignments found before the previous clause; that
    # clause; it opened; where it opened
    subject = None  # "X要发挥主责作用，牵头…" / "X作为…，负责…": the units of the sentence's subject clause
    pending = None  # "X要…" (rule must): kept when nothing else in its sentence assigns
    colons = text.find("：", start, end) >= 0 or text.find(":", start, end) >= 0  # (rule label_lead_in)
    phase = None if duty else False  # a step of the work's timetable (rule phase_acts; asked when a clause needs it)
    clauses = _split_top(text[start:end], start, "，,。；;！!？?\n") if acting or not dead else ()  # (both readers')
    for clause, pos in () if dead else clauses:
        at = pos  # where the clause opens (before white space and a label)
        stripped = clause.lstrip()
        pos += len(clause) - len(stripped)
        colon = colons and (stripped.find("：", 0, 20) >= 0 or stripped.find(":", 0, 20) >= 0)
        label = r["label_lead_in"].match(stripped) if colon else None  # "排查整治内容：X负责…": the unit after it
        if label and len(stripped) > label.end() and not accept(label["label"]):
            pos += label.end() + len(stripped[label.end():]) - len(stripped[label.end():].lstrip())
            stripped = stripped[label.end():].lstrip()
        if pending and text[pos - 1] in r["sentence_ends"]:
            pending = _flush(found, pending)
        follows, after = len(found) > after >= 0, len(found)
        if subject and (len(found) > subject[2] or text[pos - 1] in r["sentence_ends"]):
            subject = None  # the subject clause assigned by itself, or its sentence ended
        if live is not None and not live(stripped) and not text.startswith(r["must_comma"], pos + len(stripped)) and not (
                duty == "article" and text.startswith(r["shall_comma"], pos + len(stripped))):
            opened = (at, previous)  # (whether it opens its sentence: read only when the next clause needs it)
            previous, last_at = stripped, pos
            continue
        if opened.__class__ is tuple:
            opened = _opens(text, start, *opened, r)
        opens = _opens(text, start, at, previous, r)  # "各地启动预警后，生态环境部门要…" (anywhere in its sentence)
        after_case = opened and duty == "prose" and bool(r["after_case"].search(previous))  # "…的，X要…" (rule must)
        after_case = after_case or duty == "prose" and bool(r["after_basis"].search(previous))  # "结合…实际，X要…"
        topic = previous if opened and not opens else None  # "X的排查整治，由Y组织…" (rule by_topic)
        opened = opens
        chained = follows and found[-1].span[0] == last_at and not _organisation(found[-1])  # "X负责…，Y要…": the
        # clause before opened with its unit (not a leading group: "领导小组负责统筹协调，各乡镇要落实属地责任")
        parallel = duty == "prose" and not opens and "要" in stripped and bool(r["must_parallel"].match(previous))
        previous, last_at = stripped, pos
        go = r["continues"].match(stripped) if subject else None
        units = accepted_units(subject[0], subject[1], accept) if go else []  # read only when needed
        if units and (subject[4] or go["must"]) and _generic(units, r["shall_generic"]) or units and go["must"] and _generic(
                units, r["must_generic"]):  # ("基层医疗卫生机构在…时，应…": a kind of body, rule must_generic)
            units = []  # "政务部门应当…，承担数据质量责任": the class a regulation addresses (rule shall_generic)
        if go and go["with"] and units:  # "X应当建立…，会同Y开展…"
            partners = accepted_units(go["with"], pos + go.start("with"), accept)
            if partners:
                found.append(Assignment(span=(subject[1], pos + go.end()), lead=units, participants=partners))
                subject = None
                continue
        elif go and units and (duty or go["verb"] in r["continues_anywhere"]) and (go["act"] is None and go["must"] is None or subject[3]):
            a = Assignment(span=(subject[1], pos + go.end()))  # (an act, rule subject.continues: responsible)
            getattr(a, r["verbs"][go["verb"]] if go["verb"] else "responsible").extend(units)
            found.append(a)
            subject = None
            continue
        sub = r["subject"].match(stripped)
        if sub and sub["lead_in"] and (text[pos + len(stripped):pos + len(stripped) + 1] in r["sentence_ends"]
                                       or not opens_with_name(sub["list"])):
            sub = None  # "X对…的支持。": a lead-in clause ("X在…后，", "X对…的Y，") only with a clause after it and
            # a name before it ("强化政府对公立医院的…监管，…": no subject)
        bare = bool(duty) and ("职责" in stripped or "等" in stripped or "实际" in stripped or "据" in stripped or "原则" in stripped or "要求" in stripped or "结合" in stripped)  # rule subject.bare:
        if sub and bare and r["subject_bare"].match(stripped) and not accepted_units(sub["list"], pos + sub.start("list"), accept):
            sub = None  # (a modal inside the remit, "X按照管行业必须管安全…的要求，做好…": the bare subject rule reads it)
        bare = bare and sub is None
        # "网信、公安等部门，依据各自职责…": the next clause acts
        sub = r["subject_bare"].match(stripped) if bare else sub
        if bare and sub is not None and r["bare_not"].match(sub["list"]):
            sub = None  # "开展从业人员集中培训建设、人力资源社会保障等部门，…": a heading run in (rule subject.bare_not)
        if (sub and not bare and duty and r["remit"].match(stripped[sub.end():])  # (a list rule subject.bare takes)
                and r["subject_bare"].match(sub["list"] + "按照职责")):
            bare = True  # "X应当按照各自职责，共同做好…": the units and their remit, the next clause acts
        if sub and (subject is None or accepted_units(sub["list"], pos + sub.start("list"), accept)):
            # ("X发现…的，应当及时采取…": a subject that finds a case acts in the next clause, rule subject.condition;
            # a later clause whose words before 需/是 name no unit keeps the sentence's subject)
            subject = (sub["list"], pos, len(found), bare or bool(r["subject_condition"].search(sub.group())),
                       sub.group().endswith(("应当", "应")))
        more = r["with_more"].match(stripped) if follows else None
        partners = accepted_units(more["with"], pos + more.start("with"), accept, r["people"]) if more else []
        if partners and _join_previous(found[-1], partners):
            after -= 1  # "…牵头，组织Y，联合Z": the next clause may add partners too
            continue  # "由X研究制定…，会同Y建立…": Y joins the clause before
        # "由X负责/制定/会同Y…": in a duty context anywhere in the clause, elsewhere
        # only in a clause that opens a sentence with 由 (rule by_initial)
        by = r["by"].match(stripped) if duty or (r["by_initial"].match(stripped) and (
            opens or topic is not None and r["by_topic"].search(topic))) else None
        a = _by_assignment(by, pos, accept) if by else None
        if a is None and by and _generic_penalty(by, pos, accept):
            continue  # "由其所在单位或者上级机关依法给予处分": no act of the names either
        if a is None and not (duty and by and by["verb"]):
            m = r["with"].match(stripped)
            if m:
                lead = accepted_units(m["lead"], pos + m.start("lead"), accept)
                org = r["with_organiser"].match(m["lead"]) if not lead else None
                if org:  # "X应当组织Y会同Z编制…": X and the body it sets to work lead (rule with_organiser)
                    at = pos + m.start("lead")
                    a_units = accepted_units(org["a"], at, accept)
                    b_units = accepted_units(org["b"], at + org.start("b"), accept) if a_units else []
                    lead = a_units + b_units if b_units else []
                partners = accepted_units(m["with"], pos + m.start("with"), accept)
                if lead and not partners:  # "X要会同有关部门密切跟踪…" (rule verb_roles.partner_end)
                    partners = partner_units(text, pos + m.start("with"), pos + m.end("with"), accept)
                if lead and partners:
                    found.append(Assignment(span=(pos, pos + m.end()), lead=lead, participants=partners))
                continue
        if a is not None:
            found.append(a)
            continue
        joint = r["joint_work"].match(stripped) if duty == "prose" else None
        a = _joint_work(joint, pos, accept) if joint else None
        if a is not None:  # "加强X、Y等部门的协调联动…", "加强X与Y等部门的贯通协同…" (rule joint_work)
            found.append(a)
            continue
        acts = (r["acts"],) if (duty == "article" or duty == "prose" and opens) and r["acts"].match(stripped) and not (  # "X组织…" acts in a regulation's
            sub and accepted_units(sub["list"], pos + sub.start("list"), accept)) else ()  # article, unless it opens a subject clause
        shall = (r["shall"],) if duty == "article" or duty == "prose" and (opens or chained) else ()  # rule shall: "X应当…" (also "X应当…，Y应当…")
        remit = (r["remit_duty"],) if duty != "prose" or opens else ()  # rule remit_duty: "X在职责范围内推进…"
        named = (r["named_acts"],) if duty == "prose" and opens else ()  # rule named_acts: "中央财政每年安排资金…"
        if phase is None and opens:
            phase = phase_step(text, start, end)
        steps = (r["phase_acts"],) if phase and opens else ()  # rule phase_acts: "（一）部署阶段（…）。X制定…"
        tried = (r["role"], role, r["role_duty"], r["liable"], r["holder"], *acts, *shall, *remit, *named, *steps) if duty and (
            duty_live is None or duty_live(stripped)) else () if duty else (r["role"],)  # (no literal any of them
        # needs: none is tried, one scan for all; prose_rules.DUTY_RULES)
        for rx in tried:
            m = rx.match(stripped)
            names = accepted_units(m["list"], pos + m.start("list"), accept) if m else []
            if names and acts and rx is acts[0] and duty == "prose" and not all(r["named_body"].fullmatch(n) for n, _ in names):
                names = []  # in a prose document only a named body acts ("科技部组织专家…"; not "各地组织…")
            if names and steps and rx is steps[0] and any(r["must_generic"].match(n) for n, _ in names):
                names = []  # (a kind of body in a step: "各学校于…前完成…" names no unit)
            if names and named and rx is named[0] and not all(r["named_body"].fullmatch(n) for n, _ in names):
                names = []  # (only a named body: "各地加强对…", "生态环境部门加强对…" are not read so)
            if names and remit and rx is remit[0] and _generic(names, r["shall_generic"]):
                names = []  # "医疗机构在职责范围内开展…": the class a regulation addresses (rule remit_duty)
            if names and shall and rx is shall[0] and (_generic(names, r["shall_generic"]) or (
                    r["shall_weak"].match(stripped, m.end()) and text[pos + len(stripped):][:1] in "。；;")):
                names = []  # "政务部门应当…": the class a regulation addresses; "X应当加强…。": an exhortation
            if names:  # rules liable ("X是…的责任主体") and acts: responsible
                a = Assignment(span=(pos, pos + m.end()))
                kind = r["verbs"][m["verb"]] if "verb" in rx.groupindex and m["verb"] else "responsible"
                if shall and rx is shall[0] and r["shall_partner"].match(stripped[m.end():] + text[pos + len(stripped):pos + len(stripped) + 3]):
                    kind = "participants"  # "X应当予以配合" (rule shall_partner)
                getattr(a, kind).extend(names)
                found.append(a)
                if acts and rx is acts[0] and stripped.endswith(r["acts_partner_verbs"], 0, m.end()):
                    _organised(a, stripped, m.end(), pos, accept)
                elif shall and rx is shall[0] and stripped.startswith(r["acts_partner_verbs"], m.end()):
                    _organised(a, stripped, m.end() + 2, pos, accept)  # "X应当组织Y实施…": X leads, Y takes part
                break
        else:
            m = r["must"].match(stripped) if duty == "article" or duty == "prose" and (
                opens or chained or after_case or parallel or r["must_also"].match(stripped)) else None  # (an article:
            # "征收…土地，X要依法执行…" after a topic clause too)
            names = accepted_units(m["list"], pos + m.start("list"), accept) if m else []
            if m is None and duty == "prose" and opens and text.startswith(r["must_comma"], pos + len(stripped)):
                names = accepted_units(stripped, pos, accept)  # "市发展改革委、…等部门，要…" (rule must_comma)
                m = re.match(r".*", stripped) if names else None
            elif m is None and duty == "article" and opens and text.startswith(r["shall_comma"], pos + len(stripped)):
                names = accepted_units(stripped, pos, accept)  # "X和Y，应当…" (rule shall_comma)
                names = [] if _generic(names, r["shall_generic"]) else names
                m = re.match(r".*", stripped) if names else None
            if m is not None and (r["must_weak"].match(stripped, m.end()) and not r["must_weak_then"].match(
                    text, pos + len(stripped), end) or r["must_attitude"].match(stripped, m.end())):
                names = []  # "X要加强督促检查": an attitude (rule must_weak), unless its sentence sets something up
            names = [n for n in names if not (r["must_generic"].match(n[0]) and r["must_generic_kinds"].search(n[0]))]
            if len(names) > 1 and r["must_generic_related"].match(names[0][0]):  # "各有关部门、乡镇政府要…": the
                names = names[1:]  # named kind after the related departments stays (GOLD_GUIDE R7; rule must_generic_related)
            # ("各高等学校、雄安新区管委会…要…": the kinds of institution drop out, the bodies stay; rule must_generic_kinds)
            if any(r["must_generic"].match(n) for n, _ in names) or len(names) == 1 and r["must_generic_alone"].match(
                    names[0][0]):  # ("区直各有关部门": a unit listed beside others, an exhortation alone)
                names = []  # "金融机构要…": a kind of body, not a unit (rule must_generic)
            if names:  # a prose-only document: "省供销合作社要…" (rule must); "X要发挥牵头作用": X leads
                kind = "lead" if r["must_lead"].match(stripped, m.end()) else "responsible"
                if pending and parallel:  # "X要…，Y要…": the clause before keeps its own
                    _flush(found, pending)
                pending = (Assignment(span=(pos, pos + m.end()), **{kind: names}), len(found))
    if pending:
        _flush(found, pending)
    acts = subject_acts(text, start, end, accept, found, clauses, _MODES.get(duty, "")) if acting else []
    if acts:  # the clauses no rule above read that open with units and a verb of doing (rule subject_verb)
        found = sorted(found + acts, key=lambda a: a.span[0])
    if not found and not duty:
        return found
    organise = duty != ARTICLE or organise_in_articles()  # "X要组织Y…" (rule verb_roles)
    found = [reread(a, text, accept, organise, end) for a in found]
    if duty and len(found) == 1:  # "X要…；要结合…，会同Y细化…" read as one item (rule prose.run_together)
        run_together(text, found, end, accept)
    more = sentence_subjects(text, start, end, found, accept, organise) if duty else []
    if more:  # "X根据…确定…，会同Y研究提出…": a sentence that names its unit's role only later (rule verb_roles)
        found = sorted(found + more, key=lambda a: a.span[0])
    if duty == ARTICLE:  # "由有关部门按照《…》进行处理" read by another rule: still no body one can tell (by_generic_penalty)
        found = [a for a in found if not _unknown_penaliser(a, text)]
    if found and text.find("《", start, end) >= 0:  # "X会同Y制定了《…》。现印发给你们": the covering notice's account
        issued = r["issued_document"]  # (rule issued_document)
        found = [a for a in found if not issued.match(text, a.span[0], min(len(text), end + 40))]
    return _without_self_governing(found, duty == ARTICLE)
