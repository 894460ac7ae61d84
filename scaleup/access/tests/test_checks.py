from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.template import Context, Template
from django.test import RequestFactory
from django.views import View

from scaleup.access.checks import (
    PermissionRequiredMixin,
    filter_permitted,
    has_permission,
    permission_required,
    permitted_partner_ids,
)
from scaleup.access.grants import roles_of
from scaleup.access.roles import Role
from scaleup.core.tenancy import Scope
from scaleup.stakeholders.models import Application, StakeholderGroup
from scaleup.testing.world import World

pytestmark = pytest.mark.django_db


def test_anonymous_has_no_permission(world: World) -> None:
    assert not has_permission(AnonymousUser(), "group:view")
    assert roles_of(AnonymousUser()) == [Role.PUBLIC]


def test_facilitator_acts_in_own_region_only(world: World) -> None:
    facilitator = world.lubelskie.facilitator
    assert has_permission(facilitator, "application:decide", world.lubelskie.application)
    assert not has_permission(facilitator, "application:decide", world.attica.application)


def test_member_sees_own_group_but_cannot_manage_it(world: World) -> None:
    member = world.lubelskie.member
    assert has_permission(member, "document:view", world.lubelskie.group)
    assert not has_permission(member, "document:view", world.attica.group)
    assert not has_permission(member, "application:view")


def test_member_role_ends_with_the_membership(world: World) -> None:
    membership = world.lubelskie.membership
    membership.left_on = dt.date(2020, 1, 1)
    membership.save()
    assert not has_permission(world.lubelskie.member, "group:view", world.lubelskie.group)


def test_coordinator_acts_in_every_region_of_the_project(world: World) -> None:
    for region in (world.lubelskie, world.attica):
        assert has_permission(world.coordinator, "application:decide", region.application)


def test_only_staff_above_regions_handle_project_wide_records(world: World) -> None:
    project_wide = Scope()
    assert has_permission(world.coordinator, "news:manage", project_wide)
    assert has_permission(world.site_admin, "news:manage", project_wide)
    assert not has_permission(world.lubelskie.facilitator, "news:manage", project_wide)


def test_site_administrator_alone_uses_django_admin(world: World) -> None:
    assert has_permission(world.site_admin, "admin:use")
    for role_user in (world.coordinator, world.lubelskie.facilitator, world.outsider):
        assert not has_permission(role_user, "admin:use")


def test_inactive_account_loses_every_permission(world: World) -> None:
    facilitator = world.lubelskie.facilitator
    facilitator.is_active = False
    assert not has_permission(facilitator, "application:view", world.lubelskie.application)


def test_unknown_permission_is_a_programming_error(world: World) -> None:
    with pytest.raises(ValueError, match="Unknown permission"):
        has_permission(world.site_admin, "application:teleport")


def test_roles_are_listed_in_order(world: World) -> None:
    assert roles_of(world.lubelskie.facilitator) == [Role.FACILITATOR]
    assert roles_of(world.lubelskie.member) == [Role.MEMBER]


def test_filter_permitted_keeps_own_region(world: World) -> None:
    applications = filter_permitted(
        Application.objects.all(),
        world.lubelskie.facilitator,
        "application:view",
        partner_field="group__partner_id",
    )
    assert list(applications) == [world.lubelskie.application]
    assert permitted_partner_ids(world.site_admin, "application:view") is None


def test_filter_permitted_gives_members_their_groups(world: World) -> None:
    groups = filter_permitted(
        StakeholderGroup.objects.all(),
        world.lubelskie.member,
        "group:view",
        partner_field="partner_id",
        group_field="id",
    )
    assert list(groups) == [world.lubelskie.group]


def _request(user: object) -> HttpRequest:
    request = RequestFactory().get("/pl/workspace/x/")
    request.user = user  # type: ignore[assignment]
    return request


@permission_required("application:view", model=Application)
def _application_view(request: HttpRequest, application: Application) -> HttpResponse:
    return HttpResponse(application.organisation_name)


def test_decorator_sends_anonymous_visitors_to_sign_in(world: World) -> None:
    response = _application_view(_request(AnonymousUser()), pk=world.lubelskie.application.pk)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_decorator_refuses_users_without_the_permission(world: World) -> None:
    with pytest.raises(PermissionDenied):
        _application_view(_request(world.lubelskie.member), pk=world.lubelskie.application.pk)


def test_decorator_hides_other_regions_records(world: World) -> None:
    with pytest.raises(Http404):
        _application_view(_request(world.attica.facilitator), pk=world.lubelskie.application.pk)


def test_decorator_passes_the_loaded_record(world: World) -> None:
    response = _application_view(
        _request(world.lubelskie.facilitator), pk=world.lubelskie.application.pk
    )
    assert response.content.decode() == world.lubelskie.application.organisation_name


class _GroupView(PermissionRequiredMixin, View):
    permission = "group:view"

    def get_permission_target(self) -> StakeholderGroup:
        return StakeholderGroup.objects.get(pk=self.kwargs["pk"])

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return HttpResponse("ok")


def test_mixin_checks_the_record(world: World) -> None:
    view = _GroupView.as_view()
    assert view(_request(world.lubelskie.member), pk=world.lubelskie.group.pk).status_code == 200
    with pytest.raises(Http404):
        view(_request(world.lubelskie.member), pk=world.attica.group.pk)
    with pytest.raises(PermissionDenied):
        view(_request(world.outsider), pk=world.lubelskie.group.pk)


def test_template_tag_asks_the_same_question(world: World) -> None:
    template = Template(
        '{% load access %}{% can "application:decide" target as ok %}{{ ok|yesno:"yes,no" }}'
    )
    for user, expected in ((world.lubelskie.facilitator, "yes"), (world.attica.facilitator, "no")):
        context = Context({"request": _request(user), "target": world.lubelskie.application})
        assert template.render(context) == expected
