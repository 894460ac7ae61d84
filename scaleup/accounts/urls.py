from django.urls import URLPattern, URLResolver, path

from scaleup.accounts import views

app_name = "accounts"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.home, name="home"),
    path("profile/", views.profile, name="profile"),
]
