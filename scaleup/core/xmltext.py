"""Text for XML documents (GEXF, DOCX): XML 1.0 forbids most control characters, and a
text pasted from a word processor may hold one (Word's soft line break is \\x0b)."""

from __future__ import annotations

import re

NOT_XML = re.compile("[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(value: object) -> str:
    """`value` as text XML accepts: forbidden characters removed, line ends as \\n."""
    return NOT_XML.sub("", str(value).replace("\r\n", "\n").replace("\r", "\n"))
