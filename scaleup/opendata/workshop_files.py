"""The Pol.is files of a published workshop, written once and kept on disk until the
workshop changes (a statement moderated, a new opinion map), not rebuilt per download:
a large workshop takes seconds to export (bench/exports.py).

Each version is a folder `<workshop id>-<fingerprint>` under `OPENDATA_CACHE_DIR`, built
under a temporary name and renamed into place, so a download never reads a half-written
file; a lock file per workshop lets one process of the host export it at a time. A cache:
deleting it costs one export per workshop.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.db.models import Count, Max

from scaleup.dialogue.models import (
    Conversation,
    OpinionSnapshot,
    Participant,
    Statement,
    VoteEvent,
)
from scaleup.dialogue.polis import export_polis


def fingerprint(conversation: Conversation) -> str:
    """Changes whenever anything the public files show changes: the workshop, any of its
    statements (text, moderation, merge), its votes, its participants or its opinion map.
    A closed workshop takes no votes, so the newest vote's id is enough for those."""
    digest = hashlib.sha256()
    for conversation_field in (conversation.pk, conversation.created_at, conversation.updated_at):
        digest.update(f"{conversation_field}|".encode())
    statements = Statement.objects.filter(conversation=conversation).order_by("id")
    for row in statements.values_list(
        "id", "state", "is_meta", "is_seed", "merged_into_id", "author_id", "text"
    ).iterator(chunk_size=2000):
        digest.update(json.dumps(row, default=str).encode())
    counts = [
        VoteEvent.objects.filter(statement__conversation=conversation).aggregate(Max("id")),
        Participant.objects.filter(conversation=conversation).aggregate(Max("id"), Count("id")),
        OpinionSnapshot.objects.filter(conversation=conversation).aggregate(Max("id")),
    ]
    digest.update(json.dumps(counts, default=str).encode())
    return digest.hexdigest()[:20]


def folder_of(conversation: Conversation) -> Path:
    """The folder holding the workshop's current public files, built if need be."""
    cache = Path(settings.OPENDATA_CACHE_DIR)
    folder = cache / f"{conversation.pk}-{fingerprint(conversation)}"
    if folder.is_dir():
        return folder
    cache.mkdir(parents=True, exist_ok=True)
    with (cache / f".{conversation.pk}.lock").open("a") as lock:
        # One export of a workshop at a time on this host: the first downloads of a large
        # workshop wait for that export, then read its folder, instead of each exporting.
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not folder.is_dir():
            _build(conversation, folder)
    return folder


def _build(conversation: Conversation, folder: Path) -> None:
    cache = folder.parent
    for left in cache.glob(f".building-{conversation.pk}-*"):
        # Under the lock, so of a process killed while it exported.
        shutil.rmtree(left, ignore_errors=True)
    building = Path(tempfile.mkdtemp(prefix=f".building-{conversation.pk}-", dir=cache))
    try:
        export_polis(conversation, building, public=True)
        building.rename(folder)
    finally:
        shutil.rmtree(building, ignore_errors=True)
    for stale in cache.glob(f"{conversation.pk}-*"):
        if stale != folder:
            # An open download of the old version keeps reading its file (POSIX).
            shutil.rmtree(stale, ignore_errors=True)
