#!/usr/bin/env python3
"""Applies the reviewed suppressions to checkov's and trivy's JSON reports and writes the scan summary (Markdown).

Called by scripts/scan.sh; exit 0 when every finding is suppressed, 1 when some are not, 2 when an input is unusable.
The scanners' own skip mechanisms are not used: checkov's --skip-check has no resource scope and no reason, and the
same file has to serve both tools.
"""
import argparse
import fnmatch
import json
import re
import sys

ID_SHAPES = {
    "checkov": re.compile(r"^CKV2?_AWS_\d+$"),
    "trivy": re.compile(r"^(AVD-)?AWS-\d{4}$"),
}
MIN_REASON = 20
REF_SHAPE = re.compile(r"^(docs/[A-Za-z0-9_.-]+\.md(#[a-z0-9-]+)?|OH-[A-Z0-9-]+)$")
KNOWN_FIELDS = {"id", "reason", "ref", "resources", "files"}


class Unusable(Exception):
    """An input that cannot be used; the message names the file, the place and the fix."""


def load_suppressions(path):
    try:
        import yaml
    except ImportError as e:
        raise Unusable(f"{path}: reading it needs PyYAML in {sys.executable}: pip install pyyaml") from e
    try:
        with open(path, encoding="utf-8") as f:
            doc = yaml.safe_load(f)
    except (OSError, yaml.YAMLError) as e:
        raise Unusable(f"{path}: not readable as YAML: {e}") from e
    if not isinstance(doc, dict) or set(doc) - set(ID_SHAPES):
        raise Unusable(f"{path}: expected a mapping with the keys checkov and trivy, each a list of entries")
    entries = []
    for tool in ID_SHAPES:
        listed = doc.get(tool) or []
        if not isinstance(listed, list):
            raise Unusable(f"{path}: {tool}: expected a list of entries")
        for index, entry in enumerate(listed):
            entries.append(validate(path, tool, index, entry))
    return entries


def validate(path, tool, index, entry):
    where = f"{path}: {tool}[{index}]"
    if not isinstance(entry, dict):
        raise Unusable(f"{where}: expected a mapping with id, reason and ref")
    unknown = sorted(set(entry) - KNOWN_FIELDS)
    if unknown:
        raise Unusable(f"{where}: unknown field {unknown[0]}. Fix: use only {', '.join(sorted(KNOWN_FIELDS))}")
    check = str(entry.get("id", ""))
    where = f"{where} ({check or 'no id'})"
    if not ID_SHAPES[tool].match(check):
        raise Unusable(f"{where}: id {check!r} is not a {tool} check id. Fix: write it like "
                       + ("CKV_AWS_18 or CKV2_AWS_5" if tool == "checkov" else "AVD-AWS-0104"))
    reason = entry.get("reason")
    if not isinstance(reason, str) or len(reason.strip()) < MIN_REASON:
        raise Unusable(f"{where}: reason must say why in at least {MIN_REASON} characters")
    ref = entry.get("ref")
    if not isinstance(ref, str) or not REF_SHAPE.match(ref):
        raise Unusable(f"{where}: ref {ref!r} must name a file under docs/ or a guard-rail id (OH-...)")
    scoped = {}
    for field in ("resources", "files"):
        patterns = entry.get(field)
        if patterns is None:
            continue
        if not isinstance(patterns, list) or not patterns or not all(isinstance(p, str) and p for p in patterns):
            raise Unusable(f"{where}: {field} must be a non-empty list of glob patterns (or left out)")
        scoped[field] = patterns
    return {"tool": tool, "id": check, "key": normalize(check), "reason": reason.strip(), "ref": ref,
            "resources": scoped.get("resources"), "files": scoped.get("files"), "used": 0}


def normalize(check):
    return check[4:] if check.startswith("AVD-") else check


def load_json(path, tool):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        raise Unusable(f"{path}: no usable {tool} JSON report: {e}") from e


def checkov_findings(path):
    report = load_json(path, "checkov")
    reports = report if isinstance(report, list) else [report]
    findings, evaluated = [], 0
    for part in reports:
        summary = part.get("summary", part)
        if summary.get("parsing_errors"):
            raise Unusable(f"{path}: checkov could not parse {summary['parsing_errors']} file(s); run it with -o cli to see which")
        evaluated += sum(int(summary.get(k) or 0) for k in ("passed", "failed", "skipped"))
        for record in part.get("results", {}).get("failed_checks", []):
            findings.append({"tool": "checkov", "id": record["check_id"], "title": record.get("check_name") or "",
                             "resource": record.get("resource") or "", "file": (record.get("file_path") or "").lstrip("/"),
                             "lines": record.get("file_line_range") or [], "severity": record.get("severity") or ""})
    if evaluated == 0:
        raise Unusable(f"{path}: checkov evaluated no check: it found no cdk.tf.json under the stacks directory")
    return findings


def trivy_findings(path):
    report = load_json(path, "trivy")
    results = [r for r in report.get("Results") or [] if r.get("Class") == "config" and r.get("Type") == "terraform"]
    if not results:
        raise Unusable(f"{path}: trivy found no Terraform configuration under the stacks directory")
    findings = []
    for result in results:
        for m in result.get("Misconfigurations") or []:
            if m.get("Status") != "FAIL":
                continue
            cause = m.get("CauseMetadata") or {}
            check = m.get("AVDID") or m.get("ID") or ""
            findings.append({"tool": "trivy", "id": check, "title": m.get("Title") or "",
                             "resource": cause.get("Resource") or "", "file": result.get("Target") or "",
                             "lines": [cause[k] for k in ("StartLine", "EndLine") if cause.get(k)],
                             "severity": m.get("Severity") or ""})
    return findings


def matches(entry, finding):
    if entry["tool"] != finding["tool"] or entry["key"] != normalize(finding["id"]):
        return False
    if entry["resources"] and not any(fnmatch.fnmatchcase(finding["resource"], p) for p in entry["resources"]):
        return False
    return not entry["files"] or any(fnmatch.fnmatchcase(finding["file"], p) for p in entry["files"])


def cell(text):
    return str(text).replace("|", "\\|").replace("\n", " ")


def where(finding):
    lines = finding["lines"]
    return finding["file"] + (f":{lines[0]}-{lines[-1]}" if lines else "")


def render(open_findings, suppressed, entries, tools, notes):
    header = ", ".join(f"{tool} {version}" for tool, version in tools.items())
    out = [f"## IaC scanners over the synthesized stacks ({header})", ""]
    out += [f"- {note}" for note in notes]
    if notes:
        out.append("")
    if open_findings:
        out += [f"**{len(open_findings)} finding(s) that no reviewed suppression covers: fix them, or add an entry "
                "with a reason to `.github/scanners/suppressions.yaml`.**", "",
                "| tool | check | severity | resource | file | title |", "|---|---|---|---|---|---|"]
        out += [f"| {f['tool']} | {f['id']} | {f['severity'] or '-'} | `{cell(f['resource'])}` | {cell(where(f))} | {cell(f['title'])} |"
                for f in open_findings]
    else:
        out.append("**No finding outside the reviewed suppressions.**")
    out += ["", f"<details><summary>{len(suppressed)} suppressed finding(s)</summary>", "",
            "| tool | check | resource | file | reason |", "|---|---|---|---|---|"]
    out += [f"| {f['tool']} | {f['id']} | `{cell(f['resource'])}` | {cell(f['file'])} | {cell(e['reason'])} ({e['ref']}) |"
            for f, e in suppressed]
    out += ["", "</details>"]
    unused = [e for e in entries if not e["used"] and e["tool"] in tools]
    if unused:
        out += ["", "Suppressions that matched nothing in this run (remove them once the resource or check is gone):", ""]
        out += [f"- {e['tool']} {e['id']} {', '.join(e['resources'] or ['(every resource)'])}" for e in unused]
    return "\n".join(out) + "\n"


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--suppressions", required=True)
    parser.add_argument("--checkov", required=True, help="checkov JSON report (-o json --quiet)")
    parser.add_argument("--checkov-version", required=True)
    parser.add_argument("--trivy", help="trivy JSON report (trivy config --format json)")
    parser.add_argument("--trivy-version")
    parser.add_argument("--note", action="append", default=[], help="a line for the summary")
    parser.add_argument("--report", required=True, help="where to write the Markdown summary")
    args = parser.parse_args(argv)
    try:
        entries = load_suppressions(args.suppressions)
        findings = checkov_findings(args.checkov)
        tools = {"checkov": args.checkov_version}
        if args.trivy:
            findings += trivy_findings(args.trivy)
            tools["trivy"] = args.trivy_version
    except Unusable as e:
        print(f"scan: {e}", file=sys.stderr)
        return 2
    findings.sort(key=lambda f: (f["tool"], f["file"], f["resource"], f["id"]))
    open_findings, suppressed = [], []
    for finding in findings:
        entry = next((e for e in entries if matches(e, finding)), None)
        if entry:
            entry["used"] += 1
            suppressed.append((finding, entry))
        else:
            open_findings.append(finding)
    summary = render(open_findings, suppressed, entries, tools, args.note)
    with open(args.report, "w", encoding="utf-8") as f:
        f.write(summary)
    for finding in open_findings:
        print(f"scan: {finding['tool']} {finding['id']} on {finding['resource']} ({where(finding)}): {finding['title']}",
              file=sys.stderr)
    return 1 if open_findings else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
