"""The one place where permissions are checked.

`has_permission(user, "resource:action", target)` answers for a record (anything with an
`access_scope`) or, with no target, for "anywhere" (to show an entry page whose lists are
then narrowed with `permitted_partner_ids`). Views use `permission_required` or
`PermissionRequiredMixin`; templates use `{% can %}`.

Outcomes: an anonymous visitor is sent to sign in (302); a signed-in user without the
permission anywhere gets 403; a user who has the permission elsewhere but not for this
record gets 404, so records of another region are not even confirmed to exist.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from asgiref.sync import iscoroutinefunction, sync_to_async
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from scaleup.access.grants import grants_for
from scaleup.access.roles import ALL_PERMISSIONS
from scaleup.core.tenancy import Scope, scope_of

M = TypeVar("M", bound=models.Model)
View = Callable[..., Any]


def _known(permission: str) -> str:
    if permission not in ALL_PERMISSIONS:
        raise ValueError(f"Unknown permission {permission!r}; add it to access/roles.py")
    return permission


def has_permission(user: Any, permission: str, target: Any = None) -> bool:
    _known(permission)
    grants = [grant for grant in grants_for(user) if grant.allows(permission)]
    if target is None:
        return bool(grants)
    scope = scope_of(target)
    if scope is None:
        raise TypeError(f"{target!r} has no access_scope")
    return any(grant.covers(scope) for grant in grants)


def permitted_partner_ids(user: Any, permission: str) -> frozenset[int] | None:
    """Partners in which the user holds the permission; None means all of them."""
    _known(permission)
    partner_ids: set[int] = set()
    for grant in grants_for(user):
        if not grant.allows(permission):
            continue
        if grant.partner_ids is None:
            return None
        if grant.group_ids is None:
            partner_ids |= grant.partner_ids
    return frozenset(partner_ids)


def permitted_group_ids(user: Any, permission: str) -> frozenset[int] | None:
    """Groups in which a group-level grant (membership) gives the permission; None: any."""
    _known(permission)
    group_ids: set[int] = set()
    for grant in grants_for(user):
        if grant.allows(permission) and grant.group_ids is not None:
            group_ids |= grant.group_ids
    return frozenset(group_ids)


def filter_permitted(
    queryset: QuerySet[M],
    user: Any,
    permission: str,
    *,
    partner_field: str,
    group_field: str | None = None,
    project_wide_field: str | None = None,
) -> QuerySet[M]:
    """Narrow a queryset to the records the user may act on with the permission.

    `partner_field` is the lookup to the record's partner id (`"group__partner_id"`);
    `group_field` the lookup to its group id, for grants held as a group member;
    `project_wide_field` a lookup that is null for project-wide records.
    """
    partner_ids = permitted_partner_ids(user, permission)
    if partner_ids is None:
        return queryset
    condition = Q(**{f"{partner_field}__in": partner_ids})
    if group_field is not None:
        group_ids = permitted_group_ids(user, permission)
        if group_ids:
            condition |= Q(**{f"{group_field}__in": group_ids})
    if project_wide_field is not None and has_permission(user, permission, Scope()):
        condition |= Q(**{f"{project_wide_field}__isnull": True})
    return queryset.filter(condition)


def check_permission(request: HttpRequest, permission: str, target: Any = None) -> None:
    """Raise the right refusal (PermissionDenied or Http404) unless the user may act."""
    user = request.user
    if not has_permission(user, permission):
        raise PermissionDenied
    if target is not None and not has_permission(user, permission, target):
        raise Http404


def ensure_actor_may(actor: Any, permission: str, target: Any) -> None:
    """For services: the views check first, this keeps the rule for any other caller.
    `actor` None is the system itself (the CLI, the demo loader) and may act."""
    if actor is not None and not has_permission(actor, permission, target):
        raise PermissionDenied


def permission_required(
    permission: str,
    *,
    model: type[models.Model] | None = None,
    lookup: str = "pk",
    url_kwarg: str | None = None,
    argument: str | None = None,
) -> Callable[[View], View]:
    """Check a permission before the view runs; with `model`, load the record first.

    The loaded record is passed to the view as a keyword argument named after the model
    (`application=...`) or `argument`, replacing the URL keyword it was looked up by.
    """
    _known(permission)

    def check(request: HttpRequest, kwargs: dict[str, Any]) -> HttpResponse | None:
        """Refuse (a redirect to sign in, or raise), or load the record into `kwargs`."""
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not has_permission(request.user, permission):
            raise PermissionDenied
        if model is not None:
            value = kwargs.pop(url_kwarg or lookup)
            target = get_object_or_404(model, **{lookup: value})
            if not has_permission(request.user, permission, target):
                raise Http404
            kwargs[argument or model._meta.model_name or "target"] = target
        return None

    def decorator(view: View) -> View:
        if iscoroutinefunction(view):
            # An async view (an event stream): the same checks, run in a thread.
            @wraps(view)
            async def async_wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
                refusal = await sync_to_async(check)(request, kwargs)
                if refusal is not None:
                    return refusal
                return await view(request, *args, **kwargs)

            async_wrapped.permission = permission  # type: ignore[attr-defined]
            return async_wrapped

        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            refusal = check(request, kwargs)
            if refusal is not None:
                return refusal
            return view(request, *args, **kwargs)

        wrapped.permission = permission  # type: ignore[attr-defined]
        return wrapped

    return decorator


class PermissionRequiredMixin:
    """The class-based twin of `permission_required`.

    Set `permission`; override `get_permission_target()` to check a record (it is called
    after `dispatch` has checked that the user holds the permission somewhere).
    """

    permission: str = ""
    request: HttpRequest

    def get_permission_target(self) -> Any:
        return None

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        _known(self.permission)
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not has_permission(request.user, self.permission):
            raise PermissionDenied
        target = self.get_permission_target()
        if target is not None and not has_permission(request.user, self.permission, target):
            raise Http404
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]
