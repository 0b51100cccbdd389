#!/usr/bin/env python3
"""Draws bench/run.sh's ratios as an SVG bar chart.

    chart.py RATIOS_TSV OUT_SVG

RATIOS_TSV: one line per bar, "label<TAB>percent<TAB>bar" (bar: the percent to reach, or empty).
"""
import html
import sys


def main():
    rows = []
    with open(sys.argv[1]) as f:
        for line in f:
            label, percent, bar = (line.rstrip("\n").split("\t") + ["", ""])[:3]
            rows.append((label, float(percent), float(bar) if bar else None))
    width, left, right, row_height, top = 760, 330, 60, 34, 48
    plot = width - left - right
    height = top + row_height * len(rows) + 40
    scale = max([100.0] + [p for _, p, _ in rows])
    x = lambda percent: left + plot * percent / scale
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        'font-family="system-ui, sans-serif" font-size="13">',
        '<title>EssayReader against the references, share of their requests per second</title>',
        f'<rect width="{width}" height="{height}" fill="#fbfaf7"/>',
        f'<text x="{left}" y="24" font-size="15" font-weight="600" fill="#1d1d1f">EssayReader as a share of the reference (req/s)</text>',
    ]
    for tick in range(0, int(scale) + 1, 25):
        out.append(f'<line x1="{x(tick):.1f}" y1="{top - 6}" x2="{x(tick):.1f}" y2="{top + row_height * len(rows)}" stroke="#ddd"/>')
        out.append(f'<text x="{x(tick):.1f}" y="{top + row_height * len(rows) + 18}" text-anchor="middle" fill="#555">{tick}%</text>')
    for i, (label, percent, bar) in enumerate(rows):
        y = top + i * row_height
        met = bar is None or percent >= bar
        color = "#2f7d4f" if met else "#b3261e"
        out.append(f'<text x="{left - 10}" y="{y + 20}" text-anchor="end" fill="#1d1d1f">{html.escape(label)}</text>')
        out.append(f'<rect x="{left}" y="{y + 6}" width="{max(1.0, x(percent) - left):.1f}" height="20" fill="{color}" rx="2"/>')
        out.append(f'<text x="{x(percent) + 6:.1f}" y="{y + 20}" fill="#1d1d1f">{percent:.1f}%</text>')
        if bar is not None:
            out.append(f'<line x1="{x(bar):.1f}" y1="{y + 2}" x2="{x(bar):.1f}" y2="{y + 30}" stroke="#1d1d1f" stroke-width="2" stroke-dasharray="3 2">'
                       f'<title>bar: {bar:.0f}%</title></line>')
    out.append("</svg>")
    with open(sys.argv[2], "w") as f:
        f.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
