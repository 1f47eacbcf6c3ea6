"""Spider arguments and the sites file: good input is accepted, bad input is explained."""

from __future__ import annotations

from pathlib import Path

import pytest
from scrapy.exceptions import UsageError

from newsspider.sites import resolve_sites
from newsspider.spiders.news import NewsSpider


def test_site_list_is_split_and_deduplicated() -> None:
    sites = resolve_sites("https://www.a.example, https://b.example/,https://a.example/", None)
    assert [site.key for site in sites] == ["a.example", "b.example"]
    assert sites[0].url == "https://www.a.example/"


def test_site_owns_its_hosts_only() -> None:
    (site,) = resolve_sites("https://www.a.example/", None)
    assert site.owns("https://a.example/x")
    assert site.owns("http://www.a.example/y")
    assert not site.owns("https://cdn.a.example/z")
    assert not site.owns("https://b.example/")


def test_sites_file(tmp_path: Path) -> None:
    path = tmp_path / "sites.toml"
    path.write_text(
        '[[site]]\nurl = "https://www.a.example/"\nstart_urls = ["/world/"]\n'
        'deny = ["/video/"]\nallow = ["/20[0-9]{2}/"]\nboilerplate = ["Morning Brief"]\n'
        'boilerplate_selectors = [".promo", "aside.newsletter"]\n'
        '[[site]]\nurl = "https://b.example/"\nfeeds = ["https://b.example/rss"]\n'
    )
    first, second = resolve_sites(None, str(path))
    assert first.start_urls == ("https://www.a.example/world/",)
    assert not first.may_request("https://a.example/video/2024/x")
    assert first.may_export("https://a.example/2024/x") and not first.may_export(
        "https://a.example/x"
    )
    assert first.boilerplate == ("Morning Brief",)
    assert first.boilerplate_selectors == (".promo", "aside.newsletter")
    assert second.feeds == ("https://b.example/rss",)


@pytest.mark.parametrize(
    ("site", "content", "message"),
    [
        (None, None, "-a site=https://"),
        ("ftp://a.example/", None, "not an http(s) URL"),
        (None, '[[site]]\nurl = "https://a.example/"\nfeed = []\n', "allowed: url, start_urls"),
        (None, '[[site]]\nstart_urls = ["/x"]\n', "'url'"),
        (None, "[[site]\n", "not valid TOML"),
        (None, 'url = "https://a.example/"\n', "[[site]]"),
        (None, '[[site]]\nurl = "https://a.example/"\ndeny = ["("]\n', "invalid regular"),
        (
            None,
            '[[site]]\nurl = "https://a.example/"\nboilerplate_selectors = ["div[x"]\n',
            "invalid CSS selector 'div[x'",
        ),
    ],
)
def test_bad_arguments_say_what_is_allowed(
    tmp_path: Path, site: str | None, content: str | None, message: str
) -> None:
    sites = None
    if content is not None:
        sites = str(tmp_path / "sites.toml")
        Path(sites).write_text(content)
    with pytest.raises(UsageError, match=None) as error:
        resolve_sites(site, sites)
    assert message in str(error.value)


def test_missing_sites_file() -> None:
    with pytest.raises(UsageError, match="cannot read"):
        resolve_sites(None, "/nonexistent/sites.toml")


def test_unknown_spider_argument() -> None:
    with pytest.raises(UsageError, match="allowed: -a site="):
        NewsSpider.validate_arguments(site="https://a.example/", sitemap="x")
    assert NewsSpider.validate_arguments(site="https://a.example/", _job="123")
