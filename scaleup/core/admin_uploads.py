"""Admin pages that upload files: a file the server could not store is a form error.

The admin saves a form's files inside its own transaction, after validation, where an
error can no longer reach the form. So the whole attempt runs in `storage_guard()`: a
failed write rolls the change back, deletes the files already written for it, and the
page is shown again with what was typed and the guard's message above the form.
"""

from __future__ import annotations

import weakref
from typing import Any, TypeVar

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse

from scaleup.core.storage import STORAGE_REFUSAL_CODES, storage_guard

M = TypeVar("M", bound=models.Model)

# The refusal of a request's first attempt, shown by its second.
_refusals: weakref.WeakKeyDictionary[HttpRequest, ValidationError] = weakref.WeakKeyDictionary()


def _queued_messages(request: HttpRequest) -> list[Any]:
    queued = getattr(messages.get_messages(request), "_queued_messages", None)
    return queued if isinstance(queued, list) else []


class StorageRefusalAdminMixin(admin.ModelAdmin[M]):
    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        queued = _queued_messages(request)
        already = len(queued)
        try:
            with storage_guard():
                return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as error:
            if error.code not in STORAGE_REFUSAL_CODES:
                raise
            del queued[already:]  # "seats given to the waiting list" did not happen either
            _refusals[request] = error
            try:
                # Validates again (nothing is saved: the form now carries the refusal).
                return super().changeform_view(request, object_id, form_url, extra_context)
            finally:
                _refusals.pop(request, None)

    def get_form(
        self, request: HttpRequest, obj: M | None = None, change: bool = False, **kwargs: Any
    ) -> type[ModelForm[M]]:
        form = super().get_form(request, obj, change, **kwargs)
        found = _refusals.get(request)
        if found is None:
            return form
        refusal: ValidationError = found

        class Refused(form):  # type: ignore[valid-type,misc]
            def clean(self) -> dict[str, Any]:
                super().clean()
                raise refusal

        return Refused
