"""Permission-matrix rows of the workshop pages: participants' phones and the projector."""

from __future__ import annotations

from scaleup.dialogue.tests.permissions_participant import PARTICIPANT_ROWS
from scaleup.dialogue.tests.permissions_projector import PROJECTOR_ROWS

ROWS = [*PARTICIPANT_ROWS, *PROJECTOR_ROWS]
