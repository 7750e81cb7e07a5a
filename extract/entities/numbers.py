"""Parse numbers written in policy texts: Arabic, Chinese numerals, magnitudes.

``parse_number(s)`` takes one number as written ("7000", "1,200", "1.3万亿",
"两千", "一千一百万", "十四", "万", "二〇二五") and returns its full value as
a float (1.3万亿 -> 1.3e12), or ``None`` when ``s`` is not a number.  It never
raises.

``find_quantities(masked, quantity, cn_quantity, start, end)`` lists the
quantities ("7000亿元", "超万亿元", "1.85:1", "6%—7%") that two compiled
patterns (built by ``extract.entities.targets`` from its rule file) find in
``masked[start:end]``.

``find_time_phrases(text, pattern, plan_end_words)`` reads the year or
period of each time phrase that a compiled pattern finds ("到2025年" -> year,
"2023—2024年" or "十四五期间" -> period); ``SentenceTimes(phrases)`` looks
them up by position within one sentence (the phrase governing a number, the
first year phrase after it, the text between without them).

``five_year_plan_period(n)`` maps the ordinal of a five-year plan (14 for
十四五) to its years, (2021, 2025).
"""

from __future__ import annotations

import bisect
import re
from typing import NamedTuple, Optional

from extract.memo import lasting

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
           "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_SMALL = {"十": 10, "百": 100, "千": 1000}
_BIG = {"万": 10_000, "亿": 100_000_000}
_MAGNITUDE = {**_SMALL, **_BIG}

_ARABIC = re.compile(r"(\d+(?:,\d{3})*(?:\.\d+)?)([十百千万亿]*)")
_CHINESE = re.compile(r"[零〇一二两三四五六七八九十百千万亿]+")


def _magnitude(word: str) -> float:
    """Product of magnitude characters: "万亿" -> 1e12, "" -> 1."""
    factor = 1.0
    for ch in word:
        factor *= _MAGNITUDE[ch]
    return factor


def _chinese(s: str) -> float:
    """Value of a Chinese numeral made only of digit/magnitude characters."""
    if all(ch in _DIGITS for ch in s):  # digit string such as 二〇二五
        return float("".join(str(_DIGITS[ch]) for ch in s))
    if all(ch in _MAGNITUDE for ch in s):  # bare magnitude such as 万亿
        return _magnitude(s)
    total = 0.0
    section = 0.0
    digit: int | None = None
    for ch in s:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        elif ch in _SMALL:
            section += (1 if digit is None else digit) * _SMALL[ch]
            digit = None
        else:  # 万 or 亿
            section += digit or 0
            if ch == "亿":
                total = (total + section) * _BIG[ch]
            else:
                total += section * _BIG[ch]
            section = 0.0
            digit = None
    return total + section + (digit or 0)


def parse_number(s: str) -> float | None:
    """Return the value of the number written as ``s`` or ``None``.

    Arabic digits may carry thousands separators and trailing magnitude words
    ("1.3万亿" -> 1.3e12); Chinese numerals are read with their place values
    ("一千一百万" -> 1.1e7, "十四" -> 14, bare "万" -> 1e4).  Surrounding
    whitespace is ignored; anything else makes the result ``None``.
    """
    if not isinstance(s, str):
        return None
    s = s.strip()
    if not s:
        return None
    m = _ARABIC.fullmatch(s)
    if m:
        return float(m.group(1).replace(",", "")) * _magnitude(m.group(2))
    if _CHINESE.fullmatch(s):
        return _chinese(s)
    return None


def five_year_plan_period(ordinal: int) -> tuple[int, int] | None:
    """Years of the ``ordinal``-th five-year plan (from the 3rd, 1966–1970).

    14 -> (2021, 2025), 15 -> (2026, 2030); ``None`` below 3.
    """
    if ordinal < 3:
        return None
    start = 1966 + 5 * (ordinal - 3)
    return (start, start + 4)


class Quantity(NamedTuple):
    """A number found in text; ``unit`` holds magnitude + measure word ("亿元")."""

    start: int
    end: int
    value: float
    unit: Optional[str]
    value_text: str
    ratio: Optional[str]
    approx: bool  # written with 多/余, or a range whose lower bound is kept


_RANGE_SEP = re.compile(r"[-—–~～至到]{1,2}")


_CJK = re.compile(r"[\u4e00-\u9fff]")
_LAST_NUMBER = re.compile(r"([0-9]+(?:\.[0-9]+)?)[^0-9]*$")


def range_upper(value_text: str) -> Optional[float]:
    """The upper bound of a range as written ("5%—5.5%" → 5.5), else None."""
    sep = _RANGE_SEP.search(value_text)
    m = _LAST_NUMBER.search(value_text, sep.end()) if sep else None
    return float(m.group(1)) if m else None


def _same_unit(first: Optional[str], second: Optional[str]) -> bool:
    """Whether a range's first bound shares the unit of the second: none written,
    the same, or only its magnitude ("1万至2万名": 万 of 万名)."""
    return (first in (None, second)
            or bool(second and second.startswith(first) and set(first) <= set("十百千万亿")))


def find_quantities(masked: str, quantity: re.Pattern, cn_quantity: re.Pattern,
                    start: int, end: int) -> list[Quantity]:
    """Quantities in ``masked[start:end]``, sorted, non-overlapping.

    ``quantity`` must have groups num, colon, den, a1, mag, a2, unit (Arabic
    numbers); ``cn_quantity`` groups cn, mag, unit (Chinese numerals).  A
    Chinese match needs digits or a magnitude, and a unit or a magnitude (a
    bare magnitude not before a Chinese character); it is dropped where it
    overlaps an Arabic one.  "6%—7%" and "6—7%" become
    one quantity with the lower bound and ``approx`` set.
    """
    out = []
    for m in quantity.finditer(masked, start, end):
        num = float(m["num"].replace(",", ""))
        if m["colon"]:
            ratio = f"{m['num']}:{m['den']}"
            out.append(Quantity(m.start(), m.end(), num, None, ratio, ratio, False))
            continue
        unit = ((m["mag"] or "") + ("%" if m["unit"] == "％" else (m["unit"] or ""))
                + (m.groupdict().get("per") or "")) or None  # "10万/毫升": a rate over its denominator
        out.append(Quantity(m.start(), m.end(), num, unit, m["num"] + (m["mag"] or ""),
                            None, bool(m["a1"] or m["a2"])))
    arabic_starts = [q.start for q in out]
    for m in cn_quantity.finditer(masked, start, end):
        if not (m["cn"] or m["mag"]) or not (m["unit"] or m["mag"]):
            continue
        if not m["cn"] and not m["unit"] and _CJK.match(masked, m.end()):
            continue  # "万兆到旗县区": a name (万兆 bandwidth), not 10,000
        k = bisect.bisect_left(arabic_starts, m.end())
        if k and out[k - 1].end > m.start("cn"):
            continue
        value = parse_number(m["cn"]) if m["cn"] else 1.0
        if value is not None:
            out.append(Quantity(m.start("cn"), m.end(), value, (m["mag"] or "") + (m["unit"] or ""),
                                m["cn"] + (m["mag"] or ""), None, False))
    merged: list[Quantity] = []
    for q in sorted(out, key=lambda q: q.start):
        p = merged[-1] if merged else None
        if (p and p.ratio is None and q.ratio is None and _same_unit(p.unit, q.unit)
                and not _RANGE_SEP.search(p.value_text)
                and _RANGE_SEP.fullmatch(masked, p.end, q.start)):
            merged[-1] = Quantity(p.start, q.end, p.value, q.unit, masked[p.start:q.end], None, True)
        else:
            merged.append(q)
    return merged


class TimePhrase(NamedTuple):
    """A time phrase: ``year`` (到2025年) or ``period`` (十四五期间), not both."""

    start: int
    end: int
    year: Optional[int] = None
    period: Optional[tuple[int, int]] = None


def find_time_phrases(text: str, pattern: re.Pattern,
                      plan_end_words: tuple = ()) -> list[TimePhrase]:
    """Time phrases found by ``pattern`` in ``text``, in order.

    ``pattern`` sets groups y1/y2 (a year range), fyp/fyp_when (a five-year
    plan ordinal such as 十四 and the word after it) or year.  A plan whose
    word is in ``plan_end_words`` (末) gives its last year, else its period.
    """
    out = []
    for m in pattern.finditer(text):
        g = m.groupdict()
        if g.get("y1"):
            out.append(TimePhrase(m.start(), m.end(), period=(int(g["y1"]), int(g["y2"]))))
        elif g.get("fyp"):
            years = five_year_plan_period(int(parse_number(g["fyp"]) or 0))
            if years is None:
                continue
            if g["fyp_when"] in plan_end_words:
                out.append(TimePhrase(m.start(), m.end(), year=years[1]))
            else:
                out.append(TimePhrase(m.start(), m.end(), period=years))
        elif g.get("year"):
            out.append(TimePhrase(m.start(), m.end(), year=int(g["year"])))
    return out


class SentenceTimes:
    """Time phrases of one sentence (sorted, non-overlapping) with O(log n) look-ups."""

    def __init__(self, times: list[TimePhrase]):
        self.times = times
        self.starts = [t.start for t in times]
        self.ends = [t.end for t in times]
        self.end_at = {t.start: t.end for t in times}
        self.last_year: list[Optional[TimePhrase]] = []
        self.last_period: list[Optional[TimePhrase]] = []
        year = period = None
        for t in times:
            year = t if t.year is not None else year
            period = t if t.period is not None else period
            self.last_year.append(year)
            self.last_period.append(period)

    def governing(self, pos: int) -> tuple[bool, Optional[TimePhrase], Optional[TimePhrase]]:
        """(any phrase ends before ``pos``, last year phrase, last period phrase)."""
        k = bisect.bisect_right(self.ends, pos)
        if k == 0:
            return False, None, None
        return True, self.last_year[k - 1], self.last_period[k - 1]

    def year_in(self, s: int, e: int) -> Optional[TimePhrase]:
        """The first year phrase that starts in ``[s, e)``, else None."""
        k = bisect.bisect_left(self.starts, s)
        while k < len(self.times) and self.starts[k] < e:
            if self.times[k].year is not None:
                return self.times[k]
            k += 1
        return None

    def remove(self, text: str, s: int, e: int) -> str:
        """``text[s:e]`` with the time phrases in it cut out."""
        parts, pos = [], s
        lo, hi = bisect.bisect_right(self.ends, s), bisect.bisect_left(self.starts, e)
        for t in self.times[lo:hi]:
            parts.append(text[pos:max(pos, t.start)])
            pos = max(pos, t.end)
        parts.append(text[pos:e])
        return "".join(parts)


_CN_NUMERALS = frozenset("零〇一二两三四五六七八九十百")


@lasting(maxsize=1 << 12)  # (a pure function of the marker, asked of every item of every document)
def numeral(n: str) -> str:
    """A numbering marker's numeral as an ASCII number ("十二" → "12", "③" → "3");
    anything else is returned as written."""
    if n.isdigit() and n.isascii():
        return str(int(n))
    if len(n) == 1 and "①" <= n <= "⑳":
        return str(ord(n) - ord("①") + 1)
    value = parse_number(n) if all(ch in _CN_NUMERALS for ch in n) else None
    return n if value is None else str(int(value))
