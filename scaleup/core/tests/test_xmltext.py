from scaleup.core.xmltext import xml_text


def test_characters_xml_forbids_are_removed() -> None:
    assert xml_text("Zażółć\x0bgęślą\x00 jaźń") == "Zażółćgęślą jaźń"


def test_line_ends_become_newlines() -> None:
    assert xml_text("a\r\nb\rc\nd") == "a\nb\nc\nd"
