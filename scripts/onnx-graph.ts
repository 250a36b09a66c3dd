/**
 * Small helpers to hand-build ONNX graphs with `onnx-proto` (no Python onnx here): value infos,
 * initialisers, nodes, the real bge tokenizer files, and writing a checked model file.
 * Used by the tiny test model (make-tiny-onnx.ts) and the bge-small-zh stand-in (make-standin-bge.ts).
 */
import { chmodSync, copyFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import onnxProto, { type onnx as OnnxTypes } from 'onnx-proto';

export const { onnx } = onnxProto;
export type { OnnxTypes };

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** The real tokenizer/config of bge-small-zh-v1.5 (no weights). */
export const SHARED_BGE_DIR = resolve(projectRoot, '../shared/models/bge-small-zh-v1.5');
const TOKENIZER_FILES = ['tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json', 'vocab.txt'];

export const FLOAT = onnx.TensorProto.DataType.FLOAT;
export const INT64 = onnx.TensorProto.DataType.INT64;
export const INT8 = onnx.TensorProto.DataType.INT8;
export const UINT8 = onnx.TensorProto.DataType.UINT8;
const INT = onnx.AttributeProto.AttributeType.INT;
const INTS = onnx.AttributeProto.AttributeType.INTS;
const FLOAT_ATTR = onnx.AttributeProto.AttributeType.FLOAT;

if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1)
  throw new Error('big-endian hosts are not supported (ONNX raw data is little-endian)');

/** A graph input/output with named (dynamic) or fixed dimensions. */
export function tensorInput(name: string, elemType: number, dims: (string | number)[]): OnnxTypes.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType,
        shape: { dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) },
      },
    },
  };
}

export function int64Const(name: string, values: number[], dims: number[] = [values.length]): OnnxTypes.ITensorProto {
  return { name, dataType: INT64, dims, int64Data: values };
}

/** A float32 initialiser (raw little-endian bytes); dims [] is a scalar. */
export function floatTensor(name: string, values: Float32Array | number[], dims: number[]): OnnxTypes.ITensorProto {
  const a = values instanceof Float32Array ? values : Float32Array.from(values);
  return { name, dataType: FLOAT, dims, rawData: new Uint8Array(a.buffer, a.byteOffset, a.byteLength) };
}

/** An int8/uint8 initialiser (raw bytes). */
export function byteTensor(name: string, dataType: number, values: Int8Array | Uint8Array, dims: number[]): OnnxTypes.ITensorProto {
  return { name, dataType, dims, rawData: new Uint8Array(values.buffer, values.byteOffset, values.byteLength) };
}

type AttrValue = number | number[] | { f: number };
/** A node; integer attributes as numbers or arrays, float attributes as { f }. */
export function node(
  opType: string,
  name: string,
  input: string[],
  output: string[],
  attrs: Record<string, AttrValue> = {},
): OnnxTypes.INodeProto {
  const attribute = Object.entries(attrs).map(([k, v]): OnnxTypes.IAttributeProto =>
    Array.isArray(v)
      ? { name: k, type: INTS, ints: v }
      : typeof v === 'number'
        ? { name: k, type: INT, i: v }
        : { name: k, type: FLOAT_ATTR, f: v.f },
  );
  return { opType, name, input, output, ...(attribute.length ? { attribute } : {}) };
}

/** Copies the real bge-small-zh tokenizer files (kept writable: the shared copies are read-only). */
export function copyTokenizer(dir: string): void {
  for (const f of TOKENIZER_FILES) {
    rmSync(join(dir, f), { force: true });
    copyFileSync(join(SHARED_BGE_DIR, f), join(dir, f));
    chmodSync(join(dir, f), 0o644);
  }
}

/** Verifies and writes a model (through a temporary file, so no half-written model is left behind). */
export function writeModel(path: string, model: OnnxTypes.IModelProto): number {
  const err = onnx.ModelProto.verify(model);
  if (err) throw new Error(`invalid ONNX model: ${err}`);
  const bytes = onnx.ModelProto.encode(onnx.ModelProto.create(model)).finish();
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, bytes);
  renameSync(tmp, path);
  return bytes.length;
}
