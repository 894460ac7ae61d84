"""The semester report, in a real browser, on the demo story: the project coordinator asks
for the whole project's report of the last semester, follows the job to its end and
downloads the PDF.

Texts are looked up in the translation catalogue (`tr`), as in the other browser tests.
"""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import Page, expect

from scaleup.demo.tests.people import exactly, sign_in_as, starting, tr
from scaleup.jobs.models import Job

pytestmark = pytest.mark.browser

LANG = "pl"
COORDINATOR_EMAIL = "coordinator@lubelskie.example"


def test_the_coordinator_downloads_the_projects_semester_report(page: Page, story: str) -> None:
    sign_in_as(page, get_user_model().objects.get(email=COORDINATOR_EMAIL), story)
    page.goto(f"/{LANG}/indicators/")

    report = page.locator("form[action$='/indicators/report/']")
    report.get_by_label(starting("Report of", LANG)).select_option(
        label=tr("The whole project (all partners)", LANG)
    )
    report.get_by_label(starting("Format", LANG)).select_option(value="pdf")
    report.get_by_role("button", name=exactly("Make the report", LANG)).click()

    expect(page).to_have_url(re.compile(rf"/{LANG}/exports/[0-9a-f-]+/$"))
    expect(page.locator("#job-status [role=status]")).to_have_text(tr("Ready.", LANG))
    with page.expect_download() as download:
        page.locator("#job-status a[download]").click()
    assert download.value.suggested_filename.endswith(".pdf")
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    job = Job.objects.get()
    assert (job.state, job.params["partner"]) == (Job.State.DONE, None)
