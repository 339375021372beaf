"""The Metrics table of docs/OPERATIONS.md, read by the tests that hold the dashboards, the
alerts and the running services to it."""

import re


def read_metrics_rows(path):
    """{metric name: {"side", "type", "labels"}} from the rows of the table under
    "## Metrics": the name in backticks, the side in the "served by" column ("worker" or
    "gateway"), the type (counter, gauge, histogram) and the comma-separated labels."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    section = re.search(r"^## Metrics\n(.*?)(?=^## )", text, re.S | re.M)
    assert section, "docs/OPERATIONS.md has no ## Metrics section"
    rows = {}
    for line in section.group(1).splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 4 or not cells[0].startswith("`"):
            continue
        name = cells[0].strip("`")
        side, kind = cells[1], cells[2]
        assert side in ("worker", "gateway"), line
        assert kind in ("counter", "gauge", "histogram"), line
        assert name not in rows, f"{name} is in the table twice"
        labels = frozenset(l.strip() for l in cells[3].split(",") if l.strip())
        rows[name] = {"side": side, "type": kind, "labels": labels}
    return rows


def read_metrics_table(path):
    """{metric name: "worker" | "gateway"} from the same table."""
    return {name: row["side"] for name, row in read_metrics_rows(path).items()}
