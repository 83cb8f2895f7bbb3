#!/usr/bin/env bash
# Times one model in Shears and in the PyTorch peer, one after the other, for several rounds (the machine is
# noisy: interleaving keeps both sides under the same conditions). Pause other work first.
#   tools/side_by_side.sh MODEL BATCH ROUNDS [PEER_SCRIPT]
# MODEL is vgg-small, vgg16-cifar or mobilenetv1-cifar; PEER_SCRIPT defaults to ../shared/bench/torch_peer.py.
# Prints per round: Shears train median, mean and inference ms | PyTorch train mean and inference ms; then a
# summary: medians over the rounds, and the median and range of the per-round ratios of the mean step times.
set -euo pipefail
cd "$(dirname "$0")/.."
model=$1 batch=$2 rounds=$3 peer=${4:-../shared/bench/torch_peer.py}
steps=5; [ "$model" = vgg-small ] && steps=20  # the peer's own step counts
rounds_out=""
for r in $(seq 1 "$rounds"); do
  s=$(./shears bench train --model "$model" --batch "$batch" --threads 2 --steps 10 2>/dev/null | tail -1 | python3 -c \
      "import json,sys; d=json.loads(sys.stdin.read()); print(d['train_step_ms'], d['train_step_mean_ms'], d['infer_batch_ms'])")
  t=$(cd "$(dirname "$peer")" && /usr/bin/python3 -c "
import contextlib, io, json, sys
sys.argv = ['peer']
sys.path.insert(0, '.')
import $(basename "$peer" .py) as peer
out = io.StringIO()
with contextlib.redirect_stdout(out): peer.bench('$model', $batch, $steps, 2)
d = json.loads(out.getvalue()); print(d['train_step_ms'], d['infer_batch_ms'])")
  echo "$model round $r | shears train median/mean/infer ms: $s | pytorch train/infer ms: $t"
  rounds_out+="$s $t"$'\n'
done
printf '%s' "$rounds_out" | python3 -c "
import statistics as st, sys
r = [tuple(map(float, l.split())) for l in sys.stdin if l.strip()]
train = [s[1] / t[0] for s, t in ((x[:3], x[3:]) for x in r)]
infer = [x[2] / x[4] for x in r]
print('$model summary over %d rounds | train ms shears %.0f pytorch %.0f | ratio median %.2f (%.2f-%.2f), above 1.0: %d'
      ' | infer ms shears %.0f pytorch %.0f, ratio median %.2f' % (len(r), st.median(x[1] for x in r), st.median(x[3] for x in r),
      st.median(train), min(train), max(train), sum(v > 1 for v in train), st.median(x[2] for x in r), st.median(x[4] for x in r),
      st.median(infer)))"

