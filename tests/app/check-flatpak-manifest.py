#!/usr/bin/env python3
# Checks flatpak/org.portdesk.PortDesk.json where flatpak-builder is not
# installed: it parses, targets the GNOME runtime, builds what the runtime
# lacks from local file sources (Debian's sources, the verified weights)
# and names no download location at all.
import json
import os
import sys

path = sys.argv[1]
top = os.path.dirname(os.path.dirname(os.path.abspath(path)))
errors = []

with open(path) as f:
    m = json.load(f)

def need(cond, msg):
    if not cond:
        errors.append(msg)

need(m.get("id") == "org.portdesk.PortDesk", "id must be org.portdesk.PortDesk")
need(m.get("runtime") == "org.gnome.Platform", "runtime must be org.gnome.Platform")
need(m.get("sdk") == "org.gnome.Sdk", "sdk must be org.gnome.Sdk")
need(str(m.get("runtime-version", "")) != "", "runtime-version missing")
need(m.get("command") == "portdesk", "command must be portdesk")
finish = m.get("finish-args", [])
need("--talk-name=org.freedesktop.secrets" in finish, "needs the Secret Service")
need(any(a.startswith("--env=PORTDESK_MODEL_DIR=") for a in finish), "needs PORTDESK_MODEL_DIR")

modules = {mod["name"]: mod for mod in m.get("modules", []) if isinstance(mod, dict)}
for name in ("libsodium", "libqrencode", "openblas", "face-models", "portdesk"):
    need(name in modules, "module %s missing" % name)
need(list(modules)[-1:] == ["portdesk"], "portdesk must be built last")

banned = ("npmjs", "registry.", "pypi", "crates.io")
for name, mod in modules.items():
    need(mod.get("buildsystem") in ("meson", "autotools", "simple", "cmake", "cmake-ninja"),
         "%s: unknown buildsystem" % name)
    if mod.get("buildsystem") == "simple":
        need(len(mod.get("build-commands", [])) > 0, "%s: simple module without build-commands" % name)
    sources = mod.get("sources", [])
    need(len(sources) > 0, "%s: no sources" % name)
    for s in sources:
        need(s.get("type") in ("git", "archive", "dir", "file", "patch"), "%s: source type %s" % (name, s.get("type")))
        url = s.get("url", "")
        need(not any(b in url for b in banned), "%s: fetches from a package registry: %s" % (name, url))
        if s.get("type") == "archive":
            need("sha256" in s, "%s: archive without sha256" % name)
        if s.get("type") == "git" and "url" in s:
            need("tag" in s or "commit" in s, "%s: git source without tag or commit" % name)
        if "path" in s:
            need(not os.path.isabs(s["path"]), "%s: absolute path %s" % (name, s["path"]))

weights = modules.get("face-models", {}).get("sources", [{}])[0]
need(weights.get("type") == "dir" and weights.get("path") == "../_build-flatpak-weights",
     "face-models must come from the local file source ../_build-flatpak-weights")
need(os.access(os.path.join(top, "flatpak", "prepare-weights.sh"), os.X_OK), "flatpak/prepare-weights.sh missing")
for name in ("libsodium", "libqrencode", "openblas"):
    src = modules.get(name, {}).get("sources", [{}])[0]
    need(src.get("type") == "dir" and src.get("path") == "../_build-flatpak-" + name,
         "%s must come from the local file source ../_build-flatpak-%s (flatpak/prepare-sources.sh)" % (name, name))
need(os.access(os.path.join(top, "flatpak", "prepare-sources.sh"), os.X_OK), "flatpak/prepare-sources.sh missing")
for name, mod in modules.items():
    for s in mod.get("sources", []):
        need("url" not in s, "%s: the manifest names a download location (%s); use a local file source" % (name, s.get("url")))

for e in errors:
    print("flatpak manifest: " + e, file=sys.stderr)
if not errors:
    print("flatpak manifest: %s ok (%d modules)" % (os.path.basename(path), len(modules)))
sys.exit(1 if errors else 0)
