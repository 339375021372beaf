"""deploy/observability: the alert rules load and behave as their unit tests say (promtool),
the example Prometheus configuration loads, every dashboard query parses, and all of them
speak only of metrics docs/OPERATIONS.md documents (which tests/system/test_metrics.py
checks against the running services). Every alert's runbook link lands on a section."""

import json
import os
import re
import shutil
import subprocess

import pytest
import yaml

SOURCE_DIR = os.path.abspath(os.path.join(os.path.dirname(__file__), "../.."))
OBSERVABILITY = os.path.join(SOURCE_DIR, "deploy/observability")
OPERATIONS = os.path.join(SOURCE_DIR, "docs/OPERATIONS.md")
# Prometheus' own per-target series, not Champion's.
PROMETHEUS_SERIES = {"up"}


def promtool(*args, cwd=OBSERVABILITY):
    out = subprocess.run(["promtool", *args], capture_output=True, text=True, timeout=120,
                         cwd=cwd)
    assert out.returncode == 0, out.stdout + out.stderr
    return out.stdout


def documented_metrics():
    """{name: side} from the Metrics table of docs/OPERATIONS.md."""
    from metrics_table import read_metrics_table  # tests/deploy/metrics_table.py
    return read_metrics_table(OPERATIONS)


def alert_rules():
    with open(os.path.join(OBSERVABILITY, "alerts.yaml"), encoding="utf-8") as f:
        return [r for g in yaml.safe_load(f)["groups"] for r in g["rules"]]


def dashboard_queries():
    with open(os.path.join(OBSERVABILITY, "grafana-dashboard.json"), encoding="utf-8") as f:
        dashboard = json.load(f)
    return [(p["title"], t["expr"]) for p in dashboard["panels"] for t in p.get("targets", [])]


def metric_names(expr):
    """The metric names a PromQL expression reads (histogram suffixes folded)."""
    expr = re.sub(r'"[^"]*"', '""', expr)  # label values are not names
    expr = re.sub(r"\{[^}]*\}", "", expr)
    names = set(re.findall(r"\b([a-z_][a-z0-9_]*_(?:total|seconds|bucket|count|sum)|"
                           r"champion_[a-z0-9_]+|up)\b", expr))
    return {re.sub(r"_(bucket|count|sum)$", "", n) for n in names}


def test_the_alert_rules_load_and_pass_their_unit_tests():
    promtool("check", "rules", "alerts.yaml")
    promtool("test", "rules", "alerts.test.yaml")


def test_every_alert_is_unit_tested_and_has_severity_and_a_runbook():
    with open(os.path.join(OBSERVABILITY, "alerts.test.yaml"), encoding="utf-8") as f:
        tested = {case["alertname"] for test in yaml.safe_load(f)["tests"]
                  for case in test.get("alert_rule_test", []) if case.get("exp_alerts")}
    with open(OPERATIONS, encoding="utf-8") as f:
        anchors = {re.sub(r"[^a-z0-9 -]", "", h.strip().lower()).replace(" ", "-")
                   for h in re.findall(r"^#+ (.+)$", f.read(), re.M)}
    for rule in alert_rules():
        assert rule["alert"] in tested, f"{rule['alert']} never fires in alerts.test.yaml"
        assert rule["labels"]["severity"] in ("warning", "critical")
        url = rule["annotations"]["runbook_url"]
        assert url.startswith("docs/OPERATIONS.md#"), url
        assert url.split("#", 1)[1] in anchors, f"no section for {url}"


def test_the_example_prometheus_configuration_loads(tmp_path):
    with open(os.path.join(OBSERVABILITY, "prometheus.yaml"), encoding="utf-8") as f:
        config = yaml.safe_load(f)
    # promtool opens the files it names: give it stand-ins.
    for job in config["scrape_configs"]:
        for section, key in (("tls_config", "ca_file"), ("authorization", "credentials_file")):
            if key in job.get(section, {}):
                stand_in = tmp_path / os.path.basename(job[section][key])
                stand_in.write_text("stand-in\n")
                job[section][key] = str(stand_in)
    shutil.copy(os.path.join(OBSERVABILITY, "alerts.yaml"), tmp_path / "alerts.yaml")
    (tmp_path / "prometheus.yaml").write_text(yaml.safe_dump(config))
    promtool("check", "config", "prometheus.yaml", cwd=tmp_path)
    jobs = {job["job_name"] for job in config["scrape_configs"]}
    assert jobs == {"champion-worker", "champion-gateway"}  # the alerts name champion-worker


def test_every_dashboard_query_parses(tmp_path):
    queries = dashboard_queries()
    assert len(queries) >= 15
    rules = {"groups": [{"name": "dashboard", "rules": [
        {"record": f"dashboard:query{i}", "expr": expr.replace("$__rate_interval", "5m")}
        for i, (_, expr) in enumerate(queries)]}]}
    (tmp_path / "dashboard.rules.yaml").write_text(yaml.safe_dump(rules))
    promtool("check", "rules", str(tmp_path / "dashboard.rules.yaml"))


def test_alerts_and_dashboard_use_only_documented_metrics_and_show_them_all():
    documented = documented_metrics()
    assert len(documented) >= 20
    used_by_dashboard = set()
    for title, expr in dashboard_queries():
        names = metric_names(expr)
        assert names, (title, expr)
        assert names <= set(documented) | PROMETHEUS_SERIES, (title, names - set(documented))
        used_by_dashboard |= names
    for rule in alert_rules():
        names = metric_names(rule["expr"])
        assert names <= set(documented) | PROMETHEUS_SERIES, (rule["alert"], names)
    assert set(documented) <= used_by_dashboard, set(documented) - used_by_dashboard


@pytest.mark.parametrize("expr,names", [
    ('sum(rate(champion_http_requests_total{status=~"5.."}[5m]))',
     {"champion_http_requests_total"}),
    ('histogram_quantile(0.99, sum by (le) (rate(grpc_server_handling_seconds_bucket[5m])))',
     {"grpc_server_handling_seconds"}),
    ('max(champion_database_up) == 0 or absent(champion_database_up)', {"champion_database_up"}),
])
def test_metric_names_are_read_from_queries(expr, names):
    assert metric_names(expr) == names
