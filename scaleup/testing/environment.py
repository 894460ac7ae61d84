"""Loaded by pytest (`-p scaleup.testing.environment`) before Django reads its settings.

Tests talk plain HTTP to the test client and the live server, so the HTTPS-only
production defaults are switched off here, and only here.
"""

import os

os.environ.setdefault("SCALEUP_HTTPS", "0")
os.environ.setdefault("SCALEUP_SERVE_MEDIA", "1")
os.environ.setdefault("SCALEUP_LOG_LEVEL", "WARNING")
# Background tasks run in the test process once the transaction commits; the tests of the
# database queue choose that backend themselves.
os.environ.setdefault("SCALEUP_TASKS", "immediate")
# Change notices between processes are off; the tests of `core.live` switch them on.
os.environ.setdefault("SCALEUP_LIVE_NOTICES", "0")
# Recomputes repeat at once in tests (the immediate backend runs them in the request).
os.environ.setdefault("SCALEUP_RECOMPUTE_MIN_SECONDS", "0")
