"""The index over time, from the snapshots ``opmodel analyze --history DIR`` appends.

Drawn as inline SVG (no script, no external file) so the HTML report, the brief and the
app show the same picture, with the groups that appeared and disappeared between
consecutive snapshots.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from html import escape
from typing import Any


@dataclass(frozen=True)
class Change:
    """What changed between two snapshots."""

    date: str
    index_before: int | None
    index_after: int | None
    opened: tuple[str, ...]
    closed: tuple[str, ...]

    def sentence(self) -> str:
        """'2026-03-01: index 40 -> 31; 2 group(s) closed, 1 opened.'"""
        move = (f"index {self.index_before} → {self.index_after}"
                if self.index_before != self.index_after else f"index {self.index_after}")
        return (f"{self.date}: {move}; {len(self.closed)} group(s) closed, "
                f"{len(self.opened)} opened.")


def changes(history: list[dict[str, Any]]) -> list[Change]:
    """The change between each snapshot and the one before it, oldest first."""
    found = []
    for before, after in itertools.pairwise(history):
        old, new = before.get("groups") or {}, after.get("groups") or {}
        found.append(Change(str(after.get("date", "")), before.get("index"), after.get("index"),
                            tuple(new[g] for g in new if g not in old),
                            tuple(old[g] for g in old if g not in new)))
    return found


def svg(history: list[dict[str, Any]], width: int = 560, height: int = 150) -> str:
    """A line of the index (0 integrated at the bottom, 100 at the top) per snapshot, with
    the provisional range as a band; '' with fewer than two snapshots."""
    points = [s for s in history if s.get("index") is not None]
    if len(points) < 2:
        return ""
    left, right, top, bottom = 34, 12, 10, 26
    plot_w, plot_h = width - left - right, height - top - bottom

    def x(i: int) -> float:
        return left + plot_w * i / (len(points) - 1)

    def y(value: float) -> float:
        return top + plot_h * (1 - value / 100)

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
             f'width="{width}" height="{height}" role="img" '
             'aria-label="fragmentation index over time" class="trend">']
    for level in (0, 25, 50, 75, 100):
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y(level):.1f}" '
                     f'y2="{y(level):.1f}" stroke="#e3e7eb"/>'
                     f'<text x="{left - 6}" y="{y(level) + 4:.1f}" font-size="10" '
                     f'text-anchor="end" fill="#61707d">{level}</text>')
    ranges = [s.get("range") or [s["index"], s["index"]] for s in points]
    band = [f"{x(i):.1f},{y(r[1]):.1f}" for i, r in enumerate(ranges)]
    band += [f"{x(i):.1f},{y(r[0]):.1f}" for i, r in reversed(list(enumerate(ranges)))]
    parts.append(f'<polygon points="{" ".join(band)}" fill="#f3d9d6" opacity="0.7"/>')
    line = " ".join(f"{x(i):.1f},{y(s['index']):.1f}" for i, s in enumerate(points))
    parts.append(f'<polyline points="{line}" fill="none" stroke="#c0392b" stroke-width="2"/>')
    for i, s in enumerate(points):
        parts.append(f'<circle cx="{x(i):.1f}" cy="{y(s["index"]):.1f}" r="3.5" '
                     f'fill="#c0392b"><title>{escape(str(s.get("date", "")))}: index '
                     f'{s["index"]}</title></circle>'
                     f'<text x="{x(i):.1f}" y="{y(s["index"]) - 7:.1f}" font-size="10" '
                     f'text-anchor="middle">{s["index"]}</text>')
    shown = {0, len(points) - 1} | (set(range(len(points))) if len(points) <= 6 else set())
    for i in sorted(shown):
        anchor = "start" if i == 0 else "end" if i == len(points) - 1 else "middle"
        parts.append(f'<text x="{x(i):.1f}" y="{height - 8}" font-size="10" '
                     f'text-anchor="{anchor}" fill="#61707d">'
                     f'{escape(str(points[i].get("date", ""))[:10])}</text>')
    parts.append("</svg>")
    return "".join(parts)
