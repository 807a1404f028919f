package sc.fiji.draggan.app;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import sc.fiji.draggan.io.Npy;
import sc.fiji.draggan.model.GeneratorConfig;
import sc.fiji.draggan.model.Latents;
import sc.fiji.draggan.model.Generator;

/**
 * Where a drag (or a generated picture) starts in latent space: a seed or a z mapped with
 * truncation ψ (docs/algorithm.md#mapping-and-truncation), or a given w / w+ latent.
 */
public abstract class StartLatent {

	/** The generator input, [num_ws × w_dim] row-major. */
	public abstract float[] ws(Generator generator, NDManager manager);

	/** What the latent is, for a result's Info. */
	public abstract String describe();

	/** A given latent: num_ws × w_dim values, or one w (w_dim values) repeated on every layer. */
	public static StartLatent ws(final float[] ws) {
		final float[] copy = Latents.finite(ws, "ws").clone();
		return new StartLatent() {

			@Override
			public float[] ws(final Generator g, final NDManager m) {
				final GeneratorConfig c = g.config();
				if (copy.length == c.wDim && c.numWs() > 1) {
					final float[] out = new float[c.numWs() * c.wDim];
					for (int k = 0; k < c.numWs(); k++) System.arraycopy(copy, 0, out, k * c.wDim, c.wDim);
					return out;
				}
				if (copy.length != c.numWs() * c.wDim) throw new IllegalArgumentException("the latent has " + copy.length + " values; this model needs " +
					c.numWs() + "x" + c.wDim + " (w+) or " + c.wDim + " (w)");
				return copy.clone();
			}

			@Override
			public String describe() {
				return "a given latent";
			}
		};
	}

	/** A latent read from a {@code .npy} (w+ [1, num_ws, w_dim] or [num_ws, w_dim], or one w). */
	public static StartLatent wsFile(final Npy.Array a) {
		return new StartLatent() {

			@Override
			public float[] ws(final Generator g, final NDManager m) {
				final GeneratorConfig c = g.config();
				if (a.values.length == c.wDim && a.rank() <= 2) return StartLatent.ws(Latents.finite(a.toFloats(), "ws")).ws(g, m);
				return Latents.wsFromNpy(m, c, a).toFloatArray();
			}

			@Override
			public String describe() {
				return "a w file";
			}
		};
	}

	/** z = numpy's {@code RandomState(seed).randn(1, z_dim)}, mapped with ψ; class for conditional models. */
	public static StartLatent seed(final long seed, final double psi, final int classIndex) {
		return mapped(psi, classIndex, "seed " + seed + ", psi " + psi, (m, c) -> Latents.zFromSeed(m, c, seed));
	}

	/** A z from a {@code .npy}, mapped with ψ. */
	public static StartLatent zFile(final Npy.Array z, final double psi, final int classIndex) {
		return mapped(psi, classIndex, "a z file, psi " + psi, (m, c) -> Latents.zFromNpy(m, c, z));
	}

	private interface ZSource {
		NDArray z(NDManager m, GeneratorConfig c);
	}

	private static StartLatent mapped(final double psi, final int classIndex, final String what, final ZSource z) {
		if (!Double.isFinite(psi)) throw new IllegalArgumentException("psi must be a finite number, got " + psi);
		return new StartLatent() {

			@Override
			public float[] ws(final Generator g, final NDManager parent) {
				final GeneratorConfig c = g.config();
				try (NDManager m = parent.newSubManager()) {
					return g.mapping(z.z(m, c), Latents.oneHot(m, c, classIndex), psi, -1).toFloatArray();
				}
			}

			@Override
			public String describe() {
				return what;
			}
		};
	}
}
