"""Extraction on real published documents, scored against hand-written gold.

Three sets (``tests/fixtures/real*/``; gold format and conventions in
``tests/fixtures/real/GOLD_GUIDE.md``, scoring in ``tests/real_support.py``):

* ``real``: the 20 development documents of ``shared/corpus/real`` (gold
  written by annotators who had not seen the extractor's output).  The mean
  task F1 and department F1 must stay at 0.95 or more, and no document may
  fall below 0.90.
* ``real_unseen``: 10 further documents found by a helper, gold written
  blind; scored blind once (mean department F1 0.56), then used for fixes:
  regression floor.
* ``real_unseen2``: 6 further documents, mostly regulations and prose duty
  allocations, scored blind once (mean department F1 0.29): regression floor.
* ``real_unseen3``: 10 further plan-style documents, scored blind once at the
  end of the round (mean department F1 0.60): regression floor.
* ``real_unseen4``: 5 further national documents (one-line crawls, a glued
  分工表 annex, labelled brackets, "由X负责…" items, a sparse opinion), scored
  blind once on the first four (mean department F1 0.39), then used for fixes:
  regression floor.
* ``real_unseen5``: 10 further documents (9 from the 平潭 county site, 1 广安): a
  "（X牵头落实）" bracket, a glued 分工表 with a combined 配合/责任单位 column, a
  department-first 职责分工, "由X牵头，联合Y…" prose, names glued to the next item
  number; scored blind once (mean task/department F1 0.70/0.45), then used for
  fixes (helper h7y, 0.88/0.85): regression floor.
* ``real_unseen6``: 6 further documents (河北, 四川, 广安 ×2, 平潭 片区 ×2), held out
  from two rounds (0.29/0.22), then used for fixes (helper h7z: labels with a
  bracketed alternative, one bracket per group of sub-items under a duty heading,
  a regulation's department-first duty article, 由X牵头组织Y…, prose lists of many
  leads, markup before a marker; 0.81/0.84): regression floor.

* ``real_unseen7``: 6 further documents (河北 CSV ×2, 广安 JSON ×2, 平潭 page.txt ×2), held out
  from three rounds (0.28/0.17), then used for fixes (helper h7a: 起草 as a role verb, a bracket
  glued to a unit's name is no assignment, "X要…" sentences in documents with no other
  assignment, a task table flattened with single spaces between cells, townships as a group;
  0.87/0.85): regression floor.  The same round lifted ``real_unseen5`` to 0.91/0.88 (a glued table
  whose department column is the last, with the document's own header words) and ``real_unseen3`` to
  0.99/0.98 (平潭's glued two-level 分工表 of "N、" measures, 0.00 before).
* ``real_unseen8`` (7 documents, 3 from repositories no earlier set used) and ``real_unseen9``
  (7 documents of the known crawls, unused pages), written blind while that round ran and scored
  held out: 0.40/0.36 and 0.48/0.35 before it, 0.40/0.36 and 0.56/0.44 after it (mostly prose
  duties of regulations and notices, and duties by department type).  One fix followed on
  ``real_unseen9`` (组织实施 ends a carry-forward note's unit list: 0.56/0.46).  A tuning round on
  both (helper h7b: "X：会同Y…" colon duty lists, a label after a comma, 〉 typed for ）, shared-head
  lists with 工业和信息化, 各市、县政府, "X部门（Y部门）", "X组织专家，会同Y…") lifted them to 0.45/0.46 and 0.68/0.60 with no
  document of an earlier set lower: regression floors.
  A prose-duty round (helper h7p: "X要…" in every file without a bracket or label, a run-in measure
  as one task, acts and penalties in a regulation's articles, programme roles and a level's 财政 as
  units, a chapter run into its first article) lifted them to 0.83/0.78 and 0.82/0.77, with
  ``real_unseen2`` 0.77/0.68, ``real_unseen4`` 0.91/0.96 and ``real_unseen5`` 0.94/0.91: floors
  raised to those means minus 0.02.
  The gold convention then changed (a11, GOLD_GUIDE "Prose duties": prose duties count everywhere,
  also in bracket, label and table documents; gold of all sets aligned): main fell to 0.95/0.89 on
  ``real_unseen`` (+14 gold tasks) and 0.72/0.65 on ``real_unseen2`` (+17, -1).  Helper h7q (prose
  duties everywhere, "X应当…" in articles) lifted them to 0.957/0.906 and 0.750/0.685: their task floors
  moved to 0.95 and 0.74 because the gold changed, dept floors kept or raised; ``real_unseen10`` (0.60/0.47)
  and ``real_unseen11`` (0.83/0.66) got floors (means minus 0.02).
  ``real_unseen12`` (blind, g12) was scored held out at the start of the session (0.59/0.44), after the
  first round (0.62/0.45) and after the second (0.82/0.75, targets micro F1 0.48); its floors are those
  means minus 0.02, and ``real_unseen11``'s dept floor follows h7r's role reading (0.74 - 0.02).
  Helper h7x (labelled 责任分工 sentences, glued tables with a location column or glued row numbers,
  a table section row naming its rows' group, "，下同" after a convention, "相关处室、单位", "区经济与发展局
  区办") lifted ``real_unseen3`` to 0.994/0.988, ``real_unseen6`` to 0.813/0.858, ``real_unseen7`` to
  0.872/0.862 and ``real_unseen9`` to 0.918/0.849: their raised floors are those means minus 0.02.
  A round on the prose duties of regulations and prose-only notices (helper h7v: articles whose number
  stands over its paragraphs or runs into its text, "X依据各自职责，…", enforcement by a body one can tell,
  "X或者Y", "（以下简称X）", department-first lists inside one sentence, self-governing bodies as no units)
  lifted ``real_unseen2`` to 0.78/0.71, ``real_unseen6`` 0.83/0.88, ``real_unseen10`` 0.78/0.68,
  ``real_unseen11`` 0.85/0.78 and ``real_unseen12`` 0.94/0.89: their floors are those means minus 0.02.

Round of issue 7 (helper h7x): the failures of all four further sets fixed by
general rules (prose duties of documents that name their units only in prose,
group-closing brackets over items with sub-points, label-only sub-items,
inline label runs, headerless unit columns, glued tables without 序号, the
start year of an undated plan); the floors below are the new means minus a
small margin.

Targets round 3 (helper h7w): target floors raised for the sets whose micro target F1 rose
(real_unseen .94→.95, real_unseen3 .87→.91, real_unseen5 .60→.62, real_unseen6 .84→1.00, real_unseen9
.65→.71, real_unseen10 0→1.00, real_unseen11 .70→.74, real_unseen12 .48→.82), to the new F1 minus a
small margin; task/dept scores unchanged.

Prose duties that transfer (helper h7y, tuned on all 14 sets, each rule kept only where no document
fell): duty sentences no numbered item encloses (a regulation whose crawl lost every 第X条, a one-line
notice), type lists after a level of government, "X应当予以配合", "X要…" in an article, three- and
four-level decimal numbering, 组成部门 labels, "按照下列规定给予处罚" cases. ``real_unseen13`` (now a tuning
set) 0.365/0.323 -> 0.665/0.612 gets floors 0.64/0.59; ``real_unseen2`` 0.775/0.709 -> 0.780/0.712,
``real_unseen8`` 0.838/0.787 -> 0.841/0.789 and ``real_unseen12`` dept 0.886 -> 0.893: floors those means
minus 0.02 (rounded down).
Bracket and label conventions (helper h7c): under "逗号前为牵头单位" a list without a comma leads (a decision
of the lead, gold aligned, tests/fixtures/GOLD_AUDIT.md), "牵头部门：X，组成部门：Y", "2.3.2.1" outlines,
"X等国务院相关部门以及各地区", "（X负责）；…（Y负责）" clause runs, more role wordings: ``real_unseen5`` 0.95/0.92
(floor 0.93/0.90) and ``real_unseen13`` (now a tuning set) 0.39/0.37 (floor 0.37/0.35).
With both rounds merged ``real_unseen13`` scores 0.67/0.62, targets micro F1 0.86 (floors 0.64/0.59 and 0.85).
``real_unseen14`` (blind, g14) was scored held out at the session's start (0.67/0.57, targets 0.39), after the
first round (unchanged) and after the second (0.77/0.62, targets 0.40): floors 0.75/0.60 and 0.38.
Targets round 5 (helper h7t: units as written, 力争 with the time phrase, findings of the present, size classes,
quotas per head, thresholds of a noun) lifted targets micro F1 on ``real_unseen14`` 0.40 -> 0.51 and
``real_unseen15`` 0.20 -> 0.40: floors 0.49 and 0.38.

``python tests/real_support.py real real_unseen real_unseen2 real_unseen3 real_unseen4 real_unseen5 -v`` prints the
per-document table and every difference.

Task tables round (helper h7z): ``real_unseen15`` (two real task tables flattened by a crawl onto one line, gold
written before extraction) went from 0.00/0.00 to 1.00/1.00 with readers of glued tables whose department column has
another column after it and of glued tables whose rows go on from an earlier list; its floor is that mean minus 0.02.

Prose duties round (helper h7b: a measure whose heading words name the units' division of labour is a department-first
duty list, heading words run into a unit's name, "A、B等行政管理部门", groups that name no kind of body, a prose
document's heading paragraph over its sub-items): ``real_unseen10`` 0.78/0.68 -> 0.807/0.704, ``real_unseen13``
0.67/0.62 -> 0.724/0.681 and ``real_unseen14`` 0.77/0.62 -> 0.840/0.755; their floors are those means minus 0.02.

Flattened task tables round (helper h7a): one reading of a glued table without row numbers whose unit column is
last (rows cut at their unit cells "X、Y牵头，Z、W") and of a spaced table without 序号 (header found from its
department cells, several department columns, cells stating roles in words, merged unit cells): ``real_unseen14``
0.77/0.62 -> 0.88/0.79 (its two task tables 0.87/0.28 and 0.09/0.00 -> 1.00/1.00 and 0.99/0.98; no other document
of any set moved). With both rounds merged ``real_unseen14`` scores 0.94/0.92 (floor 0.92/0.90).

Transfer round (helper h7q, tuned on ``real_unseen17``, blind gold by g17/g17b): the glued-table reader without row
numbers reads its unit column first as well as last (rows opening with their unit cell after a space or after the
values of the row before: "…12.00 8 区社会事业局3011.文化产业…"), "X等<body>成员单位" / "X等相关区政府" name X and the
group, a lead printed again among the partners of one bracket leads only, units glued after a bracketed alias or
after a government are cut.  ``real_unseen17`` 0.80/0.74 -> 0.907/0.854 (floor 0.88/0.83; its task table 0.00 ->
0.97); ``real_unseen3`` 0.9964/0.9936 (one document 0.95 -> 0.98); no document of any tuning set fell.

Transferable prose duties round (helper h7p: readings of layout families checked on every tuning set — a title run
into its first 一、, emergency-plan duty headings and colon duty lists, numbered department-first lists under a group
heading, an article's paragraphs naming different bodies, penalty scales folded into their article, type lists
joined by 以及, a named body's act in prose documents): against main at 16:10 ``real_unseen16`` (blind gold by g16,
a tuning set from 15:35) 0.668/0.625 -> 0.818/0.775 gets a floor 0.79/0.75; raised floors (means minus 0.02):
``real_unseen2`` 0.785/0.727, ``real_unseen6`` 0.840/0.900, ``real_unseen7`` 0.923/0.890, ``real_unseen8``
0.853/0.811, ``real_unseen9`` 0.920/0.853, ``real_unseen10`` 0.818/0.714, ``real_unseen12`` 0.954/0.936,
``real_unseen13`` 0.748/0.700. 21 documents up, none down.

``real_unseen18`` (blind, g18) was scored held out at the start of the session (eb69935: 0.78/0.59), after round A
and after round B (0.78/0.60); its floor is that mean minus 0.02.

Role words in the verb phrase of prose and department-first duties (helper h7r, rule ``verb_roles``; tuned on
``real_unseen18``, now a tuning set): ``real_unseen18`` 0.783/0.595 -> 0.794/0.682, ``real_unseen16`` 0.818/0.776 ->
0.845/0.828, ``real_unseen11`` dept 0.787 -> 0.793, ``real_unseen17`` 0.910/0.860 -> 0.912/0.863: floors those means
minus 0.02; no document of any tuning set fell.

Regulations round (helper h7g: subjects by department type in articles of 条例/办法/规定, tuned on every tuning set,
each reading kept only where no document of any set fell; 25 documents up, none down): raised floors are the new
means minus 0.02: ``real_unseen2`` 0.798/0.734, ``real_unseen10`` 0.887/0.793, ``real_unseen12`` 0.983/0.986,
``real_unseen13`` 0.787/0.761, ``real_unseen16`` 0.834/0.797, ``real_unseen17`` 0.941/0.926, ``real_unseen18``
0.813/0.665 (``real_unseen`` 0.968/0.929 keeps its floor).

Issue 7, helper h7c (flattened per-unit quota tables, assessment-standard tables, a table row's figure cells as
targets, general target readings): ``real_unseen18`` 0.78/0.60 -> 0.855/0.669 (floor 0.83/0.64; the flower seedling
opinion 0.25/0.19 -> 0.89/0.86); targets micro F1 ``real`` 0.920 -> 0.928, ``real_unseen5`` 0.627 -> 0.833,
``real_unseen9`` 0.710 -> 0.857, ``real_unseen14`` 0.867 -> 0.872, ``real_unseen16`` 0.690 -> 0.929 and
``real_unseen18`` 0.160 -> 0.860: their target floors are those figures minus about 0.02.

Prose duty sentences in a duty section (helper h7s, rule ``duty_lists.prose_sentences``: under 任务分工 a sentence
opening with its unit and "要…" / "应会同Y…" starts that unit's task, GOLD_GUIDE "Prose duties" 6; tuned on
``real_unseen18``): ``real_unseen18`` 0.794/0.682 -> 0.803/0.694, ``real_unseen10`` 0.82/0.71 -> 0.845/0.729
(national new media opinion 0.44/0.27 -> 0.67/0.40, a document it was not written for); no document of any tuning
set fell.  Merged with main (h7g, h7c, h12x, h12k): ``real_unseen10`` 0.909/0.806, ``real_unseen18`` 0.900/0.835
(pingtan winter fire 0.74/0.59 -> 0.82/0.70 and new media opinion 0.60/0.37 -> 0.80/0.50 against main): floors
those means minus 0.02.

Session 24: ``real_unseen19`` (blind, g19, 10 documents) and ``real_unseen20`` (blind, g20, 6 documents) were
held out through the whole round (h7r verb roles, h7g regulation subjects, h7c quota tables and targets, h7s duty
sentences, h12x extraction CPU): 0.64/0.59 and 0.48/0.32 at the start (bf8b1a1), 0.64/0.59 and 0.49/0.35 after it;
their floors are those means minus 0.02. The tuning sets the round raised got floors at their merged means minus
0.02 (``real_unseen2``, ``11``, ``12``, ``13``, ``16``, ``17``).

Session 25, helper h7v (assignment plans whose forms were not read: brackets of units and a deadline with no role
word, a first-listed convention stated inside one bracket, a bracket that is a department-first duty list, unit
names with a bracketed line office, 工作分工 lists): ``real_unseen20`` 0.49/0.35 -> 0.66/0.55 (pingtan public
resource trading platform 0.31/0.11 -> 0.94/0.98, pingtan work safety credit 0.17/0.10 -> 0.58/0.43); floor those
means minus 0.02.  No document of any tuning set fell.

Session 25, helper h7u (glued task tables read backwards from each row's time limit, ``tables.yaml:
glued_table.chain``; glued quota runs split by the total row's column sums, ``quota_table.column_sums``):
``real_unseen19`` 0.69/0.64 -> 0.85/0.73, targets micro F1 0.18 -> 0.92 (广安 2014 elderly-care task table
0.07/0.01 -> 0.92/0.21, role-blind 0.95; 平潭 2016 employment quota table 0.10/0.09 -> 0.91/0.84, targets 0.00 ->
0.95); no document of another set moved: floors 0.83/0.71 and targets 0.90.

Session 25, helper h7w (prose duties missed as NO TASK, GOLD_GUIDE "Prose duties" 6 as decided: a unit's remit and
any verb, a department-first run of "；" clauses, the decided headings of a division of duties, a notice's measures
before the rules it prints, enforcement by reference, named bodies that allot money, subject clauses on a basis or a
means; tuned on ``real_unseen19`` and ``real_unseen20``, kept only where no document of any tuning set fell):
``real_unseen19`` 0.687/0.636 -> 0.770/0.740, ``real_unseen20`` 0.488/0.348 -> 0.639/0.517, and documents of older
sets the rules were not written for: ``real_unseen6`` 0.838/0.900 -> 0.888/0.905, ``real_unseen7`` 0.922/0.889 ->
0.955/0.912, ``real_unseen8`` 0.852/0.811 -> 0.875/0.833, ``real_unseen10`` 0.909/0.806 -> 0.928/0.838,
``real_unseen11`` 0.852/0.793 -> 0.870/0.817, ``real_unseen13`` 0.787/0.764 -> 0.835/0.803, ``real_unseen16``
0.851/0.836 -> 0.890/0.886; floors those means minus 0.02 (rounded down).

Session 25 late round, helper h7y (assignment plans of ``real_unseen22``, blind until then: a first-listed convention
with a digit ordinal "排名第1为牵头单位，下同", "主要任务及分工" heading a department-first list of bare bureau names,
"由X抽调人员…" after a phase heading run in with a space, 推进单位 / 牵头推进部门 labels, a label item holding numbered
points of its own folded with its section, a glued quota table whose rounded figures the total row cannot split
listing its units without figures): ``real_unseen22`` 0.55/0.34 -> 0.783/0.668 (hebei casting 1.00/0.00 -> 1.00/1.00,
pingtan taxi 0.00/0.00 -> 0.83/0.74, pingtan investment packages 0.06/0.05 -> 0.55/0.58, pingtan conscription quota
0.19/0.17 -> 0.94/0.89); no document of any tuning set fell: floor those means minus 0.02 (rounded down).

Session 25 late round, helper h7z (``real_unseen21``, blind until then, now a tuning set: an item whose heading words
are a unit closed by "。" then a duty verb, glued division-first task tables numbered from 1 per unit, a measure headed
明确责任主体, "X对…负总责", "X也要…", "X全面负责…", 各市 as a province's cities, "A、B等…的派出机关，负责…", "X要加强…，
健全…机制"; each kept only where no document of any tuning set fell): ``real_unseen21`` 0.579/0.450 -> 0.916/0.827;
floor 0.89/0.80.

After both rounds of session 25 were merged (the lead's scoring of every set): ``real_unseen18`` 0.90/0.84,
``real_unseen19`` 0.92/0.90, ``real_unseen20`` 0.79/0.70, ``real_unseen21`` 0.92/0.83, ``real_unseen22`` 0.78/0.67;
the floors of 18, 19 and 20 raised to those means minus 0.02.

Session 26, helper h7c (tables of every shape: a fallback reader of glued tables by header and column
inference, tables stored as bar-separated cells, quota figures split as shares of a base column):
``real_unseen22`` 0.78/0.67 -> 0.83/0.71 (pingtan investment packages 0.55/0.58 -> 0.96/0.95, target F1 of the set
0.22 -> 0.36, conscription quota targets 0.00 -> 1.00); no document of any tuning set moved otherwise: floor the
means minus 0.02, a target floor for the set (micro 0.659 minus 0.02, rounded down).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from real_support import gold_files, score_file, score_folder
from span_support import span_errors

REAL = gold_files("real")


def test_every_real_document_has_gold():
    assert len(REAL) == 20


@pytest.mark.parametrize("path", REAL, ids=[p.stem for p in REAL])
def test_real_document(path):
    s = score_file("real", path)
    assert not s.missing_anchors, s.missing_anchors
    assert s.f1("task") >= 0.90 and s.f1("dept") >= 0.90, "\n".join(s.errors)


def test_real_documents_mean():
    scores = score_folder("real")
    for f in ("task", "dept"):
        assert sum(s.f1(f) for s in scores) / len(scores) >= 0.95, f


# Session 26 (helper h7b: unit-headed items in every wording, the decided article fold, prose after a list's last
# bracket, "X是…主管部门"): real_unseen2 0.79/0.73 -> 0.81/0.75, real_unseen13 0.83/0.80 -> 0.84/0.81, real_unseen17
# 0.94/0.93 -> 0.96/0.94, real_unseen18 0.90/0.84 -> 0.91/0.84, real_unseen22 0.78/0.67 -> 0.79/0.69: floors those means minus 0.02.
# Session 26 late round (helper h7t: tables and plans of the blind sets real_unseen23/24, now tuning sets): real_unseen23
# 0.83/0.82 -> 0.90/0.86, real_unseen24 0.63/0.62 -> 0.80/0.76: floors those means minus 0.02.
# Session 26 late round, helper h7r (regulations of the blind sets real_unseen23/24, now tuning sets: regulated parties
# of an article are no units, one-line crawls split an article's sentences naming other bodies, same-body sentences stay
# one task, a list's trailing parties, "由X责成Y…"; kept only where no document of any set fell): real_unseen23
# 0.83/0.82 -> 0.846/0.838, real_unseen24 0.63/0.62 -> 0.744/0.714, real_unseen9 dept -> 0.864, real_unseen14 dept
# -> 0.933, real_unseen21 0.92/0.83 -> 0.925/0.839, real_unseen22 0.84/0.73 -> 0.858/0.741: floors those means minus 0.02.
# Both late helpers merged (lead): real_unseen23 0.92/0.87, real_unseen24 0.92/0.86: floors those means minus 0.02.
# Session 27, helper h7d (department misses of the weakest sets: "X等有关行政管理部门", "审计及其他有关部门", public bodies
# named 机构 by their function, 各省（区、市）, "对…，X要", "…之一的，X要", "X依托…平台，", "由X在各自权限内制定", "由X会同Y
# 联合编制", 办公室（厅）, long unit lists before 负责, commas inside "（含…）"): real_unseen13 0.84/0.81 -> 0.879/0.835,
# real_unseen20 0.79/0.70 -> 0.804/0.731, real_unseen22 0.86/0.74 -> 0.936/0.876, real_unseen24 0.92/0.86 -> 0.924/0.865,
# real_unseen2 0.80/0.75 -> 0.809/0.748, real_unseen17 0.96/0.94 -> 0.972/0.948 (区直各有关部门 in a list): floors those
# means minus 0.02 (rounded down; real_unseen2 and 24 unchanged).
# Session 27, helper h7f (general prose readings on the middle sets: timetable steps, case clauses "…的，X要…", the
# level of finance that bears a share, 各责任单位 and a level's departments listed beside others, a lead-in naming its
# duties by field, one sludge-rules gold fix recorded in GOLD_AUDIT): real_unseen6 0.89/0.91 -> 0.921/0.910, 8 0.88/0.84
# -> 0.927/0.881, 9 0.92/0.86 -> 0.952/0.901, 10 0.93/0.84 -> 0.962/0.888, 11 0.87/0.83 -> 0.942/0.912, 16 dept -> 0.894,
# 17 0.96/0.94 -> 0.972/0.948, 18 0.91/0.84 -> 0.923/0.860, 21 0.93/0.84 -> 0.932/0.852, 23 0.92/0.87 -> 0.954/0.924:
# floors those means minus 0.02 (rounded down).
# (merged: the higher floor of the two rounds for each set, checked after the merge)
# Session 27, helper h7u (real_unseen25, released after its held-out measurement 0.70/0.61: rows grouped under a unit
# header row, rows of a table whose first column is the unit, phases of a plan's steps, "X等部门要密切配合", "X等部门在…时，
# 要…", named units after a relative clause, "由X为实施主体"): real_unseen25 0.70/0.61 -> 0.882/0.866: floors minus 0.02.
# Session 28: real_unseen26 (blind gold by g26, session 27) measured held out with session 27's end code, 0.82/0.71
# (targets 0.60), then released as a tuning set: floors those means minus 0.02.
# Session 28, helper h7i (units missed inside found tasks: type lists closed by 等部门（单位）, "A、B等相关部门要…" after a topic
# clause, a remit named by 职能, "各区市县、园区", "X要…，Y要…", a period/basis/purpose clause before "X要…", 由X根据…制定,
# "<matter>由X会同Y…", a level's finance that bears a share, "X在…时应当…", 一是/二是 before a name, "加强X、Y等部门的协调
# 联动" after a clause): real_unseen 0.973/0.936, 10 0.969/0.899,
# 5 0.958/0.933, 11 0.957/0.923, 13 0.881/0.842, 16 0.901/0.898, 18 0.931/0.875, 20 0.806/0.754, 23 0.962/0.928,
# 25 0.891/0.876, 26 0.840/0.751: floors those means minus 0.02 (rounded down; never lowered).
# real_unseen29 (blind gold by g29, session 28) measured held out with session 28's start code, 0.85/0.66
# (targets 0.52), then released to a round on roles: floors minus 0.02. (real_unseen27 and real_unseen28 stay blind
# for the session's after-measure.)
# Session 28, helper h7h (real_unseen26's families: ordinal "一是X要…", quoted names, "X对…要…", "…期间，X要…", phase steps
# "（1）…阶段：…前X报送…", type lists "…等<type>管理部门，按照各自职责分别负责…", kinds of institutions beside named bodies,
# a one-line crawl's headings before "X：", a campaign running into a later year): real_unseen26 0.82/0.71 (targets 0.60)
# -> 0.946/0.910 (targets 0.80), real_unseen7 0.96/0.91 -> 0.968/0.933 ("各乡镇、各职能部门应…" two units): floors minus 0.02
# (rounded down).
# Session 28: real_unseen27 and real_unseen28 (blind gold by g27, g28) measured held out with the session's start code
# (0.80/0.63, 0.87/0.77) and after its four rounds h7h, h7i, h7j, h7k (0.80/0.63, 0.85/0.75), then released as tuning
# sets: floors the end means minus 0.02.
# Session 28, helper h7k (roles: role words after a list's 等 inside a 责任单位 label, "X负责…，会同Y…" → lead X,
# "X…并协助…" → participants, carry-forward variants): mean dept real_unseen29 0.66 -> 0.744, real_unseen -> 0.936,
# real_unseen25 -> 0.872, real_unseen18 -> 0.868: dept floors those means minus 0.02 (rounded down).
# Session 28, helper h7m (real_unseen28 released: '<government>设立的<committee>' no act of the government, the stacked
# convention "分工负责为各部门按职责分别牵头", '各级政府要…' a level's duty, 'X是…的主要负责部门', ratios a policy lowers):
# real_unseen28 0.85/0.75 (targets 0.66) -> 0.88/0.79 (targets 0.79): floors those means minus 0.02 (rounded down).
# Session 28, helper h7l (real_unseen27's families: a colon clause's whole text decides its role, "X要…；会同Y…",
# items headed "<unit>职责。", a level list naming a district, 同级 before a 会同 partner): real_unseen27 0.80/0.63 ->
# 0.92/0.86: floors minus 0.02 (rounded down).
# Session 29, helper h8b (a named town listed beside other units; a subject clause whose remit is a 根据 phrase, its act in
# the next clause; 共同 before a regulation's act; no 由 unit in a definition; 各单位 before 应当 no unit; "X：组织Y…" keeps
# X responsible): real_unseen2 0.811/0.751 -> 0.811/0.768, real_unseen20 0.806/0.754 -> 0.814/0.759, real_unseen28
# 0.881/0.791 -> 0.895/0.799, real_unseen29 0.864/0.750 -> 0.883/0.801, real_unseen18 dept 0.884 -> 0.887: floors those
# means minus 0.02 (rounded down); later in the round ("X联合Y…" as 会同, "要加强…，做好/将…纳入…" a duty, a 由 remit of 40
# characters): real_unseen11 0.957/0.923 -> 0.961/0.928, real_unseen13 0.882/0.844 -> 0.890/0.851, real_unseen14
# 0.946/0.933 -> 0.953/0.937: floors likewise.
# Session 29, helper h8a (real_unseen30 released after its held-out measurement, 0.74/0.69 (targets 0.48): a measure headed
# "落实…监管职责" is a division of duties, 务必 reads like 要, a unit list after a run-in heading's space, 建设指挥部 a unit,
# emergency plans' leading-group items and offices, "X工作职责 负责…", a later 会同 clause making a colon unit lead,
# 联合 after a unit like 会同, three-character townships, regulated bodies 社会评价/培训机构 no group, any-verb sentences in a
# division measure): real_unseen30 -> 0.881/0.865, real_unseen29 -> 0.874/0.777, real_unseen24 -> 0.924/0.877,
# real_unseen11 -> 0.961/0.928, real_unseen13 -> 0.887/0.851: floors minus 0.02 (rounded down).
# Session 29, helper h8d (task detection and boundaries: accountability of officials, same-body paragraphs of an article,
# 落实…职责 headings over a department-first run, lists of what a duty covers, a sub-heading over its paragraph, the
# closing paragraph after a heading's last bracket, leading groups in prose documents, inline annex lists, section rows of
# a table): means real_unseen 0.976/0.944, real_unseen8 0.932/0.886, real_unseen11 0.966/0.925, real_unseen13
# 0.891/0.848, real_unseen17 0.982/0.958, real_unseen22 0.955/0.889, real_unseen25 0.905/0.891, real_unseen27
# 0.930/0.880, real_unseen29 0.876/0.750: floors those means minus 0.02 (rounded down).
# Session 29, helper h8f (the extractor follows GOLD_GUIDE R1-R9, scored on the gold gr aligned to them: a bracket ending
# in 负责 under an unstated first-listed convention makes the others responsible, the organiser leads in articles too,
# 有关部门 standing alone is no unit, 所在地 stays in a name, a unit's strongest role): dept real 0.96 -> 0.994,
# real_unseen13 0.83 -> 0.851, real_unseen26 0.94 -> 0.954, real_unseen28 0.80 -> 0.885, real_unseen29 0.76 -> 0.797:
# floors those means minus 0.02 (rounded down).
# Session 29, helper h8g (real_unseen31 released after its held-out measurement, 0.78/0.73 at the session's start and
# 0.67/0.66 after h8a's round: a colon list outranks prose runs nested in its entries, a group entry heading a township
# sub-list, "涉及…，由X负责和协调" no department-first clause, 各级普查机构, "X也应…", "X将根据/按照…", X工作机构): real_unseen31 ->
# 0.949/0.888, real_unseen7 0.97/0.93 -> 0.979/0.943: floors minus 0.02 (rounded down).
# Session 29, helper h8i (real_unseen32 and real_unseen33 released after their held-out measurement, 0.82/0.84 and
# 0.74/0.61: a division heading with an adverb, 部门密切配合; a bare head word before a partner verb no unit; a
# regulation's periodic reporting duty; 由X按规定给予…; 人民银行 no kind of bank; the 河北人社 footer after a closing
# bracket): real_unseen32 -> 0.881/0.889, real_unseen33 -> 0.780/0.642: floors minus 0.02 (rounded down).
# Session 30, helper hm1 (the generic subject–verb reader of prose duties, rule prose.subject_verb): real_unseen2,
# 6, 8, 13, 14, 20, 21, 22, 29, 30 rose; their floors raised to the new means minus 0.02 (rounded down).
# Session 30, helper h9u (the department-first family read alike in every context; colon lists read R1's organiser):
# dept real_unseen29 0.833 -> 0.850, real_unseen30 0.865 -> 0.880: dept floors minus 0.02 (rounded down).
# Session 30, helper hm2 (the regular shape of an organ's name, departments.yaml name_shape: a level + core + organ ending,
# named zones, the townships as a collective, a trailing note, a list of levels before one organ, news outlets):
# real_unseen21 -> 0.951/0.865, real_unseen24 -> 0.934/0.886, real_unseen28 -> 0.922/0.904, real_unseen29 ->
# 0.932/0.839, real_unseen33 dept -> 0.654, real_unseen5 -> 0.971/0.940, real_unseen16 dept -> 0.905, real_unseen18 ->
# 0.935/0.893: floors minus 0.02 (rounded down).
# Session 30, helper h9w (real_unseen35 released after its held-out measurement, 0.81/0.78: a division heading "优化分工",
# a lead-in colon "其中：" opening a department-first run inside a measure, 共同负责, 各有关部门 before a named kind):
# real_unseen35 -> 0.916/0.888: floors minus 0.02 (rounded down).
# Session 30, helper h9v (real_unseen36 released after its held-out measurement, 0.50/0.40; 0.53/0.42 after the first
# wave: unnumbered unit titles over items numbered from one again, duty_lists.unit_headings.title_head): real_unseen36
# -> 0.758/0.647: floors minus 0.02 (rounded down). Merged with h9x's flattened assessment table (grain 0.21/0.02 ->
# 0.94/0.88): real_unseen36 -> 0.94/0.86, floors 0.92/0.84 (lead).
# Session 30, helper h9y (real_unseen34 released after its held-out measurement, 0.77/0.64: decimal outline markers put
# back in a one-line crawl, 气象局（台） as one body, a 保障/预案准备 heading run into its unit): real_unseen34 ->
# 0.787/0.659: floors minus 0.02 (rounded down).
# Session 31, helper h10u (department-first lists: sub-lists numbered in a style that ranks above their entry's, an entry
# the recogniser refuses among units' entries, partner work that assists no body, a partner verb past an entry's opening):
# real_unseen34 -> 0.795/0.673,
# real_unseen35 -> 0.923/0.904: floors minus 0.02 (rounded down).
# Session 31, helper h10p (the subject–verb reader in the opening sentence of a bracket document's leaf item, organs
# named by their end, named media outlets under their kind): real_unseen6 0.98/0.96 -> 0.986/0.970, real_unseen30
# dept 0.89 -> 0.897, real_unseen34 0.787/0.659 -> 0.794/0.678: floors raised (minus about 0.02, rounded down).
# Session 31, helper h10a (heading-less department-first items split at later units, 明确监管责任 / 分级负责 as duty-list
# headings, short outline headings before a space, 会同 clauses of the unit's own sentence, ranks 省级/市级/县级 as units):
# real_unseen33 0.78/0.65 -> 0.82/0.70, real_unseen38 (released) 0.65/0.58 -> 0.83/0.75, real_unseen40 (released)
# 0.66/0.60 -> 0.70/0.68: floors added or raised (minus about 0.02, rounded down).
# Session 31, helper h10d (a unit heading over its duty sub-items is one task, rule duty_lists.unit_folds): real_unseen38
# task 0.83 -> 0.84 (its 动物疫情 plan 0.61 -> 0.64): task floor 0.81 -> 0.82.
# Session 32, helper h11e (GOLD_GUIDE R10: each numbered sub-item under a unit heading is a task of that unit; gold of
# real_unseen34 防汛 2.3.2 and real_unseen38 动物疫情 3.3.3.x re-annotated, rule duty_lists.unit_folds turned from a fold into a
# carry): real_unseen38 0.839/0.753 (old gold) -> 0.827/0.750 (new gold, old code) -> 0.863/0.789: floors 0.84/0.77.
@pytest.mark.parametrize("folder,task_floor,dept_floor", [("real_unseen", 0.95, 0.92), ("real_unseen2", 0.82, 0.74),
                                                         ("real_unseen3", 0.97, 0.96), ("real_unseen4", 0.89, 0.94),
                                                         ("real_unseen5", 0.95, 0.91), ("real_unseen6", 0.96, 0.95),
                                                         ("real_unseen7", 0.95, 0.92), ("real_unseen8", 0.92, 0.87),
                                                         ("real_unseen9", 0.93, 0.88), ("real_unseen10", 0.94, 0.87),
                                                         ("real_unseen11", 0.94, 0.90), ("real_unseen12", 0.97, 0.97),
                                                         ("real_unseen13", 0.87, 0.86), ("real_unseen14", 0.94, 0.93),
                                                         ("real_unseen15", 0.98, 0.98), ("real_unseen17", 0.96, 0.93),
                                                         ("real_unseen16", 0.88, 0.88), ("real_unseen18", 0.91, 0.87),
                                                         ("real_unseen19", 0.90, 0.88), ("real_unseen20", 0.81, 0.77),
                                                         ("real_unseen21", 0.93, 0.85), ("real_unseen22", 0.94, 0.88),
                                                         ("real_unseen23", 0.94, 0.90), ("real_unseen24", 0.91, 0.86),
                                                         ("real_unseen25", 0.88, 0.87),
                                                         ("real_unseen26", 0.92, 0.93), ("real_unseen29", 0.91, 0.82),
                                                         ("real_unseen27", 0.91, 0.86), ("real_unseen28", 0.90, 0.88),
                                                         ("real_unseen30", 0.88, 0.87), ("real_unseen31", 0.92, 0.86),
                                                         ("real_unseen32", 0.86, 0.86), ("real_unseen33", 0.80, 0.68),
                                                         ("real_unseen35", 0.90, 0.88), ("real_unseen36", 0.92, 0.84),
                                                         ("real_unseen34", 0.77, 0.65), ("real_unseen38", 0.84, 0.77),
                                                         ("real_unseen40", 0.87, 0.85)])
def test_further_real_documents_do_not_regress(folder, task_floor, dept_floor):
    scores = score_folder(folder)
    assert scores and not any(s.missing_anchors for s in scores)
    mean = {f: sum(s.f1(f) for s in scores) / len(scores) for f in ("task", "dept")}
    assert mean["task"] >= task_floor and mean["dept"] >= dept_floor, mean


# Session 27, helper h7e (targets: regulations' norms, grant conditions, assessment tables' 评分标准 column, an
# inspection's findings, an undated notice's number year, a deadline opening an item's body …): micro target F1
# real_unseen3 0.921 -> 0.949, real_unseen9 0.857 -> 0.889, real_unseen15 0.400 -> 1.000, real_unseen17 0.333 -> 0.667,
# real_unseen18 0.907 -> 0.929, real_unseen21 0.667 -> 0.947, real_unseen22 0.659 -> 0.824, real_unseen23 0.737 -> 0.824,
# real_unseen24 0.706 -> 0.938: floors those values minus 0.02 (rounded down).
# Session 28, helper h7j (targets: campaign terms running into the next year, annexes that are task tables of the
# notice's year, meeting rhythms, campaign durations, lists of counts whose verb comes last, shares of cases handled,
# capacities of facilities, relative dates inside dates of another year): micro target F1 real_unseen9 0.889 -> 0.973,
# real_unseen12 0.818 -> 0.900, real_unseen17 0.667 -> 0.800, real_unseen22 0.824 -> 0.891, real_unseen24 0.938 ->
# 1.000, real_unseen26 0.000 -> 1.000: floors those values minus 0.02 (rounded down).
# Session 29, helper h8c (targets: per-column header units of flattened quota tables, a campaign run to a date of its
# own or the next year, an item's opening period dating its sub-items, 0岁-6岁 age groups, full-width range dashes in
# titles): micro target F1 real_unseen25 0.000 -> 0.989, real_unseen28 0.400 -> 0.700, real_unseen29 0.697 -> 0.884,
# real_unseen30 0.125 -> 0.250: floors those values minus about 0.02 (rounded down).
# Session 29: gr's gold (GOLD_GUIDE R5) added a quota "每年至少组织一次灭火逃生演练" in a sub-item of a 广安 消防 实施办法
# duty list (real_unseen21), which the article's one task does not hold: 0.947 -> 0.900 with the session's start code,
# floor 0.88. Helper h8f (bare rhythms are no targets, R5): real_unseen7 0.600 -> 0.632: floor 0.61.
# Session 29, helper h8i: real_unseen32 (micro 1.000) and real_unseen33 (micro 0.400: three 每季度第N周 rhythms of a division
# article read as counts, left) released: floors minus 0.02.
# Session 30, helper h9t (targets: Chinese-numeral ordinals 第二周, an option for units that have the means 有条件的…, a span
# of N years 3年不少于10期, a row's deadline before a run-in heading, liaisons and working-group staff, 确定/延伸/搬迁 counts,
# oversized-class thresholds, stint lengths, a daily count with a floor): micro target F1 real_unseen3 0.955 -> 0.968, real_unseen7 0.632 -> 0.667,
# real_unseen14 0.882 -> 0.906, real_unseen20 0.000 -> 1.000, real_unseen29 0.977 -> 1.000, real_unseen30 0.286 -> 0.571,
# real_unseen33 0.400 -> 1.000: floors those values minus about 0.02 (rounded down).
# Session 30, helper h9w: real_unseen35 released (micro 0.833 blind, 0.909 after a tax rate and a fund's share are no
# targets): floor minus about 0.02.
# Session 31, helper h10t (targets: a plain standard or principle applied 按…的标准/原则, a permit's term, staff on duty,
# a norm a sentence sets for doctors, schools or a unit's own brigade with 应/须): micro target F1 real 0.933 -> 0.935,
# real_unseen14 0.906 -> 0.911, real_unseen18 0.929 -> 0.951, real_unseen35 0.909 -> 0.938: floors minus about 0.02.
@pytest.mark.parametrize("folder,floor", [("real", 0.91), ("real_unseen", 0.95), ("real_unseen3", 0.94),
                                          ("real_unseen5", 0.81), ("real_unseen6", 0.98), ("real_unseen7", 0.64),
                                          ("real_unseen9", 0.95), ("real_unseen11", 0.72),
                                          ("real_unseen12", 0.88), ("real_unseen10", 0.98),
                                          ("real_unseen13", 0.85), ("real_unseen14", 0.89),
                                          ("real_unseen15", 0.98), ("real_unseen16", 0.90), ("real_unseen18", 0.93),
                                          ("real_unseen19", 0.90), ("real_unseen22", 0.87),
                                          ("real_unseen24", 0.98), ("real_unseen17", 0.78), ("real_unseen21", 0.88),
                                          ("real_unseen23", 0.80), ("real_unseen26", 0.98),
                                          ("real_unseen25", 0.96), ("real_unseen28", 0.68), ("real_unseen29", 0.98),
                                          ("real_unseen30", 0.55), ("real_unseen32", 0.98), ("real_unseen33", 0.98),
                                          ("real_unseen20", 0.98), ("real_unseen35", 0.91)])
def test_real_targets_do_not_regress(folder, floor):
    """Micro target F1 over a set (the sets with targets in their gold)."""
    tp = pred = gold = 0
    for s in score_folder(folder):
        a, b, c = s.counts["targets"]
        tp, pred, gold = tp + a, pred + b, gold + c
    p, r = tp / pred, tp / gold
    assert 2 * p * r / (p + r) >= floor, (tp, pred, gold)


# Issue 7's bar is the mean per-document target F1 of a set (a document with neither gold nor extracted targets scores
# 1.0). Session 27, helper h7e: every set at 0.80 or more (real_unseen22 0.36 -> 0.84, real_unseen15 0.50 -> 1.00,
# real_unseen24 0.69 -> 0.99, real_unseen21 0.70 -> 0.86, real_unseen17 0.74 -> 0.85, real_unseen13 0.76 -> 0.86,
# real_unseen23 0.76 -> 0.95, real_unseen18 0.79 -> 0.90): floors the means minus 0.02 (rounded down).
# Session 28, helper h7j (same rules): means real_unseen9 0.84 -> 0.857, real_unseen12 0.95 -> 0.969, real_unseen14
# 0.92 -> 0.926, real_unseen17 0.85 -> 0.889, real_unseen22 0.84 -> 0.964, real_unseen24 0.99 -> 1.000, real_unseen26
# 0.60 -> 1.000: floors the means minus 0.02 (rounded down).
# Session 29, helper h8c (same rules): means real_unseen25 0.50 -> 0.667, real_unseen27 0.75 -> 1.000, real_unseen28
# 0.79 -> 0.893, real_unseen29 0.58 -> 0.738, real_unseen30 0.48 -> 0.520: floors the means minus 0.02 (rounded down).
# Session 29, helper h8a: real_unseen30 released at its held-out 0.48 (targets left to the round on targets): floor minus 0.02.
# Session 29: gr's gold (GOLD_GUIDE R5) moved real_unseen21 0.86 -> 0.71 (the quota above, in a document that had no
# target) and real_unseen28 0.79 -> 0.75 (bare rhythms taken out of the 医改 package) with the session's start code:
# floors 0.69 and 0.73. Helper h8f (R5: bare rhythms, campaigns dated by their end): real_unseen7 0.67 -> 0.833,
# real_unseen29 0.60 -> 0.720: floors 0.81 and 0.70.
# Session 30, helper h9t (same rules as the micro floors above): means real_unseen3 0.962 -> 0.974, real_unseen14 0.928 ->
# 0.937, real_unseen20 0.833 -> 1.000, real_unseen29 0.800 -> 1.000, real_unseen30 0.544 -> 0.880, real_unseen33 0.750 ->
# 1.000: floors the means minus 0.02 (rounded down).
# Session 30, helper h9w (a tax rate 税率, a fund's share set to a use "经费，其中60%以上用于", the count of aspects a list
# names "等6个方面" are no targets): real_unseen35 0.462 -> 0.712 (released), real_unseen36 0.489 -> 0.989: floors minus 0.02
# (rounded down).
# Session 31, helper h10t (same rules as the micro floors above): means real 0.954 -> 0.956, real_unseen14 0.937 -> 0.970,
# real_unseen18 0.904 -> 0.941, real_unseen34 0.500 -> 1.000 (its two documents with no target lost their extras: a
# principle 按…2-5家…的原则, a permit's term 期限不超过三十天, 留守3～4人值班), real_unseen35 0.712 -> 0.725: floors minus about 0.02.
@pytest.mark.parametrize("folder,floor", [("real", 0.93), ("real_unseen", 0.94), ("real_unseen2", 0.98),
                                          ("real_unseen3", 0.95), ("real_unseen4", 0.98), ("real_unseen5", 0.93),
                                          ("real_unseen6", 0.98), ("real_unseen7", 0.81), ("real_unseen8", 0.93),
                                          ("real_unseen9", 0.83), ("real_unseen10", 0.98), ("real_unseen11", 0.85),
                                          ("real_unseen12", 0.94), ("real_unseen13", 0.83), ("real_unseen14", 0.95),
                                          ("real_unseen15", 0.98), ("real_unseen16", 0.89), ("real_unseen17", 0.86),
                                          ("real_unseen18", 0.92), ("real_unseen19", 0.90), ("real_unseen20", 0.98),
                                          ("real_unseen21", 0.69), ("real_unseen22", 0.94), ("real_unseen23", 0.93),
                                          ("real_unseen24", 0.98), ("real_unseen25", 0.64),
                                          ("real_unseen26", 0.98), ("real_unseen29", 0.98),
                                          ("real_unseen27", 0.98), ("real_unseen28", 0.87), ("real_unseen30", 0.86),
                                          ("real_unseen31", 0.98), ("real_unseen33", 0.98), ("real_unseen35", 0.70),
                                          ("real_unseen36", 0.96), ("real_unseen34", 0.98)])
def test_real_target_means_do_not_regress(folder, floor):
    """Mean per-document target F1 over a set."""
    scores = score_folder(folder)
    assert sum(s.f1("targets") for s in scores) / len(scores) >= floor


def test_every_span_reads_its_record():
    """Every record kind's span (document, section, task, assignment, department,
    district/platform/industry, target) of the sample and of every real document
    points at the text as written (issue: spans mapped twice)."""
    from pathlib import Path

    from real_support import FIXTURES, extracted, load_gold

    files = [str(Path(__file__).resolve().parents[1] / "data" / "suzhou_2022_01.md")]
    files += [str(FIXTURES / folder / load_gold(p)["file"])
              for folder in ("real", "real_unseen", "real_unseen2", "real_unseen3", "real_unseen4", "real_unseen5",
                             "real_unseen6", "real_unseen7", "real_unseen8", "real_unseen9")
              for p in gold_files(folder)]  # all ten sets
    bad = []
    for f in files:
        text, docs = extracted(f)
        bad += [(Path(f).stem, *e) for e in span_errors(text, docs)]
    assert not bad, bad[:10]


def test_blind_gold_of_the_newer_sets_is_well_formed():
    """tests/fixtures/check_gold.py (which never imports extract/) finds no problem in the gold of
    the sets annotated with it: anchors unique and in order, names and assignment texts in the file."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("check_gold", Path(__file__).parent / "fixtures" / "check_gold.py")
    check_gold = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(check_gold)
    fixtures = Path(__file__).parent / "fixtures"
    folders = sorted(p.name for p in fixtures.glob("real_unseen*")
                     if p.name[len("real_unseen"):].isdigit() and int(p.name[len("real_unseen"):]) >= 5)
    assert {"real_unseen5", "real_unseen30"} <= set(folders), folders
    for folder in folders:
        golds = sorted((fixtures / folder / "gold").glob("*.json"))
        assert golds, folder
        for gold in golds:
            problems, (tasks, _, _) = check_gold.check_file(gold, fixtures / folder)
            assert problems == [] and tasks > 0, (gold.name, problems)


# Session 31, helper h10b (real_unseen37, 38 and 40 released for tuning; task tables closed by person and deadline
# cells, rule person_deadline_table; ≥/≤ signs, item references 上述1-3项, signatory counts 2人以上签字, bracketed size
# classes （≥0.25吨） and 形成 in the targets): means real_unseen37 0.63/0.51 (targets 0.33 -> 0.67), real_unseen38
# 0.65/0.58 (targets 0.95), real_unseen40 0.66/0.60 -> 0.86/0.79 (targets 0.55 -> 0.97): floors minus about 0.02.
# Merged with h10a (the lead): real_unseen40 0.89/0.87 (targets 0.97): floors 0.87/0.85.
@pytest.mark.parametrize("folder,task_floor,dept_floor,target_floor", [("real_unseen37", 0.61, 0.49, 0.65),
                                                                      ("real_unseen38", 0.84, 0.77, 0.93),  # (h11e, s32)
                                                                      ("real_unseen40", 0.87, 0.85, 0.95),
# Session 32 (lead): real_unseen39, 43 and 44 released for tuning, measured blind at session 31's end (code aaa0da2,
# bench/results/real-scores-u39-44-heldout-s31-end.txt): 0.68/0.65 (targets 0.64), 0.79/0.71 (0.21), 0.87/0.88 (0.81).
                                                                      ("real_unseen39", 0.66, 0.63, 0.62),
# h11b (task tables one cell a line or a paragraph, per-unit target tables): real_unseen43 0.96/0.90 (targets 0.38),
# real_unseen44 0.99/0.99 (0.85): floors minus about 0.02.
                                                                      ("real_unseen43", 0.94, 0.88, 0.36),
                                                                      ("real_unseen44", 0.97, 0.97, 0.83),
# real_unseen46 released (lead, session 32) after its first contact (0.84/0.75, targets 0.16) and the first wave's
# held-out measure (unchanged): bench/results/real-scores-heldout-s32-wave1.txt.
                                                                      ("real_unseen46", 0.82, 0.73, 0.14)])
def test_released_sets_do_not_regress(folder, task_floor, dept_floor, target_floor):
    scores = score_folder(folder)
    assert scores and not any(s.missing_anchors for s in scores)
    mean = {f: sum(s.f1(f) for s in scores) / len(scores) for f in ("task", "dept", "targets")}
    assert (mean["task"] >= task_floor and mean["dept"] >= dept_floor and mean["targets"] >= target_floor), mean


# Session 32: the floors of the sets its rounds raised, in one table (task, dept, targets means; None: not pinned).
# Rounds (each paragraph in docs/extraction-quality.md, bench/results/real-scores-<round>-{before,after}.txt): h11f targets
# (real_unseen37 targets 0.67 -> 1.00, real_unseen39 0.64 -> 0.83), h11c prose duties, h11d renderings 2 (real_unseen35's
# spaced markers), h11a department-first lists, h11e R10 carry, h12u unit name boundaries, h12t tables without a number
# column (real_unseen46's 杨浦 annex 0.67/0.41 -> 0.91/0.85), h12h HTML pages stored as text (real_unseen39's two reply
# letters 0.00/0.00 and 0.25/0.00 -> 0.71/0.70 and 0.96/0.92), with h11b's flat tables (real_unseen43's 宝山 0.10/0.04 ->
# 0.97/0.97, real_unseen44's 交通光伏 0.39/0.45 -> 1.00/1.00). Floors: the merged means at the session's end
# (bench/results/real-scores-s32-end.txt) minus 0.02.
SESSION_32_FLOORS = [
    ("real_unseen13", 0.89, 0.86, None), ("real_unseen19", None, None, 0.95),
    ("real_unseen21", 0.93, 0.86, None), ("real_unseen25", 0.90, 0.88, None),
    ("real_unseen28", 0.91, 0.90, None), ("real_unseen29", 0.92, 0.84, None),
    ("real_unseen33", 0.80, 0.69, None), ("real_unseen34", 0.81, 0.69, None),
    ("real_unseen35", 0.91, 0.89, 0.97), ("real_unseen36", 0.92, 0.84, None),
    ("real_unseen37", None, None, 0.98), ("real_unseen38", 0.86, 0.80, None),
    ("real_unseen39", 0.91, 0.91, 0.81), ("real_unseen43", 0.95, 0.92, 0.70),
    ("real_unseen44", None, None, 0.87), ("real_unseen46", 0.93, 0.88, 0.34)
]


def _set_means_hold(folder, task_floor, dept_floor, target_floor):
    """A set's mean per-document task / dept / target F1 is at least each floor given (None: not checked)."""
    scores = score_folder(folder)
    mean = {f: sum(s.f1(f) for s in scores) / len(scores) for f in ("task", "dept", "targets")}
    floors = {"task": task_floor, "dept": dept_floor, "targets": target_floor}
    assert all(floor is None or mean[f] >= floor for f, floor in floors.items()), (mean, floors)


@pytest.mark.parametrize("folder,task_floor,dept_floor,target_floor", SESSION_32_FLOORS)
def test_sets_raised_in_session_32_do_not_regress(folder, task_floor, dept_floor, target_floor):
    _set_means_hold(folder, task_floor, dept_floor, target_floor)


def test_the_yangpu_annex_table_stays_read():
    """real_unseen46's 杨浦 fire-safety opinion: its annex task table printed one cell a paragraph with no number
    column (h12t: 0.67 / 0.41 -> 0.91 / 0.85 task / dept)."""
    yangpu = next(s for s in score_folder("real_unseen46") if "yangpu" in s.name)
    assert yangpu.f1("task") >= 0.89 and yangpu.f1("dept") >= 0.83


def test_one_line_crawl_cuts_bracketed_headings_off_units():
    """The one-line crawl of a regulation whose articles open with a bracketed heading ("（管理机构）中国（上海）自由贸易
    试验区临港新片区管理委员会…", "（机构职责）管委会…"): the units are the names after the heading (h12u: dept 0.43 -> 1.00)."""
    from bench.format_invariance import score_one

    gold = Path(__file__).resolve().parent / "fixtures" / "real_unseen10" / "gold" / "shanghai_2019_lingang_new_area_rules.json"
    _, _, out = score_one(("real_unseen10", gold, ["one_line"]))
    assert out["one_line"]["dept"] >= 0.95, out


# Session 33 (helpers h13p prose, h13u department-first entries, h13t targets, h13m marked layouts, h13g glued task
# tables, h14m / h14u the marked and department-first documents of the sets released this session, h14n unit names,
# h15a headings over paragraphs; each round's paragraph in docs/extraction-quality.md, its scores in
# bench/results/real-scores-<helper>-{before,after}.txt). Floors: each set's mean task / dept / target F1 after the
# round that raised it, minus about 0.02; the highest where several rounds raised one set.
SESSION_33_FLOORS = [
    ("real_unseen5", 0.95, 0.92, None), ("real_unseen14", 0.94, 0.92, 0.95), ("real_unseen18", 0.91, 0.87, None),
    ("real_unseen19", 0.91, 0.90, None), ("real_unseen21", 0.93, 0.89, None), ("real_unseen22", None, None, 0.95),
    ("real_unseen23", None, 0.93, None), ("real_unseen27", 0.93, 0.88, None), ("real_unseen30", None, 0.89, None),
    ("real_unseen33", 0.82, 0.72, None), ("real_unseen34", 0.82, 0.69, None), ("real_unseen35", 0.92, 0.90, None),
    ("real_unseen37", None, 0.51, None), ("real_unseen40", 0.87, 0.85, None), ("real_unseen41", 0.91, 0.87, 0.71),
    ("real_unseen42", 0.86, 0.85, 0.75), ("real_unseen43", None, None, 0.74), ("real_unseen45", 0.78, 0.69, 0.65),
    ("real_unseen46", 0.93, 0.89, 0.52), ("real_unseen47", 0.60, 0.60, 0.73), ("real_unseen48", 0.89, 0.77, 0.73),
    ("real_unseen49", 0.81, 0.76, 0.58)
]


@pytest.mark.parametrize("folder,task_floor,dept_floor,target_floor", SESSION_33_FLOORS)
def test_sets_raised_in_session_33_do_not_regress(folder, task_floor, dept_floor, target_floor):
    _set_means_hold(folder, task_floor, dept_floor, target_floor)


def test_h13u_yangpu_unit_heading_roles():
    """real_unseen46's 杨浦 opinion, 三（一）街道消防安全委员会 over numbered duties: "部署并牵头开展…" leads, "协助开展…，
    协调做好…" is its own work (responsible), "完善对本级消防安全委…" is no unit (h13u: dept 0.86 -> 0.89)."""
    yangpu = next(s for s in score_folder("real_unseen46") if "yangpu" in s.name)
    assert yangpu.f1("dept") >= 0.88


@pytest.mark.parametrize("folder,stem,rendering", [
    # a record's title run into its glued task table (h13m: the first line's body read, 0.00 -> 1.00)
    ("real_unseen21", "hebei_2018_gxt_open_gov_work_points_table", "one_line"),
    ("real_unseen14", "pingtan_2016_listed_problems_task_table", "one_line"),
    # a label line after each paragraph under a heading, not joined with the next paragraph (h13m: 0.53 -> 1.00)
    ("real_unseen18", "shanghai_2025_tech_services_opinion", "brackets_as_labels"),
])
def test_marked_layouts_read_under_renderings(folder, stem, rendering):
    from bench.format_invariance import score_one

    gold = Path(__file__).resolve().parent / "fixtures" / folder / "gold" / f"{stem}.json"
    _, _, out = score_one((folder, gold, [rendering]))
    assert out[rendering]["dept"] >= 0.95, out


@pytest.mark.parametrize("folder,name,rendering,task_floor,dept_floor", [
    # an assessment table (序号 | 考核项目 | 各项分值 | 考核指标 | 负责考核部门) printed with its cells run together
    ("real_unseen", "shicheng_2018_river_chief_township_assessment", "table_glued", 0.92, 0.93),
    # a task table (序号 | 任务名称 | 任务内容 | 牵头部门 | 配合部门 | 时间节点), numbered and not
    ("real_unseen43", "shanghai_baoshan_2019_waste_sorting_plan", "table_glued", 0.93, 0.87),
    ("real_unseen43", "shanghai_baoshan_2019_waste_sorting_plan", "table_glued_no_number", 0.91, 0.82),
])
def test_glued_task_tables_are_read(folder, name, rendering, task_floor, dept_floor):
    """(h13g) Task tables re-printed with every cell run together (``bench/format_invariance.py``'s ``table_glued``):
    glued_scored / glued_pair read them (start6's code: 0.42 / 0.10, 0.82 / 0.67 and 0.63 / 0.18 task / dept)."""
    from bench.format_invariance import score_one

    gold = Path(__file__).resolve().parent / "fixtures" / folder / "gold" / f"{name}.json"
    _, _, out = score_one((folder, gold, [rendering]))
    assert out[rendering]["task"] >= task_floor and out[rendering]["dept"] >= dept_floor, out


def test_h14m_section_bracket_after_assigned_sub_items():
    """"二、保障措施" with a paragraph and its own bracket after "一、主要任务" whose sub-items each close with a bracket is
    a task of its own: the bracket closes no run over 一 (h14m)."""
    from extract.pipeline import extract_text

    text = ("某方案\n\n一、主要任务\n\n（一）全面实施专项工程\n\n结合空间资源，推进光伏建设。\n\n（责任单位：区发展改革委、区建管委）\n\n"
            "（二）开展新建建筑工程\n\n落实新建机关办公建筑。\n\n（责任单位：区建管委）\n\n二、保障措施\n\n"
            "区发展改革委整体部署和系统推进全区工作，建立联合工作机制。各部门要切实扛起责任。\n\n"
            "（责任单位：区发展改革委、各相关部门，各街道管理办）\n")
    tasks = [t for d in extract_text(text, "x.md") for t in d.tasks]
    got = {t.title: [r.name for r in t.responsible] for t in tasks}
    assert got == {"全面实施专项工程": ["区发展改革委", "区建管委"], "开展新建建筑工程": ["区建管委"],
                   "保障措施": ["区发展改革委", "各相关部门", "各街道管理办"]}, got


# Session 34 (helpers h16p prose subjects, h16t targets by form, h16g tables printed one row a line and glued scored
# tables, h16m label lines and conventions, h16u department-first entries, w2a / w2t the marked items, tables and targets
# of the sets released in the second wave, w3u the set released last; each round's paragraph in
# docs/extraction-quality.md, its scores in bench/results/real-scores-<helper>-{before,after}.txt). Floors: each set's
# mean task / dept / target F1 after the round that raised it, minus about 0.02; the highest where several rounds raised
# one set, or the set's mean after all of them minus about 0.02 where the rounds added up (sets 52, 54, 57).
SESSION_34_FLOORS = [
    ("real_unseen5", None, None, 0.95), ("real_unseen23", 0.96, 0.95, None), ("real_unseen24", None, 0.88, None),
    ("real_unseen30", 0.89, None, None), ("real_unseen34", 0.85, 0.71, None), ("real_unseen35", None, 0.91, None),
    ("real_unseen40", 0.88, None, None), ("real_unseen41", 0.91, 0.88, 0.80), ("real_unseen45", 0.80, 0.74, None),
    ("real_unseen48", 0.91, 0.81, 0.73), ("real_unseen49", 0.83, 0.78, 0.98), ("real_unseen52", 0.90, 0.84, 0.89),
    ("real_unseen54", 0.81, 0.73, 0.65), ("real_unseen57", 0.84, 0.73, 0.69), ("real_unseen58", 0.87, 0.82, 0.42),
    ("real_unseen63", 0.84, 0.75, 0.38)
]


@pytest.mark.parametrize("folder,task_floor,dept_floor,target_floor", SESSION_34_FLOORS)
def test_sets_raised_in_session_34_do_not_regress(folder, task_floor, dept_floor, target_floor):
    _set_means_hold(folder, task_floor, dept_floor, target_floor)


@pytest.mark.parametrize("folder,stem,task_floor,dept_floor", [
    # a fire-assessment table one row a line, cells spaced, the unit column last (0.23 / 0.02 before h16g)
    ("real_unseen52", "pingtan_2014_fire_assessment_duty_table", 0.97, 0.97),
    # a glued assessment table 牵头部门 | 考评单位 | 标准分 | 责任单位 under a department-first list (0.62 / 0.29 before)
    ("real_unseen54", "pingtan_2020_logistics_safety_joint_meeting_duties", 0.84, 0.72),
])
def test_h16g_flattened_assessment_tables(folder, stem, task_floor, dept_floor):
    doc = next(s for s in score_folder(folder) if s.name.startswith(stem))
    assert doc.f1("task") >= task_floor and doc.f1("dept") >= dept_floor, (doc.f1("task"), doc.f1("dept"))


def test_h16g_spaced_table_header_printed_glued():
    """The fire-assessment table's header printed glued ("项目子项分项考核标准落实措施责任单位完成情况"): the same rows
    and units as with its cells spaced (spaced_last reads the header's last department cell)."""
    from extract.pipeline import extract_text

    path = Path(__file__).resolve().parent / "fixtures" / "real_unseen52" / "pingtan_2014_fire_assessment_duty_table.md"
    text = path.read_text(encoding="utf-8")
    glued = text.replace("项目 子项 分项 考核标准 落实措施 责任 单位 完成情况", "项目子项分项考核标准落实措施责任单位完成情况")
    assert glued != text

    def units(t):
        return [[r.name for r in k.responsible] for d in extract_text(t, "x.md") for k in d.tasks if k.responsible]

    assert len(units(text)) == 38 and units(glued) == units(text)


def test_h16m_related_units_label_lines():
    """real_unseen54's 杨浦 内部道路 plan: each item closed by a separate "相关部门：A、B…等。" line (all responsible; owners
    and users in the list are no units, R3), also printed on one line (h16m: dept 0.09 -> 0.88)."""
    from bench.format_invariance import score_one

    yangpu = next(s for s in score_folder("real_unseen54") if "yangpu" in s.name)
    assert yangpu.f1("dept") >= 0.86
    gold = Path(__file__).resolve().parent / "fixtures" / "real_unseen54" / "gold" / "shanghai_yangpu_2025_internal_roads_plan.json"
    _, _, out = score_one(("real_unseen54", gold, ["one_line"]))
    assert out["one_line"]["dept"] >= 0.86, out


def test_h16u_songjiang_task_force_members_and_unit_headings():
    """real_unseen52's 松江 渣土车 plan: "成立工作专班，由X牵头，A、B…为成员单位" gives the members part, "（三）区公安分局（交管）"
    keeps its note, "（五）各街镇、经开区" names both, "…；牵头区建管委、区交通委…，每周开展…" gives them part (h16u: 0.45 -> 1.00)."""
    doc = next(s for s in score_folder("real_unseen52") if "songjiang" in s.name)
    assert doc.f1("dept") >= 0.98


def test_w2t_yearly_quota_cells():
    """real_unseen57's 虹口 三年行动计划 task list: rows print one count per year as year sub-rows, one cell per line
    ("2018年\\n\\n24.3万户/682个"); each is the row's target for that year (targets 0.09 -> 0.56)."""
    hongkou = next(s for s in score_folder("real_unseen57") if "hongkou" in s.name)
    assert hongkou.f1("targets") >= 0.54




# Session 35 (lead): real_unseen50, 51, 53, 55 and 56 released for tuning after their last held-out measure with session
# 34's end code (bench/results/real-scores-u50-56-heldout-s35-start.txt): 0.71/0.62 (targets 0.69), 0.79/0.55 (0.53),
# 0.94/0.77 (0.60), 0.89/0.84 (0.95), 0.84/0.81 (0.75): floors minus about 0.02.
SESSION_35_RELEASED_FLOORS = [
    ("real_unseen50", 0.69, 0.60, 0.67), ("real_unseen51", 0.77, 0.53, 0.51), ("real_unseen53", 0.92, 0.75, 0.58),
    ("real_unseen55", 0.87, 0.82, 0.93), ("real_unseen56", 0.82, 0.79, 0.73),
    # real_unseen59, 60, 61, 62 and 64 released in the same way (blind since session 34; measured with session 34's end
    # code, bench/results/real-scores-u59-64-heldout-s35-start.txt): 0.85/0.80 (0.89), 0.94/0.83 (0.88),
    # 0.76/0.55 (0.80), 0.85/0.65 (0.38), 0.92/0.88 (0.50).
    ("real_unseen59", 0.83, 0.78, 0.87), ("real_unseen60", 0.92, 0.81, 0.86), ("real_unseen61", 0.74, 0.53, 0.78),
    ("real_unseen62", 0.83, 0.63, 0.36), ("real_unseen64", 0.90, 0.86, 0.48),
]


@pytest.mark.parametrize("folder,task_floor,dept_floor,target_floor", SESSION_35_RELEASED_FLOORS)
def test_sets_released_in_session_35_do_not_regress(folder, task_floor, dept_floor, target_floor):
    _set_means_hold(folder, task_floor, dept_floor, target_floor)


# Session 35, helper s35t (targets by form, measured on a fresh harvest; docs/extraction-quality.md "Session 35, helper
# s35t"): a part whose heading names a period ("（三）“十四五”重点安排") dates its tasks' undated targets to the period's
# last year (R12), which raised real_unseen63's target mean 0.40 -> 0.58 (its 公园城市 opinion 0.00 -> 0.91). Floor: the
# new mean minus 0.02.
SESSION_35_S35T_FLOORS = [("real_unseen63", None, None, 0.56)]


@pytest.mark.parametrize("folder,task_floor,dept_floor,target_floor", SESSION_35_S35T_FLOORS)
def test_sets_raised_by_s35t_do_not_regress(folder, task_floor, dept_floor, target_floor):
    _set_means_hold(folder, task_floor, dept_floor, target_floor)


# Session 35, helper s35w (the sets released at the session's start; docs/extraction-quality.md "Session 35, helper s35w"):
# a bracket closing a group of sub-items beside groups that assign item by item (closing_line.mixed_groups), a
# department-first list of lines "X负责…" (unit_heads.listed_duty), the acts that end a 会同 partner list (duty_verbs),
# paragraph tables with unit cells one unit a line. New means minus about 0.02 (sets 50 and 53 did not move; targets of
# none moved).
SESSION_35_S35W_FLOORS = [
    ("real_unseen51", 0.80, 0.56, None), ("real_unseen55", 0.89, 0.88, None), ("real_unseen56", 0.94, 0.92, None),
]


@pytest.mark.parametrize("folder,task_floor,dept_floor,target_floor", SESSION_35_S35W_FLOORS)
def test_sets_raised_by_s35w_do_not_regress(folder, task_floor, dept_floor, target_floor):
    _set_means_hold(folder, task_floor, dept_floor, target_floor)


# Session 35, helper s35u (units inside found tasks; docs/extraction-quality.md "Session 35, helper s35u", scores in
# bench/results/real-scores-s35u-{before,after}.txt). Floors: each raised set's mean task / dept F1 after the round,
# minus about 0.02 (None: the field did not move).
SESSION_35_S35U_FLOORS = [
    ("real_unseen8", None, 0.88, None), ("real_unseen16", 0.89, None, None), ("real_unseen18", 0.92, None, None),
    ("real_unseen20", 0.83, 0.78, None), ("real_unseen21", None, 0.91, None), ("real_unseen24", None, 0.90, None),
    ("real_unseen34", None, 0.73, None), ("real_unseen36", None, 0.85, None), ("real_unseen39", 0.92, None, None),
    ("real_unseen41", 0.93, None, None), ("real_unseen45", 0.81, 0.76, None), ("real_unseen47", 0.61, 0.61, None),
    ("real_unseen57", None, 0.74, None),
]


@pytest.mark.parametrize("folder,task_floor,dept_floor,target_floor", SESSION_35_S35U_FLOORS)
def test_sets_raised_by_s35u_do_not_regress(folder, task_floor, dept_floor, target_floor):
    _set_means_hold(folder, task_floor, dept_floor, target_floor)


# Session 35, helper s35x (the sets released mid-session): R10 unit headings ("（三）X工作组:" over 1.…; a unit title over a
# lead-in paragraph in the body's short name), numerals naming levels no inline marker (二、三、四级), one task for a
# heading naming work over one paragraph of duty sentences, articles titled in brackets (第二条(组织保障)). Means after:
# 59 0.86/0.83 (0.89), 60 0.96/0.85 (0.88), 61 0.80/0.67 (0.80); 62 and 64 did not move. Floors: means minus 0.02.
SESSION_35_S35X_FLOORS = [
    ("real_unseen59", 0.84, 0.81, 0.87), ("real_unseen60", 0.94, 0.83, 0.86), ("real_unseen61", 0.78, 0.65, 0.78),
]


@pytest.mark.parametrize("folder,task_floor,dept_floor,target_floor", SESSION_35_S35X_FLOORS)
def test_sets_raised_by_s35x_do_not_regress(folder, task_floor, dept_floor, target_floor):
    _set_means_hold(folder, task_floor, dept_floor, target_floor)


# Session 36, helper s36g (targets on the right task and year; docs/extraction-quality.md "Session 36, helper s36g"):
# report limits in minutes are durations, a liaison named from a unit's staff is no target, a rhythm over a list of the
# people it gathers stays a rhythm, a stage heading with its time in one year dates its tasks, figure columns headed by a
# plan period and range cells in tables (flattened ones too), a change the counted units make ends a named set. Target
# means after: 42 0.775, 44 1.00, 56 1.00, 62 0.80, 64 0.667 (tasks and departments did not move). Floors: minus 0.02.
SESSION_36_S36G_FLOORS = [
    ("real_unseen42", None, None, 0.75), ("real_unseen44", None, None, 0.98), ("real_unseen56", None, None, 0.98),
    ("real_unseen62", None, None, 0.78), ("real_unseen64", None, None, 0.64),
]


@pytest.mark.parametrize("folder,task_floor,dept_floor,target_floor", SESSION_36_S36G_FLOORS)
def test_sets_raised_by_s36g_do_not_regress(folder, task_floor, dept_floor, target_floor):
    _set_means_hold(folder, task_floor, dept_floor, target_floor)


# Session 36, helper s36p (duties in running prose, a broader reader; docs/extraction-quality.md "Session 36, helper
# s36p", scores in bench/results/real-scores-s36p-{before,after}.txt): subject lists closed by regulated parties
# (rule prose.regulated_party.listed), localities with zones in brackets (prose.listed_zone.bracketed), comma-chained
# subjects (prose.subject_verb.chain_marks), bare lists closed by 等相关部门 and their acts (prose.subject.bare /
# continues), the covering notice's account of the printed document (prose.issued_document). Means after: 18 dept 0.91,
# 34 0.88 / 0.79, 48 task 0.94, 60 dept 0.87, 62 0.86 / 0.67. Floors: means minus 0.02 (None: the field did not move).
SESSION_36_S36P_FLOORS = [
    ("real_unseen18", None, 0.89, None), ("real_unseen34", 0.86, 0.77, None), ("real_unseen48", 0.92, None, None),
    ("real_unseen60", None, 0.85, None), ("real_unseen62", 0.84, 0.65, None),
]


@pytest.mark.parametrize("folder,task_floor,dept_floor,target_floor", SESSION_36_S36P_FLOORS)
def test_sets_raised_by_s36p_do_not_regress(folder, task_floor, dept_floor, target_floor):
    _set_means_hold(folder, task_floor, dept_floor, target_floor)


# Session 36, helper s36t (flattened task tables along their general axes; docs/extraction-quality.md "Session 36,
# helper s36t"): glued tables with a progress column after the units and unit names glued with no joiner, bar tables
# with no task header and sub-rows under spanned cells, wrapped header cells, empty-cell marks. Mean after: 62
# 0.94 / 0.85 / 0.58 (from 0.85 / 0.65 / 0.38). Floors: the means minus 0.02.
SESSION_36_S36T_FLOORS = [("real_unseen62", 0.92, 0.83, 0.56)]


@pytest.mark.parametrize("folder,task_floor,dept_floor,target_floor", SESSION_36_S36T_FLOORS)
def test_sets_raised_by_s36t_do_not_regress(folder, task_floor, dept_floor, target_floor):
    _set_means_hold(folder, task_floor, dept_floor, target_floor)


# Session 36, helper s36f (department-first duty lists as one model; docs/extraction-quality.md "Session 36, helper s36f").
# Means after (task / dept): 50 dept 0.62 → 0.67, 54 task 0.83 → 0.84, 58 0.89 / 0.84 → 0.95 / 0.89, 60 dept 0.86 → 0.87.
# Floors: each raised field's mean after the round minus 0.02 (None: the field did not move).
SESSION_36_S36F_FLOORS = [
    ("real_unseen50", None, 0.65, None), ("real_unseen54", 0.82, None, None), ("real_unseen58", 0.93, 0.87, None),
    ("real_unseen60", None, 0.85, None),
]


@pytest.mark.parametrize("folder,task_floor,dept_floor,target_floor", SESSION_36_S36F_FLOORS)
def test_sets_raised_by_s36f_do_not_regress(folder, task_floor, dept_floor, target_floor):
    _set_means_hold(folder, task_floor, dept_floor, target_floor)


# Sets real_unseen65-71, blind since session 35 (written by seven gold helpers; their failures were never described),
# released at session 36's end after their last held-out measure with its end code
# (bench/results/real-scores-heldout-s36-end.txt): 65 0.68/0.70 (0.58), 66 0.47/0.38 (0.56), 67 0.81/0.72 (0.81),
# 68 0.72/0.62 (0.57), 69 0.74/0.67 (0.67), 70 0.86/0.77 (0.84), 71 0.56/0.33 (0.59). Floors: the means minus 0.02.
SESSION_36_RELEASED_FLOORS = [
    ("real_unseen65", 0.66, 0.68, 0.56), ("real_unseen66", 0.45, 0.36, 0.54), ("real_unseen67", 0.79, 0.70, 0.79),
    ("real_unseen68", 0.70, 0.60, 0.55), ("real_unseen69", 0.72, 0.65, 0.65), ("real_unseen70", 0.84, 0.75, 0.82),
    ("real_unseen71", 0.54, 0.31, 0.57),
]


@pytest.mark.parametrize("folder,task_floor,dept_floor,target_floor", SESSION_36_RELEASED_FLOORS)
def test_sets_released_in_session_36_do_not_regress(folder, task_floor, dept_floor, target_floor):
    _set_means_hold(folder, task_floor, dept_floor, target_floor)
