"""Third openclipart try (v8, issue 14): both towers trained, chosen on val only.

    /usr/bin/python3 models/clip/choose_val_v8.py --runs models/clip/runs/v8c models/clip/runs/v8d [--test]

v6 and v7 kept the text tower frozen because its bytes were the diffusion model's text encoder; v8
gives the diffusion model its own copy, so Toon-CLIP's text tower may move. The runs are v7 f's recipe
(from the shipped weights; sprites 0.4 / panels 0.3 / openclipart 0.3; lr 2e-4; 2,400 steps; batch
128; 1 CPU thread; checkpoints every 300) with the text tower trained and distilled too (train.py
--distill-text: 1 - cosine to the shipped text tower's embeddings of the sprite and panel captions):
v8c --distill 300 --distill-text 300, v8d --distill 300 --distill-text 100.
First tried and stopped (not candidates): v8a (--distill 300, the text tower free) and v8b (--distill
100). v8a's step 300, read on val, had dropped the dataset val MRR@10 to 0.573 (shipped 0.652) and
failed the probe (개: tree, then dog): the free text tower forgets the panel captions; hence v8c/v8d.
Rule (written before the runs): candidates are the shipped weights and every kept checkpoint of both
runs. Eligible = v7's two guards: (1) dataset val mean MRR@10 >= the shipped weights' - 0.02, and (2)
every fixture-probe query (고양이, cat, 개, dog, 나무, house) ranks a sprite of its own concept first.
Score = v7's (mean of openclipart val concept MRR@10 en / ko and zero-shot en / ko). The highest
eligible score wins; within 0.005 of it the earlier step (then v8c) is preferred. The winner replaces
the shipped weights only if its score is >= the shipped score + 0.03: v7's +0.019 val gain did not
carry to test, and a new model costs every user a library re-embed and the app 4.7 MB more (the
diffusion text encoder's own copy). (3) After the choice, the storyboard place match is re-chosen on
val with the winner in the app (storyboard-eval.mjs, storyboard-threshold.mjs); it ships only if its
val accuracy at its own threshold is >= 0.948 - 0.02 (the shipped weights' 0.948).
--test: after the choice, openclipart test and the dataset's test splits, once, for the chosen
candidate and the shipped weights. Writes choose-val-v8.json into the first run's folder.
"""
from __future__ import annotations

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from choose_val_v7 import cli  # noqa: E402

MARGIN = 0.03

if __name__ == "__main__":
    cli(__doc__, "choose-val-v8.json", MARGIN)
