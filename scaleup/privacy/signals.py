"""Signals other apps listen to, so that privacy never imports them."""

from __future__ import annotations

from django.dispatch import Signal

#: Sent after the transaction that withdrew a consent commits, with `record` (the
#: ConsentRecord, now withdrawn) and `actor`. Apps stop the processing the consent covered:
#: the meetings app clears a registration's photo consent for `meetings.registration:<id>`.
consent_withdrawn = Signal()
