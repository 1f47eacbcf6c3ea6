"""Dedupe decisions on real texts and a real state file: each story once, revisions numbered."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from datasketch import MinHash, MinHashLSH

from newsspider.dedupe import Candidate, Deduplicator, Fingerprinter, lsh_params
from newsspider.dedupe.minhash import shingle_hashes
from newsspider.drops import DuplicateDropped
from newsspider.items import ArticleItem
from newsspider.pages.article import content_hash
from newsspider.pipelines.duplicates import DedupePipeline
from newsspider.state import SQLiteStateStore
from newsspider.urls import UrlNormalizer
from tests.mocksite import articles as demo
from tests.mocksite import live_articles as la
from tests.mocksite.articles import Article

FINGERPRINTER = Fingerprinter()
LIVE = "https://northgate.example"
WIRE = "https://courier.example"


def _text(article: Article) -> str:
    return "\n\n".join(article.paragraphs)


def _candidate(article: Article, url: str, fetched_url: str | None = None) -> Candidate:
    text = _text(article)
    site = url.split("/")[2]
    return Candidate(url, fetched_url or url, site, text, content_hash(text))


@pytest.fixture
def state_file(tmp_path: Path) -> Path:
    """An empty state file."""
    return tmp_path / "state.sqlite"


def _deduplicator(path: Path, run_started: int) -> Deduplicator:
    store = SQLiteStateStore(path, lsh=FINGERPRINTER.lsh)
    return Deduplicator(store, FINGERPRINTER, run_started=run_started)


def test_wire_copy_is_similar_and_other_stories_are_not() -> None:
    tram = FINGERPRINTER.signature(_text(la.TRAM))
    wire = FINGERPRINTER.signature(_text(la.TRAM_WIRE))
    assert FINGERPRINTER.similarity(tram, wire) >= 0.7
    others = [la.MARKET, la.LIBRARY, la.HEATWAVE, la.FERRY, demo.SEED, demo.RATES, demo.WHEAT]
    for other in others:
        similarity = FINGERPRINTER.similarity(tram, FINGERPRINTER.signature(_text(other)))
        assert similarity < 0.1, other.slug


def test_each_reason_across_sites(state_file: Path) -> None:
    dedupe = _deduplicator(state_file, run_started=100)
    tram_url = f"{LIVE}/city/tram"
    assert dedupe.decide(_candidate(la.TRAM, tram_url), now=200).export
    assert dedupe.decide(_candidate(la.LIBRARY, f"{LIVE}/city/library"), now=200).export

    amp = dedupe.decide(_candidate(la.TRAM, tram_url, f"{LIVE}/amp/city/tram"), now=201)
    assert (amp.export, amp.reason, amp.duplicate_of) == (False, "canonical", tram_url)

    copy = dedupe.decide(_candidate(la.LIBRARY_COPY, f"{WIRE}/news/fines"), now=202)
    assert (copy.export, copy.reason, copy.duplicate_of) == (False, "exact", f"{LIVE}/city/library")

    wire = dedupe.decide(_candidate(la.TRAM_WIRE, f"{WIRE}/news/tram-line"), now=203)
    assert (wire.export, wire.reason, wire.duplicate_of) == (False, "near", tram_url)
    assert wire.similarity is not None and wire.similarity >= 0.7

    ferry = dedupe.decide(_candidate(la.FERRY, f"{WIRE}/news/ferry"), now=204)
    assert (ferry.export, ferry.revision) == (True, 1)


def test_duplicates_are_found_in_a_later_run(state_file: Path) -> None:
    first = _deduplicator(state_file, run_started=100)
    assert first.decide(_candidate(la.TRAM, f"{LIVE}/city/tram"), now=150).export
    first.store.close()
    later = _deduplicator(state_file, run_started=1_000)
    decision = later.decide(_candidate(la.TRAM_WIRE, f"{WIRE}/news/tram-line"), now=1_001)
    assert (decision.reason, decision.duplicate_of) == ("near", f"{LIVE}/city/tram")


MARKET_URL = f"{LIVE}/business/market"


def _market_exported(state_file: Path, run_started: int) -> Deduplicator:
    """A run that fetched and exported MARKET at its URL."""
    dedupe = _deduplicator(state_file, run_started)
    assert dedupe.decide(_candidate(la.MARKET, MARKET_URL), now=150).export
    dedupe.store.record_fetch([MARKET_URL], MARKET_URL, "northgate.example", 150)
    return dedupe


def test_a_page_fetched_again_is_a_revision_only_when_its_text_changed(state_file: Path) -> None:
    url = MARKET_URL
    _market_exported(state_file, run_started=100).store.close()
    later = _deduplicator(state_file, run_started=1_000)
    unchanged = later.decide(_candidate(la.MARKET, url), now=1_001)
    assert (unchanged.export, unchanged.reason, unchanged.duplicate_of) == (False, "url", url)
    changed = later.decide(_candidate(la.MARKET_CORRECTED, url), now=1_002)
    assert (changed.export, changed.revision) == (True, 2)
    stored = later.store.article(url)
    assert stored is not None
    assert (stored.revision, stored.content_hash) == (2, content_hash(_text(la.MARKET_CORRECTED)))


def test_changed_text_from_another_url_is_not_a_revision(state_file: Path) -> None:
    _market_exported(state_file, run_started=100).store.close()
    later = _deduplicator(state_file, run_started=1_000)
    amp = later.decide(_candidate(la.MARKET_CORRECTED, MARKET_URL, f"{LIVE}/amp/market"), now=1_001)
    assert (amp.export, amp.reason) == (False, "canonical")


def test_no_revision_within_one_run(state_file: Path) -> None:
    dedupe = _market_exported(state_file, run_started=100)
    again = dedupe.decide(_candidate(la.MARKET_CORRECTED, MARKET_URL), now=160)
    assert (again.export, again.reason) == (False, "url")


@pytest.mark.parametrize("article", [demo.SEED, demo.VALLEY_DAIRY], ids=lambda item: item.slug)
def test_signatures_are_datasketch_affine32_minhash(article: Article) -> None:
    """Our numpy MinHash is datasketch's, bit for bit: state files stay comparable."""
    hashes = shingle_hashes(_text(article), 5)
    reference = MinHash(num_perm=64, seed=1, scheme="affine32", hashfunc=int)
    reference.update_batch(hashes)
    ours = np.frombuffer(Fingerprinter(num_perm=64).signature(_text(article)), dtype="<u4")
    assert ours.tolist() == np.asarray(reference.hashvalues, dtype=np.uint32).tolist()


@pytest.mark.parametrize("num_perm", [32, 64, 128])
@pytest.mark.parametrize("threshold", [0.5, 0.6, 0.7, 0.8, 0.9])
def test_lsh_split_is_datasketch_optimal_one(threshold: float, num_perm: int) -> None:
    """Bands and rows as datasketch's MinHashLSH picks them with the same weights."""
    reference = MinHashLSH(threshold=threshold, num_perm=num_perm, weights=(0.1, 0.9))
    params = lsh_params(threshold, num_perm)
    assert (params.bands, params.rows) == (reference.b, reference.r)


def _item(article: Article, url: str) -> ArticleItem:
    text = _text(article)
    return ArticleItem(
        url=url, source_url=url, site=url.split("/")[2], title=article.title, text=text,
        word_count=len(text.split()), fetched_at="2026-12-04T00:00:00+00:00",
        content_hash=content_hash(text), extractor="test",
    )  # fmt: skip


def test_tag_mode_exports_a_copy_pointing_at_its_clusters_first_record(state_file: Path) -> None:
    tag = DedupePipeline(_deduplicator(state_file, run_started=100), UrlNormalizer(), mode="tag")
    original = tag.process_item(_item(la.LIBRARY, f"{LIVE}/city/library"))
    assert (original.duplicate_of, original.cluster_id) == (None, original.id)
    copy = tag.process_item(_item(la.LIBRARY_COPY, f"{WIRE}/news/fines"))
    assert (copy.duplicate_of, copy.duplicate_similarity) == (original.url, 1.0)
    assert copy.cluster_id == original.id != copy.id
    # The same page fetched again is the same record, not a copy: dropped, as with drop.
    with pytest.raises(DuplicateDropped):
        tag.process_item(_item(la.LIBRARY, f"{LIVE}/city/library"))


def test_a_dedupe_mode_not_allowed_says_which_are(state_file: Path) -> None:
    with pytest.raises(ValueError, match="NEWSSPIDER_DEDUPE='keep': use one of drop, tag"):
        DedupePipeline(_deduplicator(state_file, run_started=100), UrlNormalizer(), mode="keep")
