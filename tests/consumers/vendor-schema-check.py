#!/usr/bin/env python3
"""Checks generated vendor configs against the vendors' own Ansible modules (Debian's `ansible`).

The argument specs are not copied: each module is imported from the installed collection, its
main() runs up to the point where it builds AnsibleModule (which is replaced by a recorder), and
Ansible's own ArgumentSpecValidator checks the parameters. For FortiOS, Fortinet's own
check_schema_versioning also checks every attribute and value against a FortiOS version
(the module's v_range).

    vendor-schema-check.py [--fortios-version 7.6.1] [--dump] FILE...
        (--dump: also each FortiOS object as the spec types it, one JSON line "DUMP {...}" each)
    vendor-schema-check.py --fortios-options 7.6.1
        prints, as JSON, the values dhgrp and addke1..7 of phase1-interface and phase2-interface
        accept on that FortiOS version (for the test that keeps our target profile equal to them)

FILE: NAME.fortios.conf (FortiOS CLI: config vpn ipsec phase1-interface / phase2-interface),
NAME.fortios.yml (tasks of fortinet.fortios) or NAME.checkpoint.yml (tasks of check_point.mgmt).
Prints one line per object checked; exit status 1 if any is refused, 2 for a usage error.
"""
import importlib
import shlex
import sys

import yaml
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

MODULES = {
    "phase1-interface": ("ansible_collections.fortinet.fortios.plugins.modules.fortios_vpn_ipsec_phase1_interface",
                         "vpn_ipsec_phase1_interface"),
    "phase2-interface": ("ansible_collections.fortinet.fortios.plugins.modules.fortios_vpn_ipsec_phase2_interface",
                         "vpn_ipsec_phase2_interface"),
}
TASK_MODULES = {
    "fortinet.fortios.fortios_vpn_ipsec_phase1_interface": MODULES["phase1-interface"],
    "fortinet.fortios.fortios_vpn_ipsec_phase2_interface": MODULES["phase2-interface"],
    "check_point.mgmt.cp_mgmt_multiple_key_exchanges":
        ("ansible_collections.check_point.mgmt.plugins.modules.cp_mgmt_multiple_key_exchanges", None),
}


class _Captured(Exception):
    pass


def argument_spec(module_name):
    """The argument_spec the module's own main() hands to AnsibleModule."""
    module = importlib.import_module(module_name)
    captured = {}

    def recorder(argument_spec=None, **kwargs):
        captured["spec"] = argument_spec
        raise _Captured()

    original = module.AnsibleModule
    module.AnsibleModule = recorder
    try:
        module.main()
    except _Captured:
        pass
    finally:
        module.AnsibleModule = original
    return module, captured["spec"]


def fortios_version_mismatches(module, top, params, version):
    """Fortinet's check_schema_versioning, given the FortiOS version a device would report."""
    class Conn:
        def get_system_version(self):
            return "v" + version

    class Mod:
        pass

    class Fos:
        pass

    fos = Fos()
    fos._conn = Conn()
    fos._module = Mod()
    fos._module.params = {top: params}
    result = module.check_schema_versioning(fos, module.versioned_schema, top)
    return result.get("mismatches", [])


def validate(module_name, top, params, version):
    module, spec = argument_spec(module_name)
    if top is None:
        full = dict(params)
        full.setdefault("state", "present")
    else:
        full = {"state": "present", top: params}
    result = ArgumentSpecValidator(spec).validate(full)
    errors = [str(e) for e in result.errors]
    if top is not None and version and not errors:  # versioning asserts on values outside the spec
        errors += fortios_version_mismatches(module, top, result.validated_parameters.get(top) or params, version)
    return errors


def parse_fortios_cli(text, where):
    """config vpn ipsec phaseN-interface / edit "NAME" / set KEY VALUE... / next / end -> objects."""
    objects = []
    section = None
    current = None
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line:
            continue
        words = shlex.split(line, comments=False)
        if words[0] == "config":
            kind = words[-1]
            if kind not in MODULES:
                raise SystemExit(f"{where}:{number}: section 'config {' '.join(words[1:])}' has no module to check it")
            section = kind
        elif words[0] == "edit":
            current = {"name": words[1]}
            objects.append((section, current, number))
        elif words[0] == "set":
            key = words[1].replace("-", "_")
            values = words[2:]
            current[key] = values
        elif words[0] in ("next", "end"):
            current = None
        else:
            raise SystemExit(f"{where}:{number}: not FortiOS CLI: {line!r} (comments are not part of the documented syntax)")
    return objects


def coerce(module_name, top, params):
    """CLI words -> the types the module's spec declares (lists stay lists, one word otherwise)."""
    _, spec = argument_spec(module_name)
    options = spec[top]["options"]
    out = {}
    for key, words in params.items():
        if not isinstance(words, list):
            out[key] = words
            continue
        kind = options.get(key, {}).get("type")
        out[key] = words if kind == "list" else " ".join(words)
    return out


def fortios_options(version):
    """Values of dhgrp and addke1..7 valid on a version, by Fortinet's own v_range check."""
    import json
    out = {}
    for section, (module_name, _) in MODULES.items():
        module = importlib.import_module(module_name)
        check = getattr(module, "check_schema_versioning")
        supported = getattr(importlib.import_module(check.__module__), "__check_if_system_version_is_supported")
        children = module.versioned_schema["children"]
        for key in ["dhgrp"] + ["addke%d" % i for i in range(1, 8)]:
            schema = children[key]
            if not supported(schema.get("v_range"), "v" + version)["supported"]:
                out[section + "." + key] = []
                continue
            out[section + "." + key] = [int(o["value"]) for o in schema["options"]
                                        if supported(o.get("v_range"), "v" + version)["supported"]]
    print(json.dumps(out, sort_keys=True))
    return 0


def main(argv):
    if len(argv) == 2 and argv[0] == "--fortios-options":
        return fortios_options(argv[1])
    version = None
    files = []
    dump = False
    i = 0
    while i < len(argv):
        if argv[i] == "--fortios-version":
            version = argv[i + 1]
            i += 2
        elif argv[i] == "--dump":
            # also print each FortiOS object as the module's spec types it (JSON), for round-trip comparisons
            dump = True
            i += 1
        else:
            files.append(argv[i])
            i += 1
    if not files:
        print(__doc__, file=sys.stderr)
        return 2
    failed = 0
    checked = 0
    for path in files:
        with open(path, encoding="utf-8") as f:
            text = f.read()
        if path.endswith(".fortios.conf"):
            items = []
            for section, params, line in parse_fortios_cli(text, path):
                module_name, top = MODULES[section]
                items.append((f"{path}:{line} {section} {params.get('name')}", module_name, top,
                              coerce(module_name, top, params)))
                if dump:
                    import json
                    print("DUMP " + json.dumps({"file": path, "section": section,
                                                "params": coerce(module_name, top, params)}, sort_keys=True))
        elif path.endswith(".yml") or path.endswith(".yaml"):
            items = []
            for task in yaml.safe_load(text) or []:
                modules = [k for k in task if k in TASK_MODULES]
                if len(modules) != 1:
                    raise SystemExit(f"{path}: task {task.get('name')!r} names no module this check knows")
                module_name, top = TASK_MODULES[modules[0]]
                params = task[modules[0]]
                if top is not None:
                    params = params.get(top) or {}
                items.append((f"{path} {task.get('name')}", module_name, top, params))
        else:
            raise SystemExit(f"{path}: not a generated FortiOS or Check Point file")
        for label, module_name, top, params in items:
            checked += 1
            errors = validate(module_name, top, params, version if top else None)
            if errors:
                failed += 1
                print(f"REFUSED {label}: " + "; ".join(errors))
            else:
                print(f"ok {label}")
    print(f"{checked} objects checked, {failed} refused" + (f" (FortiOS {version})" if version else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
