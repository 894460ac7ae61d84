from django.urls import URLPattern, URLResolver, path

from scaleup.workspace import views

app_name = "workspace"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.dashboard, name="dashboard"),
    # applications to join
    path("applications/", views.applications, name="applications"),
    path("applications.xlsx", views.applications_export, name="applications_export_xlsx"),
    path("applications/<int:pk>/", views.application, name="application"),
    path("applications/<int:pk>/approve/", views.application_approve, name="application_approve"),
    path("applications/<int:pk>/reject/", views.application_reject, name="application_reject"),
    # members and invitations
    path("groups/<slug:slug>/members/", views.members, name="members"),
    path("groups/<slug:slug>/members.csv", views.members_export, name="members_export"),
    path(
        "groups/<slug:slug>/members.xlsx",
        views.members_export,
        {"file_format": "xlsx"},
        name="members_export_xlsx",
    ),
    path("groups/<slug:slug>/invite/", views.invite, name="invite"),
    path(
        "groups/<slug:slug>/invitations.xlsx",
        views.invitations_export,
        name="invitations_export_xlsx",
    ),
    path("memberships/<int:pk>/end/", views.membership_end, name="membership_end"),
    path("invitations/<int:pk>/revoke/", views.invitation_revoke, name="invitation_revoke"),
    # meetings
    path("meetings/", views.meetings, name="meetings"),
    path("meetings.xlsx", views.meetings_export, name="meetings_export_xlsx"),
    path("meetings/new/", views.meeting_create, name="meeting_create"),
    path("meetings/<int:pk>/", views.meeting, name="meeting"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/attendance/", views.attendance, name="attendance"),
    path(
        "meetings/<int:pk>/registrations.csv",
        views.registrations_export,
        name="registrations_export",
    ),
    path(
        "meetings/<int:pk>/registrations.xlsx",
        views.registrations_export,
        {"file_format": "xlsx"},
        name="registrations_export_xlsx",
    ),
    path(
        "meetings/<int:pk>/<slug:paper>.<str:file_format>",
        views.meeting_document,
        name="meeting_document",
    ),
    path("registrations/<int:pk>/cancel/", views.registration_cancel, name="registration_cancel"),
    # workshops (live conversations)
    path("workshops/", views.workshops, name="workshops"),
    path("workshops.xlsx", views.workshops_export, name="workshops_export_xlsx"),
    path("workshops/new/", views.workshop_create, name="workshop_create"),
    path("workshops/<slug:slug>/", views.workshop, name="workshop"),
    path("workshops/<slug:slug>/edit/", views.workshop_edit, name="workshop_edit"),
    path("workshops/<slug:slug>/seed/", views.workshop_seed, name="workshop_seed"),
    path("workshops/<slug:slug>/export/", views.workshop_export, name="workshop_export"),
    # news
    path("news/", views.posts, name="posts"),
    path("news.xlsx", views.posts_export, name="posts_export_xlsx"),
    path("news/new/", views.post_create, name="post_create"),
    path("news/<int:pk>/edit/", views.post_edit, name="post_edit"),
    path("news/<int:pk>/publish/", views.post_publish, name="post_publish"),
    # documents and the members' group space
    path("groups/<slug:slug>/", views.group, name="group"),
    path("groups/<slug:slug>/documents/", views.documents, name="documents"),
    path(
        "groups/<slug:slug>/documents.xlsx",
        views.documents_export,
        name="documents_export_xlsx",
    ),
    path("documents/<int:pk>/", views.document_download, name="document_download"),
    path("documents/<int:pk>/delete/", views.document_delete, name="document_delete"),
    # audit log
    path("audit/", views.audit, name="audit"),
    path("audit.xlsx", views.audit_export, name="audit_export_xlsx"),
]
