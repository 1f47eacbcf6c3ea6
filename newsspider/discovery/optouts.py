"""A site's reservations from text and data mining: robots.txt groups of AI crawlers, TDMRep."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from protego import Protego

_USER_AGENT_LINE = re.compile(r"^\s*user-agent\s*:\s*([^#\s]+)", re.I | re.M)


@dataclass(frozen=True, slots=True)
class TdmRule:
    """One rule of /.well-known/tdmrep.json: a path pattern, reserved or not, a policy URL."""

    location: re.Pattern[str]
    reserved: bool
    policy: str | None


@dataclass(slots=True)
class SiteOptOuts:
    """What a site's robots.txt and tdmrep.json reserve; `sources_for(url)` for one page."""

    robots: Protego | None = None
    # The configured AI agents that have a group of their own in robots.txt (lower case).
    robots_agents: tuple[str, ...] = ()
    tdm_rules: list[TdmRule] = field(default_factory=list)

    def sources_for(self, url: str) -> tuple[tuple[str, ...], str | None]:
        """The reservations covering the URL (`robots_txt:<agent>`, `tdmrep_json`) and policy."""
        sources = [
            f"robots_txt:{agent}"
            for agent in self.robots_agents
            if self.robots is not None and not self.robots.can_fetch(url, agent)
        ]
        policy = None
        rule = self._tdm_rule(url)
        if rule is not None and rule.reserved:
            sources.append("tdmrep_json")
            policy = rule.policy
        return tuple(sources), policy

    def _tdm_rule(self, url: str) -> TdmRule | None:
        parts = urlsplit(url)
        path = parts.path or "/"
        if parts.query:
            path += "?" + parts.query
        # TDMRep: the first rule whose location matches applies.
        return next((rule for rule in self.tdm_rules if rule.location.match(path)), None)


def ai_agents_with_groups(robots_text: str, agents: list[str]) -> tuple[str, ...]:
    """The agents (of `agents`) that robots.txt names in a User-agent line of their own."""
    named = {match.lower() for match in _USER_AGENT_LINE.findall(robots_text)}
    return tuple(agent for agent in agents if agent.lower() in named)


def parse_robots(robots_text: str, agents: list[str]) -> tuple[Protego | None, tuple[str, ...]]:
    """The parsed robots.txt and the AI agents it has groups for (a `*` group is no opt-out)."""
    found = ai_agents_with_groups(robots_text, agents)
    return (Protego.parse(robots_text), found) if found else (None, ())


def _location_pattern(location: str) -> re.Pattern[str]:
    # robots.txt-style: `*` any characters, a final `$` the end; otherwise a path prefix.
    end = location.endswith("$")
    body = re.escape(location.removesuffix("$")).replace(r"\*", ".*")
    return re.compile(body + ("$" if end else ""))


def parse_tdmrep(body: bytes) -> list[TdmRule] | None:
    """The rules of a /.well-known/tdmrep.json file, or None when it is no such file."""
    try:
        data: Any = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        return None
    if not isinstance(data, list):
        return None
    rules = []
    for entry in data:
        if not isinstance(entry, dict) or not isinstance(entry.get("location"), str):
            continue
        location = entry["location"].strip()
        location = location if location.startswith("/") else "/" + location
        reserved = str(entry.get("tdm-reservation", "")).strip() == "1"
        policy = entry.get("tdm-policy")
        rules.append(
            TdmRule(
                _location_pattern(location), reserved, policy if isinstance(policy, str) else None
            )
        )
    return rules
