"""The back office as a whole: every model is registered, and every list, search, filter
and form page loads; plus the single-row site configuration and the read-only audit log."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.test import Client
from django.urls import reverse

from scaleup.access.models import RoleAssignment
from scaleup.actionplans.models import MonitoringNote
from scaleup.actionplans.tests.factories import ActionFactory, ActionPlanFactory
from scaleup.api.tests.factories import token_for
from scaleup.core.models import AuditEntry, SiteConfiguration
from scaleup.dialogue import services as dialogue_services
from scaleup.dialogue.models import OpinionSnapshot, RecomputeState
from scaleup.indicators.tests.factories import IndicatorFactory, ManualValueFactory
from scaleup.jobs.models import Job
from scaleup.meetings import services as meeting_services
from scaleup.meetings.tests.factories import AgendaItemFactory, MeetingFactory, RegistrationFactory
from scaleup.network import services as network_services
from scaleup.news.tests.factories import PageFactory, PostFactory
from scaleup.policy.lifecycle import State
from scaleup.policy.tests.factories import EndorsementFactory, in_state
from scaleup.practices.tests.factories import GoodPracticeFactory, LessonFactory
from scaleup.privacy.services import give_consent
from scaleup.projects.models import Measure
from scaleup.projects.tests.factories import MeasureFactory, PartnerFactory, ThemeFactory
from scaleup.stakeholders import services as stakeholder_services
from scaleup.stakeholders.invitations import invite_person
from scaleup.stakeholders.models import GroupDocument
from scaleup.stakeholders.tests.factories import (
    ApplicationFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    StakeholderGroupFactory,
)
from scaleup.testing.images import jpeg_upload

SCALEUP_MODELS = sorted(
    (model for model in apps.get_models() if model.__module__.startswith("scaleup.")),
    key=lambda model: model._meta.label,
)
MODEL_IDS = [model._meta.label for model in SCALEUP_MODELS]


def _changelist_url(model: type[models.Model]) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


@pytest.fixture
def rows_everywhere(admin_user: Any) -> None:
    """Rows in every table, two of most, so that each list shows something and each filter
    has choices to offer."""
    SiteConfiguration.objects.create(pk=1, portal_name_pl="Portal RSG", operator_name="UMWL")
    for _ in range(2):
        _populate(admin_user)


def _populate(admin_user: Any) -> None:
    ThemeFactory.create()
    partner = PartnerFactory.create()
    axis = MeasureFactory.create(instrument=partner.policy_instrument)
    MeasureFactory.create(
        instrument=partner.policy_instrument,
        level=Measure.Level.MEASURE,
        parent=axis,
        code=f"{axis.code}.1",
    )
    PersonFactory.create()
    MembershipFactory.create()
    stakeholder_services.reject_application(
        application=ApplicationFactory.create(), actor=admin_user
    )
    ApplicationFactory.create()
    meeting = MeetingFactory.create()
    AgendaItemFactory.create(meeting=meeting)
    RegistrationFactory.create(meeting=meeting)
    meeting_services.add_photo(
        meeting=meeting,
        upload=jpeg_upload((32, 24)),
        alt_text_pl="Uczestnicy warsztatu",
        actor=admin_user,
    )
    PostFactory.create(meeting=meeting)
    PageFactory.create()
    give_consent(email=f"jan{partner.pk}@example.org", purpose="photos", actor=None)
    RoleAssignment.objects.create(user=admin_user, role="facilitator", partner=partner)
    group = StakeholderGroupFactory.create(partner=partner)
    invite_person(
        group=group,
        email=f"invitee{partner.pk}@example.org",
        first_name="Ewa",
        last_name="Nowak",
        organisation=OrganisationFactory.create(),
        language="pl",
        actor=admin_user,
    )
    GroupDocument.objects.create(
        group=group,
        title="Notatka robocza",
        file=SimpleUploadedFile("notatka.txt", b"Tekst"),
        content_type="text/plain",
        size=5,
    )
    conversation = dialogue_services.create_conversation(
        question="Jakie bariery widzicie?", meeting=meeting, actor=admin_user
    )
    seat = dialogue_services.join_conversation(conversation=conversation, display_name="Ala")
    statement = dialogue_services.post_statement(participant=seat, text="Mało szkoleń dla MŚP")
    dialogue_services.add_seed_statement(
        conversation=conversation, text="Brak danych o klastrach", actor=admin_user
    )
    other = dialogue_services.join_conversation(conversation=conversation)
    dialogue_services.cast_vote(
        participant=other, statement=statement, value=-1, client_vote_id=uuid.uuid4()
    )
    OpinionSnapshot.objects.create(conversation=conversation, votes_count=2)
    RecomputeState.objects.create(conversation=conversation)
    network_services.add_tie(
        group=group,
        source=OrganisationFactory.create(),
        target=OrganisationFactory.create(kind="cluster"),
        kind="cluster_membership",
        actor=admin_user,
    )
    network_services.run_analysis(group.pk)
    practice = GoodPracticeFactory.create(partner=partner)
    LessonFactory.create(meeting=meeting).practices.add(practice)
    discussed = in_state(State.DISCUSSED, group=group)
    discussed.inspired_by.add(practice)
    action = ActionFactory.create(plan=ActionPlanFactory.create(partner=partner))
    action.recommendations.add(discussed)
    MonitoringNote.objects.create(
        action=action, phase="core", noted_on="2022-06-30", progress="on_track", text="Idzie."
    )
    discussed.supports.create(statement=statement)
    EndorsementFactory.create(recommendation=discussed)
    Job.objects.create(kind="dialogue.polis_export", title="Eksport głosów", owner=admin_user)
    Job.objects.create(
        kind="dialogue.polis_export", title="Eksport", owner=admin_user, state=Job.State.FAILED
    )
    indicator = IndicatorFactory.create()
    ManualValueFactory.create(indicator=indicator, partner=partner, recorded_by=admin_user)
    token_for(admin_user)


def test_every_model_is_registered() -> None:
    missing = [
        label
        for model, label in zip(SCALEUP_MODELS, MODEL_IDS, strict=True)
        if not admin.site.is_registered(model)
    ]
    assert missing == []


@pytest.mark.parametrize("model", SCALEUP_MODELS, ids=MODEL_IDS)
def test_every_model_admin_has_filters_and_search(model: type[models.Model]) -> None:
    model_admin = admin.site.get_model_admin(model)
    assert model_admin.list_filter
    assert model_admin.search_fields


@pytest.mark.django_db
@pytest.mark.usefixtures("rows_everywhere")
@pytest.mark.parametrize("model", SCALEUP_MODELS, ids=MODEL_IDS)
def test_changelist_loads(admin_client: Client, model: type[models.Model]) -> None:
    response = admin_client.get(_changelist_url(model))
    assert response.status_code == 200
    assert response.context["cl"].result_count == model._default_manager.count()


@pytest.mark.django_db
@pytest.mark.usefixtures("rows_everywhere")
@pytest.mark.parametrize("model", SCALEUP_MODELS, ids=MODEL_IDS)
def test_changelist_search_loads(admin_client: Client, model: type[models.Model]) -> None:
    response = admin_client.get(_changelist_url(model), {"q": "a"})
    assert response.status_code == 200
    assert response.context["cl"].query == "a"


@pytest.mark.django_db
@pytest.mark.usefixtures("rows_everywhere")
@pytest.mark.parametrize("model", SCALEUP_MODELS, ids=MODEL_IDS)
def test_changelist_every_filter_choice_loads(
    admin_client: Client, model: type[models.Model]
) -> None:
    url = _changelist_url(model)
    changelist: ChangeList = admin_client.get(url).context["cl"]
    queries = [
        choice["query_string"]
        for spec in changelist.filter_specs
        for choice in spec.choices(changelist)
    ]
    assert len(queries) > 1
    for query in queries:
        response = admin_client.get(url + query + "&q=a")
        # An invalid filter would redirect to "?e=1"; every offered choice must apply.
        assert response.status_code == 200, query


@pytest.mark.django_db
@pytest.mark.usefixtures("rows_everywhere")
@pytest.mark.parametrize("model", SCALEUP_MODELS, ids=MODEL_IDS)
def test_change_form_loads(admin_client: Client, model: type[models.Model]) -> None:
    obj = model._default_manager.first()
    assert obj is not None
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[obj.pk])
    assert admin_client.get(url).status_code == 200


# Rows that only services create: applications and registrations (with the privacy consent,
# through the public forms) and audit entries.
NOT_ADDED_IN_ADMIN = {
    "core.AuditEntry",
    "stakeholders.Application",
    "meetings.Registration",
    "privacy.ConsentRecord",
    "stakeholders.Invitation",
    "stakeholders.GroupDocument",
    # Live-workshop rows come from the workshop itself.
    "dialogue.Statement",
    "dialogue.Participant",
    "dialogue.Vote",
    "dialogue.VoteEvent",
    "dialogue.OpinionSnapshot",
    "dialogue.RecomputeState",
    "network.NetworkSnapshot",
    "network.NodeScore",
    "network.AnalysisState",
    "policy.Recommendation",
    "policy.RecommendationStatement",
    "policy.Transition",
    "policy.Endorsement",
    # Jobs are started by the people who want their files.
    "jobs.Job",
    # Entered on the partner's indicator page, whose service checks the semester.
    "indicators.ManualValue",
    # A token's key is shown once, to its owner, on the API tokens page.
    "api.ApiToken",
}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "model",
    [m for m in SCALEUP_MODELS if m is not SiteConfiguration],
    ids=[label for label in MODEL_IDS if label != "core.SiteConfiguration"],
)
def test_add_form_loads_unless_rows_come_from_services(
    admin_client: Client, model: type[models.Model]
) -> None:
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")
    expected = 403 if model._meta.label in NOT_ADDED_IN_ADMIN else 200
    assert admin_client.get(url).status_code == expected


# --- Site configuration: exactly one row ---------------------------------------------------


def _site_configuration_data(**overrides: str) -> dict[str, str]:
    data = {
        "portal_name_pl": "Regionalna Grupa Interesariuszy",
        "portal_name_en": "Regional Stakeholder Group",
        "operator_name": "Urząd Marszałkowski Województwa Lubelskiego",
        "a11y_status": "full",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_site_configuration_first_row_is_added_with_id_1(admin_client: Client) -> None:
    response = admin_client.post(
        reverse("admin:core_siteconfiguration_add"), _site_configuration_data()
    )
    assert response.status_code == 302
    assert SiteConfiguration.objects.get().pk == 1


@pytest.mark.django_db
def test_site_configuration_refuses_a_second_row(admin_client: Client) -> None:
    SiteConfiguration.objects.create(pk=1, portal_name_pl="Portal", operator_name="UMWL")
    url = reverse("admin:core_siteconfiguration_add")
    assert admin_client.get(url).status_code == 403
    assert admin_client.post(url, _site_configuration_data()).status_code == 403
    assert SiteConfiguration.objects.count() == 1


@pytest.mark.django_db
def test_site_configuration_cannot_be_deleted(admin_client: Client) -> None:
    SiteConfiguration.objects.create(pk=1, portal_name_pl="Portal", operator_name="UMWL")
    url = reverse("admin:core_siteconfiguration_delete", args=[1])
    assert admin_client.post(url, {"post": "yes"}).status_code == 403
    assert SiteConfiguration.objects.filter(pk=1).exists()


@pytest.mark.django_db
def test_site_configuration_can_be_changed(admin_client: Client) -> None:
    SiteConfiguration.objects.create(pk=1, portal_name_pl="Portal", operator_name="UMWL")
    url = reverse("admin:core_siteconfiguration_change", args=[1])
    response = admin_client.post(url, _site_configuration_data(contact_email="rsg@example.org"))
    assert response.status_code == 302
    assert SiteConfiguration.objects.get().contact_email == "rsg@example.org"


# --- Audit log: read-only -------------------------------------------------------------------


@pytest.fixture
def audit_entry() -> AuditEntry:
    return AuditEntry.objects.create(action="test.action", target_repr="Something")


@pytest.mark.django_db
def test_audit_entry_cannot_be_added(admin_client: Client) -> None:
    assert admin_client.get(reverse("admin:core_auditentry_add")).status_code == 403


@pytest.mark.django_db
def test_audit_entry_cannot_be_changed(admin_client: Client, audit_entry: AuditEntry) -> None:
    url = reverse("admin:core_auditentry_change", args=[audit_entry.pk])
    admin_client.post(url, {"action": "forged", "target_repr": "Forged"})
    audit_entry.refresh_from_db()
    assert (audit_entry.action, audit_entry.target_repr) == ("test.action", "Something")


@pytest.mark.django_db
def test_audit_entry_cannot_be_deleted(admin_client: Client, audit_entry: AuditEntry) -> None:
    url = reverse("admin:core_auditentry_delete", args=[audit_entry.pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == 403
    assert AuditEntry.objects.filter(pk=audit_entry.pk).exists()


@pytest.mark.django_db
def test_audit_log_is_searched_by_target_and_filtered_by_action(
    admin_client: Client, audit_entry: AuditEntry
) -> None:
    AuditEntry.objects.create(action="other.action", target_repr="Another thing")
    response = admin_client.get(
        reverse("admin:core_auditentry_changelist"), {"q": "Something", "action": "test.action"}
    )
    assert list(response.context["cl"].result_list) == [audit_entry]
