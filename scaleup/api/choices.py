"""The models' choices as the API's types, spelled out.

Literal types, not the models' TextChoices: the OpenAPI document names an enum by its class
name, and `Job.State` and `Statement.State` would be one `State` there. A test
(`tests/test_choices.py`) keeps each in step with its model."""

from __future__ import annotations

from typing import Literal

MeetingFormat = Literal[
    "workshop", "meeting", "study_visit", "peer_review", "staff_exchange", "conference"
]
RegistrationStatus = Literal["confirmed", "waitlisted", "cancelled"]
OrganisationKindName = Literal[
    "cluster",
    "local_government",
    "regional_authority",
    "university",
    "business_support",
    "sme",
    "large_enterprise",
    "ngo",
    "enterprise",
    "public_body",
    "other",
]
TieKindName = Literal[
    "cluster_membership", "joint_project", "rd_cooperation", "supply_chain", "informal"
]
StatementKind = Literal["insight", "experience", "gap", "proposal"]
StatementState = Literal["pending", "accepted", "rejected"]
PeriodName = Literal["2014-2020", "2021-2027"]
JobState = Literal["queued", "running", "done", "failed"]
