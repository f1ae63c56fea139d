"""The same char-RNN training step in PyTorch, on one CPU thread, for the throughput bench.

One-hot input -> nn.LSTM (num_layers, dropout between layers) -> dropout -> Linear readout,
cross-entropy, Adam, gradient clipping, the state carried (detached) from window to window over
random character ids. Prints one JSON line: {"charsPerSecond": ...}.

usage: python3 torch_char_rnn.py LAYERS HIDDEN BATCH SEQ_LEN STEPS
"""
import json
import sys
import time

import torch

torch.set_num_threads(1)
layers, hidden, batch, seq_len, steps = (int(a) for a in sys.argv[1:6])
V = 98
torch.manual_seed(0)


class CharRNN(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = torch.nn.LSTM(V, hidden, num_layers=layers, dropout=0.5 if layers > 1 else 0.0, batch_first=True)
        self.drop = torch.nn.Dropout(0.5)
        self.readout = torch.nn.Linear(hidden, V)

    def forward(self, x, state):
        out, state = self.lstm(torch.nn.functional.one_hot(x, V).float(), state)
        return self.readout(self.drop(out)), state


model = CharRNN()
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
ids = torch.randint(0, V, (steps + 2, batch, seq_len + 1))
state = None


def step(i):
    global state
    x, y = ids[i, :, :-1], ids[i, :, 1:]
    if state is not None:
        state = tuple(s.detach() for s in state)
    logits, state = model(x, state)
    loss = torch.nn.functional.cross_entropy(logits.reshape(-1, V), y.reshape(-1))
    opt.zero_grad()
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), 5.0)
    opt.step()


step(0)  # warm-up
start = time.perf_counter()
for i in range(1, steps + 1):
    step(i)
seconds = time.perf_counter() - start
print(json.dumps({"charsPerSecond": batch * seq_len * steps / seconds}))
