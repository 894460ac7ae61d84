"""'Download my data': a zip with every section as JSON and as CSV, and an audit entry."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest

from scaleup.core.models import AuditEntry
from scaleup.privacy import services
from scaleup.privacy.registry import providers
from scaleup.privacy.tests.subject import EMAIL, FIRST_NAME, build_subject
from scaleup.testing.users import make_user
from scaleup.testing.world import World

pytestmark = pytest.mark.django_db

SECTIONS = {
    "account",
    "applications",
    "consents",
    "contact_person",
    "invitations",
    "meeting_registrations",
}


def _read_csv(archive: zipfile.ZipFile, name: str) -> list[dict[str, str]]:
    text = archive.read(name).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_every_provider_is_registered() -> None:
    assert {provider.section for provider in providers()} >= SECTIONS


def test_export_holds_every_section_as_json_and_csv(world: World) -> None:
    subject = build_subject(world)
    archive = zipfile.ZipFile(
        io.BytesIO(services.export_personal_data(user=subject.user, actor=subject.user))
    )
    registered = {provider.section for provider in providers()}
    names = set(archive.namelist())
    assert names == {"README.txt", "data.json"} | {f"{section}.csv" for section in registered}

    data = json.loads(archive.read("data.json"))
    sections = data["sections"]
    assert set(sections) == registered
    assert all(sections[section] for section in SECTIONS), "every section has rows"
    assert sections["account"][0]["email"] == EMAIL
    assert "partner facilitator" in sections["account"][0]["roles"]
    assert len(sections["consents"]) == 2
    assert len(sections["invitations"]) == 2
    assert len(sections["applications"]) == 2
    assert sections["meeting_registrations"][0]["attended"] is True
    assert sections["contact_person"][0]["phone"] == "+48 600 100 200"

    for section in SECTIONS:
        rows = _read_csv(archive, f"{section}.csv")
        assert len(rows) == len(sections[section])
        assert set(rows[0]) == set(sections[section][0])
    person = _read_csv(archive, "contact_person.csv")[0]
    assert person["first_name"] == FIRST_NAME
    registration = _read_csv(archive, "meeting_registrations.csv")[0]
    assert registration["registered_at"].startswith(str(subject.registration.created_at.year))

    readme = archive.read("README.txt").decode()
    assert "data.json" in readme and "meeting_registrations.csv" in readme


def test_export_is_audited_without_the_data(world: World) -> None:
    user = world.lubelskie.member
    services.export_personal_data(user=user, actor=user)
    entry = AuditEntry.objects.get(action="privacy.export.downloaded")
    assert entry.actor == user
    assert entry.target_id == str(user.pk)
    assert entry.data["rows"]["account"] == 1
    assert user.email not in json.dumps(entry.data)


def test_export_of_someone_with_little_data_has_empty_sections() -> None:
    user = make_user("nobody@example.org")
    archive = zipfile.ZipFile(io.BytesIO(services.export_personal_data(user=user, actor=user)))
    sections = json.loads(archive.read("data.json"))["sections"]
    assert sections["account"] and sections["meeting_registrations"] == []
    assert _read_csv(archive, "meeting_registrations.csv") == []
