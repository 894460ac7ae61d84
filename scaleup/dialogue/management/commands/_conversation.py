"""Finding the conversation a command names: by slug, or by id."""

from __future__ import annotations

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from scaleup.dialogue.models import Conversation


def conversation_named(name: str) -> Conversation:
    conversation = Conversation.objects.filter(slug=name).first()
    if conversation is None and name.isdigit():
        conversation = Conversation.objects.filter(pk=int(name)).first()
    if conversation is None:
        raise CommandError(_("No conversation has the slug or id “%(name)s”.") % {"name": name})
    return conversation
