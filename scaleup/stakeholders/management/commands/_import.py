"""What the spreadsheet-import commands share: how a refused file is reported."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from scaleup.stakeholders.importers import FileFormatError, ImportFailed, format_error


def refusal(
    exc: ImportFailed | FileFormatError | OSError, file: Path, write: Callable[[str], object]
) -> CommandError:
    """The command's error for a file that was not imported; every row error is written
    first (`row N, column C: message`), so all of them can be fixed in one go."""
    if isinstance(exc, ImportFailed):
        for error in exc.errors:
            write(format_error(error))
        return CommandError(
            ngettext(
                "%(count)d error found; nothing was imported.",
                "%(count)d errors found; nothing was imported.",
                len(exc.errors),
            )
            % {"count": len(exc.errors)}
        )
    if isinstance(exc, FileFormatError):
        return CommandError(str(exc))
    return CommandError(
        _("Cannot read %(file)s: %(reason)s") % {"file": file, "reason": exc.strerror or exc}
    )
