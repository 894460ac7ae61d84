from __future__ import annotations

from scaleup.core.models import SiteConfiguration


def site_configuration() -> SiteConfiguration:
    """The portal's configuration; an unconfigured portal gets neutral defaults, unsaved."""
    configuration = SiteConfiguration.objects.filter(pk=1).first()
    return configuration or SiteConfiguration(pk=1, portal_name_pl="scaleup", operator_name="")
