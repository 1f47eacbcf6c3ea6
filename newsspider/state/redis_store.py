"""RedisStateStore: the StateStore in Redis, shared by the workers of a crawl on many machines.

Keys (all under the prefix, `newsspider:` by default; the database is the URL's):

    meta                hash: `lsh`, the MinHash LSH parameters (JSON), set once
    ids, run_ids        counters: article ids, run ids (never handed out twice)
    a:<url>             hash: an exported article (id, site, hash, sig, bands, rev, exp)
    urls                hash: article id -> canonical URL
    h:<content hash>    set of article ids with this text
    b:<8-byte band key> set of article ids in this LSH bucket (the near-duplicate index)
    f:<url>             hash: a fetched URL (aid: the article it led to, site, at)
    af:<id>             set of the fetched URLs that led to an article
    seen:a, seen:f      sorted sets: article ids / fetched URLs by when a crawl last saw them
    sa:<site>, sf:<site> sorted sets: a site's article ids by export time, URLs by fetch time
    sites               set of sites that had articles or fetches
    kv:<namespace>      hash: key -> JSON value; kvns: the namespaces; kvt: "ns\\0key" by time
    runs                hash: run id -> {host, pid, began} of the runs (processes) open now
    alive:<run>         a run's heartbeat, expiring after `heartbeat_s`: gone = the run is dead
    pending:<run>       hash: article id -> what it was before the run ("" for a new one)
    renames             hash: partial feed file -> {final, size, run, host}
    tx:<uuid>           set by each atomic decision's transaction, for a few minutes: after a
                        lost answer, whether the transaction ran (see `atomically`)

Every write is one Lua script (one round trip, atomic); reads are one command or script.

Atomic check-then-record (`atomically`): optimistic, with WATCH/MULTI/EXEC. Inside fn, each
read first WATCHes the keys it reads (an article's key, the content hash's set, the LSH band
sets, a fetched URL's key), the writes are queued and sent as one MULTI/EXEC at the end. When
another process changed a watched key in between, EXEC does nothing and the whole fn runs
again, now seeing the other's export. So two workers deciding one story at once never both
export it, with no lock: a worker killed mid-decision holds nothing that blocks the others,
and unrelated decisions (different URLs, hashes and bands) never wait for each other. A lock
with expiry was the other way: it would serialise the fleet's decisions and need a fencing
check for a holder that stalled past its expiry.

Runs: a run is one process (a worker of a shared crawl). `open_run` registers it with a
heartbeat key that a daemon thread refreshes every `heartbeat_s / 3`; a run whose key expired
is dead, and `undo_dead_runs` (called by `open_run`, and by the fleet before it takes over a
dead worker's requests) undoes what it left pending, as SQLite's store does for a killed crawl.
Right after a Redis restart every heartbeat may have expired while Redis was down, so dead
runs are only looked for once Redis has been up for two heartbeats (the live workers' threads
have set theirs again by then).

Redis unreachable: every call is retried until `timeout_s` (NEWSSPIDER_REDIS_TIMEOUT) has
passed, then StateUnavailableError names the URL and the setting. Scripts are loaded again
after a restart (EVALSHA, then SCRIPT LOAD on NOSCRIPT; EVAL inside MULTI, where a NOSCRIPT
would leave the transaction half applied). Not for Redis Cluster: scripts build key names.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any, TypeVar
from urllib.parse import urlsplit, urlunsplit

import redis
from redis.backoff import NoBackoff
from redis.client import Pipeline
from redis.exceptions import NoScriptError, WatchError
from redis.retry import Retry

from newsspider.settings import NEWSSPIDER_REDIS_TIMEOUT
from newsspider.state.lsh import LshParams
from newsspider.state.store import (
    ExportedArticle,
    FileRename,
    Forgotten,
    KnownFetch,
    SiteState,
    StateMismatchError,
    StateUnavailableError,
    StoredArticle,
    StoredEntry,
    StoredFetch,
    StoredRecord,
)

T = TypeVar("T")
logger = logging.getLogger(__name__)
DEFAULT_PREFIX = "newsspider:"
DEFAULT_HEARTBEAT_S = 5.0
# Rows per script call where a call could touch unboundedly many (expiry, copies): Redis runs
# one script at a time, so a million-row script would stall every worker.
_BATCH = 1000
# Client errors that mean "Redis is not answering now" (BusyLoadingError, a restart reading
# its AOF, is a ConnectionError): retried until the timeout.
_UNREACHABLE = (redis.ConnectionError, redis.TimeoutError)

# --- Lua ------------------------------------------------------------------------------------
# ARGV[1] is always the key prefix. Band keys travel as 8-byte strings, concatenated.
# The error a write of a run taken for dead gets (a Redis error's first word is its code).
_TAKEN_FOR_DEAD = "TAKENFORDEAD"
_BASE = f"""
local P = ARGV[1]
local TAKEN_FOR_DEAD = '{_TAKEN_FOR_DEAD} run '
local function unindex(id, bands)
  if not bands then return end
  for i = 1, #bands, 8 do redis.call('SREM', P .. 'b:' .. string.sub(bands, i, i + 7), id) end
end
local function index(id, bands)
  for i = 1, #bands, 8 do redis.call('SADD', P .. 'b:' .. string.sub(bands, i, i + 7), id) end
end
"""
_FORGET = """
local function forget_fetch(url)
  redis.call('ZREM', P .. 'seen:f', url)
  local f = P .. 'f:' .. url
  local v = redis.call('HMGET', f, 'aid', 'site')
  if not v[1] then return 0 end
  redis.call('DEL', f)
  redis.call('SREM', P .. 'af:' .. v[1], url)
  redis.call('ZREM', P .. 'sf:' .. v[2], url)
  return 1
end
-- Forget an article and its index entries; with_fetches: the URLs that led to it too.
-- Returns 1 if it existed, and how many fetched URLs went with it.
local function forget_article(id, with_fetches)
  redis.call('ZREM', P .. 'seen:a', id)
  local url = redis.call('HGET', P .. 'urls', id)
  if not url then return 0, 0 end
  local a = P .. 'a:' .. url
  local v = redis.call('HMGET', a, 'site', 'hash', 'bands')
  unindex(id, v[3])
  if v[2] then redis.call('SREM', P .. 'h:' .. v[2], id) end
  if v[1] then redis.call('ZREM', P .. 'sa:' .. v[1], id) end
  redis.call('HDEL', P .. 'urls', id)
  redis.call('DEL', a)
  local fetches = 0
  local af = P .. 'af:' .. id
  if with_fetches then
    for _, furl in ipairs(redis.call('SMEMBERS', af)) do fetches = fetches + forget_fetch(furl) end
  end
  redis.call('DEL', af)
  return 1, fetches
end
"""
_UNDO = """
-- Undo the pending exports of these runs (latest run first: where two runs saved one article,
-- the earliest state is restored) and remove the runs. Returns how many were undone.
local function undo(runs)
  table.sort(runs, function(x, y) return tonumber(x) > tonumber(y) end)
  local undone = 0
  for _, run in ipairs(runs) do
    local info = redis.call('HGET', P .. 'runs', run)
    local began = 0
    if info then began = tonumber(cjson.decode(info).began) or 0 end
    local pk = P .. 'pending:' .. run
    local pend = redis.call('HGETALL', pk)
    for j = 1, #pend, 2 do
      local id, prev = pend[j], pend[j + 1]
      local url = redis.call('HGET', P .. 'urls', id)
      if url then  -- else forgotten meanwhile
        undone = undone + 1
        if prev == '' then  -- new in that run: forget it and every URL that led to it
          forget_article(id, true)
        else  -- a revision: back to the one before; the page's fetches since the run began
              -- are forgotten, so that the next run fetches the page and its new text again
          local a = P .. 'a:' .. url
          local cur = redis.call('HMGET', a, 'hash', 'bands', 'site')
          unindex(id, cur[2])
          if cur[1] then redis.call('SREM', P .. 'h:' .. cur[1], id) end
          local hash, sig, bands, rev, exp = cmsgpack.unpack(prev)
          redis.call('HSET', a, 'hash', hash, 'sig', sig, 'bands', bands, 'rev', rev, 'exp', exp)
          redis.call('SADD', P .. 'h:' .. hash, id)
          index(id, bands)
          redis.call('ZADD', P .. 'sa:' .. cur[3], exp, id)
          for _, furl in ipairs(redis.call('SMEMBERS', P .. 'af:' .. id)) do
            local at = redis.call('HGET', P .. 'f:' .. furl, 'at')
            if at and tonumber(at) >= began then forget_fetch(furl) end
          end
        end
      end
    end
    redis.call('DEL', pk, P .. 'alive:' .. run)
    redis.call('HDEL', P .. 'runs', run)
  end
  return undone
end
"""
_SCRIPTS: dict[str, str] = {
    # ARGV: P, url, site, hash, sig, bands, rev, exp, seen, run ('' outside a run)
    "save": _BASE
    + """
-- A run taken for dead was undone: an export it recorded now would never be undone, and the
-- others' redo of its page would be dropped as a duplicate of a record in no complete file.
if ARGV[10] ~= '' and redis.call('HEXISTS', P .. 'runs', ARGV[10]) == 0 then
  return redis.error_reply(TAKEN_FOR_DEAD .. ARGV[10])
end
local url, site, hash = ARGV[2], ARGV[3], ARGV[4]
local a = P .. 'a:' .. url
local old = redis.call('HMGET', a, 'id', 'hash', 'sig', 'bands', 'rev', 'exp', 'site')
local id = old[1]
if not id then
  id = tostring(redis.call('INCR', P .. 'ids'))
  redis.call('HSET', P .. 'urls', id, url)
else
  unindex(id, old[4])
  redis.call('SREM', P .. 'h:' .. old[2], id)
  redis.call('ZREM', P .. 'sa:' .. old[7], id)
end
redis.call('HSET', a, 'id', id, 'site', site, 'hash', hash, 'sig', ARGV[5], 'bands', ARGV[6],
           'rev', ARGV[7], 'exp', ARGV[8])
redis.call('SADD', P .. 'h:' .. hash, id)
index(id, ARGV[6])
redis.call('ZADD', P .. 'seen:a', ARGV[9], id)
redis.call('ZADD', P .. 'sa:' .. site, ARGV[8], id)
redis.call('SADD', P .. 'sites', site)
if ARGV[10] ~= '' then
  local pk = P .. 'pending:' .. ARGV[10]
  -- A second save in one run keeps what the article was before the run.
  if redis.call('HEXISTS', pk, id) == 0 then
    local prev = ''
    if old[1] then prev = cmsgpack.pack(old[2], old[3], old[4], old[5], old[6]) end
    redis.call('HSET', pk, id, prev)
  end
end
""",
    # ARGV: P, resolved, site, fetched_at, seen_at, touch the article (1/0), urls...
    "record_fetch": _BASE
    + """
local id = redis.call('HGET', P .. 'a:' .. ARGV[2], 'id')
if not id then return 0 end  -- forgotten meanwhile: nothing to point at
for i = 7, #ARGV do
  local url = ARGV[i]
  local f = P .. 'f:' .. url
  local prev = redis.call('HMGET', f, 'aid', 'site')
  local site = prev[2] or ARGV[3]  -- a known URL keeps its site, as in SQLite
  if prev[1] and prev[1] ~= id then redis.call('SREM', P .. 'af:' .. prev[1], url) end
  redis.call('HSET', f, 'aid', id, 'site', site, 'at', ARGV[4])
  redis.call('SADD', P .. 'af:' .. id, url)
  redis.call('ZADD', P .. 'seen:f', ARGV[5], url)
  redis.call('ZADD', P .. 'sf:' .. site, ARGV[4], url)
  redis.call('SADD', P .. 'sites', site)
end
if ARGV[6] == '1' then redis.call('ZADD', P .. 'seen:a', ARGV[5], id) end
return 1
""",
    # ARGV: P, when, urls...
    "touch": _BASE
    + """
for i = 3, #ARGV do
  local aid = redis.call('HGET', P .. 'f:' .. ARGV[i], 'aid')
  if aid then
    redis.call('ZADD', P .. 'seen:f', ARGV[2], ARGV[i])
    if redis.call('HEXISTS', P .. 'urls', aid) == 1 then
      redis.call('ZADD', P .. 'seen:a', ARGV[2], aid)
    end
  end
end
""",
    # ARGV: P, url... -> resolved URL and fetched_at of each, '' and 0 for one not known
    "known_fetches": _BASE
    + """
local out = {}
for i = 2, #ARGV do
  local v = redis.call('HMGET', P .. 'f:' .. ARGV[i], 'aid', 'at')
  local url = v[1] and redis.call('HGET', P .. 'urls', v[1])
  if url then
    out[#out + 1] = url
    out[#out + 1] = v[2]
  else
    out[#out + 1] = ''
    out[#out + 1] = 0
  end
end
return out
""",
    # ARGV: P, hash -> the URL of the earliest article with this text, or nil
    "by_hash": _BASE
    + """
local ids = redis.call('SMEMBERS', P .. 'h:' .. ARGV[2])
if #ids == 0 then return nil end
table.sort(ids, function(x, y) return tonumber(x) < tonumber(y) end)
return redis.call('HGET', P .. 'urls', ids[1])
""",
    # ARGV: P, limit, bands -> {url, sig, url, sig, ...}
    "similar": _BASE
    + """
local keys = {}
for i = 1, #ARGV[3], 8 do keys[#keys + 1] = P .. 'b:' .. string.sub(ARGV[3], i, i + 7) end
local ids = redis.call('SUNION', unpack(keys))
local out = {}
for i = 1, math.min(#ids, tonumber(ARGV[2])) do
  local url = redis.call('HGET', P .. 'urls', ids[i])
  if url then
    out[#out + 1] = url
    out[#out + 1] = redis.call('HGET', P .. 'a:' .. url, 'sig')
  end
end
return out
""",
    # ARGV: P, namespace, key, JSON value, updated_at
    "put": _BASE
    + """
redis.call('HSET', P .. 'kv:' .. ARGV[2], ARGV[3], ARGV[4])
redis.call('ZADD', P .. 'kvt', ARGV[5], ARGV[2] .. '\\0' .. ARGV[3])
redis.call('SADD', P .. 'kvns', ARGV[2])
""",
    # ARGV: P, namespace, key
    "delete": _BASE
    + """
redis.call('HDEL', P .. 'kv:' .. ARGV[2], ARGV[3])
redis.call('ZREM', P .. 'kvt', ARGV[2] .. '\\0' .. ARGV[3])
""",
    # ARGV: P, run info (JSON), heartbeat ms -> the run id
    "open_run": _BASE
    + """
local run = redis.call('INCR', P .. 'run_ids')
redis.call('HSET', P .. 'runs', run, ARGV[2])
redis.call('SET', P .. 'alive:' .. run, '1', 'PX', ARGV[3])
return run
""",
    # ARGV: P, run, heartbeat ms -> 1, or 0 when the run was declared dead and undone
    "beat": _BASE
    + """
if redis.call('HEXISTS', P .. 'runs', ARGV[2]) == 0 then return 0 end
redis.call('SET', P .. 'alive:' .. ARGV[2], '1', 'PX', ARGV[3])
return 1
""",
    # ARGV: P, run, partial ('' for none), rename (JSON), urls...
    "confirm": _BASE
    + """
-- A run taken for dead was undone: what it holds is redone by others, so its files must not
-- become final (the error stops their rename).
if redis.call('HEXISTS', P .. 'runs', ARGV[2]) == 0 then
  return redis.error_reply(TAKEN_FOR_DEAD .. ARGV[2])
end
local pk = P .. 'pending:' .. ARGV[2]
for i = 5, #ARGV do
  local id = redis.call('HGET', P .. 'a:' .. ARGV[i], 'id')
  if id then redis.call('HDEL', pk, id) end
end
if ARGV[3] ~= '' then redis.call('HSET', P .. 'renames', ARGV[3], ARGV[4]) end
""",
    # ARGV: P -> {partial, rename JSON, ...} of runs no longer open
    "ended_renames": _BASE
    + """
local out = {}
local all = redis.call('HGETALL', P .. 'renames')
for i = 1, #all, 2 do
  local run = tostring(cjson.decode(all[i + 1]).run)
  if redis.call('HEXISTS', P .. 'runs', run) == 0 then
    out[#out + 1] = all[i]
    out[#out + 1] = all[i + 1]
  end
end
return out
""",
    # ARGV: P, runs... -> undone
    "undo": _BASE
    + _FORGET
    + _UNDO
    + """
local runs = {}
for i = 2, #ARGV do runs[#runs + 1] = ARGV[i] end
return undo(runs)
""",
    # ARGV: P, own run ('' for none) -> undone
    "undo_dead": _BASE
    + _FORGET
    + _UNDO
    + """
local dead = {}
for _, run in ipairs(redis.call('HKEYS', P .. 'runs')) do
  if run ~= ARGV[2] and redis.call('EXISTS', P .. 'alive:' .. run) == 0 then
    dead[#dead + 1] = run
  end
end
return undo(dead)
""",
    # ARGV: P, before, batch -> {articles, fetches, entries, more (1/0)}
    "expire": _BASE
    + _FORGET
    + """
local before, batch = '(' .. ARGV[2], tonumber(ARGV[3])
local ids = redis.call('ZRANGEBYSCORE', P .. 'seen:a', '-inf', before, 'LIMIT', 0, batch)
local articles = 0
for _, id in ipairs(ids) do articles = articles + forget_article(id, false) end
local urls = redis.call('ZRANGEBYSCORE', P .. 'seen:f', '-inf', before, 'LIMIT', 0, batch)
local fetches = 0
for _, url in ipairs(urls) do fetches = fetches + forget_fetch(url) end
local entries = redis.call('ZRANGEBYSCORE', P .. 'kvt', '-inf', before, 'LIMIT', 0, batch)
for _, entry in ipairs(entries) do
  local cut = string.find(entry, '\\0', 1, true)
  redis.call('HDEL', P .. 'kv:' .. string.sub(entry, 1, cut - 1), string.sub(entry, cut + 1))
  redis.call('ZREM', P .. 'kvt', entry)
end
local more = 0
if #ids == batch or #urls == batch or #entries == batch then more = 1 end
return {articles, fetches, #entries, more}
""",
    # ARGV: P -> the sites with articles or fetches (others are dropped from the set)
    "sites": _BASE
    + """
local out = {}
for _, site in ipairs(redis.call('SMEMBERS', P .. 'sites')) do
  if redis.call('ZCARD', P .. 'sa:' .. site) + redis.call('ZCARD', P .. 'sf:' .. site) > 0 then
    out[#out + 1] = site
  else
    redis.call('SREM', P .. 'sites', site)
  end
end
return out
""",
    # ARGV: P, site, recent -> {articles, last export or '', fetches, last fetch or '', urls...}
    "site_state": _BASE
    + """
local sa, sf = P .. 'sa:' .. ARGV[2], P .. 'sf:' .. ARGV[2]
local function last(key)
  local top = redis.call('ZREVRANGE', key, 0, 0, 'WITHSCORES')
  if #top == 0 then return '' end
  return top[2]
end
local out = {redis.call('ZCARD', sa), last(sa), redis.call('ZCARD', sf), last(sf)}
local recent = tonumber(ARGV[3])
if recent > 0 then
  -- Latest first; among exports of one second, the latest saved first (as SQLite's ids).
  local top = redis.call('ZREVRANGE', sa, recent - 1, recent - 1, 'WITHSCORES')
  local floor = top[2] or '-inf'
  local ids = redis.call('ZREVRANGEBYSCORE', sa, '+inf', floor, 'WITHSCORES')
  local rows = {}
  for i = 1, #ids, 2 do rows[#rows + 1] = {tonumber(ids[i + 1]), tonumber(ids[i])} end
  table.sort(rows, function(x, y) return x[1] > y[1] or (x[1] == y[1] and x[2] > y[2]) end)
  for i = 1, math.min(#rows, recent) do
    out[#out + 1] = redis.call('HGET', P .. 'urls', tostring(rows[i][2]))
  end
end
return out
""",
    # ARGV: P, site -> {articles, fetches, entries}
    "forget_site": _BASE
    + _FORGET
    + """
local site = ARGV[2]
local articles = 0
for _, id in ipairs(redis.call('ZRANGE', P .. 'sa:' .. site, 0, -1)) do
  articles = articles + forget_article(id, false)
end
local fetches = 0
for _, url in ipairs(redis.call('ZRANGE', P .. 'sf:' .. site, 0, -1)) do
  fetches = fetches + forget_fetch(url)
end
local entries = 0
for _, ns in ipairs(redis.call('SMEMBERS', P .. 'kvns')) do
  entries = entries + redis.call('HDEL', P .. 'kv:' .. ns, site)
  redis.call('ZREM', P .. 'kvt', ns .. '\\0' .. site)
end
redis.call('DEL', P .. 'sa:' .. site, P .. 'sf:' .. site)
redis.call('SREM', P .. 'sites', site)
return {articles, fetches, entries}
""",
    # ARGV: P, url -> {articles, fetches}
    "forget_url": _BASE
    + _FORGET
    + """
local fetches = forget_fetch(ARGV[2])
local id = redis.call('HGET', P .. 'a:' .. ARGV[2], 'id')
if not id then return {0, fetches} end
local articles, more = forget_article(id, true)
return {articles, fetches + more}
""",
}


@dataclass
class _Transaction:
    """An `atomically` in progress: its WATCHing pipeline, watched keys and queued writes."""

    pipe: Pipeline
    watched: set[bytes] = field(default_factory=set)
    writes: list[tuple[str, tuple[str | bytes | int | float, ...]]] = field(default_factory=list)


class RedisStateStore:
    """StateStore in Redis: atomic decisions across processes, runs kept alive by heartbeats."""

    over_network = True

    def __init__(
        self,
        url: str,
        *,
        lsh: LshParams | None = None,
        prefix: str = DEFAULT_PREFIX,
        heartbeat_s: float = DEFAULT_HEARTBEAT_S,
        timeout_s: float = NEWSSPIDER_REDIS_TIMEOUT,
    ) -> None:
        self.url = url
        self.shown_url = without_password(url)
        self.heartbeat_s = heartbeat_s
        self.timeout_s = timeout_s
        # How many times a decision ran again because another process wrote what it read.
        self.conflicts = 0
        # When the calls started failing (monotonic clock); None while Redis answers.
        self._down_since: float | None = None
        # Our own retries (below), not redis-py's, so the whole wait is bounded by timeout_s.
        self._client: redis.Redis = redis.Redis.from_url(
            url,
            socket_timeout=max(1.0, min(timeout_s, 10.0)),
            socket_connect_timeout=max(1.0, min(timeout_s, 5.0)),
            retry=Retry(NoBackoff(), 0),
        )
        self._prefix = prefix
        self._p = prefix.encode()
        self._shas: dict[str, str] = {}
        # The `atomically` in progress is per thread: the crawl decides on a thread of its own
        # while other calls (a heartbeat, a confirmation) come from other threads.
        self._local = threading.local()
        self._run: int | None = None
        self._heartbeat: _Heartbeat | None = None
        self.lsh = self._call(lambda: self._check_lsh(lsh))

    def _check_lsh(self, wanted: LshParams | None) -> LshParams | None:
        meta = self._key(b"meta")
        if wanted is not None:
            self._client.hsetnx(meta, "lsh", json.dumps(wanted.as_dict()))
        raw = self._client.hget(meta, "lsh")
        stored = LshParams(**json.loads(raw)) if raw else None
        if stored is not None and wanted is not None and stored != wanted:
            raise StateMismatchError(
                f"the state at {self.shown_url} indexes MinHash signatures as "
                f"{stored.as_dict()}, this crawl's settings give {wanted.as_dict()}; keep "
                "NEWSSPIDER_DEDUPE_NUM_PERM and NEWSSPIDER_DEDUPE_NEAR_THRESHOLD as they were, "
                "or use a new NEWSSPIDER_STATE"
            )
        return stored

    # --- plumbing: retries, scripts, reads and writes inside and outside atomically() ------

    @property
    def _tx(self) -> _Transaction | None:
        """This thread's `atomically` in progress, if any."""
        tx: _Transaction | None = getattr(self._local, "tx", None)
        return tx

    @_tx.setter
    def _tx(self, tx: _Transaction | None) -> None:
        self._local.tx = tx

    def _key(self, *parts: bytes | str) -> bytes:
        return self._p + b"".join(p.encode() if isinstance(p, str) else p for p in parts)

    def _call(self, fn: Callable[[], T]) -> T:
        """fn, retried while Redis is unreachable, until timeout_s has passed."""
        deadline: float | None = None
        delay = 0.05
        while True:
            try:
                result = fn()
            except _UNREACHABLE as error:
                deadline = self._wait(error, deadline, delay)
                delay = min(delay * 2, 1.0)
            else:
                self._down_since = None
                return result

    def _wait(self, error: Exception, deadline: float | None, delay: float) -> float:
        """Sleep before a retry; raise StateUnavailableError once the deadline has passed."""
        now = time.monotonic()
        if deadline is None:
            if self._down_since is None:
                logger.warning(
                    "State: Redis at %s unreachable (%s); retrying", self.shown_url, error
                )
                self._down_since = now
            # Counted from the first failure of any call since the last success: once Redis has
            # been away that long, each further call fails at once instead of waiting again.
            deadline = self._down_since + self.timeout_s
        if now >= deadline:
            raise StateUnavailableError(
                f"the state's Redis at {self.shown_url} did not answer for {self.timeout_s:g} s "
                f"(NEWSSPIDER_REDIS_TIMEOUT): {error}"
            ) from error
        time.sleep(min(delay, deadline - now))
        return deadline

    def _script(self, name: str, *args: Any, client: Any = None) -> Any:
        """Run a script by its SHA1, loading it first where Redis does not have it (restart)."""
        target = self._client if client is None else client
        sha = self._shas.get(name)
        if sha is not None:
            try:
                return target.evalsha(sha, 0, self._prefix, *args)
            except NoScriptError:
                pass
        self._shas[name] = sha = str(target.script_load(_SCRIPTS[name]))
        return target.evalsha(sha, 0, self._prefix, *args)

    def _read(self, watch: Sequence[bytes], read: Callable[[Any], T]) -> T:
        """read(client); inside atomically(), after WATCHing the keys it reads."""
        tx = self._tx
        if tx is None:
            return self._call(lambda: read(self._client))
        if tx.writes:
            raise RuntimeError("atomically(): every read must come before the first write")
        new = [key for key in watch if key not in tx.watched]
        if new:
            tx.pipe.watch(*new)  # type: ignore[no-untyped-call]
            tx.watched.update(new)
        return read(tx.pipe)

    def _write(self, name: str, *args: str | bytes | int | float) -> Any:
        """Run a write script; inside atomically(), queue it for the transaction's EXEC."""
        if self._tx is not None:
            self._tx.writes.append((name, args))
            return None
        with _refused_when_taken_for_dead():
            return self._call(lambda: self._script(name, *args))

    def atomically(self, fn: Callable[[], T]) -> T:
        """fn's reads WATCHed, its writes in one MULTI/EXEC; all of fn again on a conflict."""
        if self._tx is not None:  # already inside: join it
            return fn()
        deadline: float | None = None
        delay = 0.05
        # Set by the transaction itself: an EXEC whose answer was lost (Redis stopped, the
        # connection broke) is known to have run, and fn is not run again: it would read its
        # own writes (an export it decided would look like a duplicate of itself).
        mark = self._key("tx:", uuid.uuid4().hex)
        sent: tuple[T] | None = None  # fn's result, once its EXEC was sent
        while True:
            pipe = self._client.pipeline(transaction=True)
            self._tx = tx = _Transaction(pipe)
            try:
                if sent is not None and self._client.exists(mark):
                    self._down_since = None
                    return sent[0]
                sent = None
                result = fn()
                if tx.writes:
                    pipe.multi()
                    for name, args in tx.writes:
                        pipe.eval(_SCRIPTS[name], 0, self._prefix, *args)
                    pipe.set(mark, 1, px=int((2 * self.timeout_s + 60) * 1000))
                    sent = (result,)
                    with _refused_when_taken_for_dead():
                        pipe.execute()
                self._down_since = None
                return result
            except WatchError:
                # A conflict (EXEC ran nothing, the mark is not set), or a connection lost
                # while keys were watched (redis-py reports that as a WatchError too).
                self.conflicts += 1
            except _UNREACHABLE as error:
                deadline = self._wait(error, deadline, delay)
                delay = min(delay * 2, 1.0)
            finally:
                self._tx = None
                # A dead connection is dropped with the pipeline anyway.
                with contextlib.suppress(*_UNREACHABLE):
                    pipe.reset()

    # --- key-value entries ------------------------------------------------------------------

    def get(self, namespace: str, key: str) -> Any | None:
        """The JSON value stored under (namespace, key), or None."""
        name = self._key("kv:", namespace)
        raw = self._read([name], lambda r: r.hget(name, key))
        return json.loads(raw) if raw is not None else None

    def put(self, namespace: str, key: str, value: Any) -> None:
        """Store a JSON-serialisable value under (namespace, key)."""
        self._write("put", namespace, key, json.dumps(value), repr(time.time()))

    def delete(self, namespace: str, key: str) -> None:
        """Forget one entry."""
        self._write("delete", namespace, key)

    def keys(self, namespace: str) -> list[str]:
        """All keys of a namespace, sorted."""
        name = self._key("kv:", namespace)
        raw = self._read([name], lambda r: r.hkeys(name))
        return sorted(key.decode() for key in raw)

    # --- exported articles --------------------------------------------------------------------

    def article(self, url: str) -> ExportedArticle | None:
        """The exported article with this canonical URL."""
        name = self._key("a:", url)
        row = self._read([name], lambda r: r.hmget(name, "site", "hash", "sig", "rev", "exp"))
        if row[0] is None:
            return None
        site, digest, signature, revision, exported = row
        return ExportedArticle(
            url, site.decode(), digest.decode(), signature, int(revision), int(exported)
        )

    def article_with_hash(self, content_hash: str) -> str | None:
        """The canonical URL of an exported article with exactly this content hash."""
        found = self._read(
            [self._key("h:", content_hash)],
            lambda r: self._script("by_hash", content_hash, client=r),
        )
        return found.decode() if found is not None else None

    def similar_articles(self, signature: bytes, limit: int = 50) -> list[tuple[str, bytes]]:
        """(URL, signature) of exported articles sharing an LSH band with this signature."""
        bands = self._bands(signature)
        watch = [self._key("b:", bands[i : i + 8]) for i in range(0, len(bands), 8)]
        flat = self._read(watch, lambda r: self._script("similar", limit, bands, client=r))
        return [(flat[i].decode(), flat[i + 1]) for i in range(0, len(flat), 2)]

    def save_article(self, article: ExportedArticle) -> None:
        """Record an export (a new article or a new revision of one) and index its signature."""
        self._write(
            "save",
            article.url,
            article.site,
            article.content_hash,
            article.signature,
            self._bands(article.signature),
            article.revision,
            article.exported_at,
            article.exported_at,
            "" if self._run is None else self._run,
        )

    def _bands(self, signature: bytes) -> bytes:
        """The signature's LSH band keys as 8-byte strings, concatenated (as the index has them)."""
        if self.lsh is None:
            raise StateMismatchError(f"the state at {self.shown_url} has no MinHash index settings")
        return b"".join(
            key.to_bytes(8, "little", signed=True) for key in self.lsh.band_keys(signature)
        )

    # --- fetched URLs -------------------------------------------------------------------------

    def known_fetch(self, url: str) -> KnownFetch | None:
        """What this fetched URL led to, while that article is still in the store."""
        return self.known_fetches([url])[0]

    def known_fetches(self, urls: Sequence[str]) -> list[KnownFetch | None]:
        """known_fetch of each URL, in their order, in one round trip."""
        if not urls:
            return []
        keys = [self._key("f:", url) for url in urls]
        found = self._read(keys, lambda r: self._script("known_fetches", *urls, client=r))
        pairs = zip(urls, found[0::2], found[1::2], strict=True)
        return [KnownFetch(url, resolved.decode(), int(at)) if resolved else None
                for url, resolved, at in pairs]  # fmt: skip

    def record_fetch(self, urls: Sequence[str], resolved: str, site: str, when: int) -> None:
        """These URLs were fetched and led to the exported article at `resolved`."""
        if urls:
            self._write("record_fetch", resolved, site, when, when, 1, *dict.fromkeys(urls))

    def touch(self, urls: Sequence[str], when: int) -> None:
        """These known URLs were seen again (not fetched): keep them and their articles."""
        if urls:
            self._write("touch", when, *urls)

    # --- runs ---------------------------------------------------------------------------------

    def open_run(self) -> int:
        """Register this process's run with a heartbeat; first undo what dead runs left pending.

        Returns how many exports were undone.
        """
        undone = self.undo_dead_runs()
        info = json.dumps(
            {"host": socket.gethostname(), "pid": os.getpid(), "began": int(time.time())}
        )
        self._run = int(self._call(lambda: self._script("open_run", info, self._heartbeat_ms)))
        self._heartbeat = _Heartbeat(self, self._run)
        self._heartbeat.start()
        return undone

    @property
    def _heartbeat_ms(self) -> int:
        return max(1, int(self.heartbeat_s * 1000))

    def beat(self) -> bool:
        """Refresh this run's heartbeat now; False if the run was declared dead meanwhile."""
        if self._run is None:
            return False
        return bool(self._script("beat", self._run, self._heartbeat_ms))

    def undo_dead_runs(self) -> int:
        """Undo the pending exports of runs whose heartbeat expired; count them."""

        def undo() -> int:
            uptime = int(self._client.info("server")["uptime_in_seconds"])
            # Just restarted: live runs' heartbeats may have expired while Redis was down and
            # not be set again yet; they are looked at once Redis has been up a while.
            if uptime < 2 * self.heartbeat_s:
                return 0
            own = "" if self._run is None else self._run
            return int(self._script("undo_dead", own))

        return self._call(undo)

    @property
    def lost(self) -> bool:
        """Whether this run was taken for dead (its heartbeat lapsed) and undone by another."""
        return self._heartbeat is not None and self._heartbeat.lost

    def confirm(self, urls: Sequence[str], rename: FileRename | None = None) -> None:
        """These articles of this run are in complete feed files: their exports are final.

        With `rename`, the file is noted (with this host's name: the path is local) until
        `renamed`, in the same script.
        """
        if self._run is None or (not urls and rename is None):
            return
        if self.lost:
            # Others undid this run's exports and redo its pages: its files must stay unfinished.
            raise StateUnavailableError(
                f"run {self._run} was taken for dead and undone by another worker; "
                "its feed files stay unfinished"
            )
        partial, note = "", ""
        if rename is not None:
            partial = rename.partial
            note = json.dumps(
                {"final": rename.final, "size": rename.size, "run": self._run,
                 "host": socket.gethostname()}
            )  # fmt: skip
        self._write("confirm", self._run, partial, note, *urls)

    def renamed(self, partial: str) -> None:
        """The file noted by `confirm` has its real name now."""
        self._call(lambda: self._client.hdel(self._key("renames"), partial))

    def unfinished_renames(self) -> list[FileRename]:
        """This host's files noted by runs that ended (or died and were undone) unrenamed."""
        flat = self._call(lambda: self._script("ended_renames"))
        host = socket.gethostname()
        found = []
        for i in range(0, len(flat), 2):
            note = json.loads(flat[i + 1])
            if note.get("host") == host:
                found.append(FileRename(flat[i].decode(), note["final"], int(note["size"])))
        return found

    # --- upkeep -------------------------------------------------------------------------------

    def expire(self, before: int) -> Forgotten:
        """Forget everything not seen since `before` (in batches: Redis runs one script at once)."""
        articles = fetches = entries = 0
        while True:
            a, f, e, more = self._call(lambda: self._script("expire", before, _BATCH))
            articles, fetches, entries = articles + a, fetches + f, entries + e
            if not more:
                return Forgotten(articles, fetches, entries)

    def sites(self) -> list[str]:
        """Every site with exported articles or fetched URLs, sorted."""
        return sorted(site.decode() for site in self._call(lambda: self._script("sites")))

    def site_state(self, site: str, recent: int = 10) -> SiteState:
        """Counts, last times and the latest exports of one site."""
        articles, last_export, fetches, last_fetch, *urls = self._call(
            lambda: self._script("site_state", site, recent)
        )
        latest = [found for url in urls if (found := self.article(url.decode())) is not None]
        return SiteState(
            site,
            int(articles),
            int(fetches),
            int(float(last_export)) if last_export else None,
            int(float(last_fetch)) if last_fetch else None,
            self.get("site_crawls", site),
            latest,
        )

    def forget_site(self, site: str) -> Forgotten:
        """Forget a site's articles, fetched URLs and key-value entries (keyed by the site)."""
        articles, fetches, entries = self._call(lambda: self._script("forget_site", site))
        return Forgotten(int(articles), int(fetches), int(entries))

    def forget_url(self, url: str) -> Forgotten:
        """Forget a fetched URL, or an exported article and every URL that led to it."""
        articles, fetches = self._call(lambda: self._script("forget_url", url))
        return Forgotten(int(articles), int(fetches))

    # --- copies between stores ----------------------------------------------------------------

    def is_empty(self) -> bool:
        """Whether Redis holds no article, fetched URL or key-value entry under the prefix."""
        keys = (self._key("urls"), self._key("seen:f"), self._key("kvt"))
        return self._call(lambda: self._client.exists(*keys)) == 0

    def dump(self) -> Iterator[StoredRecord]:
        """Every article, fetched URL and key-value entry, read in batches."""
        for chunk in self._ranked(self._key("seen:a")):
            urls = self._pipelined([("hget", self._key("urls"), aid) for aid, _ in chunk])
            kept = [(url, int(seen)) for url, (_, seen) in zip(urls, chunk, strict=True) if url]
            rows = self._pipelined(
                [("hmget", self._key("a:", url), "site", "hash", "sig", "rev", "exp")
                 for url, _ in kept]
            )  # fmt: skip
            for (url, article_seen), row in zip(kept, rows, strict=True):
                if row[0] is None:  # forgotten meanwhile
                    continue
                site, digest, signature, revision, exported = row
                article = ExportedArticle(
                    url.decode(), site.decode(), digest.decode(), signature, int(revision),
                    int(exported),
                )  # fmt: skip
                yield StoredArticle(article, article_seen)
        for chunk in self._ranked(self._key("seen:f")):
            rows = self._pipelined(
                [("hmget", self._key("f:", url), "aid", "site", "at") for url, _ in chunk]
            )
            resolved = self._pipelined([("hget", self._key("urls"), row[0] or b"") for row in rows])
            for (url, seen_at), row, target in zip(chunk, rows, resolved, strict=True):
                if row[0] is None or target is None:  # its article is gone
                    continue
                yield StoredFetch(
                    url.decode(), target.decode(), row[1].decode(), int(row[2]), int(seen_at)
                )
        namespaces: set[bytes] = self._command("smembers", self._key("kvns"))
        for namespace in sorted(namespaces):
            ns = namespace.decode()
            values: dict[bytes, bytes] = self._command("hgetall", self._key("kv:", namespace))
            keys = sorted(values)
            times = self._pipelined(
                [("zscore", self._key("kvt"), namespace + b"\0" + key) for key in keys]
            )
            for key, updated in zip(keys, times, strict=True):
                yield StoredEntry(ns, key.decode(), json.loads(values[key]), updated or 0.0)

    def _ranked(self, name: bytes) -> Iterator[list[tuple[bytes, float]]]:
        """A sorted set's (member, score) pairs, _BATCH at a time."""
        start = 0
        while True:
            chunk: list[tuple[bytes, float]] = self._command(
                "zrange", name, start, start + _BATCH - 1, withscores=True
            )
            if not chunk:
                return
            yield chunk
            start += _BATCH

    def _command(self, name: str, *args: Any, **kwargs: Any) -> Any:
        """One client command by name, retried while Redis is unreachable."""
        return self._call(partial(getattr(self._client, name), *args, **kwargs))

    def _pipelined(self, commands: list[tuple[Any, ...]]) -> list[Any]:
        """Commands sent in one round trip (no transaction), their replies."""

        def send() -> list[Any]:
            pipe = self._client.pipeline(transaction=False)
            for name, *args in commands:
                getattr(pipe, name)(*args)
            return pipe.execute()

        return self._call(send) if commands else []

    def load(self, records: Iterable[StoredRecord]) -> None:
        """Add the records, _BATCH scripts per round trip (not part of any run)."""
        batch: list[tuple[str, tuple[Any, ...]]] = []
        for record in records:
            if isinstance(record, StoredArticle):
                a = record.article
                batch.append(("save", (a.url, a.site, a.content_hash, a.signature,
                                       self._bands(a.signature), a.revision, a.exported_at,
                                       record.seen_at, "")))  # fmt: skip
            elif isinstance(record, StoredFetch):
                batch.append(("record_fetch", (record.resolved, record.site, record.fetched_at,
                                               record.seen_at, 0, record.url)))  # fmt: skip
            else:
                batch.append(("put", (record.namespace, record.key, json.dumps(record.value),
                                      repr(record.updated_at))))  # fmt: skip
            if len(batch) >= _BATCH:
                self._run_batch(batch)
                batch = []
        self._run_batch(batch)

    def _run_batch(self, batch: list[tuple[str, tuple[Any, ...]]]) -> None:
        if not batch:
            return
        for name in {name for name, _ in batch}:
            self._call(partial(self._script_loaded, name))

        def send() -> None:
            pipe = self._client.pipeline(transaction=False)
            for name, args in batch:
                pipe.evalsha(self._shas[name], 0, self._prefix, *args)
            pipe.execute()

        self._call(send)

    def _script_loaded(self, name: str) -> None:
        self._shas[name] = str(self._client.script_load(_SCRIPTS[name]))

    def close(self) -> None:
        """End the run (undoing what it left pending) and close the connections."""
        if self._heartbeat is not None:
            self._heartbeat.stop()
            self._heartbeat = None
        if self._run is not None:
            run = self._run
            self._call(lambda: self._script("undo", run))
            self._run = None
        self._client.close()


@contextlib.contextmanager
def _refused_when_taken_for_dead() -> Iterator[None]:
    """A write refused because its run was taken for dead raises StateUnavailableError."""
    try:
        yield
    except redis.ResponseError as error:
        # In a transaction redis-py puts the command before the script's own message.
        found = re.search(_TAKEN_FOR_DEAD + r" run (\d+)", str(error))
        if found is None:
            raise
        run = found.group(1)
        raise StateUnavailableError(
            f"run {run} was taken for dead and undone by another worker; what it exports "
            "now is refused (its pages are redone by the others) and its feed files stay "
            "unfinished"
        ) from error


class _Heartbeat(threading.Thread):
    """Keeps a run's heartbeat key alive, every third of its lifetime, off the crawl's thread."""

    def __init__(self, store: RedisStateStore, run: int) -> None:
        super().__init__(name=f"newsspider-state-heartbeat-{run}", daemon=True)
        self._store = store
        self._run = run
        self._stopping = threading.Event()
        self.lost = False

    def run(self) -> None:
        """Refresh until stopped; a Redis that does not answer is tried again next time."""
        while not self._stopping.wait(self._store.heartbeat_s / 3):
            try:
                alive = self._store.beat()
            except redis.RedisError as error:
                logger.debug("State heartbeat of run %d failed: %s", self._run, error)
                continue
            if not alive and not self.lost:
                # Declared dead (no heartbeat for heartbeat_s) and undone by another worker:
                # what this run exports from now on may be exported again by others.
                logger.error(
                    "State: run %d was taken for dead (no heartbeat for %g s) and undone",
                    self._run,
                    self._store.heartbeat_s,
                )
                self.lost = True

    def stop(self) -> None:
        """Stop after the current refresh."""
        self._stopping.set()
        self.join()


def without_password(url: str) -> str:
    """The URL with its password masked, for messages."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))
