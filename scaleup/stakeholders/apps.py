from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StakeholdersConfig(AppConfig):
    name = "scaleup.stakeholders"
    label = "stakeholders"
    verbose_name = _("Stakeholders")

    def ready(self) -> None:
        from scaleup.access.grants import register_grant_source
        from scaleup.stakeholders.selectors import member_grants

        register_grant_source(member_grants)

        from scaleup.accounts.registry import AccountSection, register_group_names, register_section
        from scaleup.stakeholders.invitations import account_groups, group_names

        register_group_names(group_names)
        register_section(
            AccountSection("groups", "stakeholders/account_groups.html", account_groups, order=10)
        )

        from scaleup.stakeholders.personal_data import register_providers

        register_providers()
