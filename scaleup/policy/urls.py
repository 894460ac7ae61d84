"""The group's recommendation pages (namespace `policy`, under /<lang>/policy/)."""

from django.urls import URLPattern, URLResolver, path

from scaleup.policy import views

app_name = "policy"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path("<slug:slug>/recommendations/", views.recommendations, name="recommendations"),
    path(
        "<slug:slug>/recommendations.xlsx",
        views.recommendations_export,
        name="recommendations_export_xlsx",
    ),
    path(
        "<slug:slug>/recommendations/new/",
        views.recommendation_create,
        name="recommendation_create",
    ),
    path("recommendations/<int:pk>/", views.recommendation, name="recommendation"),
    path("recommendations/<int:pk>/edit/", views.recommendation_edit, name="recommendation_edit"),
    path("recommendations/<int:pk>/move/", views.recommendation_move, name="recommendation_move"),
    path(
        "recommendations/<int:pk>/endorse/",
        views.recommendation_endorse,
        name="recommendation_endorse",
    ),
    path(
        "recommendations/<int:pk>/withdraw/",
        views.recommendation_withdraw,
        name="recommendation_withdraw",
    ),
]
