"""When a leased request of a shared crawl may be acknowledged (EntryTracker)."""

from __future__ import annotations

from newsspider.distributed.tracking import EntryTracker

PAGE = (1, "1-0")
OTHER = (1, "2-0")


def test_a_request_without_records_is_final_when_its_callback_ends() -> None:
    tracker = EntryTracker()
    tracker.started(PAGE)
    assert tracker.take_ready() == []
    assert tracker.in_flight == 1
    tracker.finished(PAGE)
    assert tracker.take_ready() == [PAGE]
    assert tracker.in_flight == 0


def test_a_request_waits_for_each_record_to_be_dropped_or_confirmed() -> None:
    tracker = EntryTracker()
    tracker.started(PAGE)
    tracker.record(PAGE)
    tracker.record(PAGE)
    tracker.finished(PAGE)
    assert tracker.take_ready() == []
    tracker.settled(PAGE)  # one record dropped as a duplicate
    tracker.scraped(PAGE, "https://news.example/a")
    assert tracker.take_ready() == []
    assert tracker.waiting == 1
    tracker.confirmed(["https://news.example/other"])
    assert tracker.take_ready() == []
    tracker.confirmed(["https://news.example/a"])
    assert tracker.take_ready() == [PAGE]
    assert tracker.waiting == 0


def test_a_confirmation_that_comes_before_the_record_is_seen_counts() -> None:
    tracker = EntryTracker()
    tracker.started(PAGE)
    tracker.record(PAGE)
    # A record that goes to no feed file is confirmed by another item_scraped handler first.
    tracker.confirmed(["https://news.example/a"])
    tracker.scraped(PAGE, "https://news.example/a")
    tracker.finished(PAGE)
    assert tracker.take_ready() == [PAGE]


def test_a_redirected_request_is_final_once_forwarded_and_keeps_others_apart() -> None:
    tracker = EntryTracker()
    tracker.started(PAGE)
    tracker.started(OTHER)
    tracker.forwarded(PAGE)
    assert tracker.take_ready() == [PAGE]
    assert tracker.is_running(OTHER)
    tracker.finished(OTHER)
    tracker.requeue_ready([PAGE])  # the acknowledgement failed: due again
    assert tracker.take_ready() == [PAGE, OTHER]
