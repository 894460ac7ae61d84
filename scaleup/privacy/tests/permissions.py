"""Privacy pages: the notices are public; everything else acts on the signed-in person only.

No privacy URL carries the id of a person or a record, so every signed-in role gets the
same outcome: there is nobody else's data to reach.
"""

from __future__ import annotations

from scaleup.access.tests.matrix import REDIRECT, Row, everyone, signed_in

ROWS = [
    Row("privacy:notice", get=everyone(200)),
    Row("privacy:erased", get=everyone(200)),
    Row("privacy:my_data", get=signed_in(200)),
    Row(
        "privacy:consent_give",
        post=signed_in(REDIRECT),
        data=lambda w: {"purpose": "public_listing"},
    ),
    Row(
        "privacy:consent_withdraw",
        post=signed_in(REDIRECT),
        data=lambda w: {"purpose": "public_listing"},
        notes="withdraws one's own consent for the purpose, if any",
    ),
    Row("privacy:download", get=signed_in(200), post=signed_in(200), notes="POST: the zip"),
    Row(
        "privacy:erase",
        get=signed_in(200),
        post=signed_in(200),
        data=lambda w: {"email": "somebody.else@example.org"},
        notes="a wrong address re-shows the form; erasure itself is tested in test_erasure",
    ),
]
