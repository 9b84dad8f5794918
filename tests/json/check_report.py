# SPDX-License-Identifier: MIT
"""check_report.py: what a user's Python sees of hwtop's reports.

    check_report.py shape SCHEMA RUN.json RUN.csv VERSION APP
    check_report.py repeat SCHEMA RUN.json RUN.csv RUNS
    check_report.py sim SCHEMA SIM.json
    check_report.py negative SCHEMA RUN.json
    check_report.py pandas RUN.csv RUN.json JSON_MD
    check_report.py validate SCHEMA FILE...

Runs with Debian's python3-jsonschema and python3-pandas.  Exits 1 with
a line saying what is wrong, 0 after printing what was checked.
"""
import copy
import csv
import datetime
import json
import os
import re
import socket
import sys
import warnings

import jsonschema


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def check(cond, msg):
    if not cond:
        fail(msg)


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def validator(schema_path):
    schema = load(schema_path)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def validate(v, doc, what):
    errors = sorted(v.iter_errors(doc), key=lambda e: list(e.path))
    if errors:
        e = errors[0]
        fail("%s does not match the schema at %s: %s (%d errors)"
             % (what, "/".join(map(str, e.path)), e.message[:200], len(errors)))


def walk(nodes, depth=0):
    for n in nodes:
        check(n["depth"] == depth, "%s: depth %s, placed at %d"
              % (n["name"], n["depth"], depth))
        yield n
        yield from walk(n["children"], depth + 1)


def csv_rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    return rows[0], [dict(zip(rows[0], r)) for r in rows[1:]]


def json_value(doc, node, row, col):
    """The JSON value behind CSV column col of a node or thread row;
    KeyError when the JSON has no such field."""
    events = [e["name"] for e in doc["meta"]["events"]]
    metrics = doc["meta"]["metric_formulas"]
    direct = ("calls", "wall_ns", "excl_wall_ns", "p50_ns", "p90_ns",
              "p99_ns", "p999_ns", "max_ns", "parent", "pid", "runs")
    if col == "region":
        return node["name"]
    if col == "thread":
        return row.get("thread", "all")
    if col == "tid":
        return row.get("tid")
    if col in direct:
        return row[col]
    if col == "flags":
        return "|".join(row["flags"])
    if col == "noisy":
        return row["noisy"]
    if col in events:
        return row["events"][col]
    if col.startswith("excl_") and col[5:] in events:
        return row["excl_events"][col[5:]]
    if col in metrics:
        return row["metrics"][col]
    if col == "slow_calls":
        return row["slow"]["calls"] if row["slow"] else None
    if col == "slow_time_per_call_ns":
        return row["slow"]["time_per_call_ns"] if row["slow"] else None
    if col == "slow_time_ratio":
        return row["slow"]["time_ratio"] if row["slow"] else None
    for ev in events:
        for part, key in (("_per_call", "per_call"), ("_ratio", "ratio")):
            if col == "slow_" + ev + part:
                return row["slow"]["events"][ev][key] if row["slow"] else None
    # -r N: NAME_min, _median, _max, _cv; time_per_call_ns also its mean.
    m = re.fullmatch(r"(.+)_(min|median|max|cv)", col)
    if col in ("time_per_call_ns", "time_per_call_cv") or m:
        name, stat = (("time_per_call_ns", "mean") if col == "time_per_call_ns"
                      else ("time_per_call_ns", "cv")
                      if col == "time_per_call_cv" else m.groups())
        spread = node["spread"]
        if name in ("time_per_call_ns", "wall_ns"):
            return spread[name][stat]
        return spread["events"][name][stat]
    raise KeyError(col)


def check_columns(doc, header, what):
    """Every CSV column has its place in the JSON."""
    node = next(walk(doc["regions"]))
    row = node["threads"][0] if node["threads"] else node
    for col in header:
        try:
            json_value(doc, node, row, col)
        except KeyError:
            fail("%s: CSV column '%s' has no place in the JSON report"
                 % (what, col))


def calls_by_row(doc):
    out = {}
    for n in walk(doc["regions"]):
        out[(n["name"], "all")] = (n["calls"], n["parent"])
        for t in n["threads"]:
            out[(n["name"], t["thread"])] = (t["calls"], t["parent"])
    return out


def when(s):
    return datetime.datetime.strptime(s, "%Y-%m-%dT%H:%M:%S.%fZ").replace(
        tzinfo=datetime.timezone.utc)


def cmd_shape(schema, run_json, run_csv, version, app):
    v = validator(schema)
    doc = load(run_json)
    validate(v, doc, run_json)
    meta = doc["meta"]
    check(meta["hwtop_version"] == version, "version %s, hwtop --version %s"
          % (meta["hwtop_version"], version))
    check(meta["command"] == [app], "command %r" % meta["command"])
    check(meta["host"] == socket.gethostname(), "host %r" % meta["host"])
    check(meta["kernel"] == os.uname().release, "kernel %r" % meta["kernel"])
    check(meta["counters"] == "measured", "counters %r" % meta["counters"])
    check(meta["runs"] == 1, "runs %r" % meta["runs"])
    now = datetime.datetime.now(datetime.timezone.utc)
    started, created = when(meta["started"]), when(meta["created"])
    check(started <= created <= now + datetime.timedelta(seconds=5) and
          now - started < datetime.timedelta(minutes=10),
          "times: started %s created %s now %s" % (started, created, now))
    check(meta["pair_cost_ns"] > 0, "no calibrated pair cost")
    check(meta["machine"]["pus"] == os.cpu_count(),
          "machine pus %d, os.cpu_count() %d"
          % (meta["machine"]["pus"], os.cpu_count()))
    # hwloc's name (cpuid's brand string on x86): a VM's kernel may say
    # less in /proc/cpuinfo ("AMD EPYC").  null when hwloc has none.
    check(meta["cpu_model"] == (meta["machine"]["cpu_model"] or None),
          "cpu_model %r, machine's %r"
          % (meta["cpu_model"], meta["machine"]["cpu_model"]))
    names = [e["name"] for e in meta["events"]]
    check(names[:4] == ["task_clock_ns", "page_faults", "context_switches",
                        "cpu_migrations"], "events %r" % names)
    for e in meta["events"]:
        check(e["state"] != "unavailable" or e.get("reason"),
              "%s is unavailable with no reason" % e["name"])

    # The tree: the program's shape (json_app.c).
    tops = [n["name"] for n in doc["regions"]]
    check(tops == ["load", "solve", "a,b \"q\"", "na\u00efve \u2603"],
          "top-level regions %r" % tops)
    got = calls_by_row(doc)
    want = {("load", "main"): (1, None), ("load", "all"): (1, None),
            ("solve", "worker-1"): (1, None), ("solve", "worker-2"): (1, None),
            ("solve", "all"): (2, None),
            ("step", "worker-1"): (10, "solve"), ("step", "all"): (20, "solve"),
            ("shard-0", "worker-2"): (5, "step"), ("shard-1", "all"): (10, "step"),
            ("a,b \"q\"", "main"): (1, None), ("na\u00efve \u2603", "all"): (1, None)}
    for k, w in want.items():
        check(got.get(k) == w, "%s on %s: (calls, parent) %r, want %r"
              % (k[0], k[1], got.get(k), w))
    for n in walk(doc["regions"]):
        check(n["calls"] == sum(t["calls"] for t in n["threads"]),
              "%s: calls %d, its threads' %d" % (n["name"], n["calls"],
                                                 sum(t["calls"] for t in n["threads"])))
        check(n["excl_wall_ns"] == n["wall_ns"] - sum(
            t["wall_ns"] - t["excl_wall_ns"] for t in n["threads"]),
            "%s: exclusive time is not wall minus the children's" % n["name"])
        check(n["wall_ns"] >= sum(c["wall_ns"] for c in n["children"] if
                                  c["parent"] == n["name"]),
              "%s: children took longer than it" % n["name"])
        for t in n["threads"]:
            check(t["tid"] > 0 and t["pid"] == meta["pid"],
                  "%s/%s: tid %r pid %r" % (n["name"], t["thread"], t["tid"],
                                            t["pid"]))

    # The CSV of another run of the same program: same columns, counts.
    header, rows = csv_rows(run_csv)
    check_columns(doc, header, run_csv)
    for r in rows:
        k = (r["region"], r["thread"])
        if k in got:
            check(int(r["calls"]) == got[k][0] and (r["parent"] or None) ==
                  got[k][1], "%s on %s: CSV calls %s parent %r, JSON %r"
                  % (k[0], k[1], r["calls"], r["parent"], got[k]))
    check(len(got) == len(rows), "JSON has %d rows, CSV %d" % (len(got), len(rows)))
    print("shape: schema ok, %d rows as the CSV's, %d CSV columns mapped, "
          "meta: %s on %s, %s" % (len(got), len(header), meta["cpu_model"],
                                  meta["host"], meta["started"]))


def cmd_repeat(schema, run_json, run_csv, runs):
    doc = load(run_json)
    validate(validator(schema), doc, run_json)
    check(doc["meta"]["runs"] == int(runs), "runs %r" % doc["meta"]["runs"])
    for n in walk(doc["regions"]):
        check(n["runs"] == int(runs) and "spread" in n and n["threads"] == [],
              "%s: runs %r, spread %s" % (n["name"], n.get("runs"),
                                          "spread" in n))
        s = n["spread"]["time_per_call_ns"]
        check(s["min"] <= s["median"] <= s["max"], "%s: spread %r"
              % (n["name"], s))
    header, _ = csv_rows(run_csv)
    check_columns(doc, header, run_csv)
    print("repeat: -r %s, spread per region, %d CSV columns mapped"
          % (runs, len(header)))


def cmd_sim(schema, sim_json):
    doc = load(sim_json)
    validate(validator(schema), doc, sim_json)
    meta = doc["meta"]
    check(meta["counters"] == "simulated", "counters %r" % meta["counters"])
    check("simulation" in meta, "no simulation object")
    sim = [e for e in meta["events"] if e["source"] == "simulated"]
    check(sim and sim[0]["name"].startswith("sim_"), "no sim_ events")
    step = next(n for n in walk(doc["regions"]) if n["name"] == "step")
    check(step["p50_ns"] is None and step["max_ns"] is None,
          "percentiles under --sim: %r" % step["p50_ns"])
    check(step["events"]["sim_ir"] > 0, "step: no simulated instructions")
    print("sim: counters simulated, %d sim_ events, step sim_ir %d"
          % (len(sim), step["events"]["sim_ir"]))


def cmd_negative(schema, run_json):
    """The schema has teeth: broken reports fail it."""
    v = validator(schema)
    good = load(run_json)

    def first(doc):
        return doc["regions"][0]

    def region_key(key):
        def f(doc):
            del first(doc)[key]
        return f

    def setter(path, value):
        def f(doc):
            o = doc
            for p in path[:-1]:
                o = o[p] if not callable(p) else p(o)
            o[path[-1]] = value
        return f

    breaks = {
        "no calls": region_key("calls"),
        "no threads": region_key("threads"),
        "negative calls": setter([first, "calls"], -1),
        "fractional calls": setter([first, "calls"], 1.5),
        "calls as text": setter([first, "calls"], "1"),
        "unknown flag": setter([first, "flags"], ["bogus"]),
        "format_version 2": setter(["format_version"], 2),
        "unknown field": setter([first, "surprise"], 1),
        "bad state": setter(["meta", "events", 0, "state"], "maybe"),
        "bad time": setter(["meta", "created"], "yesterday"),
        "child not a region": setter([first, "children"], [{"name": "x"}]),
    }
    for what, f in breaks.items():
        doc = copy.deepcopy(good)
        f(doc)
        check(not v.is_valid(doc), "the schema accepts a report with %s" % what)
    print("negative: %d broken reports refused" % len(breaks))


def snippets(md):
    """The ```python blocks of a markdown file."""
    with open(md, encoding="utf-8") as f:
        return re.findall(r"```python\n(.*?)```", f.read(), re.S)


def cmd_pandas(run_csv, run_json, md):
    import pandas as pd

    warnings.simplefilter("error")  # a warning is a failure
    df = pd.read_csv(run_csv)
    check(list(df.columns) == csv_rows(run_csv)[0], "columns differ")
    for col in ("calls", "wall_ns", "excl_wall_ns", "task_clock_ns",
                "page_faults"):
        check(str(df[col].dtype) == "int64", "%s is %s" % (col, df[col].dtype))
    for col in ("region", "thread", "flags"):
        check(df[col].dtype == object, "%s is %s" % (col, df[col].dtype))
    check(df["parent"].isna().sum() > 0 and df["ipc"].isna().all(),
          "empty fields are not NaN")
    check(set(df["region"]) >= {"a,b \"q\"", "na\u00efve \u2603", "shard-1"},
          "names with commas, quotes or UTF-8 did not survive")
    check(int(df[(df.region == "step") & (df.thread == "all")].calls.iloc[0])
          == 20, "step calls")
    # The documentation's own snippets, as written, in the reports' folder.
    blocks = snippets(md)
    check(len(blocks) >= 2, "%s has %d python blocks" % (md, len(blocks)))
    os.chdir(os.path.dirname(os.path.abspath(run_csv)))
    for b in blocks:
        lines = [l for l in b.splitlines() if l.strip()]
        check(len(lines) <= 6, "a snippet of %d lines:\n%s" % (len(lines), b))
        ns = {}
        exec(compile(b, md, "exec"), ns)
        frames = [v for v in ns.values() if isinstance(v, pd.DataFrame)]
        check(frames and all(len(f) > 0 for f in frames),
              "snippet made no data:\n" + b)
        out = frames[-1]
        check(("region" in out.columns or "name" in out.columns) and
              (out.get("region", out.get("name")) == "step").any(),
              "snippet's frame has no 'step' row:\n%s" % b)
    print("pandas %s: read_csv without warnings, %d rows; %d doc snippets "
          "ran" % (pd.__version__, len(df), len(blocks)))


def main(argv):
    cmds = {"shape": cmd_shape, "repeat": cmd_repeat, "sim": cmd_sim,
            "negative": cmd_negative, "pandas": cmd_pandas}
    if len(argv) >= 2 and argv[1] == "validate":
        v = validator(argv[2])
        for p in argv[3:]:
            validate(v, load(p), p)
        print("validate: %d reports match" % len(argv[3:]))
    elif len(argv) >= 2 and argv[1] in cmds:
        cmds[argv[1]](*argv[2:])
    else:
        fail("usage: " + __doc__.split("\n\n")[1])


if __name__ == "__main__":
    main(sys.argv)
