"""The `PointerNetwork` of @seq2seq/seq2seq in PyTorch, parameter for parameter.

Same equations as packages/seq2seq/src/pointer/network.ts (see its module comment):
Vinyals, Fortunato and Jaitly (2015), "Pointer Networks", eq. 3, with the additions of Bello et al.
(2016) (one glimpse, logit clipping C tanh(u), masks on positions an output may not repeat):

  embed     e_j = W_e P_j + b_e, shared by encoder and decoder inputs
  encoder   'lstm': an LSTM stack over the points in input order (padded steps keep the state);
            'attention': a pre-norm Transformer over the set (set-encoder.ts), the decoder starting
            from h = tanh(.), c = . of init(mean of the real encodings), split per layer
  end slot  variable-length outputs end by pointing at a learned state, encoder position 0
  decoder   an LSTM stack from the encoder's final state; input at step 1 a learned start vector,
            then the embedding (lstm) or the encoding (attention) of the point chosen before
  pointer   q = d_i; per glimpse g: q <- sum_j softmax_j(v_g^T tanh(W1_g e_j + W2_g q)) e_j;
            u_j = v^T tanh(W1 e_j + W2 q), C tanh(u_j); masked positions (padding, and what the
            output rules forbid at this step) get the logit -1e9 (MASKED_LOGIT), then log-softmax

Parameter names follow PyTorch where a PyTorch module exists (`nn.Linear` `embed.weight` [out, in];
the LSTM stacks as `nn.LSTM`: `encoder.weight_ih_l0` [4H, in], `weight_hh_l0`, `bias_ih_l0`,
`bias_hh_l0`, gates i, f, g, o; `nn.LayerNorm` `weight`/`bias`) and keep the TypeScript module
tree otherwise (`pointer.glimpse0.W1` [encoder, A], `W2` [decoder, A], `v` [A]; `start`, `end`;
the set encoder's `norm0`, `attention0.qkv`, `attention0.out`, `ff0.norm`, `ff0.f.l0`, `ff0.f.l1`,
`norm`). packages/seq2seq/src/torch/pointer-names.ts maps these names both ways.
"""
from __future__ import annotations

import math

import torch
import torch.nn.functional as F
from torch import nn

from .model import Stack
from .pointer_config import resolve_pointer_config

MASKED_LOGIT = -1e9


class OutputTracker:
    """Which pointer positions may come next in one output row (constraints.ts, rule for rule)."""

    def __init__(self, rules: dict, n: int, positions: int):
        self.rules, self.n, self.positions = rules, n, positions
        self.offset = 1 if rules["variableLength"] else 0
        self.used = [False] * positions
        self.group: list[int] = []
        self.count = 0
        self.done = False
        self.groups: set[tuple] = set()

    def push(self, p: int) -> None:
        r = self.rules
        if self.done:
            return
        if r["variableLength"] and p == 0:
            self.done, self.group = True, []
            return
        if r["noRepeat"] and 0 <= p < self.positions:
            self.used[p] = True
        g = r["groupSize"]
        if g > 1 and len(self.group) + 1 == g:
            self.groups.add(tuple(sorted(self.group + [p])))
        self.group = self.group + [p] if g > 1 and len(self.group) + 1 < g else []
        self.count += 1

    def mask(self) -> list[int]:
        """1 at every position that may not come next (padding positions are left 0)."""
        r, n, off = self.rules, self.n, self.offset
        row = [0] * self.positions
        if self.done:
            return row
        if not r["variableLength"] and self.count >= n:
            return [0] + [1] * (self.positions - 1)  # a finished tour: force position 0 (log 1 = 0)
        first = r["firstOutput"]
        if self.count == 0 and first is not None and first < n:
            row[: n + off] = [1] * (n + off)
            row[first + off] = 0
            return row
        free = 0
        closing = r["groupSize"] > 1 and len(self.group) == r["groupSize"] - 1 and len(self.groups) > 0
        for j in range(off, n + off):
            if r["noRepeat"] and self.used[j]:
                row[j] = 1
            elif j in self.group:
                row[j] = 1
            elif closing and tuple(sorted(self.group + [j])) in self.groups:
                row[j] = 1
            else:
                free += 1
        if r["variableLength"]:
            end_ok = self.count >= r["minOutputs"] and len(self.group) == 0
            row[0] = 0 if end_ok or free == 0 else 1
            if row[0] == 0:
                free += 1
        return row if free > 0 else [0] * self.positions


def teacher_forcing_masks(rules: dict, targets: torch.Tensor, target_lengths: torch.Tensor, point_lengths: torch.Tensor, positions: int) -> torch.Tensor:
    """[B, T, S] 1 where position j may not come at step s after targets[b, :s]; the gold output is never masked."""
    B, T = targets.shape
    out = torch.zeros(B, T, positions)
    for b in range(B):
        tr = OutputTracker(rules, int(point_lengths[b]), positions)
        for s in range(int(target_lengths[b])):
            t = int(targets[b, s])
            out[b, s] = torch.tensor(tr.mask(), dtype=torch.float32)
            out[b, s, t] = 0
            tr.push(t)
    return out


class Additive(nn.Module):
    """score_j = v^T tanh(W1 e_j + W2 q), TypeScript layout and Glorot-uniform init (attention.ts)."""

    def __init__(self, enc: int, query: int, units: int):
        super().__init__()
        self.W1 = nn.Parameter(nn.init.xavier_uniform_(torch.empty(enc, units)))
        self.W2 = nn.Parameter(nn.init.xavier_uniform_(torch.empty(query, units)))
        bound = math.sqrt(6 / (units + 1))
        self.v = nn.Parameter(torch.empty(units).uniform_(-bound, bound))

    def forward(self, keys: torch.Tensor, query: torch.Tensor) -> torch.Tensor:
        """keys = states @ W1 [B, S, A], query [B, T, Dq] -> scores [B, T, S]."""
        return torch.tanh(keys.unsqueeze(1) + (query @ self.W2).unsqueeze(2)) @ self.v


class Pointer(nn.Module):
    """Glimpses, then the pointing score, clipped and masked (packages/attention/src/pointer.ts)."""

    def __init__(self, enc: int, dec: int, units: int, clip: float | None, glimpses: int):
        super().__init__()
        self.clip = clip
        self.glimpses = glimpses
        for g in range(glimpses):
            self.add_module(f"glimpse{g}", Additive(enc, dec if g == 0 else enc, units))
        self.pointer = Additive(enc, enc if glimpses > 0 else dec, units)

    def forward(self, states: torch.Tensor, query: torch.Tensor, keep: torch.Tensor):
        """states [B, S, He], query [B, T, Hd], keep [B, T, S] bool -> (logits, log-probabilities) [B, T, S]."""
        q = query
        for g in range(self.glimpses):
            a = getattr(self, f"glimpse{g}")
            w = torch.softmax(a(states @ a.W1, q).masked_fill(~keep, MASKED_LOGIT), -1)  # [B, T, S]
            q = w @ states  # [B, T, He]
        u = self.pointer(states @ self.pointer.W1, q)  # [B, T, S]
        if self.clip is not None:
            u = self.clip * torch.tanh(u)
        logits = u.masked_fill(~keep, MASKED_LOGIT)
        return logits, torch.log_softmax(logits, -1)


class SelfAttention(nn.Module):
    """Multi-head self-attention, keys masked where padding (packages/attention/src/multi-head.ts)."""

    def __init__(self, size: int, heads: int):
        super().__init__()
        self.heads = heads
        self.qkv = nn.Linear(size, 3 * size)
        self.out = nn.Linear(size, size)

    def forward(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        B, T, F_ = x.shape
        H, d = self.heads, F_ // self.heads
        q, k, v = self.qkv(x).chunk(3, 2)  # [B, T, F] each
        split = lambda t: t.reshape(B, T, H, d).transpose(1, 2)  # noqa: E731  [B, H, T, d]
        scores = split(q) @ split(k).transpose(2, 3) / math.sqrt(d)  # [B, H, T, T]
        scores = scores + ((1 - mask) * MASKED_LOGIT).reshape(B, 1, 1, T)
        heads = torch.softmax(scores, -1) @ split(v)  # [B, H, T, d]
        return self.out(heads.transpose(1, 2).reshape(B, T, F_))


class MLP(nn.Module):
    """l1(relu(l0(x))): the feed-forward block (blocks/src/mlp.ts with one hidden layer)."""

    def __init__(self, size: int, hidden: int):
        super().__init__()
        self.l0 = nn.Linear(size, hidden)
        self.l1 = nn.Linear(hidden, size)

    def forward(self, x):
        return self.l1(torch.relu(self.l0(x)))


class PreNormFF(nn.Module):
    """x + f(LN(x)) (blocks/src/residual.ts with norm: 'pre')."""

    def __init__(self, size: int, hidden: int):
        super().__init__()
        self.f = MLP(size, hidden)
        self.norm = nn.LayerNorm(size, eps=1e-5)

    def forward(self, x):
        return x + self.f(self.norm(x))


class SetEncoder(nn.Module):
    """Pre-norm Transformer encoder over a point set (set-encoder.ts): h += MHA(LN(h)); h += FF(LN(h)); LN(h)."""

    def __init__(self, input_size: int, hidden: int, layers: int, heads: int, ff: int):
        super().__init__()
        self.layers = layers
        self.input = nn.Linear(input_size, hidden) if input_size != hidden else None
        for i in range(layers):
            self.add_module(f"norm{i}", nn.LayerNorm(hidden, eps=1e-5))
            self.add_module(f"attention{i}", SelfAttention(hidden, heads))
            self.add_module(f"ff{i}", PreNormFF(hidden, ff))
        self.norm = nn.LayerNorm(hidden, eps=1e-5)

    def forward(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        h = self.input(x) if self.input is not None else x  # [B, N, H]
        for i in range(self.layers):
            h = h + getattr(self, f"attention{i}")(getattr(self, f"norm{i}")(h), mask)
            h = getattr(self, f"ff{i}")(h)
        return self.norm(h)


class PointerNetwork(nn.Module):
    """The pointer network of one JSON config (see the module comment)."""

    def __init__(self, config: dict):
        super().__init__()
        c = self.config = resolve_pointer_config(config)
        torch.manual_seed(c["seed"])
        E, H, L = c["embeddingSize"], c["hiddenSize"], c["numLayers"]
        self.offset = 1 if c["rules"]["variableLength"] else 0
        self.attention_encoder = c["encoder"] == "attention"
        self.embed = nn.Linear(c["inputSize"], E)
        if self.attention_encoder:
            self.encoder = SetEncoder(E, H, c["numEncoderLayers"], c["numHeads"], c["feedForwardSize"])
            self.init = nn.Linear(H, 2 * H * L)
        else:
            self.encoder = Stack("lstm", E, H, L, False, False, 0.0)
            self.init = None
        dec_in = H if self.attention_encoder else E
        self.decoder = Stack("lstm", dec_in, H, L, False, False, 0.0)
        self.pointer = Pointer(H, H, c["attentionSize"], c["clip"], c["numGlimpses"])
        scale = 1 / math.sqrt(E)
        self.start = nn.Parameter(torch.empty(dec_in).uniform_(-scale, scale))
        self.end = nn.Parameter(torch.empty(H).uniform_(-scale, scale)) if self.offset else None

    # -- encoder ---------------------------------------------------------------------------------
    def encode(self, points: torch.Tensor, lengths: torch.Tensor):
        """points [B, N, D], lengths [B] -> states [B, S, H] (end slot first), keep [B, S] bool, decoder states per layer."""
        B, N, _ = points.shape
        H = self.config["hiddenSize"]
        mask = (torch.arange(N).unsqueeze(0) < lengths.unsqueeze(1)).float()  # [B, N]
        emb = self.embed(points)  # [B, N, E]
        if self.attention_encoder:
            out = self.encoder(emb, mask)  # [B, N, H]
            mean = (out * mask.unsqueeze(2)).sum(1) / lengths.unsqueeze(1).float()  # [B, H]
            z = self.init(mean)  # [B, 2 H L]
            layers = [(torch.tanh(z[:, 2 * l * H:(2 * l + 1) * H]), z[:, (2 * l + 1) * H:(2 * l + 2) * H]) for l in range(self.config["numLayers"])]
        else:
            out, layers = self.encoder(emb, mask)  # [B, N, H], final (h, c) of every layer
        states = torch.cat([self.end.reshape(1, 1, H).expand(B, 1, H), out], 1) if self.end is not None else out  # [B, S, H]
        keep = torch.arange(states.shape[1]).unsqueeze(0) < (lengths + self.offset).unsqueeze(1)  # [B, S]
        return states, keep, layers

    def decoder_input(self, points: torch.Tensor, states: torch.Tensor, positions: torch.Tensor) -> torch.Tensor:
        """Decoder inputs for the pointer positions [B, T]: encodings (attention) or embedded points (lstm; the end slot reads zeros)."""
        B, T = positions.shape
        if self.attention_encoder:
            return torch.gather(states, 1, positions.unsqueeze(2).expand(B, T, states.shape[2]))  # [B, T, H]
        idx = positions - self.offset  # [B, T]
        real = (idx >= 0) & (idx < points.shape[1])
        coords = torch.gather(points, 1, idx.clamp(0, points.shape[1] - 1).unsqueeze(2).expand(B, T, points.shape[2]))
        return self.embed(coords * real.unsqueeze(2))  # [B, T, E]

    # -- teacher forcing -------------------------------------------------------------------------
    def forward(self, points: torch.Tensor, lengths: torch.Tensor, targets: torch.Tensor, target_lengths: torch.Tensor) -> torch.Tensor:
        """Teacher-forced log-probabilities [B, T, S] of pointer positions `targets` [B, T] (0 past each length)."""
        states, keep, layers = self.encode(points, lengths)
        B, T = targets.shape
        S = states.shape[1]
        real = torch.arange(T).unsqueeze(0) < target_lengths.unsqueeze(1)  # [B, T]
        prev = self.decoder_input(points, states, (targets * real)[:, :-1])  # [B, T-1, E|H]
        if self.attention_encoder:
            prev = prev * real[:, :-1].unsqueeze(2)  # the one-hot pick of network.ts is 0 past the length
        else:
            prev = torch.where(real[:, :-1].unsqueeze(2), prev, self.embed.bias.expand_as(prev))  # zeros in, bias out
        x = torch.cat([self.start.reshape(1, 1, -1).expand(B, 1, -1), prev], 1)  # [B, T, E|H]
        dec_mask = (torch.arange(T).unsqueeze(0) < target_lengths.clamp(min=1).unsqueeze(1)).float()
        out, _ = self.decoder(x, dec_mask, layers)  # [B, T, H]
        chosen = teacher_forcing_masks(self.config["rules"], targets, target_lengths, lengths, S) > 0  # [B, T, S]
        _, log_probs = self.pointer(states, out, keep.unsqueeze(1) & ~chosen)
        return log_probs

    def loss(self, points, lengths, targets, target_lengths) -> torch.Tensor:
        """Mean negative log-likelihood per output step (the TypeScript `loss`)."""
        lp = self.forward(points, lengths, targets, target_lengths)
        real = (torch.arange(targets.shape[1]).unsqueeze(0) < target_lengths.unsqueeze(1)).float()
        picked = torch.gather(lp, 2, targets.unsqueeze(2)).squeeze(2)  # [B, T]
        return -(picked * real).sum() / real.sum().clamp(min=1)

    def to_positions(self, rows: list[list[int]]):
        """Targets in input indices -> pointer positions [B, T] with the end slot appended, and lengths [B]."""
        rows = [[i + 1 for i in r] + [0] if self.offset else list(r) for r in rows]
        T = max(1, max(len(r) for r in rows))
        out = torch.zeros(len(rows), T, dtype=torch.long)
        for b, r in enumerate(rows):
            out[b, : len(r)] = torch.tensor(r, dtype=torch.long)
        return out, torch.tensor([len(r) for r in rows])

    # -- decoding --------------------------------------------------------------------------------
    @torch.no_grad()
    def greedy(self, points: torch.Tensor, lengths: torch.Tensor, max_length: int | None = None):
        """Greedy decoding as solvePointSets: per row (pointer positions without the end slot,
        sum of log-probabilities, log-probabilities [steps, S] of every step taken)."""
        rules = self.config["rules"]
        states, keep, layers = self.encode(points, lengths)
        B, S = states.shape[0], states.shape[1]
        N = points.shape[1]
        if max_length is None:
            max_length = N if not rules["variableLength"] else (N + 1 if rules["noRepeat"] else rules["groupSize"] * max(1, 2 * N) + 1)
        trackers = [OutputTracker(rules, int(lengths[b]), S) for b in range(B)]
        x = self.start.reshape(1, -1).expand(B, -1)
        tokens: list[list[int]] = [[] for _ in range(B)]
        logp = [0.0] * B
        steps: list[list[list[float]]] = [[] for _ in range(B)]
        done = [False] * B
        end = 0 if rules["variableLength"] else -1
        for _ in range(max_length):
            h, layers = self.decoder.step(x, layers)
            chosen = torch.tensor([t.mask() for t in trackers]) > 0  # [B, S]
            _, lp = self.pointer(states, h.unsqueeze(1), (keep & ~chosen).unsqueeze(1))
            lp = lp[:, 0]  # [B, S]
            best = lp.argmax(-1)
            for b in range(B):
                trackers[b].push(int(best[b]))
                if done[b]:
                    continue
                t = int(best[b])
                logp[b] += float(lp[b, t])
                steps[b].append(lp[b].tolist())
                if t == end:
                    done[b] = True
                else:
                    tokens[b].append(t)
            if all(done):
                break
            x = self.decoder_input(points, states, best.unsqueeze(1))[:, 0]
        return [(tokens[b], logp[b], steps[b]) for b in range(B)]

    def from_positions(self, positions: list[int], n: int) -> list[int]:
        """Pointer positions -> input indices (to the end slot; tours cut at n)."""
        out = []
        for p in positions:
            if (self.offset and p == 0) or (not self.offset and len(out) >= n):
                break
            out.append(p - self.offset)
        return out
