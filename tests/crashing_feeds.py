"""A feed storage for crash tests: the crawl is killed between a file's confirmation and rename."""

from __future__ import annotations

import os
import signal

from newsspider.export.atomic_files import AtomicFileFeedStorage

# The batch file whose rename never happens.
KILL_AT = "00002.jsonl"


class KillBeforeRenameStorage(AtomicFileFeedStorage):
    """AtomicFileFeedStorage that SIGKILLs its crawl once the state has confirmed KILL_AT."""

    def file_complete(self) -> None:
        """Have the file's records confirmed as usual, then die before the KILL_AT rename."""
        super().file_complete()
        if self.final.name.endswith(KILL_AT):
            # The whole group (workers too) only when the crawl leads its own session, as
            # the test starts it; never the test runner's group.
            if os.getpgid(0) == os.getpid():
                os.killpg(0, signal.SIGKILL)
            os.kill(os.getpid(), signal.SIGKILL)
