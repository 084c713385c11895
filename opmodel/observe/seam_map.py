"""The seam map: designed and observed handoffs between teams in one picture (Graphviz DOT).

Edges observed in the log are drawn with a width by volume (cases) and coloured by whether
the model designed them; declared handoffs no case used are dashed. Labels are plain DOT
strings with quotes and backslashes escaped, never HTML-like labels, so names stay text.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from opmodel.observe.overlay import Observation

DESIGNED = "#2e7d32"
UNDOCUMENTED = "#c62828"
UNUSED = "#9e9e9e"


def _quote(text: str) -> str:
    """A DOT double-quoted string holding ``text`` as text.

    >>> _quote('Sales "EU"\\\\ <b>')
    '"Sales \\\\"EU\\\\"\\\\\\\\ <b>"'
    """
    cleaned = "".join(c if c.isprintable() else " " for c in text)
    return '"' + cleaned.replace("\\", "\\\\").replace('"', '\\"') + '"'


def seam_map_dot(observed: Observation, names: Mapping[str, str],
                 unused: list[tuple[str, str]]) -> str:
    """DOT for the observed seams between model teams and the unused declared ones."""
    busiest = max((s.cases for s in observed.seams), default=1)
    lines = ["digraph seams {", "  rankdir=LR;", '  node [shape=box, style="rounded"];']
    teams = sorted({t for s in observed.seams for t in (s.source, s.target)}
                   | {t for pair in unused for t in pair})
    lines += [f"  {_quote(t)} [label={_quote(names.get(t, t))}];" for t in teams]
    for seam in observed.seams:
        width = 1 + 5 * math.sqrt(seam.cases / busiest)
        colour = DESIGNED if seam.designed else UNDOCUMENTED
        label = f"{seam.cases} cases, p90 {seam.p90_hours:.0f} h"
        if seam.pingpong_cases:
            label += f", {seam.pingpong_cases} bounced"
        lines.append(f"  {_quote(seam.source)} -> {_quote(seam.target)} "
                     f'[penwidth={width:.1f}, color="{colour}", label={_quote(label)}];')
    for source, target in unused:
        lines.append(f"  {_quote(source)} -> {_quote(target)} "
                     f'[style=dashed, color="{UNUSED}", label="designed, unused"];')
    lines.append("}")
    return "\n".join(lines)
