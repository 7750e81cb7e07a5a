"""A document's title run into its body on the first line (a crawl that stored a record's title and content
fields as one line, or dropped every line break): the body is read from after the title (h13m, session 33)."""

from extract.structure.documents import split_documents


def test_title_run_into_a_glued_table_header():
    text = ("河北省工业和信息化厅政务公开工作要点责任单位政务公开工作要点公开时限公开载体办公室\n"
            "1.领导参加的重大会议、调研活动及时网站\n2.人大政协提案办理情况及时网站\n")
    (part,) = split_documents(text)
    assert part.title == "河北省工业和信息化厅政务公开工作要点"
    assert text[part.body_start:].startswith("责任单位政务公开")


def test_a_whole_title_line_stays_the_title():
    text = "某市人民政府办公室关于印发某市促进消费若干措施实施方案的通知\n各区人民政府：现将方案印发给你们。\n"
    (part,) = split_documents(text)
    assert part.title == "某市人民政府办公室关于印发某市促进消费若干措施实施方案的通知"
    assert text[part.body_start:].lstrip().startswith("各区人民政府")


def test_a_long_first_line_without_a_title_is_all_body():
    line = "当前位置：首页政务公开 时间：2016-02-03 " + "各有关单位：现将有关事项通知如下，请认真贯彻落实。" * 10
    (part,) = split_documents(line + "\n")
    assert part.title == "" and part.body_start == 0
