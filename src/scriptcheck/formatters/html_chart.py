"""The score distribution of the html report: an inline SVG histogram, no script and no external file."""
from __future__ import annotations

import math

from .html_stats import HISTOGRAM_BINS

WIDTH, HEIGHT = 1000, 280
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 24, 58  # room for the axis labels
PLOT_WIDTH, PLOT_HEIGHT = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM


def tick_step(largest: int) -> int:
    """A round step (1, 2, 5, 10, 20, …) giving at most five gridlines above zero."""
    raw = max(largest, 1) / 5
    magnitude = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    for multiple in (1, 2, 5):
        if multiple * magnitude >= raw:
            return int(multiple * magnitude)
    return int(10 * magnitude)


def bin_label(index: int) -> str:
    return f"{index * 10}–100" if index == HISTOGRAM_BINS - 1 else f"{index * 10}–{index * 10 + 9}"


def score_histogram(counts: list[int]) -> str:
    step = tick_step(max(counts))
    y_max = max(step, math.ceil(max(counts) / step) * step)
    slot = PLOT_WIDTH / HISTOGRAM_BINS
    bar_width = slot * 0.76

    def y(count: float) -> float:
        return TOP + PLOT_HEIGHT - PLOT_HEIGHT * count / y_max

    parts = [f'<svg viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="score-chart-title">'
             '<title id="score-chart-title">分数分布</title>']
    for tick in range(0, y_max + 1, step):
        parts.append(f'<line class="grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(tick):.1f}" y2="{y(tick):.1f}"/>'
                     f'<text x="{LEFT - 8}" y="{y(tick) + 4:.1f}" text-anchor="end">{tick}</text>')
    for index, count in enumerate(counts):
        label = bin_label(index)
        x = LEFT + index * slot + (slot - bar_width) / 2
        middle = x + bar_width / 2
        parts.append(f'<g class="bin" data-bin="{label}" data-count="{count}"><title>{label} 分：{count} 通</title>')
        if count:
            parts.append(f'<rect class="bar" x="{x:.1f}" y="{y(count):.1f}" width="{bar_width:.1f}" '
                         f'height="{y(0) - y(count):.1f}" rx="2"/>')
        parts.append(f'<text x="{middle:.1f}" y="{y(count) - 6:.1f}" text-anchor="middle">{count}</text>'
                     f'<text x="{middle:.1f}" y="{TOP + PLOT_HEIGHT + 18}" text-anchor="middle">{label}</text></g>')
    parts.append(f'<line class="axis" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(0):.1f}" y2="{y(0):.1f}"/>'
                 f'<line class="axis" x1="{LEFT}" x2="{LEFT}" y1="{TOP}" y2="{y(0):.1f}"/>'
                 f'<text x="{LEFT + PLOT_WIDTH / 2:.1f}" y="{HEIGHT - 10}" text-anchor="middle">得分</text>'
                 f'<text transform="translate(16 {TOP + PLOT_HEIGHT / 2:.1f}) rotate(-90)" '
                 'text-anchor="middle">通话数</text></svg>')
    return '<section id="scores" class="chart">\n<h2>分数分布</h2>\n' + "".join(parts) + "\n</section>\n"
