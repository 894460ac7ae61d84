"""The facilitator workspace and the members' group space.

Every view is guarded by `scaleup.access.checks.permission_required`: anonymous visitors
are sent to sign in, people without the permission anywhere get 403, and a record of a
region (or group) the user does not serve is a 404. Lists come from `selectors`, which
narrow them with `filter_permitted`. State changes go through the owning app's services
and answer with a redirect (POST-redirect-GET) and a message.
"""

from __future__ import annotations

import posixpath
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from scaleup.access.checks import has_permission, permission_required
from scaleup.core import documents as papers
from scaleup.core.forms import add_service_errors
from scaleup.core.tenancy import PROJECT_WIDE
from scaleup.dialogue import jobs as dialogue_jobs
from scaleup.dialogue import selectors as dialogue_selectors
from scaleup.dialogue import services as dialogue_services
from scaleup.dialogue.models import Conversation
from scaleup.jobs import selectors as job_selectors
from scaleup.jobs import services as job_services
from scaleup.meetings import services as meeting_services
from scaleup.meetings.models import Meeting, Registration
from scaleup.news import services as news_services
from scaleup.news.models import Post
from scaleup.stakeholders import invitations as invitation_services
from scaleup.stakeholders import services as stakeholder_services
from scaleup.stakeholders.models import (
    Application,
    GroupDocument,
    Invitation,
    Membership,
    StakeholderGroup,
)
from scaleup.workspace import exports, forms, meeting_documents, selectors

PER_PAGE = 50
GET_OR_POST = require_http_methods(["GET", "HEAD", "POST"])


def _paginate(request: HttpRequest, items: QuerySet[Any]) -> tuple[Page[Any], str]:
    """A page of the list, and the query string of the filters to keep in page links."""
    page = Paginator(items, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()


def _errors(error: ValidationError) -> str:
    return " ".join(error.messages)


def _export_response(content: bytes, filename: str, file_format: str) -> HttpResponse:
    response = HttpResponse(content, content_type=exports.CONTENT_TYPES[file_format])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


# --- dashboard -----------------------------------------------------------------------------


@permission_required("workspace:view")
@require_safe
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "workspace/dashboard.html",
        {"summaries": selectors.dashboard(request.user), "section": "dashboard"},
    )


# --- applications --------------------------------------------------------------------------


@permission_required("application:view")
@require_safe
def applications(request: HttpRequest) -> HttpResponse:
    form = forms.ApplicationFilterForm(
        request.GET or None, groups=selectors.permitted_groups(request.user, "application:view")
    )
    filters = form.cleaned_data if form.is_valid() else {}
    page, query = _paginate(
        request,
        selectors.applications(
            request.user, status=filters.get("status", ""), group=filters.get("group")
        ),
    )
    return render(
        request,
        "workspace/applications.html",
        {"form": form, "page": page, "query": query, "section": "applications"},
    )


@permission_required("application:view")
@require_safe
def applications_export(request: HttpRequest) -> HttpResponse:
    """The applications as the list shows them (same filters), as XLSX; logged."""
    form = forms.ApplicationFilterForm(
        request.GET or None, groups=selectors.permitted_groups(request.user, "application:view")
    )
    filters = form.cleaned_data if form.is_valid() else {}
    listed = selectors.applications(
        request.user, status=filters.get("status", ""), group=filters.get("group")
    )
    return cast(HttpResponse, exports.applications_export(applications=listed, actor=request.user))


@permission_required("application:view", model=Application)
@require_safe
def application(request: HttpRequest, application: Application) -> HttpResponse:
    return render(
        request,
        "workspace/application.html",
        {
            "application": application,
            "history": selectors.history(application),
            "approve_form": forms.DecisionForm(prefix="approve"),
            "reject_form": forms.DecisionForm(prefix="reject"),
            "section": "applications",
        },
    )


def _decide(request: HttpRequest, application: Application, approve: bool) -> HttpResponse:
    form = forms.DecisionForm(request.POST, prefix="approve" if approve else "reject")
    if not form.is_valid():
        messages.error(request, " ".join(str(error) for error in form.errors["note"]))
        return redirect("workspace:application", pk=application.pk)
    decide = (
        stakeholder_services.approve_application
        if approve
        else stakeholder_services.reject_application
    )
    try:
        decide(application=application, actor=request.user, note=form.cleaned_data["note"])
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        text = (
            _("The application of %(name)s is approved; the organisation is now a member.")
            if approve
            else _("The application of %(name)s is rejected.")
        )
        messages.success(request, text % {"name": application.organisation_name})
    return redirect("workspace:application", pk=application.pk)


@permission_required("application:decide", model=Application)
@require_POST
def application_approve(request: HttpRequest, application: Application) -> HttpResponse:
    return _decide(request, application, approve=True)


@permission_required("application:decide", model=Application)
@require_POST
def application_reject(request: HttpRequest, application: Application) -> HttpResponse:
    return _decide(request, application, approve=False)


# --- members -------------------------------------------------------------------------------


@permission_required("member:view", model=StakeholderGroup, lookup="slug", argument="group")
@require_safe
def members(request: HttpRequest, group: StakeholderGroup) -> HttpResponse:
    return render(
        request,
        "workspace/members.html",
        {
            "group": group,
            "memberships": selectors.memberships_of(group),
            "invitations": selectors.open_invitations_of(group),
            "today": timezone.localdate(),
            "now": timezone.now(),
            "section": "groups",
        },
    )


@permission_required("member:remove", model=Membership)
@require_POST
def membership_end(request: HttpRequest, membership: Membership) -> HttpResponse:
    form = forms.MembershipEndForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the date on which the organisation left the group."))
        return redirect("workspace:members", slug=membership.group.slug)
    try:
        stakeholder_services.end_membership(
            membership=membership, left_on=form.cleaned_data["left_on"], actor=request.user
        )
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(
            request,
            _("%(organisation)s is no longer a member of the group.")
            % {"organisation": membership.organisation},
        )
    return redirect("workspace:members", slug=membership.group.slug)


@permission_required("member:invite", model=StakeholderGroup, lookup="slug", argument="group")
@GET_OR_POST
def invite(request: HttpRequest, group: StakeholderGroup) -> HttpResponse:
    form = forms.InviteForm(request.POST or None, group=group)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            invitation = invitation_services.invite_person(
                group=group,
                email=data["email"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                organisation=data["organisation"],
                organisation_name=data["organisation_name"].strip(),
                organisation_kind=data["organisation_kind"] or "",
                language=data["language"],
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("An invitation has been sent to %(email)s.") % {"email": invitation.email},
            )
            return redirect("workspace:members", slug=group.slug)
    return render(
        request, "workspace/invite.html", {"group": group, "form": form, "section": "groups"}
    )


@permission_required("member:invite", model=Invitation)
@require_POST
def invitation_revoke(request: HttpRequest, invitation: Invitation) -> HttpResponse:
    try:
        invitation_services.revoke_invitation(invitation=invitation, actor=request.user)
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(
            request,
            _("The invitation of %(email)s is withdrawn.") % {"email": invitation.email},
        )
    return redirect("workspace:members", slug=invitation.group.slug)


@permission_required("member:view", model=StakeholderGroup, lookup="slug", argument="group")
@require_safe
def members_export(
    request: HttpRequest, group: StakeholderGroup, file_format: str = "csv"
) -> HttpResponse:
    content = exports.members_export(group=group, actor=request.user, file_format=file_format)
    return _export_response(
        content, exports.filename(f"members-{group.slug}", file_format), file_format
    )


@permission_required("member:invite", model=StakeholderGroup, lookup="slug", argument="group")
@require_safe
def invitations_export(request: HttpRequest, group: StakeholderGroup) -> HttpResponse:
    return cast(HttpResponse, exports.invitations_export(group=group, actor=request.user))


# --- meetings -------------------------------------------------------------------------------


@permission_required("meeting:view_draft")
@require_safe
def meetings(request: HttpRequest) -> HttpResponse:
    page, query = _paginate(request, selectors.meetings(request.user))
    return render(
        request,
        "workspace/meetings.html",
        {"page": page, "query": query, "now": timezone.now(), "section": "meetings"},
    )


@permission_required("meeting:view_draft")
@require_safe
def meetings_export(request: HttpRequest) -> HttpResponse:
    return cast(HttpResponse, exports.meetings_export(meetings=selectors.meetings(request.user)))


def _meeting_form(request: HttpRequest, meeting: Meeting) -> HttpResponse:
    groups = selectors.permitted_groups(request.user, "meeting:manage")
    initial: dict[str, Any] = {}
    if meeting.pk is None and request.GET.get("group"):
        initial["group"] = groups.filter(slug=request.GET["group"]).first()
    form = forms.MeetingForm(request.POST or None, instance=meeting, groups=groups, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        promoted = meeting_services.save_meeting(meeting=saved, actor=request.user)
        messages.success(request, _("The meeting is saved."))
        if promoted:
            messages.info(
                request,
                _("Seats were given to people waiting: %(names)s.")
                % {"names": ", ".join(registration.full_name for registration in promoted)},
            )
        return redirect("workspace:meeting", pk=saved.pk)
    return render(
        request,
        "workspace/meeting_form.html",
        {"form": form, "meeting": meeting if meeting.pk else None, "section": "meetings"},
    )


@permission_required("meeting:manage")
@GET_OR_POST
def meeting_create(request: HttpRequest) -> HttpResponse:
    return _meeting_form(request, Meeting())


@permission_required("meeting:manage", model=Meeting)
@GET_OR_POST
def meeting_edit(request: HttpRequest, meeting: Meeting) -> HttpResponse:
    return _meeting_form(request, meeting)


@permission_required("registration:view", model=Meeting)
@require_safe
def meeting(request: HttpRequest, meeting: Meeting) -> HttpResponse:
    registrations = list(selectors.registrations_of(meeting))
    counts = {status: 0 for status in Registration.Status.values}
    for registration in registrations:
        counts[registration.status] += 1
    may_manage_workshops = has_permission(request.user, "conversation:manage", meeting)
    return render(
        request,
        "workspace/meeting.html",
        {
            "meeting": meeting,
            "may_manage_workshops": may_manage_workshops,
            "conversations": selectors.conversations_of(meeting) if may_manage_workshops else [],
            "registrations": registrations,
            "confirmed": counts[Registration.Status.CONFIRMED],
            "waitlisted": counts[Registration.Status.WAITLISTED],
            "cancelled": counts[Registration.Status.CANCELLED],
            "section": "meetings",
        },
    )


@permission_required("registration:manage", model=Meeting)
@require_POST
def attendance(request: HttpRequest, meeting: Meeting) -> HttpResponse:
    form = forms.AttendanceForm(request.POST, meeting=meeting)
    if not form.is_valid():
        messages.error(request, _("Tick the people whose attendance you want to record."))
        return redirect("workspace:meeting", pk=meeting.pk)
    try:
        count = meeting_services.mark_attendance(
            registrations=form.cleaned_data["registrations"],
            attended=form.cleaned_data["attended"],
            actor=request.user,
        )
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(
            request,
            ngettext(
                "Attendance recorded for %(count)s person.",
                "Attendance recorded for %(count)s people.",
                count,
            )
            % {"count": count},
        )
    return redirect("workspace:meeting", pk=meeting.pk)


@permission_required("registration:manage", model=Registration)
@require_POST
def registration_cancel(request: HttpRequest, registration: Registration) -> HttpResponse:
    try:
        promoted = meeting_services.cancel_registration(
            registration=registration, actor=request.user
        )
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(
            request,
            _("The registration of %(name)s is cancelled.") % {"name": registration.full_name},
        )
        if promoted is not None:
            messages.info(
                request,
                _("%(name)s moved from the waiting list to a seat.") % {"name": promoted.full_name},
            )
    return redirect("workspace:meeting", pk=registration.meeting_id)


@permission_required("registration:view", model=Meeting)
@require_safe
def registrations_export(
    request: HttpRequest, meeting: Meeting, file_format: str = "csv"
) -> HttpResponse:
    content = exports.registrations_export(
        meeting=meeting, actor=request.user, file_format=file_format
    )
    return _export_response(
        content, exports.filename(f"registrations-{meeting.slug}", file_format), file_format
    )


@permission_required("registration:view", model=Meeting)
@require_safe
def meeting_document(
    request: HttpRequest, meeting: Meeting, paper: str, file_format: str
) -> HttpResponse:
    """The attendance list to sign, or the minutes, as PDF or DOCX in `?lang=` (pl, en)."""
    language = request.GET.get("lang", "pl")
    if (
        paper not in meeting_documents.DOCUMENTS
        or file_format not in papers.FORMATS
        or language not in ("pl", "en")
    ):
        raise Http404
    outline = meeting_documents.meeting_document(
        meeting=meeting, name=paper, language=language, actor=request.user
    )
    content = papers.render(outline, file_format=file_format, language=language)
    response = HttpResponse(content, content_type=papers.CONTENT_TYPES[file_format])
    response["Content-Disposition"] = (
        f'attachment; filename="{paper}-{meeting.slug}-{language}.{file_format}"'
    )
    response["Cache-Control"] = "private, no-store"
    return response


# --- workshops (live conversations) ----------------------------------------------------------


@permission_required("conversation:manage")
@require_safe
def workshops(request: HttpRequest) -> HttpResponse:
    page, query = _paginate(request, selectors.workshops(request.user))
    return render(
        request,
        "workspace/workshops.html",
        {"page": page, "query": query, "section": "workshops"},
    )


@permission_required("conversation:manage")
@require_safe
def workshops_export(request: HttpRequest) -> HttpResponse:
    return cast(HttpResponse, exports.workshops_export(workshops=selectors.workshops(request.user)))


@permission_required("conversation:manage")
@GET_OR_POST
def workshop_create(request: HttpRequest) -> HttpResponse:
    """A new conversation; `?meeting=<pk>` (or `?group=<slug>`) preselects its meeting."""
    groups = selectors.workshop_groups(request.user)
    meetings = selectors.workshop_meetings(request.user)
    initial: dict[str, Any] = {}
    if request.method != "POST":
        meeting_pk = request.GET.get("meeting", "")
        meeting = meetings.filter(pk=int(meeting_pk)).first() if meeting_pk.isdecimal() else None
        if meeting is not None:
            initial = {"meeting": meeting, "group": meeting.group}
        elif request.GET.get("group"):
            initial["group"] = groups.filter(slug=request.GET["group"]).first()
    form = forms.WorkshopForm(
        request.POST or None, groups=groups, meetings=meetings, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            conversation = dialogue_services.create_conversation(
                question=data["question"],
                actor=request.user,
                group=data["group"],
                meeting=data["meeting"],
                description=data["description"],
                language=data["language"],
                moderation=data["moderation"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The conversation is created and open. Join code: %(code)s")
                % {"code": conversation.join_code},
            )
            return redirect("workspace:workshop", slug=conversation.slug)
    return render(request, "workspace/workshop_form.html", {"form": form, "section": "workshops"})


def _workshop_page(
    request: HttpRequest,
    conversation: Conversation,
    *,
    settings_form: forms.WorkshopSettingsForm | None = None,
    seed_form: forms.SeedStatementForm | None = None,
) -> HttpResponse:
    """The workshop page; a form sent with errors is shown with them."""
    statements = list(selectors.statements_of(conversation))
    return render(
        request,
        "workspace/workshop.html",
        {
            "conversation": conversation,
            "counts": dialogue_selectors.conversation_counts(conversation),
            "snapshot": dialogue_selectors.latest_snapshot(conversation),
            "recompute_state": dialogue_selectors.recompute_state(conversation),
            "statements": statements,
            "duplicates": selectors.possible_duplicates(statements),
            "settings_form": settings_form or forms.WorkshopSettingsForm(conversation=conversation),
            "seed_form": seed_form or forms.SeedStatementForm(prefix="seed"),
            "exports": job_selectors.recent_jobs_of(
                request.user, kind=dialogue_jobs.POLIS_EXPORT, conversation=conversation.pk
            ),
            "section": "workshops",
        },
    )


@permission_required("conversation:manage", model=Conversation, lookup="slug")
@require_safe
def workshop(request: HttpRequest, conversation: Conversation) -> HttpResponse:
    return _workshop_page(request, conversation)


@permission_required("conversation:manage", model=Conversation, lookup="slug")
@require_POST
def workshop_edit(request: HttpRequest, conversation: Conversation) -> HttpResponse:
    form = forms.WorkshopSettingsForm(request.POST, conversation=conversation)
    if form.is_valid():
        try:
            dialogue_services.update_conversation(
                conversation=conversation, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The settings of the conversation are saved."))
            return redirect("workspace:workshop", slug=conversation.slug)
    return _workshop_page(request, conversation, settings_form=form)


@permission_required("conversation:manage", model=Conversation, lookup="slug")
@require_POST
def workshop_export(request: HttpRequest, conversation: Conversation) -> HttpResponse:
    job = job_services.start_job(
        kind=dialogue_jobs.POLIS_EXPORT,
        params={"conversation": conversation.pk},
        actor=request.user,
    )
    messages.success(request, _("The export is queued. This page shows its progress."))
    return redirect("jobs:detail", job_id=job.pk)


@permission_required("conversation:manage", model=Conversation, lookup="slug")
@require_POST
def workshop_seed(request: HttpRequest, conversation: Conversation) -> HttpResponse:
    form = forms.SeedStatementForm(request.POST, prefix="seed")
    if form.is_valid():
        try:
            statement = dialogue_services.add_seed_statement(
                conversation=conversation,
                text=form.cleaned_data["text"],
                kind=form.cleaned_data["kind"],
                actor=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Statement #%(id)s is added and open for votes.") % {"id": statement.pk}
            )
            return redirect("workspace:workshop", slug=conversation.slug)
    return _workshop_page(request, conversation, seed_form=form)


# --- news ----------------------------------------------------------------------------------


@permission_required("news:manage")
@require_safe
def posts(request: HttpRequest) -> HttpResponse:
    page, query = _paginate(request, selectors.posts(request.user))
    return render(
        request, "workspace/posts.html", {"page": page, "query": query, "section": "posts"}
    )


@permission_required("news:manage")
@require_safe
def posts_export(request: HttpRequest) -> HttpResponse:
    return cast(HttpResponse, exports.posts_export(posts=selectors.posts(request.user)))


def _post_form(request: HttpRequest, post: Post) -> HttpResponse:
    form = forms.PostForm(
        request.POST or None,
        instance=post,
        partners=selectors.post_partners(request.user),
        meetings=selectors.post_meetings(request.user),
        project_wide=has_permission(request.user, "news:manage", PROJECT_WIDE),
    )
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        if saved.pk is None:
            saved.author = request.user
        news_services.save_post(post=saved, actor=request.user)
        messages.success(request, _("The post is saved."))
        return redirect("workspace:posts")
    return render(
        request,
        "workspace/post_form.html",
        {"form": form, "post": post if post.pk else None, "section": "posts"},
    )


@permission_required("news:manage")
@GET_OR_POST
def post_create(request: HttpRequest) -> HttpResponse:
    return _post_form(request, Post())


@permission_required("news:manage", model=Post)
@GET_OR_POST
def post_edit(request: HttpRequest, post: Post) -> HttpResponse:
    return _post_form(request, post)


@permission_required("news:manage", model=Post)
@require_POST
def post_publish(request: HttpRequest, post: Post) -> HttpResponse:
    if post.status == Post.Status.PUBLISHED:
        messages.info(request, _("The post %(title)s is already published.") % {"title": post})
    else:
        news_services.publish_post(post=post, actor=request.user)
        messages.success(request, _("The post %(title)s is published.") % {"title": post})
    return redirect("workspace:posts")


# --- documents and the group space ---------------------------------------------------------


@permission_required("document:manage", model=StakeholderGroup, lookup="slug", argument="group")
@GET_OR_POST
def documents(request: HttpRequest, group: StakeholderGroup) -> HttpResponse:
    form = forms.DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            document = stakeholder_services.add_document(
                group=group,
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
                uploaded_file=form.cleaned_data["file"],
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("%(title)s is uploaded.") % {"title": document.title})
            return redirect("workspace:documents", slug=group.slug)
    return render(
        request,
        "workspace/documents.html",
        {
            "group": group,
            "documents": selectors.documents_of(group),
            "form": form,
            "section": "groups",
        },
    )


@permission_required("document:manage", model=StakeholderGroup, lookup="slug", argument="group")
@require_safe
def documents_export(request: HttpRequest, group: StakeholderGroup) -> HttpResponse:
    return cast(
        HttpResponse,
        exports.documents_export(group=group, documents=selectors.documents_of(group)),
    )


@permission_required("document:manage", model=GroupDocument, argument="document")
@require_POST
def document_delete(request: HttpRequest, document: GroupDocument) -> HttpResponse:
    slug = document.group.slug
    stakeholder_services.delete_document(document=document, actor=request.user)
    messages.success(request, _("%(title)s is deleted.") % {"title": document.title})
    return redirect("workspace:documents", slug=slug)


@permission_required("group:view", model=StakeholderGroup, lookup="slug", argument="group")
@require_safe
def group(request: HttpRequest, group: StakeholderGroup) -> HttpResponse:
    return render(
        request,
        "workspace/group.html",
        {
            "group": group,
            "meetings": selectors.upcoming_published_meetings(group),
            "memberships": selectors.member_organisations(group),
            "documents": selectors.documents_of(group),
            "section": "group",
        },
    )


@permission_required("document:view", model=GroupDocument, argument="document")
@require_safe
def document_download(request: HttpRequest, document: GroupDocument) -> HttpResponse:
    try:
        handle = document.file.open("rb")
    except (FileNotFoundError, ValueError) as error:
        raise Http404 from error
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=posixpath.basename(document.file.name or "document"),
        content_type=document.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    # A streaming response; access's decorator is typed for HttpResponse but passes it through.
    return cast(HttpResponse, response)


# --- audit log -----------------------------------------------------------------------------


@permission_required("audit:view")
@require_safe
def audit_export(request: HttpRequest) -> HttpResponse:
    """The log as the page filters it, every page of it, as XLSX (the export is logged)."""
    form = forms.AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    entries = selectors.audit_entries(
        request.user,
        action_prefix=(filters.get("action") or "").strip(),
        date_from=filters.get("date_from"),
        date_to=filters.get("date_to"),
    )
    tenants = entries.exclude(tenant_id=None).values_list("tenant_id", flat=True).distinct()
    regions = selectors.partner_names({tenant for tenant in tenants if tenant is not None})
    response = exports.audit_export(entries=entries, regions=regions, actor=request.user)
    return cast(HttpResponse, response)


@permission_required("audit:view")
@require_safe
def audit(request: HttpRequest) -> HttpResponse:
    form = forms.AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page, query = _paginate(
        request,
        selectors.audit_entries(
            request.user,
            action_prefix=(filters.get("action") or "").strip(),
            date_from=filters.get("date_from"),
            date_to=filters.get("date_to"),
        ),
    )
    regions = selectors.partner_names({entry.tenant_id for entry in page if entry.tenant_id})
    rows = [
        {
            "entry": entry,
            "region": regions.get(entry.tenant_id or 0, ""),
            "changes": (entry.data or {}).get("changes") or {},
            "details": {
                key: value for key, value in (entry.data or {}).items() if key != "changes"
            },
        }
        for entry in page
    ]
    return render(
        request,
        "workspace/audit.html",
        {"form": form, "page": page, "rows": rows, "query": query, "section": "audit"},
    )
