"""The Pol.is files of a published workshop, written once and kept on disk until the
workshop changes (a statement moderated, a new opinion map), not rebuilt per download:
a large workshop takes seconds to export (bench/exports.py).

Each version is a folder `<workshop id>-<fingerprint>` under `OPENDATA_CACHE_DIR`, built
under a temporary name and renamed into place, so a download never reads a half-written
file, and two processes building the same version at once both serve a whole one. A
cache: deleting it costs one export per workshop.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.db.models import Count, Max, Q

from scaleup.dialogue.models import (
    Conversation,
    OpinionSnapshot,
    Participant,
    Statement,
    VoteEvent,
)
from scaleup.dialogue.polis import export_polis


def fingerprint(conversation: Conversation) -> str:
    """Changes whenever anything the public files show changes."""
    statements = Statement.objects.filter(conversation=conversation).aggregate(
        count=Count("id"),
        last=Max("id"),
        accepted=Count("id", filter=Q(state=Statement.State.ACCEPTED)),
        rejected=Count("id", filter=Q(state=Statement.State.REJECTED)),
        meta=Count("id", filter=Q(is_meta=True)),
    )
    parts = [
        conversation.pk,
        conversation.created_at,
        conversation.updated_at,
        sorted(statements.items()),
        VoteEvent.objects.filter(statement__conversation=conversation).aggregate(Max("id")),
        Participant.objects.filter(conversation=conversation).aggregate(Max("id"), Count("id")),
        OpinionSnapshot.objects.filter(conversation=conversation).aggregate(Max("id")),
    ]
    return hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()[:20]


def folder_of(conversation: Conversation) -> Path:
    """The folder holding the workshop's current public files, built if need be."""
    cache = Path(settings.OPENDATA_CACHE_DIR)
    folder = cache / f"{conversation.pk}-{fingerprint(conversation)}"
    if folder.is_dir():
        return folder
    cache.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=f".building-{conversation.pk}-", dir=cache))
    try:
        export_polis(conversation, building, public=True)
        building.rename(folder)
    except OSError:
        if not folder.is_dir():  # not another process that got there first
            raise
    finally:
        shutil.rmtree(building, ignore_errors=True)
    for stale in cache.glob(f"{conversation.pk}-*"):
        if stale != folder:
            # An open download of the old version keeps reading its file (POSIX).
            shutil.rmtree(stale, ignore_errors=True)
    return folder
