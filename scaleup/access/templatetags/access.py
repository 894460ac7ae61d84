from __future__ import annotations

from typing import Any

from django import template

from scaleup.access.checks import has_permission

register = template.Library()


@register.simple_tag(takes_context=True)
def can(context: template.Context, permission: str, target: Any = None) -> bool:
    """`{% can "application:decide" application as may_decide %}`"""
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    return has_permission(user, permission, target)
