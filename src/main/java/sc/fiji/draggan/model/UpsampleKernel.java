package sc.fiji.draggan.model;

import java.nio.FloatBuffer;
import java.util.Arrays;

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
 * with the columns, so every inner loop is unit-stride. The phases arrive without their zero borders (the
 * convolutions of step A run with only the padding their taps need: docs/algorithm.md#up-sampling-convolution):
 * P[0][·][0] and P[·][0][·][0] are zero and the other rows and columns are the arrays' rows and columns shifted by
 * one. Phase rows are read as they are needed into three rows per phase (a channel's phases are not copied whole:
 * at 512² they would not fit the core's cache). The sums run in another order than libtorch's depthwise
 * convolution: values agree to float rounding.
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
	 * @param phases the step-A outputs in the order EE, EO, OE, OO (row parity, column parity), contiguous, of
	 *        [n, o, h, w], [n, o, h, w + 1], [n, o, h + 1, w] and [n, o, h + 1, w + 1]: an even phase lacks the first
	 *        (zero) row or column of its parity, an odd one has h + 1 rows or w + 1 columns
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

	/** One thread's buffers: three rows of each phase, the vertical pass's rows, one output row. */
	private final class Channel {
		int h, w;
		/** rows[q][m % 3] holds row m of phase q (with its zero column for an even column phase), loaded[q][m % 3] = m */
		float[][][] rows;
		final int[][] loaded = new int[4][3];
		/** a row of zeros (P beyond its last row, and E's row 0) */
		float[] zero;
		/** the vertical pass's rows of the even and odd column phase; ve1, ve2, vo1: shifted left by one or two */
		float[] ve, vo, ve1, ve2, vo1, oe, oo, row;
		final FloatBuffer[] source = new FloatBuffer[4];
		final int[] base = new int[4];

		/** Buffers for inputs of h rows and w columns. */
		Channel sized(final int h, final int w) {
			this.h = h;
			if (this.w != w || ve == null) {
				this.w = w;
				rows = new float[4][3][w + 2]; // an even column phase: index 0 and w + 1 stay 0
				zero = new float[w + 2];
				ve = new float[w + 2]; // index w + 1 stays 0
				vo = new float[w + 1];
				ve1 = new float[w + 1];
				ve2 = new float[w];
				vo1 = new float[w];
				oe = new float[w];
				oo = new float[w];
				row = new float[2 * w];
			}
			return this;
		}

		void run(final FloatBuffer[] phases, final int t, final int o, final Epilogue e, final FloatBuffer out) {
			for (int q = 0; q < 4; q++) {
				source[q] = phases[q].duplicate();
				base[q] = t * ((q >> 1) == 0 ? h : h + 1) * ((q & 1) == 0 ? w : w + 1);
				Arrays.fill(loaded[q], -1);
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
				System.arraycopy(ve, 1, ve1, 0, w + 1);
				System.arraycopy(ve, 2, ve2, 0, w);
				System.arraycopy(vo, 1, vo1, 0, w);
				horizontal(oe, ve, ve1, vo, vo1, b, e.noiseEven, noiseAt, lo, hi);
				horizontal(oo, vo, vo1, ve1, ve2, b, e.noiseOdd, noiseAt, lo, hi);
				for (int j = 0; j < w; j++) {
					row[2 * j] = oe[j];
					row[2 * j + 1] = oo[j];
				}
				dst.put(row);
			}
		}

		/**
		 * Row m of phase q = (py, px) as T's values: zero past row h, and for an even row phase at row 0; an even column
		 * phase has its zero column 0 and the array's columns at 1 … w.
		 */
		private float[] phaseRow(final int q, final int m) {
			final int py = q >> 1, px = q & 1;
			final int arrayRow = py == 0 ? m - 1 : m;
			if (arrayRow < 0 || m > h) return zero;
			final float[] r = rows[q][m % 3];
			if (loaded[q][m % 3] != m) {
				final int cols = px == 0 ? w : w + 1;
				final FloatBuffer src = source[q];
				src.position(base[q] + arrayRow * cols);
				src.get(r, px == 0 ? 1 : 0, cols);
				loaded[q][m % 3] = m;
			}
			return r;
		}

		/** ve, vo = f0·P[a][ia] + f1·P[b][ib] + f2·P[c][ic] + f3·P[d][id] for the row parities a…d. */
		private void vertical(final int a, final int ia, final int b, final int ib, final int c, final int ic, final int d, final int id) {
			combine(ve, w + 1, a << 1, ia, b << 1, ib, c << 1, ic, d << 1, id);
			combine(vo, w + 1, (a << 1) | 1, ia, (b << 1) | 1, ib, (c << 1) | 1, ic, (d << 1) | 1, id);
		}

		private void combine(final float[] v, final int len, final int qa, final int ia, final int qb, final int ib, final int qc,
			final int ic, final int qd, final int id)
		{
			final float g0 = f0, g1 = f1, g2 = f2, g3 = f3;
			final float[] pa = phaseRow(qa, ia), pb = phaseRow(qb, ib), pc = phaseRow(qc, ic), pd = phaseRow(qd, id);
			for (int j = 0; j < len; j++) v[j] = g0 * pa[j] + g1 * pb[j] + g2 * pc[j] + g3 * pd[j];
		}

		/**
		 * out[j] = clamp(lrelu(f0·a[j] + f1·c[j + k] + f2·a[j + 1] + f3·c[j + k + 1] + bias + noise[j])): k = 0 for the
		 * even output columns (a = ve, c = vo), 1 for the odd ones (a = vo, c = ve, whose index w + 1 stays 0: T's zero
		 * padding). Every array is read at one offset only, through copies shifted by one and two: the JIT vectorises a
		 * loop that reads one array at two offsets four times slower than one that reads two arrays. Separate loops for
		 * the noise and the activation: the JIT vectorises each, not their fusion.
		 */
		private void horizontal(final float[] out, final float[] a, final float[] a1, final float[] c, final float[] c1,
			final float bias, final float[] noise, final int noiseAt, final float lo, final float hi)
		{
			final float g0 = f0, g1 = f1, g2 = f2, g3 = f3;
			for (int j = 0; j < w; j++) out[j] = g0 * a[j] + g1 * c[j] + g2 * a1[j] + g3 * c1[j] + bias;
			if (noise != null) for (int j = 0; j < w; j++) out[j] += noise[noiseAt + j];
			EpilogueKernel.activate(out, 0, w, lo, hi);
		}
	}
}
