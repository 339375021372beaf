"""deploy/observability: the alert rules load and behave as their unit tests say (promtool),
the example Prometheus configuration loads, every dashboard query parses, and all of them
speak only of metrics and labels docs/OPERATIONS.md documents (which
tests/system/test_metrics.py checks against the running services). Every alert is unit-tested
firing and quiet, and its runbook link lands on its own section."""

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
    """{name: {"side", "type", "labels"}} from the Metrics table of docs/OPERATIONS.md."""
    from metrics_table import read_metrics_rows  # tests/deploy/metrics_table.py
    return read_metrics_rows(OPERATIONS)


def alert_rules():
    with open(os.path.join(OBSERVABILITY, "alerts.yaml"), encoding="utf-8") as f:
        return [r for g in yaml.safe_load(f)["groups"] for r in g["rules"]]


def dashboard_queries():
    with open(os.path.join(OBSERVABILITY, "grafana-dashboard.json"), encoding="utf-8") as f:
        dashboard = json.load(f)
    return [(p["title"], t["expr"]) for p in dashboard["panels"] for t in p.get("targets", [])]


# PromQL words that look like names: keywords, and what a number can be.
PROMQL_WORDS = {"by", "without", "on", "ignoring", "group_left", "group_right", "bool", "and",
                "or", "unless", "offset", "inf", "nan"}
# Labels Prometheus adds to every scraped series (a histogram's _bucket series also has "le").
TARGET_LABELS = {"job", "instance"}


def selectors(expr):
    """[(metric name, {label names its matchers use})] of a PromQL expression: every name
    that is not a function, a keyword, a label list (by/without/on/ignoring) or inside a
    string, a range or a Grafana variable."""
    expr = re.sub(r'"(?:[^"\\]|\\.)*"', '""', expr)  # label values are not names
    expr = re.sub(r"\$\{?\w+\}?", "", expr)  # Grafana variables ($__rate_interval)
    expr = re.sub(r"\[[^\]]*\]", "", expr)  # ranges and subqueries
    # Label lists of modifiers go with their keyword: "sum by (le) (x)" reads like "sum(x)".
    expr = re.sub(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", " ", expr)
    found = []
    last_end = None
    for m in re.finditer(r"\{[^}]*\}|(?<![\w.])[a-zA-Z_:][a-zA-Z0-9_:]*", expr):
        token = m.group(0)
        if token.startswith("{"):
            labels = set(re.findall(r"([a-zA-Z_]\w*)\s*(?:=~|!~|!=|=)", token))
            if found and last_end is not None and not expr[last_end:m.start()].strip():
                found[-1][1].update(labels)
            else:  # a selector without a name: {__name__=~"..."} is not used here
                assert not labels, f"a selector without a metric name: {token}"
            continue
        last_end = None
        if token.lower() in PROMQL_WORDS or expr[m.end():].lstrip().startswith("("):
            continue
        found.append((token, set()))
        last_end = m.end()
    return found


def resolve(name, documented):
    """The documented metric a series name belongs to (a histogram's _bucket, _count and _sum
    series belong to it), or None."""
    if name in documented:
        return name
    base = re.sub(r"_(bucket|count|sum)$", "", name)
    if base != name and documented.get(base, {}).get("type") == "histogram":
        return base
    return None


def metric_names(expr, documented=None):
    """The metric names a PromQL expression reads, histogram series folded into their
    histogram when `documented` says it is one."""
    documented = documented if documented is not None else documented_metrics()
    return {resolve(name, documented) or name for name, _ in selectors(expr)}


def check_expression(what, expr, documented):
    """Every series `expr` reads is a documented metric (or Prometheus' `up`), and every label
    it matches on is one that metric has. Returns the documented metrics it reads."""
    names = set()
    for name, labels in selectors(expr):
        if name in PROMETHEUS_SERIES:
            continue
        metric = resolve(name, documented)
        assert metric, f"{what}: {name} is not in docs/OPERATIONS.md's Metrics table"
        allowed = documented[metric]["labels"] | TARGET_LABELS
        if name.endswith("_bucket"):
            allowed = allowed | {"le"}
        assert labels <= allowed, f"{what}: {name} has no label {labels - allowed}"
        names.add(metric)
    assert selectors(expr), f"{what}: reads no metric: {expr}"
    return names


def test_the_alert_rules_load_and_pass_their_unit_tests():
    promtool("check", "rules", "alerts.yaml")
    promtool("test", "rules", "alerts.test.yaml")


def test_every_alert_fires_and_stays_quiet_in_its_unit_tests_and_has_a_runbook():
    with open(os.path.join(OBSERVABILITY, "alerts.test.yaml"), encoding="utf-8") as f:
        cases = [case for test in yaml.safe_load(f)["tests"]
                 for case in test.get("alert_rule_test", [])]
    fires = {case["alertname"] for case in cases if case.get("exp_alerts")}
    quiet = {case["alertname"] for case in cases if not case.get("exp_alerts")}
    with open(OPERATIONS, encoding="utf-8") as f:
        anchors = {re.sub(r"[^a-z0-9 -]", "", h.strip().lower()).replace(" ", "-")
                   for h in re.findall(r"^#+ (.+)$", f.read(), re.M)}
    rules = alert_rules()
    assert len({rule["alert"] for rule in rules}) == len(rules), "an alert name twice"
    for rule in rules:
        assert rule["alert"] in fires, f"{rule['alert']} never fires in alerts.test.yaml"
        assert rule["alert"] in quiet, f"{rule['alert']} is never shown quiet in alerts.test.yaml"
        assert rule["labels"]["severity"] in ("warning", "critical")
        assert rule["annotations"]["summary"] and rule["annotations"]["description"]
        url = rule["annotations"]["runbook_url"]
        assert url.startswith("docs/OPERATIONS.md#"), url
        assert url.split("#", 1)[1] in anchors, f"no section for {url}"
        # The section is the alert's own: its heading is the alert's name.
        assert url.split("#", 1)[1] == rule["alert"].lower(), url


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
        used_by_dashboard |= check_expression(f"dashboard panel {title!r}", expr, documented)
    for rule in alert_rules():
        check_expression(f"alert {rule['alert']}", rule["expr"], documented)
    assert set(documented) <= used_by_dashboard, set(documented) - used_by_dashboard


def test_the_dashboard_takes_its_data_source_as_a_variable():
    with open(os.path.join(OBSERVABILITY, "grafana-dashboard.json"), encoding="utf-8") as f:
        dashboard = json.load(f)
    assert dashboard["schemaVersion"] >= 36
    variables = {v["name"]: v for v in dashboard["templating"]["list"]}
    datasource = [n for n, v in variables.items() if v["type"] == "datasource"]
    assert len(datasource) == 1 and variables[datasource[0]]["query"] == "prometheus"
    for panel in dashboard["panels"]:
        if panel["type"] == "row":
            continue
        assert panel["datasource"]["uid"] == "${%s}" % datasource[0], panel["title"]
        for target in panel["targets"]:
            assert target.get("datasource", panel["datasource"]) == panel["datasource"]


@pytest.mark.parametrize("expr,names", [
    ('sum(rate(champion_http_requests_total{status=~"5.."}[5m]))',
     {"champion_http_requests_total"}),
    ('histogram_quantile(0.99, sum by (le) (rate(grpc_server_handling_seconds_bucket[5m])))',
     {"grpc_server_handling_seconds"}),
    ('max(champion_database_up) == 0 or absent(champion_database_up)', {"champion_database_up"}),
    # Names that are not Champion's are found too, so a typo cannot pass unnoticed.
    ('sum(rate(grpc_server_handled[5m])) by (grpc_code)', {"grpc_server_handled"}),
    ('max(champion_candidates{state="pending"}) > 1e3 unless on() '
     'sum(increase(champion_candidates_finished_total[$__rate_interval] offset 5m)) > 0',
     {"champion_candidates", "champion_candidates_finished_total"}),
    ('time() - max(champion_queue_sampled_timestamp_seconds)',
     {"champion_queue_sampled_timestamp_seconds"}),
    ('count(up{job="champion-worker"} == 1)', {"up"}),
])
def test_metric_names_are_read_from_queries(expr, names):
    assert metric_names(expr) == names


@pytest.mark.parametrize("expr,problem", [
    ('sum(rate(champion_http_request_total[5m]))', "not in docs"),
    ('sum(rate(champion_candidates_finished_total{result="ok"}[5m]))', "no label"),
    ('champion_runs_bucket', "not in docs"),  # a gauge has no buckets
])
def test_undocumented_metrics_and_labels_are_refused(expr, problem):
    with pytest.raises(AssertionError, match=problem):
        check_expression("example", expr, documented_metrics())
