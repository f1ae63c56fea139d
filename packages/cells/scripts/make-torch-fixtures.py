#!/usr/bin/python3
"""Golden fixtures for @seq2seq/cells, produced by PyTorch.

Run with Debian's Python (the one that can import python3-torch and python3-onnx):

    /usr/bin/python3 packages/cells/scripts/make-torch-fixtures.py

Writes, under packages/cells/fixtures/:

  <name>.safetensors      the model's state_dict(), exactly as a PyTorch user would save it
                          (written here without the safetensors package: 8-byte little-endian
                          header length, JSON header, raw little-endian float32 data)
  <name>.json             the module specs, inputs and PyTorch's outputs (float32 values)

and, for the benchmark, under packages/cells/bench/fixtures/:

  gru.onnx, lstm.onnx     torch.onnx.export of nn.GRU / nn.LSTM (input 64, hidden 256,
                          batch_first) with the weights moved to an external data file that
                          is NOT committed: the benchmark writes our own weights into it in
                          ONNX's layout, so onnxruntime and @seq2seq/cells run the same model.
  <name>.onnx.json        where each initializer lies in that external file.

Everything is seeded; re-running reproduces the files bit for bit on the same PyTorch version.
"""
import json
import os
import struct
import tempfile

import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, '..', 'fixtures')
BENCH_FIXTURES = os.path.join(HERE, '..', 'bench', 'fixtures')


def save_safetensors(path, tensors, metadata=None):
    """Writes a dict of float32 tensors in the safetensors format."""
    header = {}
    offset = 0
    blobs = []
    for name, t in tensors.items():
        data = t.detach().contiguous().to(torch.float32).numpy().astype('<f4').tobytes()
        header[name] = {'dtype': 'F32', 'shape': list(t.shape), 'data_offsets': [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    if metadata:
        header['__metadata__'] = metadata
    head = json.dumps(header, separators=(',', ':')).encode('utf-8')
    head += b' ' * ((8 - len(head) % 8) % 8)  # align the data to 8 bytes
    with open(path, 'wb') as f:
        f.write(struct.pack('<Q', len(head)))
        f.write(head)
        for b in blobs:
            f.write(b)


def values(t):
    """Nested lists of Python floats (float32 values printed exactly)."""
    return t.detach().to(torch.float32).tolist()


def run_rnn(rnn, x, lengths=None, h0=None):
    """Runs an nn.RNN/GRU/LSTM on a padded batch, packing it when lengths are given."""
    if lengths is not None:
        packed = pack_padded_sequence(x, torch.tensor(lengths), batch_first=rnn.batch_first, enforce_sorted=False)
        out, state = rnn(packed, h0)
        out, _ = pad_packed_sequence(out, batch_first=rnn.batch_first, total_length=x.shape[1 if rnn.batch_first else 0])
    else:
        out, state = rnn(x, h0)
    if isinstance(state, tuple):
        return out, state[0], state[1]
    return out, state, None


class Tagger(nn.Module):
    """Embedding -> recurrent layer -> Linear, the shape of a typical encoder."""

    def __init__(self, rnn, vocab, dim, out, padding_idx=None):
        super().__init__()
        self.embedding = nn.Embedding(vocab, dim, padding_idx=padding_idx)
        self.rnn = rnn
        self.proj = nn.Linear(rnn.hidden_size * (2 if rnn.bidirectional else 1), out)


def write_fixture(name, model, cases, specs, note):
    os.makedirs(FIXTURES, exist_ok=True)
    state = {k: v for k, v in model.state_dict().items()}
    save_safetensors(os.path.join(FIXTURES, name + '.safetensors'), state, {'format': 'pt', 'source': 'make-torch-fixtures.py'})
    with open(os.path.join(FIXTURES, name + '.json'), 'w') as f:
        json.dump({'note': note, 'torch': torch.__version__, 'modules': specs, 'cases': cases}, f, separators=(',', ':'))
        f.write('\n')


@torch.no_grad()
def make_tagger_gru():
    """Embedding + 2-layer bidirectional GRU (batch_first) + Linear, packed variable lengths."""
    torch.manual_seed(1)
    model = Tagger(nn.GRU(5, 4, num_layers=2, bidirectional=True, batch_first=True), vocab=12, dim=5, out=6, padding_idx=0)
    ids = torch.tensor([[3, 7, 1, 9, 4, 2], [5, 11, 8, 6, 0, 0], [10, 2, 0, 0, 0, 0]])
    lengths = [6, 4, 2]
    cases = []
    for use_lengths in (True, False):
        emb = model.embedding(ids)
        out, h, _ = run_rnn(model.rnn, emb, lengths if use_lengths else None)
        logits = model.proj(out)
        cases.append({'ids': ids.tolist(), 'lengths': lengths if use_lengths else None,
                      'embedded': values(emb), 'outputs': values(out), 'h_n': values(h), 'logits': values(logits)})
    # With a non-zero initial state, [num_layers * 2, batch, hidden] in PyTorch's order.
    h0 = torch.randn(4, 3, 4) * 0.5
    emb = model.embedding(ids)
    out, h, _ = run_rnn(model.rnn, emb, lengths, h0)
    cases.append({'ids': ids.tolist(), 'lengths': lengths, 'h_0': values(h0), 'embedded': values(emb), 'outputs': values(out),
                  'h_n': values(h), 'logits': values(model.proj(out))})
    specs = {'embedding': {'type': 'embedding', 'paddingIdx': 0}, 'rnn': {'type': 'gru'}, 'proj': {'type': 'linear'}}
    write_fixture('tagger_gru_bi2', model, cases, specs,
                  'nn.Embedding(12, 5, padding_idx=0) -> nn.GRU(5, 4, num_layers=2, bidirectional=True, batch_first=True) '
                  '(pack_padded_sequence when lengths is set) -> nn.Linear(8, 6)')


@torch.no_grad()
def make_lstm_time_major():
    """2-layer bidirectional LSTM, time-major (batch_first=False), packed variable lengths, h0/c0."""
    torch.manual_seed(2)
    model = nn.Module()
    model.lstm = nn.LSTM(5, 4, num_layers=2, bidirectional=True)
    x = torch.randn(6, 3, 5)  # [time, batch, in]
    lengths = [6, 3, 5]
    h0 = torch.randn(4, 3, 4) * 0.5
    c0 = torch.randn(4, 3, 4) * 0.5
    cases = []
    for use_lengths, init in ((True, None), (False, None), (True, (h0, c0))):
        out, h, c = run_rnn(model.lstm, x, lengths if use_lengths else None, init)
        case = {'x': values(x), 'lengths': lengths if use_lengths else None, 'outputs': values(out), 'h_n': values(h), 'c_n': values(c)}
        if init is not None:
            case['h_0'] = values(h0)
            case['c_0'] = values(c0)
        cases.append(case)
    write_fixture('lstm_bi2_time_major', model, cases, {'lstm': {'type': 'lstm'}},
                  'nn.LSTM(5, 4, num_layers=2, bidirectional=True), batch_first=False: x, outputs are [time, batch, ...]')


@torch.no_grad()
def make_rnn():
    """Elman RNNs: 2-layer ReLU (batch_first), and a bidirectional tanh one without biases."""
    torch.manual_seed(3)
    model = nn.Module()
    model.relu = nn.RNN(3, 4, num_layers=2, nonlinearity='relu', batch_first=True)
    model.tanh = nn.RNN(3, 4, bidirectional=True, bias=False, batch_first=True)
    x = torch.randn(2, 5, 3)
    h0 = torch.randn(2, 2, 4) * 0.5
    out_r, h_r, _ = run_rnn(model.relu, x)
    out_t, h_t, _ = run_rnn(model.tanh, x, [5, 3], h0)
    cases = [{'x': values(x), 'relu': {'outputs': values(out_r), 'h_n': values(h_r)},
              'tanh': {'lengths': [5, 3], 'h_0': values(h0), 'outputs': values(out_t), 'h_n': values(h_t)}}]
    write_fixture('rnn_relu2_tanh_bi', model, cases, {'relu': {'type': 'rnn', 'nonlinearity': 'relu'}, 'tanh': {'type': 'rnn'}},
                  "nn.RNN(3, 4, num_layers=2, nonlinearity='relu', batch_first=True); "
                  'nn.RNN(3, 4, bidirectional=True, bias=False, batch_first=True) with lengths and h_0')


def onnx_layout_note(kind):
    if kind == 'gru':
        return 'ONNX GRU: W [1, 3H, in], R [1, 3H, H] with gate blocks (z, r, h); B [1, 6H] = [Wb_zrh, Rb_zrh]; linear_before_reset=1'
    return 'ONNX LSTM: W [1, 4H, in], R [1, 4H, H] with gate blocks (i, o, f, c); B [1, 8H] = [Wb_iofc, Rb_iofc]'


def make_onnx(kind, input_size=64, hidden=256):
    import onnx
    from onnx.external_data_helper import convert_model_to_external_data

    torch.manual_seed(4)
    rnn = (nn.GRU if kind == 'gru' else nn.LSTM)(input_size, hidden, batch_first=True)
    x = torch.randn(1, 20, input_size)
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, kind + '.onnx')
        outputs = ['y', 'h'] if kind == 'gru' else ['y', 'h', 'c']
        axes = {'x': {0: 'batch', 1: 'time'}, 'y': {0: 'batch', 1: 'time'}, 'h': {1: 'batch'}}
        if kind == 'lstm':
            axes['c'] = {1: 'batch'}
        torch.onnx.export(rnn, (x,), path, input_names=['x'], output_names=outputs, dynamic_axes=axes, opset_version=14)
        model = onnx.load(path)
        node = next(n for n in model.graph.node if n.op_type in ('GRU', 'LSTM'))
        roles = dict(zip(['W', 'R', 'B'], node.input[1:4]))
        location = kind + '.weights.bin'
        convert_model_to_external_data(model, all_tensors_to_one_file=True, location=location, size_threshold=0)
        onnx.save_model(model, path)  # writes <tmp>/<location> too; only the graph is kept
        model = onnx.load(path, load_external_data=False)
        layout = {}
        for init in model.graph.initializer:
            info = {e.key: e.value for e in init.external_data}
            role = next((r for r, n in roles.items() if n == init.name), None)
            if role is None:
                raise SystemExit(f'unexpected initializer {init.name} in the {kind} export')
            layout[role] = {'name': init.name, 'dims': list(init.dims), 'offset': int(info.get('offset', 0)), 'length': int(info['length'])}
        os.makedirs(BENCH_FIXTURES, exist_ok=True)
        with open(os.path.join(BENCH_FIXTURES, kind + '.onnx'), 'wb') as f:
            f.write(model.SerializeToString())
    with open(os.path.join(BENCH_FIXTURES, kind + '.onnx.json'), 'w') as f:
        json.dump({'kind': kind, 'inputSize': input_size, 'hiddenSize': hidden, 'externalData': location,
                   'layout': onnx_layout_note(kind), 'initializers': layout, 'torch': torch.__version__}, f, indent=1)
        f.write('\n')


if __name__ == '__main__':
    make_tagger_gru()
    make_lstm_time_major()
    make_rnn()
    make_onnx('gru')
    make_onnx('lstm')
    total = sum(os.path.getsize(os.path.join(FIXTURES, n)) for n in os.listdir(FIXTURES))
    print(f'fixtures: {total} bytes in {FIXTURES}')
