"""Bilingual content fields: each text is stored once per language, Polish first.

A model declares `title_pl` and `title_en` columns and `title = Translated("title")`;
reading `obj.title` gives the active language's text, falling back to Polish when the
English text is missing, so a half-translated record still shows something.
"""

from __future__ import annotations

from typing import Any, overload

from django.conf import settings
from django.utils.translation import get_language

CONTENT_LANGUAGES = ("pl", "en")


def active_language() -> str:
    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return language if language in CONTENT_LANGUAGES else CONTENT_LANGUAGES[0]


class Translated:
    def __init__(self, base: str) -> None:
        self.base = base

    @overload
    def __get__(self, obj: None, objtype: Any = None) -> Translated: ...
    @overload
    def __get__(self, obj: object, objtype: Any = None) -> str: ...
    def __get__(self, obj: object | None, objtype: Any = None) -> Translated | str:
        if obj is None:
            return self
        value = getattr(obj, f"{self.base}_{active_language()}", "")
        return str(value or getattr(obj, f"{self.base}_{CONTENT_LANGUAGES[0]}", ""))
