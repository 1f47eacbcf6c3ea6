"""A feed storage for crash tests: the crawl is killed between a file's confirmation and rename."""

from __future__ import annotations

import os
import signal
from typing import IO

from newsspider.export.atomic_files import AtomicFileFeedStorage

# The batch file whose rename never happens.
KILL_AT = "00002.jsonl"


class KillBeforeRenameStorage(AtomicFileFeedStorage):
    """AtomicFileFeedStorage that SIGKILLs its crawl once the state has confirmed KILL_AT."""

    def store(self, file: IO[bytes]) -> None:
        """Store as usual, but die right after the before_rename hook of the KILL_AT file."""
        confirm = self.before_rename

        def confirm_then_die() -> None:
            if confirm is not None:
                confirm()
            if self.final.name.endswith(KILL_AT):
                # The whole group (workers too) only when the crawl leads its own session, as
                # the test starts it; never the test runner's group.
                if os.getpgid(0) == os.getpid():
                    os.killpg(0, signal.SIGKILL)
                os.kill(os.getpid(), signal.SIGKILL)

        self.before_rename = confirm_then_die
        super().store(file)
