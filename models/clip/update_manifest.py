"""Adds/updates the Toon-CLIP entry of models/manifest.json with the files in models/clip/toon-clip."""
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
MANIFEST = os.path.join(HERE, "..", "manifest.json")
DIR = os.path.join(HERE, "toon-clip")

files = sorted(os.path.relpath(os.path.join(r, f), os.path.join(HERE, "..")) for r, _, fs in os.walk(DIR) for f in fs)
entry = {
    "id": "clip/toon-clip",
    "kind": "clip",
    "name": "Toon-CLIP (ko/en/ja)",
    "description": "Small multilingual CLIP trained here on OpenMoji sprites and composed panels; reference search and zero-shot tags. See models/clip/CARD.md.",
    "files": files,
}
with open(MANIFEST, encoding="utf-8") as f:
    m = json.load(f)
m["models"] = [x for x in m["models"] if x["id"] != entry["id"]] + [entry]
with open(MANIFEST, "w", encoding="utf-8") as f:
    json.dump(m, f, indent=2, ensure_ascii=False)
    f.write("\n")
print(files)
