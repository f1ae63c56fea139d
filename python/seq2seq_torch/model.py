"""The `Seq2Seq` model of @seq2seq/seq2seq in PyTorch, parameter for parameter.

Same equations as packages/seq2seq/src/model.ts (see its module comment):

  encoder   an RNN stack (rnn / gru / lstm, optionally bidirectional, residual from layer 1)
            over embedded source ids; padded steps keep the state and output zeros
  bridge    decoder h0 = tanh(bridge([h_fwd; h_bwd] of the top encoder layer)), split per layer;
            an LSTM-to-LSTM model also maps c; 'zeros' starts from zeros
  decoder   an RNN stack over embedded target ids (plus the previous attentional state with
            input feeding), attention over the encoder states, h~ = tanh(combine([c; d])),
            logits = output(h~)

The GRU is the one the TypeScript config means: the lecture's (Cho et al. 2014), with the reset
gate applied BEFORE the recurrent matrix, n = tanh(W_n x + b_n + U_n (r * h)). That is not
`nn.GRU` (reset after), so every cell here is written out; the recurrence is a Python loop.

Parameter names (the state dict, written to safetensors by checkpoint.py) follow PyTorch:
`nn.Embedding` (`source_embedding.weight`), `nn.Linear` (`bridge.weight` [out, in], `bias`),
`nn.RNN`-style stacks (`encoder.weight_ih_l0_reverse` [G*H, in], `weight_hh_*` [G*H, H],
`bias_ih_*`, and `bias_hh_*` for rnn/lstm; the lecture's GRU has one bias, `bias_ih`), gate
blocks in PyTorch's order (GRU r, z, n; LSTM i, f, g, o). Attention keeps the TypeScript
layout: `attention.W` [encoder, decoder], `attention.W1` [encoder, A], `attention.W2`
[decoder, A], `attention.v` [A]. packages/seq2seq/src/torch maps these names both ways.
"""
from __future__ import annotations

import math

import torch
import torch.nn.functional as F
from torch import nn

from .config import resolve_config

GATES = {"rnn": 1, "gru": 3, "lstm": 4}


class Stack(nn.Module):
    """A stack of recurrent layers with `nn.RNN`-style parameter names, masked by lengths."""

    def __init__(self, cell: str, input_size: int, hidden: int, layers: int, bidirectional: bool, residual: bool, dropout: float):
        super().__init__()
        self.cell, self.hidden, self.layers = cell, hidden, layers
        self.dirs = 2 if bidirectional else 1
        self.residual, self.dropout = residual, dropout
        g = GATES[cell]
        k = 1.0 / math.sqrt(hidden)
        for l in range(layers):
            inp = input_size if l == 0 else hidden * self.dirs
            for s in self.suffixes(l):
                self.register_parameter(f"weight_ih{s}", nn.Parameter(torch.empty(g * hidden, inp).uniform_(-k, k)))
                self.register_parameter(f"weight_hh{s}", nn.Parameter(torch.empty(g * hidden, hidden).uniform_(-k, k)))
                b = torch.zeros(g * hidden)
                if cell == "lstm":
                    b[hidden:2 * hidden] = 1.0  # unit forget bias, as the TypeScript LSTM starts
                self.register_parameter(f"bias_ih{s}", nn.Parameter(b))
                if cell != "gru":
                    self.register_parameter(f"bias_hh{s}", nn.Parameter(torch.zeros(g * hidden)))

    def suffixes(self, l: int) -> list[str]:
        return [f"_l{l}", f"_l{l}_reverse"][: self.dirs]

    def cell_step(self, s: str, x: torch.Tensor, h: torch.Tensor, c: torch.Tensor | None):
        """One step of the cell with parameters suffix `s`: x [B, in], h [B, H] -> (h', c')."""
        H = self.hidden
        w_ih, w_hh, b_ih = getattr(self, f"weight_ih{s}"), getattr(self, f"weight_hh{s}"), getattr(self, f"bias_ih{s}")
        xp = F.linear(x, w_ih, b_ih)  # [B, G*H]
        if self.cell == "gru":  # the lecture's GRU: reset before U
            rz = torch.sigmoid(xp[:, : 2 * H] + F.linear(h, w_hh[: 2 * H]))
            r, z = rz[:, :H], rz[:, H:]
            n = torch.tanh(xp[:, 2 * H:] + F.linear(r * h, w_hh[2 * H:]))
            return z * h + (1 - z) * n, None
        a = xp + F.linear(h, w_hh, getattr(self, f"bias_hh{s}"))  # [B, G*H]
        if self.cell == "rnn":
            return torch.tanh(a), None
        i, f, g, o = torch.sigmoid(a[:, :H]), torch.sigmoid(a[:, H:2 * H]), torch.tanh(a[:, 2 * H:3 * H]), torch.sigmoid(a[:, 3 * H:])
        c2 = f * c + i * g
        return o * torch.tanh(c2), c2

    def zeros(self, batch: int, like: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor | None]:
        z = like.new_zeros(batch, self.hidden)
        return z, (like.new_zeros(batch, self.hidden) if self.cell == "lstm" else None)

    def forward(self, x: torch.Tensor, mask: torch.Tensor | None, init: list | None = None):
        """x [B, T, in], mask [B, T] (1 = real step) or None -> output [B, T, dirs*H], final states per layer and direction."""
        B, T, _ = x.shape
        inp = x
        finals = []
        for l in range(self.layers):
            layer_in = F.dropout(inp, self.dropout, self.training) if l > 0 and self.dropout > 0 else inp
            outs = []
            for d, s in enumerate(self.suffixes(l)):
                h, c = init[l * self.dirs + d] if init is not None else self.zeros(B, x)
                steps = [None] * T
                for t in (range(T - 1, -1, -1) if d == 1 else range(T)):
                    h2, c2 = self.cell_step(s, layer_in[:, t], h, c)
                    if mask is not None:
                        m = mask[:, t : t + 1]  # [B, 1]
                        h2 = m * h2 + (1 - m) * h
                        if c2 is not None:
                            c2 = m * c2 + (1 - m) * c
                        steps[t] = m * h2
                    else:
                        steps[t] = h2
                    h, c = h2, c2
                outs.append(torch.stack(steps, 1))  # [B, T, H]
                finals.append((h, c))
            out = outs[0] if len(outs) == 1 else torch.cat(outs, 2)
            if self.residual and l >= 1:
                out = out + (inp * mask.unsqueeze(2) if mask is not None else inp)
            inp = out
        return inp, finals

    def step(self, x: torch.Tensor, states: list):
        """One step of a unidirectional stack: x [B, in] -> (top output [B, H], new states)."""
        inp = x
        new = []
        for l in range(self.layers):
            layer_in = F.dropout(inp, self.dropout, self.training) if l > 0 and self.dropout > 0 else inp
            h, c = self.cell_step(f"_l{l}", layer_in, *states[l])
            new.append((h, c))
            inp = h + inp if self.residual and l >= 1 else h
        return inp, new


class Attention(nn.Module):
    """Luong / Bahdanau attention with the TypeScript parameter layout (`W`, `W1`, `W2`, `v`)."""

    def __init__(self, kind: str, enc: int, dec: int):
        super().__init__()
        self.kind = kind
        if kind == "general":
            self.W = nn.Parameter(torch.empty(enc, dec))
            nn.init.xavier_uniform_(self.W)
        elif kind == "additive":
            self.W1 = nn.Parameter(nn.init.xavier_uniform_(torch.empty(enc, dec)))
            self.W2 = nn.Parameter(nn.init.xavier_uniform_(torch.empty(dec, dec)))
            bound = math.sqrt(6 / (dec + 1))
            self.v = nn.Parameter(torch.empty(dec).uniform_(-bound, bound))

    def forward(self, states: torch.Tensor, query: torch.Tensor, mask: torch.Tensor):
        """states [B, S, He], query [B, T, Hd], mask [B, S] -> context [B, T, He], weights [B, T, S]."""
        if self.kind == "dot":
            scores = query @ states.transpose(1, 2)
        elif self.kind == "scaledDot":
            scores = query @ states.transpose(1, 2) / math.sqrt(states.shape[2])
        elif self.kind == "general":
            scores = query @ (states @ self.W).transpose(1, 2)  # [B, T, S]
        else:
            keys = states @ self.W1  # [B, S, A]
            scores = torch.tanh(keys.unsqueeze(1) + (query @ self.W2).unsqueeze(2)) @ self.v  # [B, T, S]
        scores = scores.masked_fill(mask.unsqueeze(1) == 0, float("-inf"))
        weights = torch.softmax(scores, -1)
        return weights @ states, weights


class Seq2Seq(nn.Module):
    """The encoder-decoder of one JSON config (see the module comment)."""

    def __init__(self, config: dict):
        super().__init__()
        c = self.config = resolve_config(config)
        e, d = c["encoder"], c["decoder"]
        torch.manual_seed(c["seed"])
        self.encoder_width = e["hiddenSize"] * (2 if e["bidirectional"] else 1)
        self.source_embedding = nn.Embedding(e["vocabSize"], e["embeddingSize"], padding_idx=0)
        self.encoder = Stack(e["cell"], e["embeddingSize"], e["hiddenSize"], e["numLayers"], e["bidirectional"], e["residual"], e["dropout"])
        self.bridge = nn.Linear(self.encoder_width, d["numLayers"] * d["hiddenSize"]) if c["bridge"] == "linear" else None
        self.bridge_cell = (nn.Linear(self.encoder_width, d["numLayers"] * d["hiddenSize"])
                            if c["bridge"] == "linear" and d["cell"] == "lstm" and e["cell"] == "lstm" else None)
        self.target_embedding = nn.Embedding(d["vocabSize"], d["embeddingSize"], padding_idx=0)
        for emb, init in ((self.source_embedding, e["embeddingInit"]), (self.target_embedding, d["embeddingInit"])):
            if init == "uniform":
                with torch.no_grad():
                    emb.weight.uniform_(-0.08, 0.08)
                    emb.weight[0].zero_()
        feed = d["attentionalSize"] if d["inputFeeding"] else 0
        self.decoder = Stack(d["cell"], d["embeddingSize"] + feed, d["hiddenSize"], d["numLayers"], False, d["numLayers"] > 1 and e["residual"], d["dropout"])
        if d["attention"] == "none":
            self.attention = None
            self.combine = None
        else:
            self.attention = Attention(d["attention"], self.encoder_width, d["hiddenSize"])
            self.combine = nn.Linear(self.encoder_width + d["hiddenSize"], d["attentionalSize"], bias=False)
        self.output = nn.Linear(d["hiddenSize"] if d["attention"] == "none" else d["attentionalSize"], d["vocabSize"])

    # -- encoder ---------------------------------------------------------------------------------
    def encode(self, source: torch.Tensor, lengths: torch.Tensor):
        """source [B, S] ids (ending with <eos>, padded with 0), lengths [B] -> states [B, S, He], mask [B, S], decoder states."""
        B, S = source.shape
        mask = (torch.arange(S).unsqueeze(0) < lengths.unsqueeze(1)).float()  # [B, S]
        if self.config["encoder"]["reverseSource"]:
            source = reverse_sources(source, lengths)
        emb = F.dropout(self.source_embedding(source), self.config["encoder"]["dropout"], self.training)  # [B, S, E]
        states, finals = self.encoder(emb, mask)
        return states, mask, self.bridge_state(finals, B, states)

    def bridge_state(self, finals: list, batch: int, like: torch.Tensor) -> list:
        d = self.config["decoder"]
        dirs = self.encoder.dirs
        top = finals[len(finals) - dirs:]
        if self.bridge is None:
            return [self.decoder.zeros(batch, like) for _ in range(d["numLayers"])]
        hs = torch.tanh(self.bridge(torch.cat([h for h, _ in top], 1))).chunk(d["numLayers"], 1)
        if d["cell"] != "lstm":
            return [(h, None) for h in hs]
        if self.bridge_cell is not None:
            cs = torch.tanh(self.bridge_cell(torch.cat([c for _, c in top], 1))).chunk(d["numLayers"], 1)
        else:
            cs = [like.new_zeros(batch, d["hiddenSize"]) for _ in range(d["numLayers"])]
        return list(zip(hs, cs))

    # -- decoder ---------------------------------------------------------------------------------
    def _top(self, states, mask, out):
        """Attention and the attentional state for decoder outputs `out` [B, T, Hd] -> (top [B, T, *], weights)."""
        if self.attention is None:
            return out, None
        context, weights = self.attention(states, out, mask)
        return torch.tanh(self.combine(torch.cat([context, out], -1))), weights

    def forward(self, source, source_lengths, target, target_lengths):
        """Teacher-forced logits [B, T-1, V] for targets `<sos> y <eos>` [B, T] (padded with 0)."""
        d = self.config["decoder"]
        states, mask, init = self.encode(source, source_lengths)
        inputs = target[:, :-1]
        B, T = inputs.shape
        drop = lambda x: F.dropout(x, d["dropout"], self.training)  # noqa: E731
        if not d["inputFeeding"]:
            lengths = (target_lengths - 1).clamp(min=1)
            dmask = (torch.arange(T).unsqueeze(0) < lengths.unsqueeze(1)).float()
            out, _ = self.decoder(drop(self.target_embedding(inputs)), dmask, init)
            top, _ = self._top(states, mask, out)
            return self.output(drop(top))
        layers = init
        feed = states.new_zeros(B, d["attentionalSize"])
        logits = []
        for t in range(T):
            x = torch.cat([drop(self.target_embedding(inputs[:, t])), feed], 1)
            h, layers = self.decoder.step(x, layers)
            top, _ = self._top(states, mask, h.unsqueeze(1))
            feed = top[:, 0]
            logits.append(self.output(drop(feed)))
        return torch.stack(logits, 1)

    def loss(self, source, source_lengths, target, target_lengths, label_smoothing: float = 0.0):
        """Mean cross-entropy over real label positions (what the TypeScript trainer minimises)."""
        logits = self.forward(source, source_lengths, target, target_lengths)
        labels = target[:, 1:]
        steps = labels.shape[1]
        mask = torch.arange(steps).unsqueeze(0) < (target_lengths - 1).clamp(min=1).unsqueeze(1)
        return F.cross_entropy(logits[mask], labels[mask], label_smoothing=label_smoothing)

    @torch.no_grad()
    def step(self, tokens: torch.Tensor, layers: list, feed, states, mask):
        """One decoding step: tokens [B] -> (log-probabilities [B, V], layers, feed)."""
        x = self.target_embedding(tokens)
        if feed is not None:
            x = torch.cat([x, feed], 1)
        h, layers = self.decoder.step(x, layers)
        top, _ = self._top(states, mask, h.unsqueeze(1))
        top = top[:, 0]
        return torch.log_softmax(self.output(top), -1), layers, (top if feed is not None else None)

    @torch.no_grad()
    def greedy(self, source, source_lengths, sos: int, eos: int, max_length: int):
        """Greedy decoding of a batch: a list of (tokens without <sos>/<eos>, sum of log-probabilities)."""
        d = self.config["decoder"]
        states, mask, layers = self.encode(source, source_lengths)
        B = source.shape[0]
        feed = states.new_zeros(B, d["attentionalSize"]) if d["inputFeeding"] else None
        tokens = torch.full((B,), sos, dtype=torch.long)
        out = [[] for _ in range(B)]
        logp = [0.0] * B
        done = [False] * B
        for _ in range(max_length):
            lp, layers, feed = self.step(tokens, layers, feed, states, mask)
            best = lp.argmax(-1)
            for b in range(B):
                if done[b]:
                    continue
                t = int(best[b])
                logp[b] += float(lp[b, t])
                if t == eos:
                    done[b] = True
                else:
                    out[b].append(t)
            if all(done):
                break
            tokens = best
        return list(zip(out, logp))

    @torch.no_grad()
    def beam(self, source, source_lengths, sos: int, eos: int, max_length: int, beam_width: int = 5, length_penalty: float = 0.6):
        """Beam search as the TypeScript `beamSearch` does it (decoding/beam.ts): per input, the 2k
        best continuations; an end token sets a hypothesis aside as finished, scored
        logProb / ((5 + len) / 6) ** alpha; at the last step only the end token may follow; an input
        stops when no live hypothesis can beat its k-th finished one. Returns per input a list of
        (tokens, logProb, score), best first."""
        d = self.config["decoder"]
        k, alpha = beam_width, length_penalty
        norm = lambda n: 1.0 if alpha == 0 else ((5 + n) / 6) ** alpha  # noqa: E731
        states, mask, init = self.encode(source, source_lengths)
        results = []
        for b in range(source.shape[0]):
            rows = torch.zeros(k, dtype=torch.long) + b
            st, mk = states[rows], mask[rows]
            layers = [(h[rows], None if c is None else c[rows]) for h, c in init]
            feed = states.new_zeros(k, d["attentionalSize"]) if d["inputFeeding"] else None
            live, finished = [([], 0.0)], []
            tokens = torch.full((k,), sos, dtype=torch.long)
            for t in range(max_length):
                lp, layers, feed = self.step(tokens, layers, feed, st, mk)
                only_end = eos if t == max_length - 1 else -1

                def top(only: int):
                    cands = [(base + float(lp[j, v]), j, v) for j, (_, base) in enumerate(live) for v in range(lp.shape[1])
                             if (only < 0 or v == only) and math.isfinite(base + float(lp[j, v]))]
                    return sorted(cands, key=lambda c: -c[0])[: 2 * k]

                cands = top(only_end) or top(-1)
                parents, next_tokens, next_live = [0] * k, [eos] * k, []
                for logp, j, v in cands:
                    toks = live[j][0]
                    if v == eos:
                        finished.append((toks, logp, logp / norm(len(toks) + 1)))
                    elif len(next_live) < k:
                        parents[len(next_live)] = j
                        next_tokens[len(next_live)] = v
                        next_live.append((toks + [v], logp))
                live = next_live
                idx = torch.tensor(parents)
                layers = [(h[idx], None if c is None else c[idx]) for h, c in layers]
                feed = feed[idx] if feed is not None else None
                tokens = torch.tensor(next_tokens)
                if not live:
                    break
                if len(finished) >= k:
                    worst = sorted((f[2] for f in finished), reverse=True)[k - 1]
                    if max(lp_ / norm(max_length) for _, lp_ in live) < worst:
                        break
            pool = finished or [(toks, lp_, lp_ / norm(len(toks))) for toks, lp_ in live]
            results.append(sorted(pool, key=lambda h: -h[2])[:k])
        return results


def reverse_sources(source: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
    """Reverses each row's real tokens, keeping the final <eos> in place (as batch.ts does)."""
    out = source.clone()
    for r in range(source.shape[0]):
        n = int(lengths[r]) - 1
        out[r, :n] = source[r, :n].flip(0)
    return out
