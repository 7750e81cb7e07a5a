"""``normalize.yaml: invisible.chars`` holds every character a match of the rule can start with (the clean-up
scans for the rule only from the first of them): checked over every code point."""

from extract.structure.normalize import _compiled


def test_invisible_chars_cover_every_match_start():
    c = _compiled()
    rule, chars = c["invisible"], c["invisible_chars"]
    missing = [hex(cp) for cp in range(0x110000) if not (0xD800 <= cp <= 0xDFFF)
               and rule.match(chr(cp) * 8) and not chars(chr(cp))]
    assert not missing
