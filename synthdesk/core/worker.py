"""Run heavy jobs in a child process that can be stopped at once.

The window never imports SDV, torch or SDMetrics: fitting, sampling and
evaluation run in a process started with the spawn method, which works the
same on Windows, macOS and Linux and in a frozen app. The child sends
messages back through a queue; cancelling terminates it.

Messages are tuples: ``("progress", fraction, text)``, ``("result", value)``
and ``("error", headline, hint)``.
"""

from __future__ import annotations

import logging
import multiprocessing
import queue

from synthdesk.core.errors import SynthDeskError

log = logging.getLogger(__name__)

PROCESS_NAME = "synthdesk-worker"

JOBS = {
    "generate": "synthdesk.core.worker:_generate_job",
    "evaluate": "synthdesk.core.worker:_evaluate_job",
    "estimate": "synthdesk.core.worker:_estimate_job",
}


def _generate_job(payload: dict, progress):
    from synthdesk.core import pipeline

    table, settings = payload["table"], payload["settings"]
    result = pipeline.generate(table, settings, progress.span(0.0, 0.8))
    result.evaluation = pipeline.evaluate_run(
        table, result.synthetic, progress.span(0.8, 1.0), settings.control
    )
    return result


def _evaluate_job(payload: dict, progress):
    from synthdesk.core import pipeline

    return pipeline.evaluate_run(payload["table"], payload["synthetic"], progress)


def _estimate_job(payload: dict, progress):
    from synthdesk.core.generators.estimate import estimate_seconds

    table, settings = payload["table"], payload["settings"]
    return estimate_seconds(
        table.model_frame(),
        table.specs,
        settings.generator,
        settings.params,
        settings.rows or table.rows,
        progress,
    )


def _child_main(job: str, inbox, messages) -> None:
    from synthdesk.core.progress import Progress
    from synthdesk.logs import setup_logging

    setup_logging()
    payload = inbox.get()
    module_name, function_name = JOBS[job].split(":")
    module = __import__(module_name, fromlist=[function_name])
    progress = Progress(
        lambda fraction, text: messages.put(("progress", fraction, text))
    )
    try:
        value = getattr(module, function_name)(payload, progress)
        messages.put(("result", value))
    except SynthDeskError as error:
        messages.put(("error", error.headline, error.hint))
    except MemoryError:
        messages.put(
            (
                "error",
                "The computer ran out of memory.",
                "Close other programs, or use fewer rows or a simpler generator.",
            )
        )
    except Exception as error:
        # Logged with exc_info so the log formatter can leave out the message,
        # which may quote cell values.
        logging.getLogger(__name__).exception("Job %s failed", job)
        messages.put(
            (
                "error",
                f"The job stopped with an unexpected error: {type(error).__name__}.",
                "Details are in the log (Help > Open log folder).",
            )
        )


class Job:
    """A job running in a child process."""

    def __init__(self, job: str, payload: dict):
        context = multiprocessing.get_context("spawn")
        self._messages = context.Queue()
        # The payload travels through a queue, whose feeder thread writes it
        # while the child starts, so starting a job never blocks the caller.
        self._inbox = context.Queue()
        self.process = context.Process(
            target=_child_main,
            args=(job, self._inbox, self._messages),
            name=f"{PROCESS_NAME}-{job}",
            daemon=True,
        )
        self.process.start()
        self._inbox.put(payload)
        self.finished = False
        log.info("Started job %s in process %s", job, self.process.pid)

    def poll(self) -> list[tuple]:
        """Return the messages that arrived since the last call."""
        received = []
        while True:
            try:
                received.append(self._messages.get_nowait())
            except queue.Empty:
                break
            except (EOFError, OSError):
                break
        if any(message[0] in ("result", "error") for message in received):
            self.finished = True
        return received

    def is_alive(self) -> bool:
        return self.process.is_alive()

    def cancel(self, timeout: float = 1.0) -> None:
        """Stop the child process: terminate, then kill if it does not end."""
        if self.process.is_alive():
            self.process.terminate()
            self.process.join(timeout)
            if self.process.is_alive():
                self.process.kill()
                self.process.join(timeout)
        log.info("Cancelled job in process %s", self.process.pid)
        self.close()

    def close(self) -> None:
        for channel in (self._inbox, self._messages):
            channel.close()
            channel.cancel_join_thread()
