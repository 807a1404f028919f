package sc.fiji.draggan.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import sc.fiji.draggan.io.Npy;

/**
 * Where an edit's start latent comes from: a seed (numpy-compatible z, docs/algorithm.md#seeds-to-z), a z vector, or a
 * saved w / w+ ({@code [num_ws, w_dim]} or {@code [1, num_ws, w_dim]}, as the official GUI saves it).
 * Shapes are checked against the generator with messages a user understands.
 */
public final class Latents {

	private Latents() {}

	/** z of a seed: {@code RandomState(seed).randn(1, z_dim)}, shape [1, z_dim]. */
	public static NDArray zFromSeed(final NDManager manager, final GeneratorConfig cfg, final long seed) {
		final double[] z = NumpyRandom.z(seed, cfg.zDim);
		return manager.create(z, new Shape(1, cfg.zDim)).toType(DataType.FLOAT32, false);
	}

	/** z from a .npy of shape [z_dim] or [1, z_dim] (float32 or float64). */
	public static NDArray zFromNpy(final NDManager manager, final GeneratorConfig cfg, final Npy.Array z) {
		if (!(z.rank() == 1 && z.shape[0] == cfg.zDim) && !(z.rank() == 2 && z.shape[0] == 1 && z.shape[1] == cfg.zDim))
			throw new IllegalArgumentException("z has shape " + java.util.Arrays.toString(z.shape) + "; this model needs [" +
				cfg.zDim + "] or [1, " + cfg.zDim + "]");
		return manager.create(finite(z.toFloats(), "z"), new Shape(1, cfg.zDim));
	}

	/** Class label: one-hot of {@code classIndex} (or null when the model is unconditional). */
	public static NDArray oneHot(final NDManager manager, final GeneratorConfig cfg, final int classIndex) {
		if (cfg.cDim == 0) {
			if (classIndex > 0) throw new IllegalArgumentException("this model is unconditional (c_dim = 0): no class " + classIndex);
			return null;
		}
		if (classIndex < 0 || classIndex >= cfg.cDim) throw new IllegalArgumentException("class must be 0.." + (cfg.cDim - 1) +
			" for this conditional model, got " + classIndex);
		final float[] c = new float[cfg.cDim];
		c[classIndex] = 1;
		return manager.create(c, new Shape(1, cfg.cDim));
	}

	/** c from a .npy of shape [c_dim] or [1, c_dim]. */
	public static NDArray cFromNpy(final NDManager manager, final GeneratorConfig cfg, final Npy.Array c) {
		if (cfg.cDim == 0) throw new IllegalArgumentException("this model is unconditional (c_dim = 0): it takes no class vector");
		if (c.values.length != cfg.cDim || c.rank() > 2 || (c.rank() == 2 && c.shape[0] != 1))
			throw new IllegalArgumentException("c has shape " + java.util.Arrays.toString(c.shape) + "; this model needs [" +
				cfg.cDim + "] or [1, " + cfg.cDim + "]");
		return manager.create(finite(c.toFloats(), "c"), new Shape(1, cfg.cDim));
	}

	/** w+ from a .npy of shape [num_ws, w_dim] or [1, num_ws, w_dim]; returns [1, num_ws, w_dim]. */
	public static NDArray wsFromNpy(final NDManager manager, final GeneratorConfig cfg, final Npy.Array ws) {
		return wsFromArray(manager, cfg, ws.shape, ws.toFloats());
	}

	/** w+ from raw values with the given shape; returns [1, num_ws, w_dim]. */
	public static NDArray wsFromArray(final NDManager manager, final GeneratorConfig cfg, final long[] shape, final float[] values) {
		final int numWs = cfg.numWs();
		final boolean ok = (shape.length == 2 && shape[0] == numWs && shape[1] == cfg.wDim) ||
			(shape.length == 3 && shape[0] == 1 && shape[1] == numWs && shape[2] == cfg.wDim);
		if (!ok) throw new IllegalArgumentException("ws has shape " + java.util.Arrays.toString(shape) + "; this model needs [" +
			numWs + ", " + cfg.wDim + "] or [1, " + numWs + ", " + cfg.wDim + "]");
		return manager.create(finite(values, "ws"), new Shape(1, numWs, cfg.wDim));
	}

	/**
	 * {@code values}, or an error naming the first NaN or infinite one: such a latent gives a black or
	 * garbage image without any other sign.
	 */
	public static float[] finite(final float[] values, final String what) {
		for (int i = 0; i < values.length; i++) {
			if (Float.isNaN(values[i]) || Float.isInfinite(values[i]))
				throw new IllegalArgumentException(what + " holds " + values[i] + " at index " + i + ": latents must be finite numbers");
		}
		return values;
	}

	/** Heap copy of an image output [1, C, H, W]. */
	public static GeneratorImage image(final NDArray img) {
		final long[] s = img.getShape().getShape();
		if (s.length != 4 || s[0] != 1) throw new IllegalArgumentException("expected one image [1,C,H,W], got " + img.getShape());
		return new GeneratorImage((int) s[1], (int) s[2], (int) s[3], img.toType(DataType.FLOAT32, false).toFloatArray());
	}
}
