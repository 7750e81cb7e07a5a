"""The compiled rules of ``extract/rules/targets.yaml``, as used by ``extract.entities.targets``.

``compiled_rules() -> TargetRules`` loads and compiles the rule file once per process (patterns for
quantities, Chinese-numeral counts, masks of non-targets, comparators, clause cues, policy, norm and
baseline clauses …). It raises ``ValueError`` (through the rule loader) on a malformed file.
``named_set``, ``existing_set``, ``condition`` and ``size_class`` test a count against those rules (pure, no
exceptions): the size of a named or existing set, a condition before a grant, a size class; ``inside`` tells a
masked span inside a time limit to reach, ``shared_units`` completes a bare measure word of a list from its next item.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from extract.rules.loader import compile_scan, load_rules
from extract.rules.guards import guarded

RULES_FILE = "targets.yaml"
_CJK = re.compile(r"[\u4e00-\u9fff]")
_CLAUSE_DELIM = re.compile(r"[，,：:；;]")
_CLAUSE_END = re.compile(r"[，,；;。：:！!？?\n]")
_NUM = r"\d+(?:,\d{3})*(?:\.\d+)?"
CN_DIGITS = "零〇一二两三四五六七八九十百千"


def _alt(words) -> str:
    """Regex alternation of literal words, longest first."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@dataclass(frozen=True)
class TargetRules:
    quantity: re.Pattern
    cn_quantity: re.Pattern
    masks: re.Pattern
    time: re.Pattern
    qualifier: re.Pattern
    qualifier_cmp: dict
    before_cmp: dict  # word -> comparator
    before_sizes: tuple  # distinct word lengths, longest first
    clause_cues: tuple
    triggers: re.Pattern
    share_results: re.Pattern  # "100％反馈": a verb of handling right after a percentage
    rate_noun: re.Pattern  # "后续处理率100%": the rate a percentage sets, right before it
    rate_level: re.Pattern  # "分类量29.53吨/日": the measure a rate unit sets, right before it
    rate_level_present: re.Pattern  # 现有, 目前 …: a level that exists
    breakdown: re.Pattern  # 其中: a part of a total stated before it (rule breakdown)
    verb_forms: re.Pattern  # 补建, 外购, 繁育 …: a verb of doing told by its form (rule triggers.verb_forms), before the number
    leading: tuple
    trailing_adverbs: tuple
    continuation: frozenset  # separators after which a quantity shares the comparator
    backward: frozenset  # separators across which a trailing qualifier covers earlier items
    distant_cmp: re.Pattern  # "不低于整个医疗服务项目的50%": a comparator before "…的"
    trailing_deadline: re.Pattern  # "2022年6月底前" after the number dates it
    share_subject: re.Pattern  # "100%的…": a share of units, with its verb after it
    trailing_cues: re.Pattern  # 力争/确保 after a count, in its clause or opening the next one
    own_figure: re.Pattern  # ... but not a next clause that states a figure of its own
    time_cue: re.Pattern  # 力争/确保 right before the time phrase that governs a count ("力争到2020年，…1个")
    time_cue_words: tuple  # … or opening that phrase
    state_after: re.Pattern  # "…未拆迁" after a count in its clause: what is not done yet (a finding)
    state_before: re.Pattern  # "仍有" right before a count: what remains
    state_finding: re.Pattern  # "督查发现" earlier in its sentence: what an inspection found
    size_attributes: tuple  # 存栏, 床位 …: a word naming a size of the noun after a count's 以上/以下
    size_units: tuple  # 立方米, 吨, 元 …: a size with 以上/以下 before a noun sizes the items acted on

    def trailing_cue(self, text: str, qend: int, clause_end: int, end: int) -> Optional[str]:
        """>= when a commitment word follows the count in its clause or opens the next one."""
        nxt = clause_end + 1 if clause_end < end and text[clause_end] in "，," else clause_end
        hit = self.trailing_cues.search(text, qend, clause_end)
        if hit is None:  # "…建设三座污水处理站，力争完成投资0.1亿元": a next clause with a figure of its own keeps it
            hit = self.trailing_cues.match(text, nxt, end)
            hit = hit if hit is None or self.own_figure.match(text, hit.end(), end) is None else None
        return ">=" if hit else None

    def time_cued(self, text: str, phrase, s0: int) -> bool:
        """Whether 力争/确保 opens the time phrase ``phrase`` (a TimePhrase of the sentence starting at ``s0``)
        or stands right before it (rule ``time_cues``)."""
        if phrase is None or phrase.start < s0:
            return False
        return (text.startswith(self.time_cue_words, phrase.start)
                or self.time_cue.search(text, max(s0, phrase.start - 4), phrase.start) is not None)
    trailing_connectives: tuple
    attributes: frozenset
    levels: tuple
    plan_end_words: tuple
    after_stoppers: tuple
    relative_prefixes: tuple
    policy_clause: re.Pattern  # a clause that sets a condition (对…, …时)
    beneficiary: re.Pattern  # 对 opening that clause: the people served when a target verb follows
    grant_after: re.Pattern  # "…的，给予" later in the sentence: the 对-clause names who qualifies for a grant
    policy_words: re.Pattern  # … or grants money or sets a rate (给予, 补助, 费率 …)
    per_unit: re.Pattern  # 每人, 单户 …: a standard per head, for money, rates and bare numbers only
    rate_change: re.Pattern  # "由60%提高至" before a number: a rate changed by a policy
    rate_basis: re.Pattern  # "按…总额的" before a percentage: a rate of a named base
    norm_clause: re.Pattern  # a clause that states a rule of conduct (不得, 不宜, 原则上)
    intention: re.Pattern  # 拟 earlier in the sentence: what an enterprise intends
    baseline_clause: re.Pattern  # a clause about what exists already (现有, 基础上)
    relative_year: re.Pattern  # 年内, 今年: the document's own year
    explicit_year: re.Pattern  # "2024年6" before 月底前: a date of its own year
    within_years: re.Pattern  # "5年内", "五年内": N years from the plan's start (or the document's date)
    next_year: re.Pattern  # "明年": the document's year + 1
    span_years: re.Pattern  # "，3年不少于10期": the first N years from the document's year
    time_limits: re.Pattern  # "压缩至15个、7个工作日以内": time limits to reach, not durations of a rule
    comparator_gap: tuple  # "平均" between a comparator word and its number
    money_clause: re.Pattern  # words that make a money amount a grant ("资助30万元")
    list_item_gap: re.Pattern  # "、高新技术企业" between a target and the next quantity
    noun_first: re.Pattern  # "，病死畜禽集中存放站" between the items of a list written noun first
    item_opening: re.Pattern  # "1、" before a count that opens an inline list item
    item_head: re.Pattern  # "中原安置小区（五组团）" before a count closing a passage's first clause
    named_set: re.Pattern  # "A、B等" right before a count: the size of a named set
    stock_verbs: frozenset  # target verbs that act on what exists (推进, 支持): no result of their own
    stock: re.Pattern  # the same words as a pattern (加快 too, which is no target verb)
    name_list: re.Pattern  # "、张北、丰宁" right before a count: a list of three or more names
    results: re.Pattern  # 完成, 开工 …: a result named after a count
    progress: re.Pattern  # "有序推进" right before a count: the size of a set of existing items
    progress_after: re.Pattern  # "…加快实施", "在建…" after a count: progress on existing items
    partners: re.Pattern  # "与A、B等" right before a count: the partners the work is done with
    progress_results: re.Pattern  # results_words and 实施: a result after a verb of progress
    condition_end: re.Pattern  # "…以上的" (and its noun) closing a condition before a grant
    thresholds: tuple  # 以上, 以下: a threshold word that makes a 的-clause a condition
    condition_hops: int  # further clauses with a threshold that a chain of conditions may run over
    feature_box: re.Pattern  # "专栏4 …": a box of figures that belong to no task (non_targets)
    quoted: re.Pattern  # "《福建省2014年…办法》": a name in quotes, whose year dates nothing (non_targets quoted_name)
    count_modifiers: re.Pattern  # "…提升5%以上、…的示范产业集群" after a count: figures of what it counts
    count_units: frozenset  # the measure words of a count of things (个, 家 …)
    magnitude_project: re.Pattern  # “十百千”工程: a programme named by the magnitudes of its counts (h16t)


@lru_cache(maxsize=1)
def compiled_rules() -> TargetRules:
    """Compile ``targets.yaml`` once; raises ValueError on a bad file."""
    r = load_rules(RULES_FILE)
    units = [w for u in r["units"] for w in u["words"]]
    mags = _alt(r["magnitudes"]).replace("百", "百(?!分)").replace("千", "千(?![伏瓦米克])")  # 千伏 is a unit
    quantity = re.compile(  # "(?=\d)": positions without a digit are skipped at once (2× faster)
        rf"(?=\d)(?<![\d.])(?<!\d,)(?P<num>{_NUM})(?:(?P<colon>[:：∶])(?P<den>{_NUM})|"
        rf"(?P<a1>[多余])?(?P<mag>{mags})?(?P<a2>[多余])?(?P<unit>{_alt(units)})?"
        rf"(?P<per>(?<![\d.])[/／](?:{_alt(r['rate_denominators']['words'])}))?)")  # "10万/毫升": a rate unit
    before = {w: c["comparator"] for c in r["comparators"] for w in c["words"]}
    cn_prefix = _alt([w for w in before if w not in r["cn_numeral_not_after"]] + r["cn_numeral_extra_prefixes"])
    cn_quantity = compile_scan(  # "一次性" is an adjective, not a count
        rf"(?:{cn_prefix}|(?:{r['cn_numeral_frequency']['pattern']}|{r['cn_numeral_distributive']['pattern']}|{r['cn_numeral_facility']['pattern']})(?=[{CN_DIGITS}]+(?:{_alt(units)})))(?P<cn>[{CN_DIGITS}]*)(?P<mag>万亿|亿|万)?(?:(?P<unit>{_alt(units)})(?!性))?")
    qual = {w: q["comparator"] for q in r["qualifiers"] for w in q["words"]}
    times = "|".join(f"(?:{t['pattern']})" for t in r["time_phrases"])
    return TargetRules(
        quantity=quantity,
        cn_quantity=cn_quantity,
        masks=re.compile(rf"(?=[{r['non_target_first_chars']}])(?:"  # (each behind the checks its matches imply)
                         + "|".join(f"(?:{guarded(m['pattern'])})" for m in r["non_targets"]) + ")"),
        time=compile_scan(times),
        qualifier=compile_scan(_alt(qual)),
        qualifier_cmp=qual,
        before_cmp=before,
        before_sizes=tuple(sorted({len(w) for w in before}, reverse=True)),
        clause_cues=tuple((w, c["comparator"]) for c in r["clause_cues"] for w in c["words"]),
        triggers=compile_scan(_alt(w for t in r["triggers"] for w in t["words"])),
        breakdown=re.compile(r["breakdown"]["pattern"]),
        rate_level=re.compile(r["rate_level"]["pattern"]),
        rate_level_present=re.compile(r["rate_level"]["present"]),
        verb_forms=compile_scan("|".join(f"(?:{t['pattern']})" for t in r["triggers"] if t.get("pattern")) or "(?!)"),
        share_results=re.compile(r["share_results"]["pattern"]),
        rate_noun=re.compile(r["rate_noun"]["pattern"]),
        leading=tuple(sorted(r["leading_cues"], key=len, reverse=True)),
        trailing_adverbs=tuple(sorted(r["trailing_adverbs"], key=len, reverse=True)),
        continuation=frozenset(r["list_continuation"]["separators"]),
        backward=frozenset(r["list_continuation"]["backward_separators"]),
        trailing_deadline=re.compile(r["trailing_deadline"]["pattern"]),
        share_subject=re.compile(r["share_subject"]["pattern"]),
        trailing_cues=re.compile(_alt(r["trailing_cues"]["words"])),
        own_figure=re.compile(r["trailing_cues"]["own_figure"]),
        time_cue=re.compile(r["time_cues"]["pattern"]),
        time_cue_words=tuple(r["time_cues"]["words"]),
        state_after=re.compile(r["state_clauses"]["pattern"]),
        state_before=re.compile(r["state_clauses"]["before"]),
        state_finding=re.compile(r["state_clauses"]["finding"]),
        size_attributes=tuple(sorted(r["size_attributes"]["words"], key=len, reverse=True)),
        size_units=tuple(r["size_units"]["words"]),
        distant_cmp=re.compile(rf"(?P<word>{_alt(r['distant_comparator']['words'])})"
                               + r["distant_comparator"]["pattern"]),
        trailing_connectives=tuple(sorted(r["trailing_connectives"], key=len, reverse=True)),
        attributes=frozenset(r["attribute_words"]),
        levels=tuple(r["level_words"]),
        plan_end_words=tuple(w for t in r["time_phrases"] for w in t.get("end_words", ())),
        after_stoppers=tuple(r["after_noun_stoppers"]),
        relative_prefixes=tuple(r["relative_prefixes"]),
        policy_clause=re.compile(r["policy_clauses"]["condition"]),
        per_unit=compile_scan(_alt(r["policy_clauses"]["per_unit_words"])),
        policy_words=compile_scan(f"(?:{_alt(r['policy_clauses']['words'])})(?!{r['policy_clauses']['list_item_after']})"),
        beneficiary=re.compile(r["policy_clauses"]["beneficiary"]),
        grant_after=re.compile(r["policy_clauses"]["grant_after"]),
        rate_change=re.compile(r["policy_clauses"]["rate_change"]),
        rate_basis=re.compile(r["policy_clauses"]["rate_basis"]),
        norm_clause=compile_scan(r["norm_clauses"]["pattern"]),
        intention=re.compile(r["norm_clauses"]["intention"]),
        baseline_clause=compile_scan(r["baseline_clauses"]["pattern"]),
        relative_year=compile_scan(f'{_alt(r["relative_year"]["words"])}|{r["relative_year"]["quarters"]}'),
        explicit_year=re.compile(r["relative_year"]["explicit_year"]),
        within_years=compile_scan(r["relative_year"]["within"]),
        next_year=re.compile(r["relative_year"]["next_year"]),
        span_years=compile_scan(r["relative_year"]["span"]),
        time_limits=compile_scan(r["time_limits"]["pattern"]),
        comparator_gap=tuple(r["time_limits"]["comparator_gap"]),
        money_clause=compile_scan(_alt(r["policy_clauses"]["money_words"])),
        list_item_gap=re.compile(r["list_item_gap"]["pattern"]),
        noun_first=re.compile(r["list_item_gap"]["noun_first"]),
        item_opening=re.compile(r["item_counts"]["opening"]),
        item_head=re.compile(r["item_counts"]["head"]),
        named_set=re.compile(r["named_set"]["pattern"]),
        stock_verbs=frozenset(r["named_set"]["stock_verbs"]),
        stock=compile_scan(_alt(r["named_set"]["stock_verbs"])),
        name_list=re.compile(r["named_set"]["name_list"]),
        results=compile_scan(_alt(r["named_set"]["result_words"])),
        progress=re.compile(r["named_set"]["progress"]),
        progress_after=re.compile(r["named_set"]["progress_after"]),
        partners=re.compile(r["named_set"]["partners"]),
        progress_results=compile_scan(_alt(r["named_set"]["result_words"] + r["named_set"]["progress_results"])),
        condition_end=re.compile(r["condition_clauses"]["pattern"]),
        thresholds=tuple(r["condition_clauses"]["thresholds"]),
        condition_hops=int(r["condition_clauses"].get("hops", 0)),
        feature_box=re.compile(next(m["pattern"] for m in r["non_targets"] if m["id"] == "feature_box")),
        quoted=re.compile(next(m["pattern"] for m in r["non_targets"] if m["id"] == "quoted_name")),
        count_modifiers=re.compile(r["count_modifiers"]["pattern"]),
        count_units=frozenset(r["count_modifiers"]["units"]),
        magnitude_project=re.compile(r["magnitude_project"]["pattern"]),
    )


# Clause tests that apply these rules to a count (used by ``extract.entities.targets``).

def named_set(before: str, opening: str, after: str, rules: TargetRules) -> bool:
    """Whether a count gives the size of a set named right before it ("A、B等6个", or
    "加快A、B、C 3个" after a stock verb) with only stock verbs before it and no result after."""
    if rules.named_set.search(before) is None and not (rules.name_list.search(before) and rules.stock.search(before)):
        return False
    return (all(m.group() in rules.stock_verbs for m in rules.triggers.finditer(opening + before))
            and rules.results.search(after) is None)


def existing_set(text: str, before: str, opening: str, qend: int, clause_end: int, set_end: int, cs: int,
                  rules: TargetRules, list_end: int = -1) -> bool:
    """Whether a count gives the size of a set of items that exist already (rules ``named_set.progress``,
    ``progress_after``, ``partners``): right after a verb of progress with no result after it, before a phrase of
    progress only, after the partners named before 等, or as the next list item after such a count.  The phrase of
    progress may close the list that the count opens (up to ``list_end``, the next clause delimiter: "推动24个国家级
    外贸基地、81个省级外贸基地加快发展") when no result is named in between."""
    if before.endswith("等") and rules.partners.search(before):
        return True
    progress_after = rules.progress_after.match(text, qend, clause_end) is not None or (
        list_end > clause_end and rules.progress_after.match(text, qend, list_end) is not None
        and rules.progress_results.search(text, qend, list_end) is None)
    listed = (set_end >= 0 and text[set_end:set_end + 1] in ("、", "和", "及")
              and rules.list_item_gap.fullmatch(text, set_end, cs) is not None)
    if not (progress_after or listed or rules.progress.search(before[-8:])):
        return False  # the cheap tests first: most counts follow no verb of progress
    if not all(m.group() in rules.stock_verbs for m in rules.triggers.finditer(opening + before)):
        return False
    return progress_after or rules.progress_results.search(text, qend, clause_end) is None


def condition(text: str, qend: int, end: int, threshold: bool, rules: TargetRules, verbless: bool = False) -> bool:
    """Whether the count ends a 的-condition closed by a comma before a grant in its sentence (rule
    ``condition_clauses``; ``end`` is the sentence end; ``threshold``: the count has a bound comparator).
    A count with a threshold may close its clause and the condition run on over up to ``hops`` further
    clauses that each state a threshold and no target verb ("强度4%以上，上年度…投入200万元以上的…企业，…给予20%的补助").
    A threshold written after the count (以上, 以下) with no target verb before it in its clause and no time phrase
    (``verbless``) that closes its 的-clause
    names a class of cases, with or without a grant after it ("单次送审金额50万元以上、不满200万元的工程变更，经…审批")."""
    pos = qend
    for hop in range(rules.condition_hops + 1):
        comma = _CLAUSE_DELIM.search(text, pos, min(end, pos + 40))
        if comma is None or text[comma.start()] not in "，,":
            return False
        bounded = any(w in text[pos:comma.start()] for w in rules.thresholds)
        if not (bounded or (hop == 0 and threshold)) or (hop and rules.triggers.search(text, pos, comma.start())):
            return False  # (a further clause with a target verb states a target of its own: "…90%以上，新建100个以上的…")
        if rules.condition_end.search(text, pos, comma.start()) is not None:
            return (verbless and hop == 0 and threshold) or rules.policy_words.search(text, comma.end(), min(end, comma.end() + 100)) is not None
        pos = comma.end()
    return False


def policy_condition(text: str, clause: int, clause_end: int, cs: int, qend: int, rules: TargetRules) -> bool:
    """Whether the clause ``text[clause:clause_end]`` of the count at ``cs``–``qend`` sets a condition (rule
    ``policy_clauses.condition``), not counting a 对 that opens it and names the people a target verb serves
    (``beneficiary``: "对重点人群提供…服务5万件以上"; no 的 in the clause: "对…实施改造的石津等7处" is a condition)."""
    m = rules.policy_clause.search(text, clause, clause_end)
    if m is None:
        return False
    opening = rules.beneficiary.match(text[m.start():m.end() + 1])  # (one character on: "对每")
    if (opening and (rules.triggers.search(text, m.end(), cs) is not None
                     or (rules.triggers.search(text, qend, _comma_end(text, clause_end)) is not None
                         and not re.search("以[上下]", text[cs:qend])))  # "对连锁运营5家以上…设施": a threshold
            and text.find("的", m.end(), _comma_end(text, clause_end)) < 0
            and rules.grant_after.match(text, qend) is None):  # "对引进…达5000万元以上，且带动…的，给予100万元"
        return rules.policy_clause.search(text, m.end(), clause_end) is not None
    return True


def _comma_end(text: str, pos: int) -> int:
    """The end of the clause around ``pos`` over the items of a list (the next delimiter other than 、)."""
    m = _CLAUSE_END.search(text, pos)
    return m.start() if m else len(text)


def next_item(text: str, prev_end: int, prev_post_noun: bool, cs: int, rules: TargetRules) -> bool:
    """Whether the count at ``cs`` is the next item of the list whose previous target ends at ``prev_end``
    (rule ``list_item_gap``; written noun first, "中心1个，病死畜禽集中存放站9个": ``noun_first`` after a count that
    closes its clause, with no target verb and no 的 in the gap)."""
    if rules.list_item_gap.fullmatch(text, prev_end, cs) is not None:
        return True
    return (not prev_post_noun and rules.noun_first.fullmatch(text, prev_end, cs) is not None
            and rules.triggers.search(text, prev_end, cs) is None and text.find("的", prev_end, cs) < 0)


def size_class(text: str, end: int, rules: TargetRules) -> bool:
    """Whether the number ending at ``end`` is a size class: 以上/以下 and a noun
    right after it ("100亩以上设施园区")."""
    q = rules.qualifier.match(text, end)
    return bool(q) and rules.qualifier_cmp[q.group()] in (">=", "<=") and _CJK.match(text, q.end()) is not None


def inside(span: tuple, runs: list) -> bool:
    """Whether ``span`` lies inside one of ``runs`` (time limits: "压缩至15个、7个工作日以内")."""
    return any(s <= span[0] and span[1] <= e for s, e in runs)


def shared_units(text: str, cands: list) -> list:
    """``cands`` with a bare measure word completed from the next item of its list when that item's unit
    extends it ("15个、7个工作日": 个工作日 for both; "1万、2万吨": 万吨), working back from the last item."""
    for i in range(len(cands) - 2, -1, -1):
        q, nxt = cands[i], cands[i + 1]
        if (q.unit and nxt.unit and nxt.unit != q.unit and nxt.unit.startswith(q.unit)
                and text[q.end:nxt.start] in ("、", "和", "及")):
            cands[i] = q._replace(unit=nxt.unit)
    return cands


def present_state(text: str, before: str, qend: int, end: int, rules: TargetRules, sentence: str = "") -> bool:
    """Whether a count with no comparator states the present (rule ``state_clauses``): no target verb in ``before``
    (its clause before it) and a negated deed after it up to the next clause delimiter before ``end``
    ("…70多亩土地未征用"), or 仍有/尚有 right before it ("仍有80余栋房屋未拆迁"), or an inspection's finding opening
    ``sentence`` (its text before the count: "督查发现未承接的11项中有1项为取消事项")."""
    if rules.triggers.search(before):
        return False
    if rules.state_before.search(before) or rules.state_finding.search(sentence):
        return True
    stop = _CLAUSE_DELIM.search(text, qend, end)
    return rules.state_after.search(text, qend, stop.start() if stop else end) is not None
