from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from scaleup.core.models import SiteConfiguration

pytestmark = pytest.mark.django_db

REQUIRED_IDS = [
    "a11y-wstep", "a11y-podmiot", "a11y-url", "a11y-data-publikacja", "a11y-data-aktualizacja",
    "a11y-status", "a11y-data-sporzadzenie", "a11y-data-przeglad", "a11y-kontakt", "a11y-osoba",
    "a11y-email", "a11y-telefon", "a11y-procedura", "a11y-architektura", "a11y-aplikacje",
]  # fmt: skip


@pytest.mark.parametrize("language", ["pl", "en"])
def test_accessibility_declaration_has_official_ids(client, language):
    SiteConfiguration.objects.create(
        portal_name_pl="Portal", operator_name="Województwo Lubelskie", a11y_contact_person="Jan"
    )
    with translation.override(language):
        response = client.get(reverse("core:accessibility"))
    assert response.status_code == 200
    for element_id in REQUIRED_IDS:
        assert f'id="{element_id}"' in response.text, element_id
    assert "Województwo Lubelskie" in response.text


def test_declaration_dates_use_time_elements(client):
    import datetime as dt

    SiteConfiguration.objects.create(
        portal_name_pl="Portal", operator_name="X", a11y_published_on=dt.date(2019, 11, 29)
    )
    with translation.override("pl"):
        text = client.get(reverse("core:accessibility")).text
    assert '<time id="a11y-data-publikacja" datetime="2019-11-29">' in text


def test_social_links_appear_in_footer(client):
    SiteConfiguration.objects.create(
        portal_name_pl="Portal", operator_name="X", youtube_url="https://www.youtube.com/@rsg"
    )
    with translation.override("pl"):
        text = client.get(reverse("core:accessibility")).text
    assert 'href="https://www.youtube.com/@rsg"' in text


def test_unknown_page_gets_portal_404(client):
    response = client.get("/pl/no-such-page/")
    assert response.status_code == 404
    assert 'href="#main"' in response.text


def test_second_site_configuration_row_is_refused():
    from django.db import IntegrityError

    SiteConfiguration.objects.create(portal_name_pl="A", operator_name="X")
    with pytest.raises(IntegrityError):
        SiteConfiguration.objects.create(pk=2, portal_name_pl="B", operator_name="Y")


def test_language_switcher_on_a_404_offers_the_other_home_page(client):
    text = client.get("/pl/no-such-page/").text
    assert 'href="/en/" hreflang="en"' in text


def test_healthz_answers_ok_while_the_database_answers(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_is_not_redirected_to_https(client, settings):
    """Load balancers probe over plain HTTP inside the private network."""
    settings.SECURE_SSL_REDIRECT = True

    response = client.get("/healthz")

    assert response.status_code == 200


def _database_down(monkeypatch):
    from django.db import OperationalError
    from django.db.backends.utils import CursorWrapper

    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(CursorWrapper, "execute", refuse)


def test_healthz_answers_503_while_the_database_is_down(client, monkeypatch):
    _database_down(monkeypatch)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"
    assert response["Retry-After"] == "5"


def test_a_page_answers_a_friendly_503_while_the_database_is_down(client, monkeypatch):
    client.raise_request_exception = False
    _database_down(monkeypatch)

    response = client.get(reverse("news:home"))

    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "Chwilowa przerwa" in response.text and "Briefly unavailable" in response.text
    assert "Traceback" not in response.text and "OperationalError" not in response.text


def test_any_other_error_is_a_plain_500(client, monkeypatch):
    client.raise_request_exception = False
    from scaleup.news import views as news_views

    def boom(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(news_views, "render", boom)

    response = client.get(reverse("news:home"))

    assert response.status_code == 500
    assert "Server error" in response.text and "a bug" not in response.text


def test_a_full_disk_outside_an_upload_is_a_plain_500(client, monkeypatch):
    """The 507 page speaks of a file being received; other requests keep the 500 page."""
    import errno

    client.raise_request_exception = False
    from scaleup.news import views as news_views

    def disk_full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(news_views, "render", disk_full)

    response = client.get(reverse("news:home"))

    assert response.status_code == 500
    assert "Server error" in response.text
