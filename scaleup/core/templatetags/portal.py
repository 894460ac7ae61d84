from __future__ import annotations

from urllib.parse import quote

from django import template
from django.http import HttpRequest
from django.urls import translate_url

register = template.Library()


@register.simple_tag(takes_context=True)
def url_in_language(context: template.Context, language: str) -> str:
    """This page's address in another language (the /pl/ or /en/ prefix swapped)."""
    request: HttpRequest | None = context.get("request")
    if request is None:
        return f"/{language}/"
    current = request.get_full_path()
    translated = translate_url(current, language)
    # An address that resolves nowhere (a 404 page) cannot be translated: offer that home page.
    return translated if translated != current else f"/{language}/"


@register.inclusion_tag("includes/share_links.html")
def share_links(url: str, title: str) -> dict[str, object]:
    """Plain links to share a page; no third-party script is loaded."""
    encoded_url, encoded_title = quote(url, safe=""), quote(title, safe="")
    return {
        "links": [
            ("Facebook", f"https://www.facebook.com/sharer/sharer.php?u={encoded_url}"),
            ("X", f"https://x.com/intent/post?url={encoded_url}&text={encoded_title}"),
            ("LinkedIn", f"https://www.linkedin.com/sharing/share-offsite/?url={encoded_url}"),
        ],
        "mailto": f"mailto:?subject={encoded_title}&body={encoded_url}",
    }
