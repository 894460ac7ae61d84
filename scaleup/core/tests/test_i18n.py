from __future__ import annotations

from django.utils import translation

from scaleup.core.i18n import Translated


class Record:
    title = Translated("title")

    def __init__(self, pl: str, en: str) -> None:
        self.title_pl, self.title_en = pl, en


def test_reads_active_language():
    with translation.override("en"):
        assert Record("Spotkanie", "Meeting").title == "Meeting"


def test_polish_is_the_default():
    with translation.override("pl"):
        assert Record("Spotkanie", "Meeting").title == "Spotkanie"


def test_missing_english_falls_back_to_polish():
    with translation.override("en"):
        assert Record("Spotkanie", "").title == "Spotkanie"


def test_unsupported_language_falls_back_to_polish():
    with translation.override("de"):
        assert Record("Spotkanie", "Meeting").title == "Spotkanie"
