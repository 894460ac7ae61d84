"""Admin edits written to the audit log, like every change made through a service.

Records with a service of their own (meetings, news, applications, roles) override
`save_model` to call it, and the service writes the entry; everything else edited in the
admin (reference data, memberships, people, accounts) is recorded here, in the admin's own
transaction, with the changed fields.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.contrib import admin
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest

from scaleup.core.audit import changes, record, snapshot

M = TypeVar("M", bound=models.Model)


def _action(obj: models.Model, verb: str) -> str:
    return f"{obj._meta.app_label}.{obj._meta.model_name}.{verb}"


class AuditedModelAdmin(admin.ModelAdmin[M]):
    #: Fields never copied into the log (secrets, bookkeeping).
    audit_exclude: frozenset[str] = frozenset({"password", "last_login"})

    def _snapshot(self, obj: models.Model) -> dict[str, Any]:
        names = [
            field.name
            for field in obj._meta.concrete_fields
            if not field.primary_key and field.name not in self.audit_exclude
        ]
        return snapshot(obj, names)

    def save_model(self, request: HttpRequest, obj: M, form: Any, change: bool) -> None:
        before: dict[str, Any] = {}
        if change and obj.pk is not None:
            stored = type(obj)._default_manager.filter(pk=obj.pk).first()
            before = self._snapshot(stored) if stored is not None else {}
        super().save_model(request, obj, form, change)
        diff = changes(before, self._snapshot(obj))
        if change and not diff:
            return
        record(
            actor=request.user,
            action=_action(obj, "changed" if change else "created"),
            target=obj,
            changes=diff,
            via="admin",
        )

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        """Many-to-many fields (a membership's contact persons) are saved here, after the row."""
        obj = form.instance
        names = [field.name for field in obj._meta.many_to_many if field.name in form.cleaned_data]

        def related_ids() -> dict[str, Any]:
            return {name: sorted(getattr(obj, name).values_list("pk", flat=True)) for name in names}

        before = related_ids() if change else {name: [] for name in names}
        super().save_related(request, form, formsets, change)
        diff = changes(before, related_ids())
        if diff:
            record(
                actor=request.user,
                action=_action(obj, "changed"),
                target=obj,
                changes=diff,
                via="admin",
            )

    def delete_model(self, request: HttpRequest, obj: M) -> None:
        record(actor=request.user, action=_action(obj, "deleted"), target=obj, via="admin")
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[M]) -> None:
        for obj in queryset:
            record(actor=request.user, action=_action(obj, "deleted"), target=obj, via="admin")
        super().delete_queryset(request, queryset)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        """Inline rows (agenda items, memberships) are recorded one by one."""
        for deleted_form in formset.deleted_forms:
            if deleted_form.instance.pk is not None:
                obj = deleted_form.instance
                record(actor=request.user, action=_action(obj, "deleted"), target=obj, via="admin")
        super().save_formset(request, form, formset, change)
        for obj in formset.new_objects:
            record(
                actor=request.user,
                action=_action(obj, "created"),
                target=obj,
                changes=changes({}, self._snapshot(obj)),
                via="admin",
            )
        initial_by_pk = {
            inline_form.instance.pk: inline_form.initial for inline_form in formset.initial_forms
        }
        for obj, changed_fields in formset.changed_objects:
            initial = initial_by_pk.get(obj.pk, {})
            current = self._snapshot(obj)
            diff = {
                name: [initial.get(name), current.get(name)]
                for name in changed_fields
                if name in current
            }
            record(
                actor=request.user,
                action=_action(obj, "changed"),
                target=obj,
                changes=diff,
                via="admin",
            )


class ReadOnlyModelAdmin(admin.ModelAdmin[Any]):
    """Rows the platform writes itself (votes, snapshots, states): shown, never added or
    edited by hand."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
