#!/usr/bin/env python3
"""Validates rendered custom resources against the schemas of their CustomResourceDefinitions.

    kubectl kustomize k8s/overlays/dev > dev.yaml
    python3 k8s/check-crd-schemas.py --crd 040-Crd-kafka.yaml --crd 044-Crd-kafkauser.yaml ... dev.yaml

Each resource whose group, kind and version a given CRD serves is checked against that version's
openAPIV3Schema: JSON-schema errors (types, enums, required fields) and fields the schema does not know (which the
API server would prune or, for a strict client, reject). Resources of other kinds are skipped. Exits 1 when anything
is wrong. Needs python3-yaml and python3-jsonschema. How k8s/README.md's minimum Strimzi and CloudNativePG versions
were checked: with the CRDs of Strimzi 0.49.0 and 1.2.0 (install/cluster-operator/04*-Crd-*.yaml) and of
CloudNativePG 1.23.0 and 1.30.0 (config/crd/bases/postgresql.cnpg.io_clusters.yaml).
"""
import argparse
import sys

import jsonschema
import yaml


def served_schemas(crd_files):
    schemas = {}
    for path in crd_files:
        with open(path) as f:
            for crd in yaml.safe_load_all(f):
                if not crd or crd.get("kind") != "CustomResourceDefinition":
                    continue
                spec = crd["spec"]
                for version in spec["versions"]:
                    if version.get("served"):
                        key = (spec["group"] + "/" + version["name"], spec["names"]["kind"])
                        schemas[key] = version["schema"]["openAPIV3Schema"]
    return schemas


def unknown_fields(node, schema, path, found):
    if not isinstance(schema, dict) or schema.get("x-kubernetes-preserve-unknown-fields"):
        return
    if isinstance(node, dict) and "properties" in schema and "additionalProperties" not in schema:
        for key, value in node.items():
            if path == "" and key in ("apiVersion", "kind", "metadata"):
                continue
            if key not in schema["properties"]:
                found.append(path + "." + key)
            else:
                unknown_fields(value, schema["properties"][key], path + "." + key, found)
    elif isinstance(node, list) and "items" in schema:
        for i, item in enumerate(node):
            unknown_fields(item, schema["items"], "%s[%d]" % (path, i), found)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--crd", action="append", required=True, help="a CustomResourceDefinition file")
    parser.add_argument("rendered", nargs="+", help="rendered manifests (kubectl kustomize output)")
    args = parser.parse_args()
    schemas = served_schemas(args.crd)
    checked = failed = 0
    for path in args.rendered:
        with open(path) as f:
            for resource in yaml.safe_load_all(f):
                if not resource:
                    continue
                key = (resource.get("apiVersion"), resource.get("kind"))
                if key not in schemas:
                    continue
                checked += 1
                name = "%s %s (%s)" % (key[1], resource["metadata"]["name"], key[0])
                errors = [e.message for e in jsonschema.Draft7Validator(schemas[key]).iter_errors(resource)]
                unknown = []
                unknown_fields(resource, schemas[key], "", unknown)
                if errors or unknown:
                    failed += 1
                    print("FAIL %s: %s" % (name, "; ".join(errors + ["unknown field " + u for u in unknown])))
                else:
                    print("ok   %s" % name)
    print("%d resources checked, %d failed" % (checked, failed))
    return 1 if failed or checked == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
