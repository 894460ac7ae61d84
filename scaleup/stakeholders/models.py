from __future__ import annotations

import os
import uuid
from typing import Any

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from scaleup.core.i18n import Translated
from scaleup.core.models import TimeStampedModel
from scaleup.core.storage import AtomicFileSystemStorage
from scaleup.core.tenancy import Scope
from scaleup.projects.models import Partner, PolicyInstrument


class OrganisationKind(models.TextChoices):
    CLUSTER = "cluster", _("cluster organisation")
    LOCAL_GOVERNMENT = "local_government", _("local government unit")
    REGIONAL_AUTHORITY = "regional_authority", _("regional authority")
    UNIVERSITY = "university", _("university or research institute")
    BUSINESS_SUPPORT = "business_support", _("business-support institution")
    SME = "sme", _("SME")
    LARGE_ENTERPRISE = "large_enterprise", _("large enterprise")
    NGO = "ngo", _("NGO")
    # Kinds that imported data needs: CORDIS says "private company" without always saying
    # whether it is an SME, and "public body" or "other" for many organisations.
    ENTERPRISE = "enterprise", _("enterprise (size not known)")
    PUBLIC_BODY = "public_body", _("other public body")
    OTHER = "other", _("other organisation")


class Organisation(TimeStampedModel):
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=OrganisationKind.choices)
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = models.CharField(_("country"), max_length=2, default="PL")
    nuts_code = models.CharField(
        _("NUTS region"),
        max_length=5,
        blank=True,
        help_text=_("The EU statistical region, e.g. PL81 for Lubelskie or PL814 for Lublin."),
    )
    sector = models.CharField(_("sector"), max_length=100, blank=True)
    pic = models.CharField(
        _("PIC"),
        max_length=12,
        blank=True,
        help_text=_("Participant Identification Code in EU programmes (CORDIS)."),
    )
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    description = models.TextField(_("description"), blank=True)
    in_open_data = models.BooleanField(
        _("listed in the open data"),
        default=False,
        db_default=False,
        help_text=_(
            "The organisation agreed that its name, kind, city, country, NUTS region, website "
            "and the groups it belongs to appear in the portal's open data (CC BY 4.0)."
        ),
    )
    is_demo = models.BooleanField(
        _("demo record"), default=False, help_text=_("Invented for the demonstration data.")
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="organisation_unique_name_ci"),
            models.CheckConstraint(
                condition=Q(kind__in=OrganisationKind.values), name="organisation_kind_valid"
            ),
            models.UniqueConstraint(
                fields=["pic"], condition=~Q(pic=""), name="organisation_unique_pic"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Person(TimeStampedModel):
    """A contact person; organisations are the members, people speak for them."""

    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    position = models.CharField(_("job title"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["last_name", "first_name"]
        constraints = [models.UniqueConstraint(Lower("email"), name="person_unique_email_ci")]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"


class StakeholderGroup(TimeStampedModel):
    """A Regional Stakeholder Group: one per partner and policy instrument addressed."""

    slug = models.SlugField(_("slug"), unique=True)
    name_pl = models.CharField(_("name (Polish)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    name = Translated("name")
    description_pl = models.TextField(_("description (Polish)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description = Translated("description")
    partner = models.ForeignKey(
        Partner, verbose_name=_("partner"), on_delete=models.PROTECT, related_name="groups"
    )
    policy_instrument = models.ForeignKey(
        PolicyInstrument,
        verbose_name=_("policy instrument"),
        on_delete=models.PROTECT,
        related_name="groups",
    )
    accepts_applications = models.BooleanField(_("accepts applications"), default=True)
    members: models.ManyToManyField[Organisation, Membership] = models.ManyToManyField(
        Organisation, through="Membership", related_name="stakeholder_groups", blank=True
    )

    class Meta:
        verbose_name = _("stakeholder group")
        verbose_name_plural = _("stakeholder groups")
        ordering = ["name_pl"]
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "policy_instrument"], name="group_one_per_partner_instrument"
            )
        ]

    def __str__(self) -> str:
        return self.name_pl

    @property
    def access_scope(self) -> Scope:
        return Scope(partner_id=self.partner_id, group_id=self.pk)


class Membership(TimeStampedModel):
    group = models.ForeignKey(
        StakeholderGroup,
        verbose_name=_("group"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)
    # Who speaks for the organisation in this group. Membership of a group is granted to
    # these people only, never to every contact of the organisation: an organisation may
    # belong to groups of several regions, and each region admits its own contacts.
    contacts: models.ManyToManyField[Person, Any] = models.ManyToManyField(
        Person,
        verbose_name=_("contact persons in this group"),
        blank=True,
        related_name="group_memberships",
    )

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["group", "organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["group", "organisation"], name="membership_unique"),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=F("joined_on")),
                name="membership_dates_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} in {self.group}"

    @property
    def access_scope(self) -> Scope:
        return self.group.access_scope


class Application(TimeStampedModel):
    """A request to join a group, sent from the public form; a facilitator decides."""

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("rejected")

    group = models.ForeignKey(
        StakeholderGroup,
        verbose_name=_("group"),
        on_delete=models.CASCADE,
        related_name="applications",
    )
    organisation_name = models.CharField(_("organisation name"), max_length=200)
    organisation_kind = models.CharField(
        _("kind of organisation"), max_length=30, choices=OrganisationKind.choices
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    website = models.URLField(_("website"), blank=True)
    contact_first_name = models.CharField(_("first name"), max_length=100)
    contact_last_name = models.CharField(_("last name"), max_length=100)
    contact_email = models.EmailField(_("e-mail"))
    contact_position = models.CharField(_("job title"), max_length=200, blank=True)
    motivation = models.TextField(_("why you want to join"), blank=True)
    consent_given_at = models.DateTimeField(_("privacy notice accepted at"))
    language = models.CharField(
        _("language"), max_length=8, default="pl", help_text=_("Mails to the applicant use it.")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decision_note = models.TextField(_("decision note"), blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation created or matched"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="applications",
    )

    class Meta:
        verbose_name = _("application to join")
        verbose_name_plural = _("applications to join")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                "group",
                Lower("organisation_name"),
                condition=Q(status="pending"),
                name="application_one_pending_per_organisation",
            ),
            models.CheckConstraint(
                condition=(Q(status="pending") & Q(decided_at__isnull=True))
                | (~Q(status="pending") & Q(decided_at__isnull=False)),
                name="application_decided_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="approved") | Q(organisation__isnull=False),
                name="application_approved_has_organisation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_name} → {self.group}"

    @property
    def access_scope(self) -> Scope:
        return self.group.access_scope


class Invitation(TimeStampedModel):
    """A facilitator's invitation to a person to join a group for their organisation.

    The mail carries a link with `token`; `code` is the short form a person can type in.
    Accepting creates the account, links the person and makes the organisation a member.
    """

    group = models.ForeignKey(
        StakeholderGroup,
        verbose_name=_("group"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    email = models.EmailField(_("e-mail"))
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    language = models.CharField(
        _("language"), max_length=8, default="pl", help_text=_("Mails to the invitee use it.")
    )
    token = models.CharField(max_length=64, unique=True, editable=False)
    code = models.CharField(_("code"), max_length=12, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    expires_at = models.DateTimeField(_("valid until"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accepted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                "group",
                Lower("email"),
                condition=Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="invitation_one_open_per_group_email",
            ),
            models.CheckConstraint(
                condition=Q(accepted_at__isnull=True) | Q(revoked_at__isnull=True),
                name="invitation_not_accepted_and_revoked",
            ),
            models.CheckConstraint(
                condition=Q(accepted_at__isnull=True) | Q(accepted_by__isnull=False),
                name="invitation_accepted_has_user",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.group}"

    @property
    def access_scope(self) -> Scope:
        return self.group.access_scope


class PrivateStorage(AtomicFileSystemStorage):
    """Storage outside MEDIA_ROOT: these files are served only through a permission check.

    The folder is read from settings.PRIVATE_ROOT on every use, not fixed at import time.
    Files appear under their name only once complete (`core.storage`).
    """

    @property
    def base_location(self) -> str:
        return str(settings.PRIVATE_ROOT)

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)


def private_storage() -> FileSystemStorage:
    return PrivateStorage()


def document_path(instance: GroupDocument, filename: str) -> str:
    return f"groups/{instance.group_id}/{uuid.uuid4().hex}/{filename}"


class GroupDocument(TimeStampedModel):
    """A file for a group's members (minutes drafts, working papers), never public."""

    group = models.ForeignKey(
        StakeholderGroup,
        verbose_name=_("group"),
        on_delete=models.CASCADE,
        related_name="documents",
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    file = models.FileField(_("file"), upload_to=document_path, storage=private_storage)
    content_type = models.CharField(max_length=100, editable=False)
    size = models.PositiveIntegerField(_("size in bytes"), editable=False, default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("group document")
        verbose_name_plural = _("group documents")
        ordering = ["group", "-created_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def access_scope(self) -> Scope:
        return self.group.access_scope
