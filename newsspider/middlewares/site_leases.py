"""SiteLeases: per-site download leases in Redis, shared by every worker of a crawl."""

from __future__ import annotations

from typing import Any, NamedTuple

import redis.asyncio as aioredis

# One atomic step per attempt, on Redis's own clock (TIME), so that workers whose clocks
# disagree still share one limit and one delay. KEYS: the site's lease set (tokens scored by
# expiry, in ms) and its next-start time. ARGV: token, limit, delay ms, lease ms.
# Returns {1, 0} when the lease is granted, {0, -1} when all leases are taken, else {0, ms
# until the site's next start}.
_ACQUIRE = """
local leases, next_start = KEYS[1], KEYS[2]
local limit, delay = tonumber(ARGV[2]), tonumber(ARGV[3])
local lease = tonumber(ARGV[4])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', leases, '-inf', now)
if redis.call('ZCARD', leases) >= limit then
  return {0, -1}
end
local start = tonumber(redis.call('GET', next_start) or '0')
if start > now then
  return {0, start - now}
end
redis.call('ZADD', leases, string.format('%d', now + lease), ARGV[1])
-- The set outlives its longest lease, and nothing of an idle site stays behind.
if redis.call('PTTL', leases) < lease then
  redis.call('PEXPIRE', leases, lease)
end
if delay > 0 then
  redis.call('SET', next_start, string.format('%d', now + delay), 'PX', delay)
end
return {1, 0}
"""


def lease_keys(site: str) -> tuple[str, str]:
    """The Redis keys of a site's leases and next-start time (one hash slot, for a cluster)."""
    return f"newsspider:politeness:{{{site}}}:leases", f"newsspider:politeness:{{{site}}}:next"


class Attempt(NamedTuple):
    """One acquire's answer: granted, or why not (all leases taken, or the delay not over)."""

    granted: bool
    full: bool = False
    wait: float = 0.0  # seconds until the site's next start, when the delay is what holds


class SiteLeases:
    """Grants and returns per-site leases: at most `limit` at once, starts `delay` apart."""

    def __init__(self, client: aioredis.Redis) -> None:
        self.client = client
        self._acquire = client.register_script(_ACQUIRE)

    @classmethod
    def from_url(cls, url: str) -> SiteLeases:
        """Connect lazily (on first use, in the running event loop) to the Redis at url."""
        # Bounded, so that an unreachable Redis is an error to retry, not a request stuck in the
        # downloader; options in the URL's query win over these.
        return cls(aioredis.Redis.from_url(url, socket_connect_timeout=5, socket_timeout=5))

    async def acquire(
        self, site: str, token: str, *, limit: int, delay: float, lease: float
    ) -> Attempt:
        """Try once to take a lease for token, valid `lease` seconds unless released before."""
        result: Any = await self._acquire(
            keys=lease_keys(site), args=[token, max(limit, 1), _ms(delay), max(_ms(lease), 0)]
        )
        granted, wait_ms = int(result[0]), int(result[1])
        if granted:
            return Attempt(granted=True)
        return Attempt(granted=False, full=wait_ms < 0, wait=max(wait_ms, 0) / 1000)

    async def release(self, site: str, token: str) -> None:
        """Return token's lease (one ZREM; a lease already expired is no error)."""
        await self.client.zrem(lease_keys(site)[0], token)

    async def held(self, site: str) -> int:
        """How many leases of the site are held now, expired ones included until next acquire."""
        return int(await self.client.zcard(lease_keys(site)[0]))

    async def close(self) -> None:
        """Close the client's connections."""
        await self.client.aclose()


def _ms(seconds: float) -> int:
    return round(seconds * 1000)
