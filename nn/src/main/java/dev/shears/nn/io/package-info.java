/**
 * Tensor files and the small pieces they need, with no dependencies: safetensors
 * ({@link dev.shears.nn.io.Safetensors}), NumPy {@code .npy}/{@code .npz} ({@link dev.shears.nn.io.Npy},
 * {@link dev.shears.nn.io.Npz}), a strict JSON parser and writer ({@link dev.shears.nn.io.JsonParser},
 * {@link dev.shears.nn.io.JsonWriter}, {@link dev.shears.nn.io.JsonValue}) reusable by the CLI and reports,
 * atomic file replacement ({@link dev.shears.nn.io.AtomicFile}) and bounds-checked byte reading
 * ({@link dev.shears.nn.io.ByteCursor}, {@link dev.shears.nn.io.FileBytes}).
 *
 * <p>Readers never trust a size field: each is checked against the bytes actually present before anything
 * of that size is allocated, and malformed input raises {@link dev.shears.nn.io.FileFormatException}.
 */
package dev.shears.nn.io;
