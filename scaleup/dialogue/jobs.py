"""Jobs of the live workshops: a workshop's statements and votes in Pol.is's open-data
layout, as one zip file (registered with `jobs` in `DialogueConfig.ready()`).

A large workshop's votes take a while to write, so the export runs in the background with
its progress shown, instead of holding a request.
"""

from __future__ import annotations

import tempfile
import zipfile
from pathlib import Path
from typing import IO, Any

from django.utils.translation import gettext as _

from scaleup.access.checks import has_permission
from scaleup.dialogue.models import Conversation
from scaleup.dialogue.polis import POLIS_FILES, export_polis
from scaleup.jobs.registry import JobError, JobKind, Output, Params, Progress, register

POLIS_EXPORT = "dialogue.polis_export"


def _conversation(params: Params) -> Conversation | None:
    key = params.get("conversation")
    if not isinstance(key, int):
        return None
    return Conversation.objects.filter(pk=key).first()


def _title(params: Params) -> str:
    conversation = _conversation(params)
    question = conversation.question if conversation is not None else "?"
    return _("Votes of the workshop “%(question)s” (Pol.is layout)") % {"question": question}


def _permitted(user: Any, params: Params) -> bool:
    conversation = _conversation(params)
    return conversation is not None and has_permission(user, "conversation:manage", conversation)


def _run(params: Params, progress: Progress, out: IO[bytes]) -> Output:
    conversation = _conversation(params)
    if conversation is None:
        raise JobError(_("The workshop no longer exists."))
    with tempfile.TemporaryDirectory() as folder:
        export_polis(conversation, Path(folder), progress=progress)
        with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name in POLIS_FILES:
                archive.write(Path(folder) / name, arcname=name)
    return Output(filename=f"{conversation.slug}-polis.zip", content_type="application/zip")


def register_kinds() -> None:
    register(JobKind(name=POLIS_EXPORT, title=_title, run=_run, permitted=_permitted))
