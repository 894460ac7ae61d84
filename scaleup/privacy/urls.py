from django.urls import URLPattern, URLResolver, path

from scaleup.privacy import views

app_name = "privacy"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.notice, name="notice"),
    path("my-data/", views.my_data, name="my_data"),
    path("my-data/consents/withdraw/", views.consent_withdraw, name="consent_withdraw"),
    path("my-data/consents/give/", views.consent_give, name="consent_give"),
    path("my-data/download/", views.download, name="download"),
    path("my-data/erase/", views.erase, name="erase"),
    path("erased/", views.erased, name="erased"),
]
