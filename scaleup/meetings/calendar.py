"""The iCalendar (RFC 5545) feed of meetings, for subscribing from any calendar app."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urljoin, urlsplit

from django.utils import timezone
from icalendar import Calendar, Event

from scaleup.meetings.models import Meeting


def meetings_calendar(meetings: Iterable[Meeting], *, base_url: str, name: str) -> bytes:
    """One calendar per portal; event ids carry the portal's host, so two regions' portals
    subscribed side by side do not overwrite each other's events."""
    host = urlsplit(base_url).hostname or "localhost"
    calendar = Calendar()
    calendar.add("prodid", "-//scaleup//Regional Stakeholder Group meetings//PL")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    stamp = timezone.now()
    for meeting in meetings:
        event = Event()
        event.add("uid", f"meeting-{meeting.pk}@{host}")
        event.add("dtstamp", stamp)
        event.add("dtstart", meeting.starts_at)
        event.add("dtend", meeting.ends_at)
        event.add("summary", meeting.title)
        event.add("description", meeting.theme)
        event.add("location", ", ".join(part for part in (meeting.venue, meeting.address) if part))
        event.add("url", urljoin(base_url, meeting.get_absolute_url()))
        event.add("last-modified", meeting.updated_at)
        calendar.add_component(event)
    return calendar.to_ical()
