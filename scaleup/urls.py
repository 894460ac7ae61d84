from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path, re_path

from scaleup.accounts import views as accounts_views
from scaleup.api.api import api
from scaleup.core.views import healthz, serve_media

# The admin signs people in through the portal's own sign-in (codes, rate limits).
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]

urlpatterns: list[URLPattern | URLResolver] = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("live/v1/", include("scaleup.dialogue.urls_live")),
    path("api/v1/", api.urls),
]
urlpatterns += i18n_patterns(
    path("", include("scaleup.core.urls")),
    # Replaces allauth's own view of the same path and name (see the view's docstring).
    path(
        "accounts/login/code/confirm/",
        accounts_views.confirm_login_code,
        name="account_confirm_login_code",
    ),
    path("accounts/", include("allauth.urls")),
    path("account/", include("scaleup.accounts.urls")),
    path("account/api-tokens/", include("scaleup.api.urls")),
    path("privacy/", include("scaleup.privacy.urls")),
    path("exports/", include("scaleup.jobs.urls")),
    path("project/", include("scaleup.projects.urls")),
    path("join/", include("scaleup.stakeholders.urls")),
    path("meetings/", include("scaleup.meetings.urls")),
    path("workspace/", include("scaleup.workspace.urls")),
    path("workshops/", include("scaleup.dialogue.urls")),
    path("network/", include("scaleup.network.urls")),
    path("practices/", include("scaleup.practices.urls")),
    path("policy/", include("scaleup.policy.urls")),
    path("action-plans/", include("scaleup.actionplans.urls")),
    path("indicators/", include("scaleup.indicators.urls")),
    path("open-data/", include("scaleup.opendata.urls")),
    path("instruments/", include("scaleup.policy.urls_public")),
    path("", include("scaleup.news.urls")),
    prefix_default_language=True,
)
if settings.SERVE_MEDIA:
    urlpatterns += [
        re_path(r"^media/(?P<path>.*)$", serve_media, name="media"),
    ]

handler404 = "scaleup.core.views.page_not_found"
handler500 = "scaleup.core.views.server_error"
