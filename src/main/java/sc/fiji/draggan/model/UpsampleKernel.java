package sc.fiji.draggan.model;

import java.nio.FloatBuffer;

import sc.fiji.draggan.engine.ParallelRanges;

/**
 * Step B of the ×2 up-sampling convolution and the layer's epilogue on the CPU, in one pass over Java arrays
 * (docs/algorithm.md#up-sampling-convolution): the four polyphase outputs of step A are read in place, and per
 * channel each output row is the separable 4-tap FIR of the interleaved rows, plus bias and constant noise, through
 * the leaky ReLU and the clamp. Replaces the two interleaving stacks, the depthwise FIR convolution and three
 * element-wise passes, each of which allocated an array as large as the output; only the output is allocated.
 * <p>
 * With E, O the phases of even and odd rows and T the interleaved (padded) transposed convolution,
 * T[2m + py][2n + px] = P[py][px][m][n] for m ≤ h, n ≤ w and 0 beyond, output row r and column c are
 * Σ_k Σ_l f[k] f[l] T[r + k][c + l]: the vertical pass combines four phase rows (even r = 2i: E[i], O[i], E[i+1],
 * O[i+1]; odd r: O[i], E[i+1], O[i+1], E[i+2]) column phase by column phase, the horizontal pass does the same
 * with the columns, so every inner loop is unit-stride. The sums run in another order than libtorch's
 * depthwise convolution: values agree to float rounding.
 */
final class UpsampleKernel {

	private final float f0, f1, f2, f3;

	/** @param taps the 4-tap 1-D correlation kernel (the depthwise 4×4 kernel is their outer product) */
	UpsampleKernel(final float[] taps) {
		f0 = taps[0];
		f1 = taps[1];
		f2 = taps[2];
		f3 = taps[3];
	}

	/** The epilogue after the FIR: per-channel bias, constant noise (or none), leaky ReLU 0.2, clamp (NaN: none). */
	static final class Epilogue {
		final float[] bias;
		/** noise of even and odd picture columns, [rows][width / 2] each, or null */
		final float[] noiseEven, noiseOdd;
		/** the picture row of output row 0 */
		final int noiseRow;
		final float clamp;

		Epilogue(final float[] bias, final float[] noiseEven, final float[] noiseOdd, final int noiseRow, final float clamp) {
			this.bias = bias;
			this.noiseEven = noiseEven;
			this.noiseOdd = noiseOdd;
			this.noiseRow = noiseRow;
			this.clamp = clamp;
		}
	}

	/**
	 * @param phases the step-A outputs [n, o, ·, ·] in the order EE, EO, OE, OO (row parity, column parity),
	 *        contiguous; the even phases have one row (column) more than h + 1 (w + 1), which is not read
	 * @param out [n, o, 2h, 2w], contiguous
	 */
	void apply(final FloatBuffer[] phases, final int n, final int o, final int h, final int w, final Epilogue e,
		final FloatBuffer out, final int threads)
	{
		ParallelRanges.run(n * o, threads, (part, from, to) -> {
			final Channel c = buffers.get().sized(h, w);
			for (int t = from; t < to; t++) c.run(phases, t, o, e, out);
		});
	}

	/** Each thread's buffers, kept for the next call (the kernel runs several times per drag step). */
	private final ThreadLocal<Channel> buffers = ThreadLocal.withInitial(Channel::new);

	/** One thread's buffers: the four phase planes of a channel, the vertical pass's rows, one output row. */
	private final class Channel {
		int h, w;
		/** phase planes with their own row stride; {@code size} values of each are used */
		final float[][] plane = new float[4][0];
		final int[] stride = new int[4], rows = new int[4], size = new int[4];
		float[] ve, vo, oe, oo, row;

		/** Buffers for phases of h + 1 rows and w + 1 columns, grown when too small. */
		Channel sized(final int h, final int w) {
			this.h = h;
			for (int q = 0; q < 4; q++) {
				rows[q] = (q >> 1) == 0 ? h + 2 : h + 1;
				stride[q] = (q & 1) == 0 ? w + 2 : w + 1;
				size[q] = rows[q] * stride[q];
				if (plane[q].length < size[q]) plane[q] = new float[size[q]];
			}
			if (this.w != w || ve == null) {
				this.w = w;
				ve = new float[w + 2]; // index w + 1 stays 0
				vo = new float[w + 1];
				oe = new float[w];
				oo = new float[w];
				row = new float[2 * w];
			}
			return this;
		}

		void run(final FloatBuffer[] phases, final int t, final int o, final Epilogue e, final FloatBuffer out) {
			for (int q = 0; q < 4; q++) {
				final FloatBuffer src = phases[q].duplicate();
				src.position(t * size[q]);
				src.get(plane[q], 0, size[q]);
			}
			final float b = e.bias[t % o];
			final float lo = Float.isNaN(e.clamp) ? Float.NEGATIVE_INFINITY : -e.clamp, hi = Float.isNaN(e.clamp) ? Float.POSITIVE_INFINITY : e.clamp;
			final FloatBuffer dst = out.duplicate();
			dst.position(t * 4 * h * w);
			for (int r = 0; r < 2 * h; r++) {
				final int i = r >> 1;
				// vertical pass, per column phase px: four phase rows (row parity py, index) with taps f0…f3
				if ((r & 1) == 0) {
					vertical(0, i, 1, i, 0, i + 1, 1, i + 1);
				}
				else {
					vertical(1, i, 0, i + 1, 1, i + 1, 0, i + 2);
				}
				// horizontal pass and epilogue: even output columns 2j, odd 2j + 1
				final int noiseAt = (e.noiseRow + r) * w;
				horizontal(oe, ve, vo, 0, b, e.noiseEven, noiseAt, lo, hi);
				horizontal(oo, vo, ve, 1, b, e.noiseOdd, noiseAt, lo, hi);
				for (int j = 0; j < w; j++) {
					row[2 * j] = oe[j];
					row[2 * j + 1] = oo[j];
				}
				dst.put(row);
			}
		}

		/** ve, vo = f0·P[a][ia] + f1·P[b][ib] + f2·P[c][ic] + f3·P[d][id] for the row parities a…d (rows past h + 1 are 0). */
		private void vertical(final int a, final int ia, final int b, final int ib, final int c, final int ic, final int d, final int id) {
			combine(ve, w + 1, a << 1, ia, b << 1, ib, c << 1, ic, d << 1, id);
			combine(vo, w + 1, (a << 1) | 1, ia, (b << 1) | 1, ib, (c << 1) | 1, ic, (d << 1) | 1, id);
		}

		private void combine(final float[] v, final int len, final int qa, final int ia, final int qb, final int ib, final int qc,
			final int ic, final int qd, final int id)
		{
			final float g0 = f0, g1 = f1, g2 = f2, g3 = f3;
			final float[] pa = plane[qa], pb = plane[qb], pc = plane[qc];
			final int oa = ia * stride[qa], ob = ib * stride[qb], oc = ic * stride[qc];
			if (id > h) { // the row after the last (T's zero padding)
				for (int j = 0; j < len; j++) v[j] = g0 * pa[oa + j] + g1 * pb[ob + j] + g2 * pc[oc + j];
				return;
			}
			final float[] pd = plane[qd];
			final int od = id * stride[qd];
			for (int j = 0; j < len; j++) v[j] = g0 * pa[oa + j] + g1 * pb[ob + j] + g2 * pc[oc + j] + g3 * pd[od + j];
		}

		/**
		 * out[j] = clamp(lrelu(f0·a[j + k] + f1·c[j + k] + f2·a[j + 1 + k] + f3·c[j + 1 + k] + bias + noise[j])) where
		 * a[·] means a[j] for the a terms: k = 0 for the even columns (a = ve, c = vo), 1 for the odd ones (a = vo,
		 * c = ve, whose index w + 1 stays 0: T's zero padding). Two loops: the JIT vectorises each, not their fusion.
		 */
		private void horizontal(final float[] out, final float[] a, final float[] c, final int k, final float bias,
			final float[] noise, final int noiseAt, final float lo, final float hi)
		{
			final float g0 = f0, g1 = f1, g2 = f2, g3 = f3;
			if (noise != null) {
				for (int j = 0; j < w; j++) out[j] = g0 * a[j] + g1 * c[j + k] + g2 * a[j + 1] + g3 * c[j + k + 1] + bias + noise[noiseAt + j];
			}
			else {
				for (int j = 0; j < w; j++) out[j] = g0 * a[j] + g1 * c[j + k] + g2 * a[j + 1] + g3 * c[j + k + 1] + bias;
			}
			EpilogueKernel.activate(out, 0, w, lo, hi);
		}
	}
}
