"""Whole crawls: `scrapy crawl news` against the fake sites on loopback, checked as a user would."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import jsonschema
import pytest

from tests.conftest import ROOT, SCRAPY, CrawlRun, run_crawl, validate_record
from tests.mocksite import RunningSite
from tests.mocksite.articles import CUP_TIE_COMMENTS, SEED, comment_policy
from tests.mocksite.sites import NEWSLETTER_BOX

FURNITURE = ["Most read", "The Morning Briefing", "in your inbox before 7am", "Post comment"]


@pytest.fixture(scope="module")
def demo_crawl(sites: dict[str, RunningSite], tmp_path_factory: pytest.TempPathFactory) -> CrawlRun:
    """One crawl of the demo site, shared by the tests that inspect it."""
    return run_crawl(tmp_path_factory.mktemp("demo"), "-a", f"site={sites['demo'].base_url}/")


def _by_url(run: CrawlRun) -> dict[str, dict[str, object]]:
    return {str(record["url"]): record for record in run.records}


def test_demo_exports_exactly_its_articles(
    sites: dict[str, RunningSite], demo_crawl: CrawlRun
) -> None:
    demo = sites["demo"]
    expected = {demo.base_url + article.path for article in demo.site.articles}
    assert demo_crawl.returncode == 0, demo_crawl.log[-3000:]
    assert sorted(_by_url(demo_crawl)) == sorted(expected)
    assert len(demo_crawl.records) == len(expected), "an article was exported twice"
    assert demo_crawl.stats["item_scraped_count"] == len(expected)


def test_a_crawl_opens_no_remote_control_server(demo_crawl: CrawlRun) -> None:
    # Scrapy's remote control runs Python code sent to a local port; a crawl lists what it enabled.
    enabled = demo_crawl.log.split("Enabled extensions:", 1)[1].split("]", 1)[0]
    assert "scrapy.extensions.corestats.CoreStats" in enabled
    assert "RemoteControl" not in enabled
    assert "Remote control HTTP server" not in demo_crawl.log


def test_the_schema_check_of_every_crawl_rejects_a_bad_record(demo_crawl: CrawlRun) -> None:
    # run_crawl validates every exported record; this shows that check can fail.
    record = demo_crawl.records[0]
    validate_record(record)
    for broken in ({**record, "published": "yesterday"}, {**record, "word_count": "many"}):
        with pytest.raises(jsonschema.ValidationError):
            validate_record(broken)


def test_records_carry_the_article_metadata(
    sites: dict[str, RunningSite], demo_crawl: CrawlRun
) -> None:
    demo = sites["demo"]
    records = _by_url(demo_crawl)
    for expected in demo.site.articles:
        record = records[demo.base_url + expected.path]
        article = expected.article
        assert record["title"] == article.title, expected.note
        assert record["published"] == expected.published, expected.note
        assert record["authors"] == list(article.authors), expected.note
        assert record["site"] == demo.base_url.removeprefix("http://")
        assert record["source_url"] == record["url"]
        assert record["language"] == "en"
        assert record["word_count"] == len(str(record["text"]).split())


def test_text_is_the_body_and_nothing_else(
    sites: dict[str, RunningSite], demo_crawl: CrawlRun
) -> None:
    demo = sites["demo"]
    policy = comment_policy("Daily Meridian")
    records = _by_url(demo_crawl)
    for expected in demo.site.articles:
        text = str(records[demo.base_url + expected.path]["text"])
        assert text.split("\n\n") == list(expected.article.paragraphs), expected.note
        assert policy not in text
        for furniture in [*FURNITURE, *(comment.text for comment in CUP_TIE_COMMENTS)]:
            assert furniture not in text, (expected.note, furniture)
    assert "Morning Briefing" in NEWSLETTER_BOX  # the furniture checked above is really served


def test_seed_article_is_clean(sites: dict[str, RunningSite], demo_crawl: CrawlRun) -> None:
    (seed,) = [r for r in demo_crawl.records if r["title"] == SEED.title]
    assert seed["text"] == "\n\n".join(SEED.paragraphs)
    assert str(seed["text"]).count(SEED.title) == 0


def test_non_articles_and_bad_input_are_counted_not_exported(
    sites: dict[str, RunningSite], demo_crawl: CrawlRun
) -> None:
    demo = sites["demo"]
    exported = {str(record["source_url"]) for record in demo_crawl.records}
    fetched = set(demo.requests)
    for path in [*demo.site.non_articles, *demo.site.bad]:
        assert demo.base_url + path not in exported
    skipped = sum(
        v for k, v in demo_crawl.stats.items() if k.startswith("newsspider/pages/skipped/")
    )
    assert skipped >= 5 and demo_crawl.stat("pages/skipped/home") == 1
    for path, kind in demo.site.bad.items():
        if kind == "image":
            continue  # links to .jpg files are not followed at all
        assert path in fetched, path
        stat = {"http_404": "http_404", "http_500": "http_500", "empty": "empty",
                "not_html": "not_html", "redirect_loop": "redirect_loop"}[kind]  # fmt: skip
        assert demo_crawl.stat(f"bad_input/{stat}") >= 1, kind
        assert path.split("/")[-1] in demo_crawl.log


def test_discovery_routes_all_used(demo_crawl: CrawlRun) -> None:
    assert demo_crawl.stat("discovery/robots_sitemaps") == 1
    assert demo_crawl.stat("discovery/sitemap/sitemapindex") == 1
    assert demo_crawl.stat("discovery/sitemap/urlset") == 2
    assert demo_crawl.stat("discovery/feeds") == 1
    assert demo_crawl.stat("discovery/feed/urls") >= 1
    assert demo_crawl.stat("discovery/links") >= 1


def test_robots_rules_and_link_navigation(sites: dict[str, RunningSite], tmp_path: Path) -> None:
    site = sites["linksonly"]
    run = run_crawl(tmp_path, "-a", f"site={site.base_url}/")
    assert run.returncode == 0
    expected = {site.base_url + article.path for article in site.site.articles}
    assert set(_by_url(run)) == expected
    for path in site.site.disallowed:
        assert path not in site.requests
    assert run.stat("pages/skipped/robots_forbidden") >= 1


def test_usual_sitemap_path_and_atom_feed_with_two_sites_in_one_crawl(
    sites: dict[str, RunningSite], tmp_path: Path
) -> None:
    guess, links = sites["guess"], sites["linksonly"]
    run = run_crawl(tmp_path, "-a", f"site={guess.base_url}/,{links.base_url}/")
    assert run.returncode == 0
    expected = {s.base_url + a.path for s in (guess, links) for a in s.site.articles}
    assert set(_by_url(run)) == expected
    assert "/sitemap.xml" in guess.requests
    assert "/atom.xml" in guess.requests
    for record in run.records:
        validate_record(record)


def test_default_feed_writes_jsonl_under_output(
    sites: dict[str, RunningSite], tmp_path: Path
) -> None:
    site = sites["guess"]
    run = run_crawl(tmp_path, "-a", f"site={site.base_url}", output=None)
    assert run.returncode == 0
    (written,) = (tmp_path / "output").glob("news_*.jsonl")
    port = site.base_url.rsplit(":", 1)[1]
    assert written.name.startswith(f"news_127.0.0.1-{port}_")
    lines = written.read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(site.site.articles)
    assert all(json.loads(line)["site"] == f"127.0.0.1:{port}" for line in lines)


def test_sites_file_with_deny_and_boilerplate(
    sites: dict[str, RunningSite], tmp_path: Path
) -> None:
    site = sites["guess"]
    first = site.site.articles[0]
    phrase = first.article.paragraphs[-1][:40]
    sites_file = tmp_path / "sites.toml"
    sites_file.write_text(
        f'[[site]]\nurl = "{site.base_url}/"\ndeny = ["{first.path}"]\nboilerplate = ["{phrase}"]\n'
    )
    run = run_crawl(tmp_path, "-a", f"sites={sites_file}")
    assert run.returncode == 0
    assert site.base_url + first.path not in _by_url(run)
    assert len(run.records) == len(site.site.articles) - 1


def test_bad_argument_fails_fast_with_what_is_allowed(tmp_path: Path) -> None:
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "newsspider.settings"}
    command = [SCRAPY, "crawl", "news", "-a", "url=https://a.example/"]
    done = subprocess.run(
        command, check=False, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2
    assert "allowed: -a site=URL" in done.stderr


def test_extract_command_prints_one_record_per_page() -> None:
    pages = ROOT / "tests" / "fixtures" / "pages"
    files = [
        pages / "seed-headline-as-h2" / "input.html",
        pages / "not-article-about-page" / "input.html",
    ]
    command = [SCRAPY, "extract", *map(str, files)]
    done = subprocess.run(
        command, check=False, cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    (line,) = done.stdout.splitlines()
    record = json.loads(line)
    assert record["title"] == SEED.title
    assert record["text"] == "\n\n".join(SEED.paragraphs)
    assert "not-article-about-page/input.html: not an article" in done.stderr


def test_an_image_start_url_is_bad_input_not_a_crash(
    sites: dict[str, RunningSite], tmp_path: Path
) -> None:
    image = next(path for path, kind in sites["demo"].site.bad.items() if kind == "image")
    sites_file = tmp_path / "sites.toml"
    demo = sites["demo"].base_url
    sites_file.write_text(f'[[site]]\nurl = "{demo}/about/"\nstart_urls = ["{demo}{image}"]\n')
    run = run_crawl(tmp_path, "-a", f"sites={sites_file}", "-s", "NEWSSPIDER_LINK_DEPTH=0")
    assert run.returncode == 0
    assert run.stat("bad_input/not_html") == 1
    assert f"{demo}{image}" in run.log
    assert all(not str(r["source_url"]).endswith(image) for r in run.records)
