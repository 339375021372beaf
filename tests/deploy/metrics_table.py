"""The Metrics table of docs/OPERATIONS.md, read by the tests that hold the dashboards, the
alerts and the running services to it."""

import re


def read_metrics_table(path):
    """{metric name: "worker" | "gateway"} from the rows of the table under "## Metrics"
    (first column the name in backticks, the side in the "served by" column)."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    section = re.search(r"^## Metrics\n(.*?)(?=^## )", text, re.S | re.M)
    assert section, "docs/OPERATIONS.md has no ## Metrics section"
    metrics = {}
    for line in section.group(1).splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 4 or not cells[0].startswith("`"):
            continue
        name = cells[0].strip("`")
        side = cells[1]
        assert side in ("worker", "gateway"), line
        metrics[name] = side
    return metrics
