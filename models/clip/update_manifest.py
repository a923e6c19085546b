"""Adds/updates the Toon-CLIP entry of models/manifest.json with the files in models/clip/toon-clip."""
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
MANIFEST = os.path.join(HERE, "..", "manifest.json")
DIR = os.path.join(HERE, "toon-clip")

# What the app loads (issue 15: ship only what runs): the fp32 text tower and the int8 vision tower;
# the fp32 vision and int8 text graphs stay in the repo for tests and imports, not in the precache.
NOT_SHIPPED = {"onnx/vision_model.onnx", "onnx/text_model_quantized.onnx"}
files = sorted(
    os.path.relpath(os.path.join(r, f), os.path.join(HERE, ".."))
    for r, _, fs in os.walk(DIR)
    for f in fs
    if os.path.relpath(os.path.join(r, f), DIR) not in NOT_SHIPPED
)
entry = {
    "id": "clip/toon-clip",
    "kind": "clip",
    "name": "Toon-CLIP (ko/en/ja)",
    "description": "Small multilingual CLIP trained here on OpenMoji sprites and composed panels; reference search and zero-shot tags. Text tower fp32 (also the diffusion text encoder), vision tower int8. See models/clip/CARD.md.",
    "files": files,
}
with open(MANIFEST, encoding="utf-8") as f:
    m = json.load(f)
m["models"] = [x for x in m["models"] if x["id"] != entry["id"]] + [entry]
with open(MANIFEST, "w", encoding="utf-8") as f:
    json.dump(m, f, indent=2, ensure_ascii=False)
    f.write("\n")
print(files)
