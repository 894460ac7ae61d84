"""The Polish catalogue is complete, consistent with its msgids, and actually used."""

from __future__ import annotations

import io
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from django.utils import translation

PLACEHOLDER = re.compile(r"%(?:\([A-Za-z_][A-Za-z0-9_]*\))?[sd]")
POLISH_PLURAL_FORMS = 4


def _catalogue_path(language: str) -> Path:
    return Path(settings.LOCALE_PATHS[0]) / language / "LC_MESSAGES" / "django.po"


@pytest.fixture(scope="module")
def polish() -> polib.POFile:
    return polib.pofile(str(_catalogue_path("pl")))


def _placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text.replace("%%", "")))


def _active(catalogue: polib.POFile) -> list[polib.POEntry]:
    return [entry for entry in catalogue if not entry.obsolete]


def test_every_entry_is_translated(polish):
    untranslated = [entry.msgid for entry in polish.untranslated_entries()]

    assert untranslated == []


def test_no_entry_is_fuzzy(polish):
    fuzzy = [entry.msgid for entry in polish.fuzzy_entries()]

    assert not polish.metadata_is_fuzzy
    assert fuzzy == []


def test_translations_keep_the_placeholders_of_their_msgid(polish):
    mismatched = []
    for entry in _active(polish):
        if entry.msgid_plural:
            expected = _placeholders(entry.msgid_plural)
            translations = list(entry.msgstr_plural.values())
        else:
            expected = _placeholders(entry.msgid)
            translations = [entry.msgstr]
        mismatched += [
            (entry.msgid, text) for text in translations if _placeholders(text) != expected
        ]

    assert mismatched == []


def test_plural_entries_fill_all_four_polish_forms(polish):
    incomplete = [
        entry.msgid
        for entry in _active(polish)
        if entry.msgid_plural
        and (
            sorted(entry.msgstr_plural) != list(range(POLISH_PLURAL_FORMS))
            or not all(entry.msgstr_plural.values())
        )
    ]

    assert f"nplurals={POLISH_PLURAL_FORMS};" in polish.metadata["Plural-Forms"]
    assert incomplete == []


def test_no_entry_without_context_takes_over_a_date_word_of_django(polish):
    """Our catalogue comes first: a bare "May" translated as a verb became the month's name
    in every Polish date."""
    from django.utils.dates import MONTHS, MONTHS_3, WEEKDAYS, WEEKDAYS_ABBR

    with translation.override("en"):
        date_words = {
            str(word)
            for names in (MONTHS, MONTHS_3, WEEKDAYS, WEEKDAYS_ABBR)
            for word in names.values()
        }
    taken = [
        entry.msgid for entry in _active(polish) if not entry.msgctxt and entry.msgid in date_words
    ]
    assert taken == [], "give these a context (translate ... context ...)"


def test_compiled_catalogue_is_used_for_polish():
    call_command("compile_translations", stdout=io.StringIO())

    # Re-entering the setting empties Django's cache of loaded catalogues.
    with override_settings(LOCALE_PATHS=settings.LOCALE_PATHS), translation.override("pl"):
        assert translation.gettext("Skip to content") != "Skip to content"
