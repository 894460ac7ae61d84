from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from scaleup.meetings.selectors import upcoming_meetings
from scaleup.news import selectors
from scaleup.news.models import Page
from scaleup.projects.selectors import current_project

POSTS_PER_PAGE = 10
HOME_POSTS = 3
HOME_MEETINGS = 3


def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "news/home.html",
        {
            "project": current_project(),
            "upcoming": upcoming_meetings()[:HOME_MEETINGS],
            "latest_posts": selectors.published_posts()[:HOME_POSTS],
        },
    )


def post_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.published_posts(), POSTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "news/post_list.html", {"page": page})


def post_detail(request: HttpRequest, slug: str) -> HttpResponse:
    post = selectors.post_for_page(slug)
    if post is None:
        raise Http404
    photos = list(post.meeting.photos.all()) if post.meeting else []
    return render(
        request,
        "news/post_detail.html",
        {"post": post, "photos": photos, "share_url": request.build_absolute_uri()},
    )


def page_detail(request: HttpRequest, slug: str) -> HttpResponse:
    page = get_object_or_404(Page, slug=slug, is_published=True)
    return render(request, "news/page_detail.html", {"page": page})
