"""Slugs from Polish text: Django's `slugify` drops letters without a decomposition (ł),
so "Obsługi" would become "obsugi"."""

from __future__ import annotations

from django.utils.text import slugify

#: Letters NFKD leaves whole, spelled as readers of a URL expect.
SPELLED = str.maketrans({"ł": "l", "Ł": "L", "ß": "ss", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D"})


def slug_for(text: str, *, max_length: int = 100) -> str:
    return slugify(text.translate(SPELLED))[:max_length].strip("-")
