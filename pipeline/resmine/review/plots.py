"""Server-side SVG bar charts for the summary page; every label is escaped here."""

from __future__ import annotations

from html import escape

BAR_HEIGHT, GAP, LABEL_WIDTH, CHART_WIDTH = 18, 6, 170, 520


def bar_chart(title: str, items: list[tuple[str, float]], value_format: str = "{:g}",
              notes: list[str] | None = None, maximum: float | None = None) -> str:
    """Horizontal bars, one per (label, value); ``notes`` (one per item) are shown after the
    value. Returns an ``<svg>`` element as text."""
    top = 28
    height = top + max(1, len(items)) * (BAR_HEIGHT + GAP) + 8
    largest = maximum if maximum is not None else max((v for _, v in items), default=0) or 1
    scale = (CHART_WIDTH - LABEL_WIDTH - 120) / largest
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" width="{CHART_WIDTH}" '
             f'height="{height}" viewBox="0 0 {CHART_WIDTH} {height}" aria-label="{escape(title)}">',
             f'<text x="0" y="16" class="chart-title">{escape(title)}</text>']
    if not items:
        parts.append(f'<text x="0" y="{top + 12}" class="chart-empty">nothing yet</text>')
    for i, (label, value) in enumerate(items):
        y = top + i * (BAR_HEIGHT + GAP)
        width = max(0.0, value * scale)
        shown = value_format.format(value)
        if notes and notes[i]:
            shown += f" ({notes[i]})"
        short = label if len(label) <= 24 else label[:23] + "…"
        parts.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{y + 13}" text-anchor="end" class="chart-label">'
            f'<title>{escape(label)}</title>{escape(short)}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{width:.1f}" height="{BAR_HEIGHT}" class="bar"/>'
            f'<text x="{LABEL_WIDTH + width + 4:.1f}" y="{y + 13}" class="chart-value">{escape(shown)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def precision_chart(bins: list[dict]) -> str:
    """Precision of the reviewed triples per confidence bin (bins with no review show 0 and
    "no reviews")."""
    items = [(f"{b['low']:.1f}–{b['high']:.1f}", b["precision"] or 0.0) for b in bins]
    notes = [f"{b['correct']}/{b['reviewed']} reviewed" if b["reviewed"] else "no reviews" for b in bins]
    return bar_chart("Precision of reviewed triples by confidence", items, "{:.2f}", notes, maximum=1.0)
