package sc.fiji.draggan.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Adaptive discriminator augmentation (StyleGAN2-ADA, Karras et al. 2020), the subset that suits
 * grey microscopy images: per image, each with probability p, an x-flip, a rotation by k·90°, an
 * integer translation of up to 1/8 of the size (reflect padding), a brightness offset N(0, 0.2)
 * and a contrast factor lognormal(0, 0.5·ln 2) (augment.py 'bgc' without the colour-only parts).
 * Reals and fakes are augmented alike before D, and G trains through the augmentation: the
 * geometry is one {@code gather} with indices drawn here, the intensity part one multiply-add,
 * both differentiable. With p below ~0.8 the augmentations do not leak into the generated
 * images (ADA paper §2.2).
 */
public final class Augment {

	/** The augmentation of one batch: gather indices [N, C, R·R] and per-image scale/offset. */
	public static final class Plan {
		final int n, c, res;
		final long[] index;
		final float[] scale, offset;
		final boolean identity;

		private Plan(final int n, final int c, final int res, final long[] index, final float[] scale, final float[] offset, final boolean identity) {
			this.n = n;
			this.c = c;
			this.res = res;
			this.index = index;
			this.scale = scale;
			this.offset = offset;
			this.identity = identity;
		}

		/** {@code x} [N, C, R, R] augmented; {@code x} itself when nothing was drawn. */
		public NDArray apply(final NDArray x) {
			if (identity) return x;
			final NDManager m = x.getManager();
			final Shape flat = new Shape(n, c, (long) res * res);
			NDArray y = x.reshape(flat).gather(m.create(index, flat), 2).reshape(n, c, res, res);
			y = y.mul(m.create(scale, new Shape(n, 1, 1, 1))).add(m.create(offset, new Shape(n, 1, 1, 1)));
			return y;
		}
	}

	private Augment() {}

	/** Draws the augmentation of a batch of {@code n} images of {@code c}×{@code res}×{@code res} with probability {@code p}. */
	public static Plan sample(final Rng rng, final int n, final int c, final int res, final double p) {
		if (p <= 0) return new Plan(n, c, res, null, null, null, true);
		final long[] index = new long[n * c * res * res];
		final float[] scale = new float[n], offset = new float[n];
		boolean identity = true;
		final int maxShift = Math.max(1, Math.round(res * 0.125f));
		for (int i = 0; i < n; i++) {
			final boolean flip = rng.nextDouble() < p && rng.nextDouble() < 0.5;
			final int rot = rng.nextDouble() < p ? rng.nextInt(4) : 0;
			int tx = 0, ty = 0;
			if (rng.nextDouble() < p) {
				tx = rng.nextInt(2 * maxShift + 1) - maxShift;
				ty = rng.nextInt(2 * maxShift + 1) - maxShift;
			}
			scale[i] = 1;
			if (rng.nextDouble() < p) offset[i] = (float) (0.2 * rng.nextGaussian());
			if (rng.nextDouble() < p) scale[i] = (float) Math.exp(0.5 * Math.log(2) * rng.nextGaussian());
			identity &= !flip && rot == 0 && tx == 0 && ty == 0 && offset[i] == 0 && scale[i] == 1;
			fillIndex(index, i, c, res, flip, rot, tx, ty);
		}
		return new Plan(n, c, res, index, scale, offset, identity);
	}

	/** One image's augmentation with the given parameters (for tests and checks). */
	static Plan single(final int c, final int res, final boolean flip, final int rot, final int tx, final int ty, final float scale,
		final float offset)
	{
		final long[] index = new long[c * res * res];
		fillIndex(index, 0, c, res, flip, rot, tx, ty);
		return new Plan(1, c, res, index, new float[] { scale }, new float[] { offset }, false);
	}

	/** Gather indices of image i: output (x, y) reads the source pixel found by undoing the translation (reflect), the rotation, the flip. */
	private static void fillIndex(final long[] index, final int i, final int c, final int res, final boolean flip, final int rot, final int tx,
		final int ty)
	{
		for (int y = 0; y < res; y++) {
			for (int x = 0; x < res; x++) {
				int sx = reflect(x - tx, res), sy = reflect(y - ty, res);
				for (int k = 0; k < rot; k++) {
					final int t = sx;
					sx = sy;
					sy = res - 1 - t;
				}
				if (flip) sx = res - 1 - sx;
				final long src = (long) sy * res + sx;
				for (int ch = 0; ch < c; ch++) index[((i * c + ch) * res + y) * res + x] = src;
			}
		}
	}

	/** Reflect padding without repeating the edge (torch 'reflect'): -1 → 1, res → res − 2. */
	static int reflect(int v, final int res) {
		if (res == 1) return 0;
		final int period = 2 * (res - 1);
		v = Math.floorMod(v, period);
		return v < res ? v : period - v;
	}
}
