"""One writer for a whole server: every student's records go through one thread and one connection.

The web edition serves a whole class from one process; its records and heartbeats are written
by a :class:`ClassWriter`.  Whatever the students sent while the writer was busy is written
together in one transaction (:meth:`ClassDB.write_many`: each student's tab checked on its
own), so a class choosing at the same moment pays for one commit, not one each, and no
write waits for the file's lock held by another connection of the same server.

A write is answered only once its transaction has committed, so "saved" still means saved:
a caller that gets an error (or no answer) still holds its change and tries again.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Sequence
from concurrent.futures import Future

from game.classroom.classdb import ClassDB, ClassDBError, Progress, Student, Write

MAX_BATCH = 1000
"""The most writes one transaction takes (the rest wait for the next)."""
ANSWER_S = 60.0
"""How long a blocking call waits for its write before it gives up (the writer is stuck)."""


class ClassWriter:
    """Writes to ``db`` from a thread of its own, in batches; :meth:`submit` from any thread.

    Its :meth:`record_all`, :meth:`heartbeat` and :meth:`leave` block until written and raise
    as :class:`ClassDB`'s own do, so a :class:`~game.classroom.live_record.Recorder` can write
    through it as through a connection of its own."""

    def __init__(self, db: ClassDB, *, max_batch: int = MAX_BATCH) -> None:
        self.db = db
        self.max_batch = max_batch
        self._queue: deque[tuple[Write, Future[int]]] = deque()
        self._wake = threading.Condition()
        self._closing = False
        self.batches = 0
        """Transactions written (a bench reads it beside the writes)."""
        self.cpu_s = 0.0
        """Processor time the writer's thread has spent writing (on a busy machine, the wall time
        a write takes says more about the neighbours)."""
        self._thread = threading.Thread(target=self._run, name="class-writer", daemon=True)
        self._thread.start()

    # ---------------------------------------------------------- any thread
    def submit(self, write: Write) -> Future[int]:
        """Queue ``write``; the future is the run id (or 0), or the error, once committed."""
        future: Future[int] = Future()
        with self._wake:
            if self._closing:
                future.set_exception(ClassDBError("the class's writer has stopped (the server is closing)"))
                return future
            self._queue.append((write, future))
            self._wake.notify()
        return future

    def record_all(self, student: Student, changes: Sequence[tuple[Progress, bool]]) -> int:
        return self._wait(self.submit(Write("record", student, tuple(changes))))

    def heartbeat(self, student: Student) -> None:
        self._wait(self.submit(Write("heartbeat", student)))

    def leave(self, student: Student) -> None:
        self._wait(self.submit(Write("leave", student)))

    @staticmethod
    def _wait(future: Future[int]) -> int:
        try:
            return future.result(ANSWER_S)
        except TimeoutError:
            raise ClassDBError(f"the class's writer did not answer within {ANSWER_S:.0f} s") from None

    def close(self, timeout: float = 10.0) -> None:
        """Write what is queued (for ``timeout`` seconds at most), then stop; ``db`` stays open."""
        with self._wake:
            self._closing = True
            self._wake.notify_all()
        self._thread.join(timeout)

    # ---------------------------------------------------------- the writer's thread
    def _run(self) -> None:
        while True:
            with self._wake:
                while not self._queue and not self._closing:
                    self._wake.wait()
                if not self._queue:
                    return
                batch = [self._queue.popleft() for _ in range(min(len(self._queue), self.max_batch))]
            results: Sequence[int | BaseException]
            began = time.thread_time()
            try:
                results = self.db.write_many([write for write, _ in batch])
                self.batches += 1
            except Exception as err:  # the whole transaction failed: every caller is told, and retries
                results = [err] * len(batch)
            self.cpu_s += time.thread_time() - began
            for (_, future), result in zip(batch, results, strict=True):
                if isinstance(result, BaseException):
                    future.set_exception(result)
                else:
                    future.set_result(result)
