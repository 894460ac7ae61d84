"""Jobs belong to the person who asked for them: only they see, download, restart or
delete one. Anyone else gets 404, so a job's existence is not confirmed. The job here is
the Lubelskie facilitator's export of a Lubelskie workshop."""

from __future__ import annotations

from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from scaleup.access.tests.matrix import LOGIN, REDIRECT, Expected, Row, signed_in
from scaleup.dialogue.jobs import POLIS_EXPORT
from scaleup.dialogue.tests.factories import ConversationFactory
from scaleup.jobs.models import Job
from scaleup.jobs.tests.factories import JobFactory
from scaleup.testing.world import ROLES, World


def owner_only(outcome: Any) -> Expected:
    expected: Expected = {role: 404 for role in ROLES}
    return {**expected, "anonymous": LOGIN, "facilitator": outcome}


def _job(world: World, state: str = Job.State.DONE) -> dict[str, Any]:
    conversation = ConversationFactory.create(group=world.lubelskie.group)
    job = JobFactory.build(
        owner=world.lubelskie.facilitator,
        kind=POLIS_EXPORT,
        params={"conversation": conversation.pk},
        state=state,
        finished_at=timezone.now(),
        filename="votes.zip",
        content_type="application/zip",
        size=2,
    )
    if state == Job.State.DONE:
        job.file.save("votes.zip", ContentFile(b"PK"), save=False)
    job.save()
    return {"job_id": job.pk}


ROWS = [
    Row("jobs:list", get=signed_in(200), notes="one's own jobs only"),
    Row("jobs:detail", get=owner_only(200), kwargs=_job),
    Row("jobs:download", get=owner_only(200), kwargs=_job),
    Row(
        "jobs:retry",
        get=signed_in(405),
        post=owner_only(REDIRECT),
        kwargs=lambda w: _job(w, Job.State.FAILED),
    ),
    Row("jobs:delete", get=signed_in(405), post=owner_only(REDIRECT), kwargs=_job),
]
