"""RedisFrontier: one shared crawl's request queue, seen-set and run in Redis (no Scrapy here).

The layout, under `{prefix}` (one crawl: the spider and its sites, see `crawl_key`):
- `{prefix}:run`: the current run's number; `{prefix}:runs` counts the runs started.
- `{prefix}:r{N}:meta`: a hash of run N: `started`, `ended` (ms, Redis time), `activity` (the
  last time a worker took, enqueued or worked on a request).
- `{prefix}:r{N}:q0`, `:q1`: streams of serialised requests, discovery (robots.txt, sitemaps,
  feeds) first, then pages; one consumer group, `workers`. Taking a request (XREADGROUP)
  leases it: it stays in the group's pending list, under the worker's name, until acknowledged.
- `{prefix}:r{N}:seen`: the fingerprints of every request enqueued in the run.
- `{prefix}:r{N}:alive:{worker}`: a worker's heartbeat, expiring after the lease timeout.
- `{prefix}:r{N}:workers`: every worker that joined the run.
- `{prefix}:r{N}:busy`: each worker's last word on whether it had requests to work on.
- `{prefix}:dead`: the dead-letter list (requests delivered too often), kept across runs.

Every step that must not be cut in two is one Lua script: enqueueing checks the seen-set and
adds to the stream at once (a worker killed in between can't lose a URL), acknowledging a
request happens in the same script as enqueueing what it led to, and a dead worker's leases
are moved to a live one (or to the dead-letter list) in one step.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

import redis.asyncio as aioredis

GROUP = "workers"
STREAMS = 2  # 0: discovery requests, 1: pages

# KEYS: none (the run's keys are derived from ARGV[1], the prefix; one Redis, no cluster).
_JOIN = """
local prefix = ARGV[1]
local t = redis.call('TIME')
local now = t[1] * 1000 + math.floor(t[2] / 1000)
local run = redis.call('GET', prefix .. ':run')
if run and not redis.call('HGET', prefix .. ':r' .. run .. ':meta', 'ended') then
  return {run, 0}
end
run = tostring(redis.call('INCR', prefix .. ':runs'))
redis.call('SET', prefix .. ':run', run)
local r = prefix .. ':r' .. run
redis.call('HSET', r .. ':meta', 'started', now, 'activity', now)
for i = 0, 1 do
  redis.call('XGROUP', 'CREATE', r .. ':q' .. i, 'workers', '0', 'MKSTREAM')
end
return {run, 1}
"""

# ARGV: run prefix, worker, lease ms, busy (0/1), idle ms.
# Heartbeat, then the run's state: 'ended', 'dead' (a dead worker holds leases: reclaim them),
# or 'busy'/'idle'. The run ends once nothing is queued, no dead worker holds a lease and no
# worker has been busy for idle ms.
_TICK = """
local r, me, lease, busy, idle = ARGV[1], ARGV[2], tonumber(ARGV[3]), ARGV[4], tonumber(ARGV[5])
local t = redis.call('TIME')
local now = t[1] * 1000 + math.floor(t[2] / 1000)
local meta = r .. ':meta'
if redis.call('HGET', meta, 'ended') then return {'ended'} end
redis.call('SET', r .. ':alive:' .. me, now, 'PX', lease)
redis.call('SADD', r .. ':workers', me)
redis.call('HSET', r .. ':busy', me, busy)
if busy == '1' then redis.call('HSET', meta, 'activity', now) end
local dead = {}
local queued = 0
local silent = false
for i = 0, 1 do
  local q = r .. ':q' .. i
  local pending = redis.call('XPENDING', q, 'workers')
  queued = queued + redis.call('XLEN', q) - pending[1]
  if pending[4] then
    for _, owner in ipairs(pending[4]) do
      local left = redis.call('PTTL', r .. ':alive:' .. owner[1])
      if left < 0 then
        table.insert(dead, owner[1])
      elseif left < lease - 2500 then
        -- Holds requests and has missed two heartbeats: maybe dead, not yet known to be.
        silent = true
      end
    end
  end
end
if #dead > 0 then return {'dead', unpack(dead)} end
if queued > 0 or busy == '1' or silent then return {'busy'} end
-- A live worker that last said it was busy keeps the run open, however long ago that was (a
-- paused machine): it ends only once that worker answers again or counts as dead.
local said = redis.call('HGETALL', r .. ':busy')
for i = 1, #said, 2 do
  if said[i + 1] == '1' and redis.call('EXISTS', r .. ':alive:' .. said[i]) == 1 then
    return {'busy'}
  end
end
local activity = tonumber(redis.call('HGET', meta, 'activity') or '0')
if now - activity < idle then return {'idle'} end
redis.call('HSET', meta, 'ended', now)
for _, suffix in ipairs({':meta', ':q0', ':q1', ':seen', ':workers', ':busy'}) do
  redis.call('EXPIRE', r .. suffix, 86400)
end
return {'ended'}
"""

# ARGV: run prefix, worker, n_new, then n_new triples (stream 0/1, fingerprint or '' to skip
# the seen-set, data), then (stream, id) pairs to acknowledge. New requests go in before the
# acknowledgements: a request is done only once what it led to is queued. A worker acknowledges
# only what it still holds: one taken for dead must not remove what another took over.
_ENQUEUE = """
local r, me, n = ARGV[1], ARGV[2], tonumber(ARGV[3])
local added, duplicates = 0, 0
local i = 4
for _ = 1, n do
  local q, fp, data = ARGV[i], ARGV[i + 1], ARGV[i + 2]
  i = i + 3
  if fp == '' or redis.call('SADD', r .. ':seen', fp) == 1 then
    redis.call('XADD', r .. ':q' .. q, '*', 'd', data)
    added = added + 1
  else
    duplicates = duplicates + 1
  end
end
local acked = 0
while i < #ARGV do
  local q, id = r .. ':q' .. ARGV[i], ARGV[i + 1]
  if #redis.call('XPENDING', q, 'workers', id, id, 1, me) > 0 then
    acked = acked + redis.call('XACK', q, 'workers', id)
    redis.call('XDEL', q, id)
  end
  i = i + 2
end
if added > 0 then
  local t = redis.call('TIME')
  redis.call('HSET', r .. ':meta', 'activity', t[1] * 1000 + math.floor(t[2] / 1000))
end
return {added, duplicates, acked}
"""

# ARGV: run prefix, worker, count. Discovery requests first.
_TAKE = """
local r, me, count = ARGV[1], ARGV[2], tonumber(ARGV[3])
local taken = {}
for i = 0, 1 do
  if #taken < count then
    local got = redis.call('XREADGROUP', 'GROUP', 'workers', me, 'COUNT', count - #taken,
                           'STREAMS', r .. ':q' .. i, '>')
    if got then
      for _, entry in ipairs(got[1][2]) do
        table.insert(taken, {tostring(i), entry[1], entry[2][2]})
      end
    end
  end
end
if #taken > 0 then
  local t = redis.call('TIME')
  redis.call('HSET', r .. ':meta', 'activity', t[1] * 1000 + math.floor(t[2] / 1000))
end
return taken
"""

# ARGV: run prefix, me, stream (0/1), after ('-' or '(' .. id), count -> {id, data} pairs of
# what this worker holds in that stream: a lease whose reply was lost (Redis stopping between
# the take and its answer) is in no buffer of the worker, and only this finds it again.
_HELD = """
local r, me, count = ARGV[1], ARGV[2], tonumber(ARGV[5])
local q = r .. ':q' .. ARGV[3]
local out = {}
for _, p in ipairs(redis.call('XPENDING', q, 'workers', ARGV[4], '+', count, me)) do
  local entry = redis.call('XRANGE', q, p[1], p[1])[1]
  table.insert(out, {p[1], entry and entry[2][2] or ''})
end
return out
"""
# Entries read per call of _HELD.
HELD_PAGE = 500

# ARGV: run prefix, dead worker, me, max deliveries, dead-letter key.
# Leases of a dead worker: delivered fewer than max times -> claimed by me (returned);
# otherwise -> the dead-letter list. The dead worker leaves the group once it holds nothing.
_RECLAIM = """
local r, dead, me, most, letters = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4]), ARGV[5]
if redis.call('EXISTS', r .. ':alive:' .. dead) == 1 then return {{}, {}} end
local claimed, buried = {}, {}
for i = 0, 1 do
  local q = r .. ':q' .. i
  local pending = redis.call('XPENDING', q, 'workers', '-', '+', 1000, dead)
  for _, p in ipairs(pending) do
    local id, deliveries = p[1], p[4]
    local entry = redis.call('XRANGE', q, id, id)[1]
    if entry == nil then
      redis.call('XACK', q, 'workers', id)
    elseif deliveries >= most then
      redis.call('RPUSH', letters, entry[2][2])
      redis.call('XACK', q, 'workers', id)
      redis.call('XDEL', q, id)
      table.insert(buried, {tostring(i), id, entry[2][2], deliveries})
    else
      redis.call('XCLAIM', q, 'workers', me, 0, id)
      table.insert(claimed, {tostring(i), id, entry[2][2]})
    end
  end
  if #redis.call('XPENDING', q, 'workers', '-', '+', 1, dead) == 0 then
    redis.call('XGROUP', 'DELCONSUMER', q, 'workers', dead)
  end
end
if #claimed > 0 then
  local t = redis.call('TIME')
  redis.call('HSET', r .. ':meta', 'activity', t[1] * 1000 + math.floor(t[2] / 1000))
end
return {claimed, buried}
"""


def crawl_key(spider_name: str, sites: Sequence[str]) -> str:
    """A short name for one crawl: workers started with the same spider and sites share it."""
    digest = hashlib.sha1("\n".join([spider_name, *sorted(sites)]).encode()).hexdigest()
    return f"{spider_name}-{digest[:12]}"


@dataclass(frozen=True, slots=True)
class Entry:
    """A request as it sits in a stream: which stream, its id there, its serialised form."""

    stream: int
    id: str
    data: bytes


@dataclass(frozen=True, slots=True)
class Outbox:
    """A request to enqueue: stream, fingerprint (None: not checked against the seen-set)."""

    stream: int
    fingerprint: bytes | None
    data: bytes


@dataclass(frozen=True, slots=True)
class Reclaimed:
    """What one dead worker held: entries now leased to this worker, and those given up."""

    claimed: list[Entry]
    buried: list[tuple[Entry, int]]


class RedisFrontier:
    """The shared crawl's Redis side: join a run, enqueue, take, acknowledge, reclaim, end."""

    def __init__(self, client: aioredis.Redis, prefix: str, worker: str) -> None:
        self.client = client
        self.prefix = prefix
        self.worker = worker
        self.run: str | None = None
        # Calls Redis answered: a worker tells from it whether Redis is back.
        self.answered = 0
        self._scripts = {
            name: client.register_script(source)
            for name, source in (
                ("join", _JOIN),
                ("tick", _TICK),
                ("enqueue", _ENQUEUE),
                ("take", _TAKE),
                ("reclaim", _RECLAIM),
                ("held", _HELD),
            )
        }

    @property
    def run_prefix(self) -> str:
        """The keys of the current run start with this."""
        return f"{self.prefix}:r{self.run}"

    @property
    def dead_letters(self) -> str:
        """The dead-letter list's key."""
        return f"{self.prefix}:dead"

    async def _call(self, name: str, *args: Any) -> Any:
        answer = await self._scripts[name](args=list(args))
        self.answered += 1
        return answer

    async def join(self) -> bool:
        """Join the run in progress, or start one; True when this worker started it."""
        run, started = await self._call("join", self.prefix)
        self.run = run.decode() if isinstance(run, bytes) else str(run)
        return bool(started)

    async def tick(self, *, lease_ms: int, busy: bool, idle_ms: int) -> tuple[str, list[str]]:
        """Heartbeat; the run's state ('ended', 'dead', 'busy', 'idle') and any dead workers."""
        answer = await self._call(
            "tick", self.run_prefix, self.worker, lease_ms, int(busy), idle_ms
        )
        words = [part.decode() for part in answer]
        return words[0], words[1:]

    async def enqueue(
        self, requests: Sequence[Outbox], acks: Sequence[tuple[int, str]]
    ) -> tuple[int, int, int]:
        """Queue new requests (seen-set checked), then acknowledge entries: (added, dups, acked)."""
        args: list[Any] = [self.run_prefix, self.worker, len(requests)]
        for request in requests:
            args += [request.stream, request.fingerprint or b"", request.data]
        for stream, entry_id in acks:
            args += [stream, entry_id]
        added, duplicates, acked = await self._call("enqueue", *args)
        return int(added), int(duplicates), int(acked)

    async def take(self, count: int) -> list[Entry]:
        """Lease up to `count` requests, discovery first."""
        rows = await self._call("take", self.run_prefix, self.worker, count)
        return [_entry(row) for row in rows]

    async def reclaim(self, dead: str, max_deliveries: int) -> Reclaimed:
        """Take over a dead worker's leases (those delivered too often go to the dead letters)."""
        claimed, buried = await self._call(
            "reclaim", self.run_prefix, dead, self.worker, max_deliveries, self.dead_letters
        )
        return Reclaimed(
            [_entry(row) for row in claimed],
            [(_entry(row[:3]), int(row[3])) for row in buried],
        )

    async def held(self) -> list[Entry]:
        """Every request this worker holds (leased, not acknowledged), as Redis counts them."""
        found: list[Entry] = []
        for stream in (0, 1):
            after = "-"
            while True:
                rows = await self._call("held", self.run_prefix, self.worker, stream, after,
                                        HELD_PAGE)  # fmt: skip
                found += [Entry(stream, _text(i), cast(bytes, data)) for i, data in rows if data]
                if len(rows) < HELD_PAGE:
                    break
                after = "(" + _text(rows[-1][0])
        return found

    async def uptime_s(self) -> int:
        """Seconds since the Redis server started."""
        info = await self.client.info("server")
        self.answered += 1
        return int(info["uptime_in_seconds"])

    async def leave(self) -> None:
        """This worker stops: its heartbeat goes, so others may take over what it still holds."""
        await self.client.delete(f"{self.run_prefix}:alive:{self.worker}")
        await self.client.hdel(f"{self.run_prefix}:busy", self.worker)


def _entry(row: Sequence[Any]) -> Entry:
    stream, entry_id, data = row[:3]
    return Entry(int(stream), _text(entry_id), cast(bytes, data))


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value
