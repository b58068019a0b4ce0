#!/usr/bin/env bash
# Regenerates the small, static bad inputs of this folder (the corpus in cases.txt uses them). The
# output is deterministic: running it again gives the same bytes. Large or special files (FIFOs,
# devices, sparse multi-GB files, symbolic link loops, unreadable files) and the ONNX models are not
# stored here: io.koopcredit.cli.BadInputs creates them at test time (see README.md).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

be32() { printf "\\x$(printf %02x $(($1 >> 24 & 255)))\\x$(printf %02x $(($1 >> 16 & 255)))\\x$(printf %02x $(($1 >> 8 & 255)))\\x$(printf %02x $(($1 & 255)))"; }
le16() { printf "\\x$(printf %02x $(($1 & 255)))\\x$(printf %02x $(($1 >> 8 & 255)))"; }
zeros() { head -c "$1" /dev/zero; }
repeat_byte() { head -c "$2" /dev/zero | tr '\0' "\\$(printf %03o "$1")"; }
# An IDX image file header: magic 2051 (unsigned bytes, 3 dimensions), count, 28, 28.
idx_images_header() { be32 2051; be32 "$1"; be32 28; be32 28; }
# A .npy 1.0 header for a little-endian float32 array of the given shape, padded to 64 bytes.
npy_header() {
  local dict="{'descr': '$1', 'fortran_order': $2, 'shape': $3, }"
  local pad=$(( 64 - (10 + ${#dict} + 1) % 64 ))
  printf '\x93NUMPY\x01\x00'; le16 $(( ${#dict} + pad + 1 )); printf '%s' "$dict"; printf '%*s\n' "$pad" ''
}

# --- models that are not models
printf 'this is not an ONNX model\n' > text.onnx
: > empty.onnx
for i in $(seq 0 255); do printf "\\x$(printf %02x $(( (i * 73 + 41) % 256 )))"; done > random.onnx
{ printf 'PK\x03\x04'; zeros 60; } > zip-as.onnx

# --- IDX data
mkdir -p labels-200 labels-count
# 20 blank digits whose labels (found by name) are all 200: not a class of a 10-output model.
{ idx_images_header 20; zeros $((20 * 784)); } > labels-200/t10k-images-idx3-ubyte
{ be32 2049; be32 20; repeat_byte 200 20; } > labels-200/t10k-labels-idx1-ubyte
# 20 digits but 19 labels.
cp labels-200/t10k-images-idx3-ubyte labels-count/t10k-images-idx3-ubyte
{ be32 2049; be32 19; zeros 19; } > labels-count/t10k-labels-idx1-ubyte
{ idx_images_header 10; zeros 784; } > idx-truncated
{ idx_images_header 1000000; zeros 784; } > idx-lying-count
{ be32 2051; be32 100000; be32 100000; be32 1000; } > idx-huge-count
{ idx_images_header 1; zeros 784; zeros 10; } > idx-extra-bytes
{ be32 2057; be32 1; be32 28; be32 28; zeros 784; } > idx-bad-magic
{ be32 2049; be32 5; zeros 5; } > idx-labels-only
{ printf '\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03'; printf 'not deflate data at all'; } > idx-corrupt.gz
{ idx_images_header 3; zeros $((3 * 784)); } | gzip -n -9 > idx-whole.gz
head -c 20 idx-whole.gz > idx-truncated.gz
rm idx-whole.gz

# --- .npy data
{ npy_header '<f4' False '(2, 784)'; zeros $((4 * 5)); printf '\x00\x00\xc0\x7f'; zeros $((4 * (2 * 784 - 6))); } > npy-nan.npy
{ npy_header '<f4' False '(2, 784)'; zeros $((4 * 7)); printf '\x00\x00\x80\x7f'; zeros $((4 * (2 * 784 - 8))); } > npy-inf.npy
{ npy_header '<f4' False '(3, 5)'; zeros $((4 * 15)); } > npy-wrong-shape.npy
{ npy_header '|O' False '(2, 784)'; zeros 64; } > npy-object.npy
{ npy_header '<f4' False '(2, 784)'; zeros 100; } > npy-truncated.npy
{ printf '\x93NUMPY\x01\x00'; le16 22; printf '{this is not a dict}\n '; } > npy-bad-header.npy
