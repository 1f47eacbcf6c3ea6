"""The report's charts as inline SVG: no script, no font or image loaded from anywhere."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

# Colours that stay apart in greyscale print as well.
PALETTE = ("#1b6ca8", "#7fb3d5", "#e67e22", "#c0392b", "#7f8c8d", "#27ae60")
_BAR_H, _LABEL_W, _PLOT_W = 18, 170, 420


def _svg(width: int, height: int, title: str, body: str) -> str:
    return (
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}"><title>{escape(title)}</title>'
        f"{body}</svg>"
    )


def _text(x: float, y: float, text: str, anchor: str = "start", size: int = 11) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" '
        f'font-family="sans-serif">{escape(text)}</text>'
    )


def sparkline(values: Sequence[int], title: str, width: int = 110, height: int = 26) -> str:
    """A small line of a site's articles per run, the last run marked by a dot."""
    top = max(values, default=0) or 1
    step = (width - 8) / max(len(values) - 1, 1)
    points = [(4 + i * step, height - 4 - (v / top) * (height - 8)) for i, v in enumerate(values)]
    line = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    body = f'<rect width="{width}" height="{height}" fill="#f4f6f8"/>'
    if len(points) > 1:
        body += f'<polyline points="{line}" fill="none" stroke="{PALETTE[0]}" stroke-width="1.5"/>'
    if points:
        x, y = points[-1]
        body += f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="{PALETTE[3]}"/>'
    return _svg(width, height, title, body)


def stacked_bars(
    rows: Sequence[tuple[str, Sequence[int]]], parts: Sequence[str], title: str
) -> str:
    """One horizontal bar per row, split into `parts` (with a legend), scaled to the largest."""
    top = max((sum(values) for _, values in rows), default=0) or 1
    height = 24 + _BAR_H * max(len(rows), 1) + 8
    body = _legend(parts, 0) + ("" if rows else _text(_LABEL_W, 36, "none in this run"))
    for i, (label, values) in enumerate(rows):
        y = 24 + i * _BAR_H
        body += _text(_LABEL_W - 6, y + 12, label[:28], "end")
        x = float(_LABEL_W)
        for j, value in enumerate(values):
            w = value / top * _PLOT_W
            if w > 0:
                body += (
                    f'<rect x="{x:.1f}" y="{y + 2}" width="{w:.1f}" height="{_BAR_H - 4}" '
                    f'fill="{PALETTE[j % len(PALETTE)]}"><title>{escape(parts[j])}: {value}'
                    "</title></rect>"
                )
            x += w
        body += _text(x + 4, y + 12, str(sum(values)))
    return _svg(_LABEL_W + _PLOT_W + 50, height, title, body)


def bars(items: Sequence[tuple[str, int]], title: str) -> str:
    """Horizontal bars, one per (label, count)."""
    return stacked_bars([(label, [count]) for label, count in items], [title], title)


def columns(items: Sequence[tuple[str, int]], title: str) -> str:
    """Vertical bars (a histogram), one per (label, count), labels underneath."""
    width, plot_h, base = max(60 * len(items), 120) + 20, 100, 120
    top = max((count for _, count in items), default=0) or 1
    body = f'<line x1="10" y1="{base}" x2="{width - 10}" y2="{base}" stroke="#999"/>'
    if not items:
        body += _text(14, base - 8, "none in this run")
    for i, (label, count) in enumerate(items):
        h = count / top * plot_h
        x = 14 + i * 60
        body += (
            f'<rect x="{x}" y="{base - h:.1f}" width="48" height="{h:.1f}" '
            f'fill="{PALETTE[0]}"><title>{escape(label)}: {count}</title></rect>'
        )
        body += _text(x + 24, base - h - 4, str(count), "middle")
        body += _text(x + 24, base + 16, label, "middle", 10)
    return _svg(width, base + 26, title, body)


def _legend(parts: Sequence[str], y: int) -> str:
    body, x = "", float(_LABEL_W)
    for j, part in enumerate(parts):
        colour = PALETTE[j % len(PALETTE)]
        body += f'<rect x="{x:.1f}" y="{y + 4}" width="10" height="10" fill="{colour}"/>'
        body += _text(x + 14, y + 13, part)
        x += 14 + 7 * len(part) + 12
    return body
