"""Checks shared by the report tool's tests: a SARIF file against the OASIS
SARIF 2.1.0 schema plus what GitHub code scanning relies on, and a JUnit
file through a real XML parser with the structure JUnit readers expect."""
import json
import os
import sys
import xml.etree.ElementTree as ET

SCHEMA = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                      "sarif-schema-2.1.0.json")


class CheckError(AssertionError):
    pass


def run_main(main):
    """Runs a test script's main(): its return code, or 1 with the failed
    check on stderr."""
    try:
        sys.exit(main())
    except CheckError as e:
        print(f"FAILED: {e}", file=sys.stderr)
        sys.exit(1)


def expect(cond, what):
    if not cond:
        raise CheckError(what)


def validate_sarif(path, schema_path=SCHEMA):
    """Returns the parsed SARIF after schema validation (draft-04, offline)
    and code-scanning checks."""
    import jsonschema  # Debian: python3-jsonschema
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    with open(schema_path, encoding="utf-8") as f:
        schema = json.load(f)
    errors = sorted(jsonschema.Draft4Validator(schema).iter_errors(doc),
                    key=lambda e: list(e.path))
    expect(not errors, f"{path}: not valid SARIF 2.1.0: " +
           "; ".join(f"{list(e.path)}: {e.message}" for e in errors[:5]))
    expect(doc.get("version") == "2.1.0", f"{path}: version")
    expect(len(doc["runs"]) == 1, f"{path}: one run")
    run = doc["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    ids = [r["id"] for r in rules]
    expect(len(ids) == len(set(ids)), f"{path}: duplicate rule ids")
    for r in rules:
        for key in ("shortDescription", "fullDescription", "help"):
            expect(r.get(key, {}).get("text"), f"{path}: rule {r['id']} lacks {key}")
        tags = r["properties"]["tags"]
        expect("security" in tags, f"{path}: rule {r['id']} lacks the security tag")
        expect(any(t.startswith("external/cwe/cwe-") for t in tags),
               f"{path}: rule {r['id']} lacks a CWE tag")
        sev = float(r["properties"]["security-severity"])
        expect(0.0 < sev <= 10.0, f"{path}: rule {r['id']} security-severity {sev}")
    for res in run.get("results", []):
        expect(rules[res["ruleIndex"]]["id"] == res["ruleId"],
               f"{path}: ruleIndex does not point at ruleId")
        expect(len(res.get("locations", [])) == 1,
               f"{path}: a result needs exactly one primary location")
        pf = res["partialFingerprints"]
        expect(list(pf) == ["credtaint/v1"], f"{path}: partialFingerprints {pf}")
        expect(res["codeFlows"][0]["threadFlows"][0]["locations"],
               f"{path}: empty code flow")
    return doc


def parse_junit(path):
    """Returns {testcase name: [failure texts]} after structural checks."""
    root = ET.parse(path).getroot()
    expect(root.tag == "testsuites", f"{path}: root is {root.tag}")
    cases, failures = {}, 0
    for suite in root.findall("testsuite"):
        expect(suite.get("name"), f"{path}: testsuite without a name")
        props = suite.find("properties")
        if props is not None:
            for p in props:
                expect(p.tag == "property" and p.get("name") is not None
                       and p.get("value") is not None, f"{path}: bad property")
        listed = suite.findall("testcase")
        expect(int(suite.get("tests")) == len(listed), f"{path}: tests count")
        suite_failures = 0
        for case in listed:
            expect(case.get("name") and case.get("classname"),
                   f"{path}: testcase without name/classname")
            texts = []
            for fail in case.findall("failure"):
                expect(fail.get("message") and fail.get("type"),
                       f"{path}: failure without message/type")
                texts.append(fail.text or "")
            suite_failures += bool(texts)
            cases[case.get("name")] = texts
        expect(int(suite.get("failures")) == suite_failures,
               f"{path}: failures count {suite.get('failures')} != {suite_failures}")
        failures += suite_failures
    expect(int(root.get("failures")) == failures, f"{path}: testsuites failures")
    return cases


CYCLONEDX_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                             "cyclonedx-schema")
CYCLONEDX_SCHEMA = "bom-1.7.SNAPSHOT.schema.json"


def _cyclonedx_validator():
    """A draft-07 validator for the CycloneDX 1.7 schema whose references
    (spdx, jsf, cryptography-defs) resolve to the files beside it; anything
    else would need the network and fails instead."""
    import warnings
    import jsonschema  # Debian: python3-jsonschema
    store = {}
    for name in os.listdir(CYCLONEDX_DIR):
        with open(os.path.join(CYCLONEDX_DIR, name), encoding="utf-8") as f:
            doc = json.load(f)
        # The schema refers to the files by these names, relative to its $id.
        store["http://cyclonedx.org/schema/" + name] = doc
        if "$id" in doc:
            store[doc["$id"].rstrip("#")] = doc
    schema = store["http://cyclonedx.org/schema/" + CYCLONEDX_SCHEMA]

    def offline(uri):
        raise CheckError(f"schema reference {uri} is not among {CYCLONEDX_DIR}")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        resolver = jsonschema.RefResolver.from_schema(
            schema, store=store, handlers={"http": offline, "https": offline})
    return jsonschema.Draft7Validator(schema, resolver=resolver,
                                      format_checker=jsonschema.FormatChecker())


def bom_errors(doc):
    """Schema violations of a parsed BOM, as 'path: message' strings."""
    with __import__("warnings").catch_warnings():
        __import__("warnings").simplefilter("ignore", DeprecationWarning)
        errors = sorted(_cyclonedx_validator().iter_errors(doc),
                        key=lambda e: list(e.path))
    return [f"{list(e.path)}: {e.message[:300]}" for e in errors]


def validate_bom(doc, what="BOM"):
    """Checks a parsed BOM against the CycloneDX 1.7 schema and the
    contract's structure (every affects ref is a component of the BOM)."""
    errors = bom_errors(doc)
    expect(not errors, f"{what}: not valid CycloneDX 1.7: " + "; ".join(errors[:5]))
    expect(doc["specVersion"] == "1.7" and doc["bomFormat"] == "CycloneDX",
           f"{what}: bomFormat/specVersion")
    refs = {c["bom-ref"] for c in doc.get("components", [])}
    for v in doc.get("vulnerabilities", []):
        for a in v["affects"]:
            expect(a["ref"] in refs, f"{what}: {v['id']} affects {a['ref']}, "
                   "which is not a component of this BOM")
    return doc
