from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from scaleup.demo import network, workshop
from scaleup.demo.story import load_story
from scaleup.dialogue.models import Conversation, Participant, Vote
from scaleup.meetings.models import Meeting, Photo
from scaleup.news.models import Post
from scaleup.policy.lifecycle import State
from scaleup.policy.models import Recommendation, Transition
from scaleup.projects.models import Measure, Partner, Project
from scaleup.stakeholders.models import Organisation, OrganisationKind

pytestmark = pytest.mark.django_db

MODELS = (
    Project,
    Partner,
    Measure,
    Organisation,
    Meeting,
    Photo,
    Post,
    Conversation,
    Vote,
    Recommendation,
    Transition,
)


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def test_loading_twice_changes_nothing():
    load_story()
    first = counts()
    load_story()
    assert counts() == first


def test_story_holds_the_project_and_its_seven_partners():
    load_story()
    project = Project.objects.get(slug="scale-up")
    assert project.started_on == dt.date(2019, 8, 1)
    assert project.final_conference_on == dt.date(2022, 11, 18)
    assert project.partners.count() == 7
    assert project.partners.get(role="lead").short_name == "INFO"
    assert project.partners.get(role="advisory").policy_instrument is None


def test_lubelskie_instrument_has_addressed_measures_and_a_successor():
    load_story()
    lubelskie = Partner.objects.get(short_name="Lubelskie").policy_instrument
    assert lubelskie is not None
    addressed = set(lubelskie.measures.filter(addressed=True).values_list("code", flat=True))
    assert addressed == {"3.6", "3.7"}
    parent = lubelskie.successor.measures.get(code="2.7").parent
    assert parent is not None
    assert parent.level == "axis"


def test_every_kind_of_organisation_is_in_the_group():
    load_story()
    kinds = set(Organisation.objects.values_list("kind", flat=True))
    assert kinds == set(OrganisationKind.values)
    assert Organisation.objects.count() >= 25


def test_first_meeting_and_its_news_post_with_gallery():
    load_story()
    meeting = Meeting.objects.get(slug="rsg-lublin-2019-11-28")
    assert meeting.starts_at.date() == dt.date(2019, 11, 28)
    post = Post.objects.get(meeting=meeting)
    assert post.published_at is not None
    assert post.published_at.date() == dt.date(2019, 11, 29)
    assert meeting.photos.count() == 6
    assert all(photo.alt_text_pl and photo.alt_text_en for photo in meeting.photos.all())


def test_an_upcoming_meeting_accepts_registrations():
    load_story()
    assert Meeting.objects.filter(registration_open=True).get().accepts_registrations


def test_demo_command_reports_what_it_loaded(capsys):
    call_command("load_demo")
    assert "Demo data loaded" in capsys.readouterr().out


@pytest.mark.django_db
def test_story_gives_each_role_an_account_to_try() -> None:
    from scaleup.access.checks import has_permission
    from scaleup.stakeholders.models import Person, StakeholderGroup

    summary = load_story()
    group = StakeholderGroup.objects.get(slug="lubelskie")
    user_model = get_user_model()
    facilitator = user_model.objects.get(username="facilitator")
    assert has_permission(facilitator, "application:decide", group)
    assert not facilitator.is_staff
    assert user_model.objects.get(username="admin").is_superuser
    member = Person.objects.get(email="kontakt1@example.org").user
    assert member is not None
    assert has_permission(member, "document:view", group)
    assert not has_permission(member, "application:view")
    assert any("password" in note for note in summary.notes)


def test_first_meeting_has_a_workshop_with_statements_and_votes() -> None:
    load_story()
    meeting = Meeting.objects.get(slug="rsg-lublin-2019-11-28")
    conversation = meeting.conversations.get()
    assert conversation.is_open
    assert conversation.statements.count() == len(workshop.STATEMENTS)
    assert conversation.participants.count() == 22
    assert Vote.objects.filter(statement__conversation=conversation).count() > 200


def test_workshop_map_separates_firms_from_public_bodies() -> None:
    from sklearn.metrics import adjusted_rand_score

    load_story()
    snapshot = Conversation.objects.get(slug=workshop.SLUG).snapshots.latest()
    groups = {row["id"]: row["group"] for row in snapshot.data["participants"]}
    participants = list(Participant.objects.filter(conversation__slug=workshop.SLUG).order_by("pk"))
    attendees = Organisation.objects.filter(
        registrations__meeting__slug="rsg-lublin-2019-11-28"
    ).order_by("registrations__pk")
    sides = [organisation.kind in workshop.FIRMS for organisation in attendees]
    assert adjusted_rand_score(sides, [groups[p.pk] for p in participants]) >= 0.8
    assert snapshot.data["consensus"]["agree"]


def test_the_group_has_a_cooperation_network_with_a_story() -> None:
    from scaleup.network.models import NodeScore, Tie

    load_story()
    assert Tie.objects.filter(group__slug="lubelskie").count() == len(network.TIES)
    scores = {
        score.organisation.name: score
        for score in NodeScore.objects.filter(snapshot__group__slug="lubelskie").select_related(
            "organisation"
        )
    }
    gaps = {name for name, score in scores.items() if score.is_gap}
    assert gaps == {"Stolarnia Tanew sp. z o.o."}
    catalysts = {
        name: score.catalyst_share
        for name, score in scores.items()
        if score.catalyst_share is not None
    }
    assert max(catalysts, key=lambda name: catalysts[name] or 0) == "Klaster Biogospodarki Roztocze"


def test_three_recommendations_grew_from_the_first_workshop() -> None:
    load_story()
    recommendations = Recommendation.objects.filter(group__slug="lubelskie")
    assert recommendations.count() == 3
    for recommendation in recommendations:
        cited = recommendation.statements.all()
        assert cited and {s.conversation.slug for s in cited} == {workshop.SLUG}
        states = list(recommendation.transitions.values_list("to_state", flat=True))
        assert states[0] == State.DRAFT and states[-1] == recommendation.state
    accepted = recommendations.get(state=State.ACCEPTED)
    assert accepted.measure is not None
    assert (accepted.measure.instrument.code, accepted.measure.code) == ("FEL 2021-2027", "2.7")
    assert accepted.transitions.get(to_state=State.ACCEPTED).comment
    assert {r.state for r in recommendations} == {State.ACCEPTED, State.ENDORSED, State.DISCUSSED}


def test_lubelskies_three_good_practices_and_their_learning_event() -> None:
    from scaleup.practices.models import GoodPractice, Lesson

    load_story()
    practices = GoodPractice.objects.filter(partner__short_name="Lubelskie", is_published=True)
    titles = " ".join(practices.values_list("title", flat=True))
    assert practices.count() == 3
    assert "NLab" in titles and "Lubelskie" in titles and "Eksporterów" in titles
    lessons = Lesson.objects.filter(meeting__format=Meeting.Format.STUDY_VISIT)
    assert lessons.count() == 2
    assert {practice for lesson in lessons for practice in lesson.practices.all()} == set(practices)
    inspired = Recommendation.objects.filter(inspired_by__in=practices).distinct()
    assert inspired.count() == 2


def test_lubelskie_has_an_action_plan_tied_to_its_recommendation_and_practices() -> None:
    from scaleup.actionplans.models import ActionPlan

    load_story()
    plan = ActionPlan.objects.get(partner__short_name="Lubelskie")
    actions = list(plan.actions.order_by("position"))
    assert len(actions) == 2
    assert actions[0].recommendations.get().state == State.ACCEPTED
    assert all(action.practices.exists() for action in actions)
    assert {note.phase for action in actions for note in action.notes.all()} == {
        "core",
        "follow_up",
    }
