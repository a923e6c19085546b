#!/usr/bin/env bash
# Early stop of a colorizer run chosen on VAL (issue 13 / 16): every kept checkpoint of a run
# (train.py --keep-every N → <run>/step<N>.pt) and the weights it started from are exported to
# ONNX (never over the shipped file) and scored by the app's job for this net — automatic colours
# per region (eval_flats.mjs --phase=val --choose=auto: dataset val + openclipart val, line art and
# gray input, k ∈ {0, 1, 2, 5, 10, 20} hints, one colour per region from the net). The rule, fixed
# before the run: the candidate with the lowest chromatic ΔE*ab (mean over sources × kinds × k, its
# best pooling option); the table also gives k = 0 per source and kind and the "leave uncoloured"
# baseline. The test splits are not read here.
#
#   bash models/colorizer/choose_val_stop.sh models/colorizer/runs/c1 [start.pt] [n=30]
# Writes models/colorizer/choose-val-stop.json.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
run="$(cd "$1" && pwd)"
start="${2:-}"
n="${3:-30}"
cache="$run/val-stop"  # per candidate: its ONNX export and val.json (reused while newer than the checkpoint)
mkdir -p "$cache"
cands=()
[ -n "$start" ] && cands+=("$start")
while IFS= read -r f; do cands+=("$f"); done < <(ls "$run"/step*.pt | sort -V)
results=()
for c in "${cands[@]}"; do
  name="$(basename "$(dirname "$c")")/$(basename "$c" .pt)"
  out="$cache/$(echo "$name" | tr '/' '_')-n$n"
  if [ ! "$out/val.json" -nt "$c" ]; then
    /usr/bin/python3 "$here/export.py" --ckpt "$c" --out "$out" >/dev/null
    node "$here/eval_flats.mjs" --phase=val --choose=auto --n="$n" --model="$out/colorizer.onnx" \
      --out="$out/val.json" >/dev/null
  fi
  results+=("$name=$out/val.json")
  echo "scored $name" >&2
done
/usr/bin/python3 - "$here/choose-val-stop.json" "$n" "${results[@]}" <<'EOF'
import json, sys
out, n, pairs = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
rows = []
for p in pairs:
    name, f = p.split("=", 1)
    d = json.load(open(f))
    best = min((v for v in d["variants"] if not v.get("baseline")), key=lambda v: v["chromaDE"])
    none = next(v for v in d["variants"] if v.get("baseline"))
    k0 = {k.rsplit("|", 1)[0]: round(best["table"][k]["chromaDE"], 2) for k in best["table"] if k.endswith("|0")}
    k0none = {k.rsplit("|", 1)[0]: round(none["table"][k]["chromaDE"], 2) for k in none["table"] if k.endswith("|0")}
    rows.append({"candidate": name, "chromaDE": round(best["chromaDE"], 3), "pool": best["pool"],
                 "minChroma": best["minChroma"], "uncoloured": round(none["chromaDE"], 3),
                 "k0": k0, "k0_uncoloured": k0none})
chosen = min(rows, key=lambda r: r["chromaDE"])
json.dump({"phase": "val", "n": n, "rule": "lowest chromatic ΔE*ab, mean over sources × kinds × k",
           "candidates": rows, "chosen": chosen["candidate"]}, open(out, "w"), indent=1)
print("| candidate | chromatic ΔE*ab (pool) | uncoloured | k = 0: " + " / ".join(rows[0]["k0"]) + " |")
print("|---|---|---|---|")
for r in rows:
    mark = " **chosen**" if r is chosen else ""
    print(f"| {r['candidate']}{mark} | {r['chromaDE']:.2f} ({r['pool']}, {r['minChroma']}) | {r['uncoloured']:.2f} | "
          + " / ".join(f"{v:.1f}" for v in r["k0"].values()) + " |")
EOF
