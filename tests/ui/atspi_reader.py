"""Reads an application's accessibility tree over AT-SPI, as Orca does, and prints it as JSON.
Runs under the system's Python with Debian's python3-pyatspi (not installable into the venv);
tests/ui/app/test_atspi.py starts it. Item views are read as one node (their cells are data).

Usage: /usr/bin/python3 atspi_reader.py PID [NAME_TO_PRESS SHOWN_AFTER]
With NAME_TO_PRESS, also does the "Press" action of the button of that name, as a screen
reader's activation does, waits for a table named SHOWN_AFTER to show, and reads again.
"""

import json
import sys
import time

import pyatspi

LEAVES = {"table", "list", "tree", "tree table", "combo box", "page tab list", "list box"}


def application(pid):
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        for app in pyatspi.Registry.getDesktop(0):
            if app is not None and app.get_process_id() == pid and app.childCount:
                return app
        time.sleep(0.2)
    raise SystemExit(f"no accessible application with pid {pid}")


def states(node):
    names = {
        pyatspi.STATE_FOCUSABLE: "focusable",
        pyatspi.STATE_SHOWING: "showing",
        pyatspi.STATE_CHECKED: "checked",
        pyatspi.STATE_FOCUSED: "focused",
    }
    present = node.getState()
    return [name for state, name in names.items() if present.contains(state)]


def actions(node):
    try:
        action = node.queryAction()
    except NotImplementedError:
        return []
    return [action.getName(i) for i in range(action.nActions)]


def labelled_by(node):
    names = []
    for relation in node.getRelationSet():
        if relation.getRelationType() == pyatspi.RELATION_LABELLED_BY:
            names += [relation.getTarget(i).name for i in range(relation.getNTargets())]
    return names


def read(node):
    found = {
        "role": node.getRoleName(),
        "name": node.name,
        "states": states(node),
        "labelled_by": labelled_by(node),
        "actions": actions(node),
        "children": [],
    }
    if found["role"] not in LEAVES:
        for child in node:
            if child is not None and child.getState().contains(pyatspi.STATE_SHOWING):
                found["children"].append(read(child))
    return found


def find(node, test):
    if test(node):
        return node
    if node.getRoleName() in LEAVES:
        return None
    for child in node:
        if child is not None and child.getState().contains(pyatspi.STATE_SHOWING):
            hit = find(child, test)
            if hit is not None:
                return hit
    return None


def main():
    pid = int(sys.argv[1])
    app = application(pid)
    result = {"before": read(app)}
    if len(sys.argv) > 3:
        press, shown_after = sys.argv[2], sys.argv[3]
        target = find(app, lambda n: n.name == press and "Press" in actions(n))
        if target is None:
            raise SystemExit(f"no button {press!r} with a Press action")
        action = target.queryAction()
        action.doAction([action.getName(i) for i in range(action.nActions)].index("Press"))
        deadline = time.monotonic() + 10
        while find(app, lambda n: n.name == shown_after and n.getRoleName() == "table") is None:
            if time.monotonic() > deadline:
                raise SystemExit(f"{shown_after!r} never showed after pressing {press!r}")
            time.sleep(0.1)
        result["after"] = read(app)
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
