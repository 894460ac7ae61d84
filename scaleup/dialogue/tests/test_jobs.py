"""A workshop's votes exported in the background, in Pol.is's open-data layout."""

from __future__ import annotations

import uuid
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied

from scaleup.dialogue import services
from scaleup.dialogue.jobs import POLIS_EXPORT
from scaleup.dialogue.models import Conversation
from scaleup.dialogue.opinion.polis_data import read_polis_folder
from scaleup.dialogue.polis import POLIS_FILES
from scaleup.dialogue.tests.factories import (
    ConversationFactory,
    ParticipantFactory,
    StatementFactory,
)
from scaleup.jobs import services as job_services
from scaleup.jobs.models import Job
from scaleup.testing.world import World

pytestmark = pytest.mark.django_db


def _workshop(world: World) -> Conversation:
    conversation = ConversationFactory.create(group=world.lubelskie.group)
    statements = [StatementFactory.create(conversation=conversation) for _ in range(3)]
    for voter in range(4):
        participant = ParticipantFactory.create(conversation=conversation)
        for number, statement in enumerate(statements):
            services.cast_vote(
                participant=participant,
                statement=statement,
                value=(1, -1, 0)[(voter + number) % 3],
                client_vote_id=uuid.uuid4(),
            )
    return conversation


def _export(world: World, conversation: Conversation, capture) -> Job:
    with capture(execute=True):
        job = job_services.start_job(
            kind=POLIS_EXPORT,
            params={"conversation": conversation.pk},
            actor=world.lubelskie.facilitator,
        )
    job.refresh_from_db()
    return job


def test_the_export_reads_back_as_the_same_workshop(
    world: World, tmp_path: Path, django_capture_on_commit_callbacks
) -> None:
    conversation = _workshop(world)
    job = _export(world, conversation, django_capture_on_commit_callbacks)
    assert job.state == Job.State.DONE, job.error
    assert job.filename == f"{conversation.slug}-polis.zip"
    with zipfile.ZipFile(job.file.path) as archive:
        assert sorted(archive.namelist()) == sorted(POLIS_FILES)
        archive.extractall(tmp_path)
    export = read_polis_folder(tmp_path)
    assert len(export.comments) == 3
    assert len(export.votes) == 12
    assert job.total is not None and job.done == job.total


def test_the_title_names_the_workshop(world: World, django_capture_on_commit_callbacks) -> None:
    conversation = _workshop(world)
    job = _export(world, conversation, django_capture_on_commit_callbacks)
    assert conversation.question in job.title


def test_only_staff_of_the_workshops_region_may_export(world: World) -> None:
    conversation = _workshop(world)
    for person in (world.attica.facilitator, world.lubelskie.member):
        with pytest.raises(PermissionDenied):
            job_services.start_job(
                kind=POLIS_EXPORT, params={"conversation": conversation.pk}, actor=person
            )
    assert not Job.objects.exists()


def test_a_workshop_deleted_before_its_export_ran_fails_the_job_plainly(
    world: World, django_capture_on_commit_callbacks
) -> None:
    conversation = _workshop(world)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = job_services.start_job(
            kind=POLIS_EXPORT,
            params={"conversation": conversation.pk},
            actor=world.lubelskie.facilitator,
        )
    Conversation.objects.filter(pk=conversation.pk).delete()
    for callback in callbacks:
        callback()
    job.refresh_from_db()
    assert (job.state, job.attempts) == (Job.State.FAILED, 1)
    assert (
        job.error == "You no longer have access to what this job exports, or it no longer exists."
    )
