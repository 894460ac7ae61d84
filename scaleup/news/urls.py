from django.urls import path

from scaleup.news import views
from scaleup.news.feeds import NewsFeed

app_name = "news"
urlpatterns = [
    path("", views.home, name="home"),
    path("news/", views.post_list, name="list"),
    path("news/feed.atom", NewsFeed(), name="feed"),
    path("news/<slug:slug>/", views.post_detail, name="detail"),
    path("pages/<slug:slug>/", views.page_detail, name="page"),
]
