"""Records produced by the extractors.

Plain dataclasses, no I/O and no RDF: ``graph`` turns them into triples and
``extract.export`` into the JSON/CSV contract.  Every span is a half-open
``(start, end)`` pair of character offsets into the *original* text of the
source file (the decoded text, before any clean-up).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Optional

Span = tuple[int, int]


class Role(str, Enum):
    """A role a department plays in a task; the value is the spelling of the
    JSON/CSV contract and of the graph (``pkg:lead``, ``pkg:participant``,
    ``pkg:responsible``).  ``field`` is the :class:`Task` attribute holding the
    departments of that role (``participants`` for ``participant``)."""

    LEAD = "lead"
    PARTICIPANT = "participant"
    RESPONSIBLE = "responsible"

    @property
    def field(self) -> str:
        """The Task attribute listing this role's departments."""
        return "participants" if self is Role.PARTICIPANT else self.value


#: Roles a department can play in a task (plain strings, as before the enum).
LEAD = Role.LEAD.value
PARTICIPANT = Role.PARTICIPANT.value
RESPONSIBLE = Role.RESPONSIBLE.value


@dataclass
class DeptRef:
    """One department (or group of departments) named in an assignment.

    ``name`` is the name as written after clean-up (page breaks joined, trailing
    等 removed).  ``id``/``label`` come from the department gazetteer and stay
    ``None`` when the name is not in it (an *unresolved* department).
    ``group`` is true for expressions such as 各成员单位 or 相关县级市（区）;
    ``members`` lists the ids of a group's members when the corpus says who
    they are.  ``jurisdiction`` is whose department it is: the gazetteer
    entry's, the one a standard name's prefix points to (市科技局 in a Hangzhou
    document: hangzhou, with label 杭州市科学技术局), else the document's.
    """

    name: str
    span: Optional[Span] = None
    id: Optional[str] = None
    label: Optional[str] = None
    group: bool = False
    level: Optional[str] = None
    body: Optional[str] = None
    members: list[str] = field(default_factory=list)
    kind: Optional[str] = None  # unit kind from its form: agency, division, company, bank, customs, court, street …
    jurisdiction: Optional[str] = None  # the jurisdiction id it belongs to (its entry's, the one its prefix names, else its document's)

    def identity(self, document_jurisdiction: Optional[str] = None) -> str:
        """The department's identity, stable from build to build: a gazetteer
        department's id (suzhou.kjj, already scoped), else
        ``<jurisdiction>:<canonical label, else name as written>``, a group's
        ``<jurisdiction>:<group id>`` (杭州市科技局 and 成都市科技局 never share one)."""
        where = self.jurisdiction or document_jurisdiction or "unknown"
        if self.id and not self.group:
            return self.id
        if self.id:
            return self.id if self.id.startswith(where + ".") else f"{where}:{self.id}"
        return f"{where}:{self.label or self.name}"


@dataclass
class Target:
    """An explicit quantitative target ("到2025年…比重达4%")."""

    indicator: str
    value: Optional[float]
    unit: Optional[str]
    comparator: str  # one of ">=", "<=", "≈", "="
    text: str  # the clause as written
    span: Span
    year: Optional[int] = None
    period: Optional[tuple[int, int]] = None  # e.g. (2021, 2025) for 十四五
    value_text: Optional[str] = None  # the number as written, e.g. "超万亿"
    ratio: Optional[str] = None  # e.g. "1.85:1"


@dataclass
class Mention:
    """A gazetteer or pattern hit: district, place, platform or industry."""

    name: str  # as written
    span: Span
    kind: str  # "district", "place", "platform", "industry"
    id: Optional[str] = None
    label: Optional[str] = None
    type: Optional[str] = None  # e.g. platform type "laboratory", place type


@dataclass
class ExtractionWarning:
    """Something that looked meaningful but could not be parsed."""

    code: str  # stable machine-readable code, e.g. "unparsed-assignment"
    message: str
    span: Optional[Span] = None
    line: Optional[int] = None  # 1-based line in the original text


@dataclass
class Section:
    """A numbered heading that groups tasks (一、… / （一）… / 附件 1)."""

    key: str
    number: str  # as written, e.g. "一" or "（二）" or "附件1"
    title: str
    span: Span
    level: int
    parent: Optional[str] = None


@dataclass
class Task:
    """A numbered actionable item and who is assigned to it."""

    id: str  # number as written, e.g. "7"
    key: str  # unique and stable within the corpus
    parent: Optional[str]
    section: str  # human-readable section path
    title: str
    text: str
    span: Span
    lead: list[DeptRef] = field(default_factory=list)
    participants: list[DeptRef] = field(default_factory=list)
    responsible: list[DeptRef] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    districts: list[Mention] = field(default_factory=list)
    platforms: list[Mention] = field(default_factory=list)
    industries: list[Mention] = field(default_factory=list)
    assignment_span: Optional[Span] = None
    assignment_text: Optional[str] = None  # the clean text of assignment_span (as it reads in ``text``)
    inherited: bool = False  # departments copied from the parent task


@dataclass
class Document:
    """One member document of a source file (a compilation has several)."""

    id: str
    title: str
    kind: str
    span: Span
    path: str = ""
    issuer: Optional[str] = None
    date: Optional[str] = None  # ISO date when stated
    number: Optional[str] = None  # the document number (文号) as printed, e.g. 皖政办秘〔2021〕82号
    source: Optional[str] = None  # stated source, e.g. "苏州日报，2022年1月13日"
    part_of: Optional[str] = None  # id of the parent document (annexes)
    jurisdiction: Optional[str] = None  # id: cn, anhui, suzhou, city:广安市, county:松江区 (extract.entities.jurisdiction)
    jurisdiction_level: Optional[str] = None  # nation | province | city | county | district | street
    jurisdiction_name: Optional[str] = None  # 中华人民共和国, 安徽省, 广安市, 松江区
    sections: list[Section] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    warnings: list[ExtractionWarning] = field(default_factory=list)
    districts: list[Mention] = field(default_factory=list)
    platforms: list[Mention] = field(default_factory=list)
    industries: list[Mention] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)  # rows of indicator tables (主要指标)


@dataclass
class SkippedFile:
    """A file a batch could not read, and why."""

    path: str
    reason: str


@dataclass
class ExtractionResult:
    """What ``extract.pipeline.extract_paths`` returns for a batch."""

    documents: list[Document] = field(default_factory=list)
    skipped: list[SkippedFile] = field(default_factory=list)
    #: the original text of each file read, by the name its documents record as ``path``
    texts: dict[str, str] = field(default_factory=dict)
