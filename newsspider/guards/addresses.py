"""PrivateAddressMiddleware: never fetch from private, loopback, link-local or metadata IPs."""

from __future__ import annotations

import ipaddress
import logging
from functools import lru_cache
from urllib.parse import urljoin, urlsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Response
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.defer import Deferred
from twisted.internet.interfaces import IAddress, IHostResolution

logger = logging.getLogger(__name__)

# Where a request from a crawler on a server can reach what the public must not: the host
# itself, its network, and cloud metadata services (169.254.169.254, fd00:ec2::254).
PRIVATE_NETWORKS = tuple(
    ipaddress.ip_network(network)
    for network in (
        "0.0.0.0/8",  # "this host": connects to the local machine on Linux
        "10.0.0.0/8",
        "100.64.0.0/10",  # carrier-grade NAT; some clouds put metadata services here
        "127.0.0.0/8",
        "169.254.0.0/16",
        "172.16.0.0/12",
        "192.168.0.0/16",
        "::/128",
        "::1/128",
        "fc00::/7",
        "fe80::/10",
    )
)


# A crawl asks about the same few hosts and addresses several times for every request.
@lru_cache(maxsize=4096)
def is_private(address: str) -> bool:
    """True for an IP address in PRIVATE_NETWORKS (IPv4-mapped IPv6 included); False for junk."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])  # drop an IPv6 zone (fe80::1%eth0)
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return any(ip.version == net.version and ip in net for net in PRIVATE_NETWORKS)


class PrivateAddressRefused(IgnoreRequest):
    """A request (or a redirect) led to a private address; it was not fetched."""


class PrivateAddressMiddleware:
    """Refuse requests and redirects to private addresses, unless a crawled site is there.

    Hosts are resolved through the reactor's (caching) resolver, the one the download then
    uses, and the address actually connected to is checked again on the response, so a DNS
    answer that changes in between (rebinding) is caught. A redirect's target is checked on
    the 3xx response itself, before OffsiteMiddleware would drop it uncounted. Switch off with
    NEWSSPIDER_ADDRESSES_REFUSE_PRIVATE = False.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        # The private addresses the sites on the command line are at: allowed (an intranet
        # crawl, or the tests' fake sites on loopback). Resolved on the first request.
        self._allowed: frozenset[str] | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> PrivateAddressMiddleware:
        """Build it, unless NEWSSPIDER_ADDRESSES_REFUSE_PRIVATE is off."""
        if not crawler.settings.getbool("NEWSSPIDER_ADDRESSES_REFUSE_PRIVATE"):
            raise NotConfigured("NEWSSPIDER_ADDRESSES_REFUSE_PRIVATE is off")
        return cls(crawler)

    async def process_request(self, request: Request) -> None:
        """Raise PrivateAddressRefused when the request's host is at a private address."""
        await self._check_url(request.url, request)

    async def process_response(self, request: Request, response: Response) -> Response:
        """Check where the response came from, and where a redirect points to."""
        if self._allowed is None:
            self._allowed = await self._site_addresses()
        if response.ip_address is not None:
            self._check(str(response.ip_address), request.url, request)
        location = response.headers.get("Location")
        if 300 <= response.status < 400 and location:
            target = urljoin(response.url, location.decode("latin-1").strip())
            await self._check_url(target, request)
        return response

    async def _check_url(self, url: str, request: Request) -> None:
        try:
            host = urlsplit(url).hostname
        except ValueError:
            return  # not a URL any download could use
        if not host:
            return
        if self._allowed is None:
            self._allowed = await self._site_addresses()
        for address in await self._addresses(host):
            self._check(address, url, request)

    def _check(self, address: str, url: str, request: Request) -> None:
        if is_private(address) and address not in (self._allowed or ()):
            origin = request.meta.get("redirect_urls", [request.url])[0]
            via = f" (from {origin})" if origin != url else ""
            raise PrivateAddressRefused(f"{url} is at private address {address}{via}")

    async def _site_addresses(self) -> frozenset[str]:
        configs = getattr(self.crawler.spider, "site_configs", ())
        urls = [config.url for config in configs]
        allowed: set[str] = set()
        for url in urls:
            host = urlsplit(url).hostname
            if host:
                allowed.update(a for a in await self._addresses(host) if is_private(a))
        if allowed:
            logger.info("The crawled sites are at private addresses %s: allowed", sorted(allowed))
        return frozenset(allowed)

    async def _addresses(self, host: str) -> list[str]:
        if is_private(host) or _is_ip(host):
            return [host]
        return await maybe_deferred_to_future(resolve(host))


@lru_cache(maxsize=4096)
def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return False
    return True


def resolve(host: str) -> Deferred[list[str]]:
    """All addresses of host from the reactor's resolver ([] if it cannot be resolved)."""
    # Imported here: importing it at module level would install a reactor before Scrapy does.
    from twisted.internet import reactor  # noqa: PLC0415

    done: Deferred[list[str]] = Deferred()
    found: list[str] = []

    class Receiver:  # an IResolutionReceiver (Twisted only calls its methods)
        def resolutionBegan(self, resolution: IHostResolution) -> None:
            """Nothing to do until addresses arrive."""

        def addressResolved(self, address: IAddress) -> None:
            """Collect one address."""
            found.append(str(getattr(address, "host", "")))

        def resolutionComplete(self) -> None:
            """Hand over what was found."""
            done.callback(found)

    reactor.nameResolver.resolveHostName(Receiver(), host, 0)
    return done
