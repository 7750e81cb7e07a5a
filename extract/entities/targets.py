"""Extract explicit quantitative targets ("到2025年…比重达4%") from task text.

``extract_targets(text, offset=0) -> list[Target]`` takes the cleaned text of
one task (or any passage: spaces inside numbers removed, ``**`` removed) and
returns one ``Target`` per number that states a target, in text order.  Spans
are ``(offset + start, offset + end)`` and ``Target.text`` is exactly
``text[start:end]``.  It raises nothing on any string input.  All patterns
and word lists come from ``extract/rules/targets.yaml``.

Conventions (one coherent rule for every record):

* ``value`` is the number as written, magnitude words folded into ``unit``:
  "7000亿元" -> 7000, "亿元"; "超万亿元" -> 1, "万亿元"; "85万人" -> 85,
  "万人"; "突破1400万" -> 1400, "万" (no measure word is invented).
  ``value_text`` is the number with its magnitude as written ("7000亿",
  "万亿", "1.85:1").  Ratios "1.85:1" give value 1.85, ``ratio`` "1.85:1"
  (ASCII colon) and unit ``None``; a bare index ("指数达90以上") has unit None.
* ``comparator``: a qualifier right after the quantity wins (以上/多/余 ">=",
  以下/以内 "<=", 左右/上下 "≈"); otherwise the word right before it
  (达/达到/超/突破/提高到/提升至 ">=", 控制在/不超过/降至/缩小至 "<=" – a gap
  or a level that must shrink to at most the value –, 约/近 "≈",
  保持在/稳定在 "="); otherwise a comparator word earlier in the clause
  before "…的" ("不低于整个项目的50%"); otherwise 力争/确保 earlier in the
  clause ">="; else "=".  A qualifier after the last item of a bare list
  covers the items before it ("分别在7%、2%以下", "200家、100家和50家以上").
  Changes written with a plain verb (比2020年降低13.5%, 提高2个百分点) keep the
  verb and baseline in ``indicator`` and the change as ``value`` with "=".
* ``year``/``period`` come from the last time phrase earlier in the same
  sentence (sentences end at 。；！？ and line breaks; a phrase opening a "；"-clause also dates the
  later "；"-clauses up to 。): 到2025年/2022年底 ->
  year; 2023—2024年 and "十四五"期间/时期 -> period; "十四五"末 -> year 2025.
  A year after 比/较/同 or before 以来/基础上 is a baseline, not a target year.
  Without such a phrase, a deadline after the number in its clause dates it
  ("等12个项目2022年6月底前全部开工").  With ``default_year``, "5年内" dates its
  sentence, and the later sentences of the passage when it opens its sentence
  ("…项目。5年内组织…。重点建设30家…"); "五年内" and "明年" date the numbers after them
  over an earlier time phrase (``extract.entities.target_years``).  A time limit to reach
  ("压减至120个工作日", "分别压缩至15个、7个工作日以内") is not a duration of a rule.
* ``indicator`` is the clause text before the number minus the time phrase,
  leading cue words (实现, 力争, 、…) and the comparator word; when a noun
  follows the number ("累计建成100家示范工厂") it is appended ("累计建成示范工厂"),
  and a following list item without a verb reuses that verb.  A list item
  whose indicator is only an attribute (规模, 总投资), a share of something
  (占GDP比重) or a level (省级) is completed from the previous item; an
  empty one takes the previous item's, else the previous clause.
* A range "6%—7%" is one target: the lower bound with ">=" (after a ceiling
  word, "控制在5%—5.5%", the upper bound with "<=").  A number that
  runs straight into the next one without delimiter or connective only
  qualifies it ("新开工10亿元以上项目50个" gives one target, 50), unless the next
  one is the size class ("筛选20个…新建100亩以上设施园区" gives 20) or in
  brackets after it ("新增2400户（累计约3600户）" gives both).
* Not targets: numbers inside quotes/titles, codes (PM2.5, 5G), formulas
  (1+5), ordinals, dates and years, "50年一遇" (a design standard),
  "10分钟…圈", 同比 statistics, daily durations, project dimensions
  ("总长约4公里"), numbers in a clause that grants money or sets a rate, a
  condition or a norm (不得超过, 原则上, "超过100米时", 拟), the size of a set named before it
  ("推进A、B等6个集聚区建设", rule named_set), the size of a set that exists (after 推进/加快/深化/服务
  with no result, before a phrase of progress "…加快实施", partners "与A、B等6家银行合作": ``named_set.progress``),
  a count with a threshold in a 的-clause before a grant ("连锁运营10家以上…的，一次性奖励": condition_clauses),
  a rate changed after a grant ("返还比例由60%提高至90%"), numbers in an indicator table or a 专栏 box, and
  a number with a unit but neither a time phrase, a comparator nor a target verb (triggers)
  before or after it in its clause ("A、B 3个项目建设" is one), unless it
  continues the list of the target before it ("、高新技术企业100家", or
  opening the next clause: "…300名…，1000名…"); scale classes (百亿级).  A bare number without unit counts only right after a
  comparator word.
* Linear time: a clause is looked at in at most its last 200 characters (and,
  for a target verb, its first 12: "完成A、B、…、O 14条市政道路的管网项目").  A text or sentence with neither a digit nor a Chinese-numeral count (a whole-text
  scan overlapping it) is skipped before any clause work: same output, half the time.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Optional

from extract.model import Target
from extract.entities.numbers import SentenceTimes, TimePhrase, find_quantities, find_time_phrases, range_upper
from extract.entities.target_rules import (CN_DIGITS, TargetRules as _Rules, compiled_rules, condition, existing_set,
                                           inside, named_set, next_item, policy_condition, present_state, shared_units,
                                           size_class)
from extract.entities.target_years import horizon, last_mark, relative_marks, this_year
from extract.entities.target_words import (before_comparator, breakdown, counts_run_on, magnitude_item, opens,
                                           past_aside, strip_leading, strip_trailing)

_SENTENCE = re.compile(r"[^。；;！!？?\n]+")
_CLAUSE_DELIMS = "，,：:；;"
_LOOKBACK = 200  # longest clause looked at, in characters (keeps the scan linear)
_OPENING = 12  # characters of a longer clause's start searched for a target verb
_CLAUSE_DELIM = re.compile(r"[，,：:；;]")
_CLAUSE_END = re.compile(r"[，,；;。：:！!？?\n]")  # the end of a clause (a list inside it runs on over 、)
_ITEM_END = re.compile(r"[，,、；;。：:！!？?\n]")
_DIGIT = re.compile(r"\d")  # what every Arabic quantity starts with (Unicode digits, as in the rules)
_MASKED = frozenset(CN_DIGITS + "万亿")


def _mask(text: str, rules: _Rules, times: list[TimePhrase]) -> str:
    """``text`` with every digit inside non-target patterns replaced by '#'
    (only the merged spans are rebuilt; the rest is copied as it is)."""
    masks = [m.span() for m in rules.masks.finditer(text)]
    limits = [m.span() for m in rules.time_limits.finditer(text)] if masks else []
    if limits:  # "压缩至15个、7个工作日以内": time limits to reach stay readable
        masks = [span for span in masks if not inside(span, limits)]
    spans = sorted([(t.start, t.end) for t in times] + masks)
    if not spans:
        return text
    parts, pos = [], 0
    for s, e in spans:
        if e <= pos:
            continue
        s = max(s, pos)
        parts.append(text[pos:s])
        parts.append("".join("#" if ch.isdigit() or ch in _MASKED else ch for ch in text[s:e]))
        pos = e
    parts.append(text[pos:])
    return "".join(parts)


@dataclass
class _Item:
    start: int
    end: int
    value: float
    unit: Optional[str]
    comparator: str
    indicator: str
    prefix: str
    post_noun: bool
    value_text: str
    ratio: Optional[str]
    qend: int = 0  # end of the number with its qualifier
    qstart: int = 0  # start of the number
    implicit: bool = False  # comparator defaulted to "=" (no word, qualifier or cue)


def _complete(indicator: str, prev: Optional[_Item], fallback: str, rules: _Rules) -> str:
    """Fill an empty, attribute-only or level-only indicator from context."""
    if not indicator:
        return prev.indicator if prev else fallback
    if prev and (indicator in rules.attributes or indicator.startswith(rules.relative_prefixes)):
        return prev.indicator + indicator
    if prev and indicator in rules.levels:
        for level in rules.levels:
            if level in prev.indicator:
                return prev.indicator.replace(level, indicator, 1)
    return indicator


def _is_target(unit, ratio, word_cmp, comparator, governed, raw_before, after, rules, listed=False) -> bool:
    """Whether a quantity is a target: bare numbers need a comparator word right
    before them and a delimiter after; numbers with units need a time phrase,
    a comparator, a trigger verb before them or after them in their clause
    ("龙王头公园3个项目建设"), or to be the next item of a list whose previous
    item was a target (``listed``: "新培育企业5000家、高新技术企业100家")."""
    if unit is None and ratio is None:
        return word_cmp is not None and (not after or _ITEM_END.match(after) is not None)
    return bool(governed or comparator or listed or rules.triggers.search(raw_before) or rules.triggers.search(after)
                or rules.verb_forms.search(raw_before)  # "4年外购10万头": a verb of doing by its form, before it
                or (unit == "%" and (rules.share_results.match(after)  # "100％反馈": the share of cases handled
                                     or (not after and rules.rate_noun.search(raw_before) is not None)))  # "处理率100%"
                or (not after and any(c in (unit or "") for c in "/／")  # "分类量29.53吨/日": a level in a rate unit
                    and rules.rate_level.search(raw_before) is not None and rules.rate_level_present.search(raw_before) is None))


def _indicator(before: str, after: str, prev: Optional[_Item], fallback: str,
               rules: _Rules) -> tuple[str, str]:
    """(indicator, verb prefix) from the text before and the noun after a number."""
    prefix = strip_leading(strip_trailing(before, rules.trailing_adverbs), rules)
    if after:
        if not prefix and prev and prev.post_noun:
            prefix = prev.prefix
        return prefix + after, prefix
    return _complete(prefix, prev, fallback, rules), prefix


def _sentence_items(text: str, masked: str, s0: int, s1: int, times: SentenceTimes, rules: _Rules,
                    quota: bool = False) -> list[tuple[_Item, Optional[TimePhrase], Optional[TimePhrase]]]:
    """Targets of one sentence ``text[s0:s1]`` with their governing time phrases
    (``times`` are the time phrases of that sentence; ``quota``: ``text`` is an item of an annual plan)."""
    out: list = []
    prev: Optional[_Item] = None
    set_end = -1  # end of the noun of the last count read as the size of an existing set
    modified_end = -1  # end of a run of figures that describe the noun of the count before them
    part_end = -1  # end of the last figure read as a part of a total (其中 …)
    cands = shared_units(masked, find_quantities(masked, rules.quantity, rules.cn_quantity, s0, s1))
    delims = [m.start() for m in _CLAUSE_DELIM.finditer(text, s0, s1)] if cands else []
    for i, (cs, ce, value, unit, vtext, ratio, approx) in enumerate(cands):
        if cs < modified_end:
            continue  # "培育15个…普及率提升8%以上…的示范产业集群": a figure of what the count counts
        window = max(s0, cs - _LOOKBACK)
        clause = max([window] + [text.rfind(d, window, cs) + 1 for d in _CLAUSE_DELIMS])
        opening = ""  # the start of a clause longer than the look-back ("完成A、B、…、O 14条道路")
        if clause == window > s0:
            k = bisect.bisect_left(delims, cs)
            start = delims[k - 1] + 1 if k else s0
            opening = text[start:min(start + _OPENING, window)]
        item_start = max(clause, prev.end if prev else s0)
        q = rules.qualifier.match(text, ce)
        qend = q.end() if q else ce
        if i and size_class(text, ce, rules) and not _ITEM_END.search(text, cands[i - 1].end, cs):
            continue  # "筛选20个集中连片新建100亩以上设施园区": a size class of what the count counts
        if text.endswith(rules.size_attributes, clause, cs) and size_class(text, ce, rules):
            continue  # "完成存栏5000头以上生猪规模养殖场标准化改造": a size class of the farms, no quantity to reach
        raw_before = times.remove(text, item_start, cs)
        word_cmp, before = before_comparator(raw_before, rules)
        if word_cmp is None:
            far = rules.distant_cmp.search(text, clause, cs)
            word_cmp = rules.before_cmp[far["word"]] if far else None
        if (word_cmp is None and unit and unit.endswith(rules.size_units) and size_class(text, ce, rules)
                and rules.triggers.search(text, clause, cs) is None):
            continue  # "加快对1000立方米以下高炉、100吨以下转炉升级改造": a size class of the items acted on
        comparator = (rules.qualifier_cmp[q.group()] if q else (">=" if approx else None)) \
            or word_cmp or next((c for w, c in rules.clause_cues if w in text[clause:cs]), None)
        if q:  # "分别在7%、2%以下": a trailing qualifier covers the bare items before it
            _qualify_back(out, text, cs, comparator, rules)
        if approx and not q and word_cmp == "<=" and range_upper(vtext) is not None:
            value, comparator = range_upper(vtext), "<="  # "控制在5%—5.5%": at most the upper bound
        if (comparator is None and prev is not None and prev.comparator != "="
                and text[prev.end:cs] in rules.continuation):
            comparator = prev.comparator  # "分别超过90%、70%"
        governed, year_t, period_t = times.governing(cs)
        stop_at = _ITEM_END.search(text, qend, min(s1, qend + _LOOKBACK))
        clause_end = stop_at.start() if stop_at else min(s1, qend + _LOOKBACK)
        if year_t is None and period_t is None:  # "等12个项目2022年6月底前全部开工"
            after_t = times.year_in(qend, clause_end)
            if after_t is not None and rules.trailing_deadline.match(text, after_t.start):
                governed, year_t = True, after_t
        list_stop = _CLAUSE_END.search(text, qend, min(s1, qend + _LOOKBACK)) if comparator is None else None
        list_end = list_stop.start() if list_stop else min(s1, qend + _LOOKBACK)
        if comparator is None and existing_set(text, raw_before, opening, qend, clause_end, set_end, cs, rules, list_end) \
                and not (quota and rules.progress.match(text[:cs].lstrip(" \t\u3000"))):  # "6.推进144个…建设项目。"
            limit = cands[i + 1].start if i + 1 < len(cands) else s1
            stop = _ITEM_END.search(text, qend, limit)
            set_end = qend + len(strip_trailing(text[qend:stop.start() if stop else limit], rules.trailing_connectives))
            continue  # "有序推进37个…试点建设", "与A、B等6家银行合作": items that exist, no result committed
        if comparator is None:  # "庙宫等8处中型灌区，力争年内全部完成": a commitment after the count
            comparator = rules.trailing_cue(text, qend, clause_end, s1) or (
                ">=" if rules.time_cued(text, year_t or period_t, s0) else None)  # "力争到2020年，建成…1个"
        if breakdown(text, clause, cs, clause_end, rules, part_end):
            part_end = qend  # (the next parts of the list: "、厦门4000个", "，职工个人0.3%")
            continue  # "新增停车位2万个以上，其中福州6000个": a part of the total before it, no aim of its own
        if any(p.search(text, clause, clause_end) for p in (rules.policy_words, rules.norm_clause, rules.baseline_clause)
               ) or policy_condition(text, clause, clause_end, cs, qend, rules) or (
                unit and unit.endswith("元") and rules.money_clause.search(text, clause, clause_end)) or (
                (unit is None or unit.endswith("元") or unit in ("%", "％"))
                and rules.per_unit.search(text, clause, clause_end)) or (
                rules.intention.search(text, s0, cs)) or (
                unit in ("%", "％") and rules.rate_basis.search(text, clause, cs)) or (
                (text.find("由", clause, cs) >= 0 or text.find("从", clause, cs) >= 0)
                and rules.rate_change.search(text, clause, cs) and rules.policy_words.search(text, s0, clause)):
            continue  # "给予最高500万元补助", "对投资1亿元以上的项目", "资助30万元": a policy parameter
        if comparator in (">=", "<=", None) and condition(
                text, qend, s1, comparator is not None, rules,
                verbless=q is not None and not governed and rules.triggers.search(text, clause, cs) is None):
            continue  # "连锁运营10家以上、营业收入达到300万元以上的，一次性奖励20万元": who qualifies for a grant
        listed = (prev is not None and next_item(text, prev.end, prev.post_noun, cs, rules)) or (
            unit is not None and magnitude_item(text, s0, cs, value, unit, rules))  # “十百千”工程: its 1000名
        if unit == "%" and rules.share_subject.match(text, qend) and rules.triggers.search(text, qend, clause_end):
            listed = True  # "100%的社区卫生服务中心完成中医馆设置": the share of units that do it
        if comparator is None and not (governed or listed) and named_set(raw_before, opening, text[qend:clause_end], rules):
            continue  # "推进A、B等6个集聚区建设": the size of a set named before it, no result committed
        if unit and not unit.endswith("元") and rules.item_opening.match(raw_before):
            listed, before, item_start = True, "", cs  # a quota item: "1、1个美丽乡村示范乡：白青乡"
        elif (unit and not unit.endswith("元") and clause == 0 and text[qend:qend + 1] in ("，", ",", "；", ";")
              and rules.item_head.match(raw_before)):
            listed = True  # a quota item: "中原安置小区（五组团）1052套，责任单位：…"
        if (word_cmp is None and not any(w in text[clause:cs] for w, _ in rules.clause_cues)
                and present_state(text, opening + raw_before, qend, s1, rules, text[s0:cs])):
            continue  # "仍有80余栋房屋未拆迁": a finding about the present, no result to reach
        after = text[qend:list_end] if counts_run_on(text, clause_end, list_end, unit, cands, i) else text[qend:clause_end]
        if not _is_target(unit, ratio, word_cmp, comparator, governed, opening + raw_before, after, rules, listed):
            continue
        nxt_start = cands[i + 1].start if i + 1 < len(cands) else s1
        limit = min(nxt_start, qend + _LOOKBACK)
        stop = _ITEM_END.search(text, qend, limit)
        after_end = stop.start() if stop else limit
        raw_after = text[qend:after_end]
        run_end = past_aside(text, after_end, limit) if stop else limit  # past an aside naming what is counted
        if ((raw_run := text[qend:run_end]) and run_end == nxt_start < s1 and not raw_run.endswith(rules.trailing_connectives)
                and not raw_run.startswith(tuple(rules.backward))  # "不少于60座和垃圾转运站10座": a joiner opens the next item
                and not size_class(text, cands[i + 1].end, rules) and not raw_run.startswith(("（", "("))):
            run = rules.count_modifiers.match(text, qend, s1) if unit in rules.count_units else None
            if run is None:
                continue  # "新开工10亿元以上项目50个": the first number only qualifies
            modified_end = run.end()  # "培育15个关键工序数控化率提升5%以上、…的示范产业集群": the count is the target
        after = strip_trailing(raw_after, rules.trailing_connectives)
        if after.startswith((*rules.after_stoppers, *rules.backward)):  # (a joiner: the next item's noun, "60座和转运站10座")
            after = ""
        fallback = strip_leading(times.remove(text, max(s0, clause - _LOOKBACK), clause), rules)
        fallback = re.split(r"[，,；;]", fallback.rstrip("，,：:；; "))[-1]
        indicator, prefix = _indicator(before, after, prev, fallback, rules)
        start = _skip_lead(text, item_start, cs, times, rules)
        item = _Item(start, qend + len(after), value, unit, comparator or "=", indicator,
                     prefix, bool(after), vtext, ratio, qend, cs, comparator is None)
        out.append((item, year_t, period_t))
        prev = item
    return out


def _qualify_back(out: list, text: str, pos: int, comparator: str, rules: _Rules) -> None:
    """Give ``comparator`` to the items of ``out`` that end the list before
    ``pos`` with only a backward separator between them and no comparator of
    their own ("200家、100家和50家以上": all three at least)."""
    for item, _, _ in reversed(out):
        if not item.implicit or text[item.qend:pos] not in rules.backward:
            return
        item.comparator, item.implicit, pos = comparator, False, item.qstart


def _skip_lead(text: str, start: int, stop: int, times: SentenceTimes, rules: _Rules) -> int:
    """Move ``start`` past punctuation, connectives and a time phrase."""
    moved = True
    while moved and start < stop:
        moved = False
        if text[start] in " \t，,、：:；;":
            start, moved = start + 1, True
            continue
        if start in times.end_at:
            start, moved = times.end_at[start], True
        else:
            for w in rules.trailing_connectives:
                if text.startswith(w, start):
                    start, moved = start + len(w), True
                    break
    return start


def _overlaps(spans: list, ends: list, s0: int, s1: int) -> bool:
    """Whether a span of ``spans`` (sorted, non-overlapping, ``ends`` their ends)
    overlaps ``[s0, s1)``.  A per-sentence match implies a whole-text match that
    overlaps the sentence (the scan resumes before it and cannot pass it)."""
    k = bisect.bisect_right(ends, s0)
    return k < len(spans) and spans[k][0] < s1


def _carried(text: str, s0: int, first: Optional[TimePhrase], carry: Optional[TimePhrase]) -> Optional[TimePhrase]:
    """The time phrase that dates the clauses of a sentence cut by "；" from the clause ``text[s0:…]`` on:
    ``first`` (its first time phrase) when it opens the clause ("到2025年，…至少建成1个…；…各建2家…"),
    else ``carry`` (the phrase of the earlier clauses, None after 。)."""
    if first is not None and first.start - s0 <= 8 and not text[s0:first.start].strip(" \t\u3000，,"):
        return first
    return carry


def extract_targets(text: str, offset: int = 0, default_year: Optional[int] = None,
                    within_base: Optional[int] = None, quota: bool = False) -> list[Target]:
    """Return the quantitative targets stated in ``text`` (see module doc).
    ``default_year`` (the document's year) dates a target whose sentence says
    only 年内/今年/全年/年底前, "明年" (that year + 1) or "N年内" (``within_base`` + N, by default
    ``default_year`` − 1: the plan's first year counts; a dated notice passes its date's year;
    rule ``relative_year``).  ``quota``: ``text`` is an item of an annual plan, whose count right after its
    opening verb of progress is its quota ("推进5个“美丽街区”建设", not a set that exists: ``named_set.progress``)."""
    rules = compiled_rules()
    if not text or (_DIGIT.search(text) is None and rules.cn_quantity.search(text) is None):
        return []  # no quantity can be found in any sentence (masking only removes candidates)
    times = find_time_phrases(text, rules.time, rules.plan_end_words)
    if times and ("《" in text or "“" in text):  # "根据《福建省2014年…办法》规定，…10家": a name's year dates nothing
        names = [m.span() for m in rules.quoted.finditer(text)]
        times = [t for t in times if not inside((t.start, t.end), names)]
    masked = _mask(text, rules, times)
    starts = [t.start for t in times]
    cn_spans = [m.span() for m in rules.cn_quantity.finditer(masked)]
    cn_ends = [e for _, e in cn_spans]
    targets = []
    horizons = [(m.start(), horizon(m, default_year, within_base), opens(text, m.start()))
                for m in rules.within_years.finditer(text)] if default_year else []
    marks = relative_marks(text, horizons, default_year, rules)
    carry: Optional[TimePhrase] = None  # the time phrase opening an earlier "；"-clause of the same sentence
    for sm in _SENTENCE.finditer(masked):
        s0, s1 = sm.span()
        lo = bisect.bisect_left(starts, s0)
        hi = bisect.bisect_left(starts, s1)
        carry = _carried(text, s0, times[lo] if lo < hi else None, carry if s0 and text[s0 - 1] in "；;" else None)
        if _DIGIT.search(masked, s0, s1) is None and not _overlaps(cn_spans, cn_ends, s0, s1):
            continue  # neither a digit nor a Chinese-numeral count: no quantity in this sentence
        sentence_times = SentenceTimes(times[lo:hi])
        relative = this_year(text, s0, s1, default_year, rules)
        # "5年内" in a 2012 plan: by 2016, in its sentence (and the later ones of the passage
        # when it opens its sentence: "…项目。5年内组织…。重点建设30家…")
        k = bisect.bisect_left(horizons, (s1,))
        if k and (horizons[k - 1][0] >= s0 or (relative is None and horizons[k - 1][2])):
            relative = horizons[k - 1][1]
        for item, year_t, period_t in _sentence_items(text, masked, s0, s1, sentence_times, rules, quota):
            if year_t is None and period_t is None and carry is not None and carry.start < s0:
                year_t, period_t = (carry, None) if carry.year is not None else (None, carry)
            year = year_t.year if year_t else (relative if not period_t else None)
            mark = last_mark(marks, s0, item.qstart, year_t, period_t)  # "明年…，五年内压缩到5个工作日"
            if mark is not None:
                year, period_t = mark, None
            targets.append(Target(
                indicator=item.indicator, value=item.value, unit=item.unit,
                comparator=item.comparator, text=text[item.start:item.end],
                span=(offset + item.start, offset + item.end),
                year=year,
                period=period_t.period if period_t else None,
                value_text=item.value_text, ratio=item.ratio))
    return targets
