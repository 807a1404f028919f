package sc.fiji.draggan.edit;

import java.nio.FloatBuffer;
import java.util.Arrays;

import sc.fiji.draggan.engine.ParallelRanges;

/**
 * The mask term on the CPU in one fused pass over Java arrays (docs/algorithm.md#mask-term): per channel,
 * D = feat − feat0 is resized bilinearly (PyTorch's order: a horizontal lerp of each source row, then a
 * vertical lerp of two such rows) only where the binary mask is 1, |·| is summed, and, when asked, the
 * signs go back through the two 1-D adjoints into the gradient [C, h, w]. Channels are split into one
 * contiguous range per thread; every buffer is kept for the next call.
 * <p>
 * The weights are {@link ResizeAxis}'s. Along a horizontal axis resized by an integer factor k (×2, ×4, …) a
 * resized row is kept phase by phase: the columns o with o mod k = 0, then those with 1, …, since within a phase
 * every interior column reads the same two neighbours with the same two weights; so every inner loop reads and
 * writes consecutive elements (and the JIT can vectorise it). Elsewhere columns keep their order and index
 * tables are used. Along axes resized by a power of two or kept the weights are multiples of 1/(2k), so the
 * gradient (sums of ± such weights) is exact in float in any order. The resized values use libtorch's order, but libtorch's AVX2 kernel fuses the second product of each lerp
 * (fma(p01, wx1, p00·wx0), then fma(t1, wy1, t0·wy0)) and Java 8 has no fma: about a quarter of the values
 * differ in the last bit, and a sign where a value is within rounding of 0 (none to a few image pixels per call
 * at 128 × 512², each changing the gradient by 2/N at a few elements).
 * <p>
 * Per thread it keeps two channels of features and one of gradient at the block's size, and a few image
 * rows; nothing as large as the features is allocated per call.
 */
final class MaskKernel {

	/** Scales any non-zero float to at least 1 in magnitude (in two steps: 2²⁰⁰ is not a float). */
	private static final float HALF_SCALE = 0x1p100f;

	private final int height, width;
	/** The binary mask, 1 = fixed. */
	private final boolean[] fixed;

	/** The feature size the tables below were made for. */
	private int fh = -1, fw = -1;
	private int[] y0, y1, x0, x1;
	private float[] wy0, wy1, wx0, wx1;
	/**
	 * The horizontal factor k when width = k·fw and the columns are stored phase by phase, else 0. Interior
	 * column i of phase r (output k·i + r, 0 < i < fw − 1) is src[i + phaseLower[r]]·phaseW0[r] +
	 * src[i + phaseLower[r] + 1]·phaseW1[r]; columns 0 and fw − 1 of a phase (the clamped ends) use the tables.
	 */
	private int phases;
	private int[] phaseLower;
	private float[] phaseW0, phaseW1;
	/** The phase weights are binary fractions: the horizontal adjoint's sums are exact in any order. */
	private boolean exactPhases;
	/** Whether an integer horizontal factor may use the phase layout (false: the index tables, for tests). */
	private final boolean phasing;
	/** Where image column X is stored in a resized row. */
	private int[] column;
	/** Per image row y, the runs of fixed pixels in stored columns: runFrom[k], runTo[k] for k in runStart[y] … runStart[y+1]. */
	private int[] runStart, runFrom, runTo;
	/** The horizontal adjoint as gathers: source column x takes weight tw[k] of stored column tx[k], k in ts[x] … ts[x+1]. */
	private int[] ts, tx;
	private float[] tw;
	private Worker[] workers = new Worker[0];

	/** @param fixed 1 = fixed, 0 = free, row-major H×W, binary */
	MaskKernel(final float[] fixed, final int height, final int width) {
		this(fixed, height, width, true);
	}

	/** @param phasing false: index tables along every axis (the reference the phase layout must match) */
	MaskKernel(final float[] fixed, final int height, final int width, final boolean phasing) {
		this.phasing = phasing;
		this.height = height;
		this.width = width;
		this.fixed = new boolean[height * width];
		for (int i = 0; i < this.fixed.length; i++) this.fixed[i] = fixed[i] == 1;
	}

	/**
	 * Σ over C·H·W of |resize(feat − feat0)·m|, divided by C·H·W; with {@code gradient} non-null also writes
	 * d/d feat of that mean into it.
	 *
	 * @param feat, feat0 [C, fh, fw] row-major floats from their position 0 (not moved)
	 * @param gradient [C, fh, fw] to fill, or null
	 * @param threads how many threads may work (the caller's among them)
	 */
	double evaluate(final FloatBuffer feat, final FloatBuffer feat0, final int c, final int fh, final int fw,
		final FloatBuffer gradient, final int threads)
	{
		prepare(fh, fw);
		final int t = Math.max(1, Math.min(threads, c));
		if (workers.length < t) {
			final Worker[] w = Arrays.copyOf(workers, t);
			for (int i = workers.length; i < t; i++) w[i] = new Worker();
			workers = w;
		}
		final double[] perChannel = new double[c];
		ParallelRanges.run(c, t, (part, from, to) -> workers[part].channels(from, to, feat, feat0, gradient, perChannel));
		double sum = 0;
		for (final double s : perChannel) sum += s; // in channel order: the same bits for every thread count
		return sum / ((double) c * height * width);
	}

	/** Each output sample's two source samples and their weights along one axis. */
	private static void taps(final ResizeAxis a, final int[] lo, final int[] hi, final float[] wlo, final float[] whi) {
		for (int o = 0; o < lo.length; o++) {
			lo[o] = a.lower(o);
			hi[o] = a.upper(o);
			wlo[o] = (float) a.lowerWeight(o);
			whi[o] = (float) a.upperWeight(o);
		}
	}

	/** The axes, the stored column order, the runs and the horizontal adjoint for feature size fh × fw. */
	private void prepare(final int fh, final int fw) {
		if (fh == this.fh && fw == this.fw) return;
		final ResizeAxis v = new ResizeAxis(fh, height), h = new ResizeAxis(fw, width);
		y0 = new int[height];
		y1 = new int[height];
		wy0 = new float[height];
		wy1 = new float[height];
		taps(v, y0, y1, wy0, wy1);
		x0 = new int[width];
		x1 = new int[width];
		wx0 = new float[width];
		wx1 = new float[width];
		taps(h, x0, x1, wx0, wx1);
		findPhases(fw);
		column = new int[width];
		for (int o = 0; o < width; o++) column[o] = phases > 0 ? (o % phases) * fw + o / phases : o;
		runs();
		ts = new int[fw + 1];
		for (int o = 0; o < width; o++) {
			ts[x0[o] + 1]++;
			ts[x1[o] + 1]++;
		}
		for (int x = 0; x < fw; x++) ts[x + 1] += ts[x];
		tx = new int[2 * width];
		tw = new float[2 * width];
		final int[] fill = Arrays.copyOf(ts, fw);
		for (int o = 0; o < width; o++) {
			tx[fill[x0[o]]] = column[o];
			tw[fill[x0[o]]++] = wx0[o];
			tx[fill[x1[o]]] = column[o];
			tw[fill[x1[o]]++] = wx1[o];
		}
		this.fh = fh;
		this.fw = fw;
		for (final Worker w : workers) w.size = -1;
	}

	/**
	 * Sets {@link #phases} and the per-phase neighbours and weights when width is an integer multiple k ≥ 2 of
	 * fw and the tables agree with them for every interior column (they do for PyTorch's resize: output k·i + r
	 * samples i + (2r + 1 − k)/(2k), docs/algorithm.md#resize-and-sampling).
	 */
	private void findPhases(final int fw) {
		phases = 0;
		final int k = width / fw;
		if (!phasing || fw < 4 || k < 2 || k * fw != width) return;
		final int[] lower = new int[k];
		final float[] w0 = new float[k], w1 = new float[k];
		boolean exact = true;
		for (int r = 0; r < k; r++) {
			lower[r] = x0[k + r] - 1;
			w0[r] = wx0[k + r];
			w1[r] = wx1[k + r];
			if (lower[r] < -1 || lower[r] > 0) return;
			for (int i = 1; i < fw - 1; i++) {
				final int o = k * i + r;
				if (x0[o] != i + lower[r] || x1[o] != x0[o] + 1 || wx0[o] != w0[r] || wx1[o] != w1[r]) return;
			}
			exact &= isBinaryFraction(w0[r]) && isBinaryFraction(w1[r]);
		}
		phases = k;
		phaseLower = lower;
		phaseW0 = w0;
		phaseW1 = w1;
		exactPhases = exact;
	}

	/**
	 * A multiple of 1/64 in [0, 1] (the weights of factors 2, 4, …, 32): a product of two is a multiple of 2⁻¹²,
	 * and the sums here (at most 2k such products, each of at most 2k vertical terms) stay below 2¹², so they
	 * are exact in float.
	 */
	private static boolean isBinaryFraction(final float w) {
		return w >= 0 && w <= 1 && w * 64 == Math.rint(w * 64);
	}

	/** The horizontal factor stored phase by phase for the last feature size, 0 for the index tables. */
	int phases() {
		return phases;
	}

	/** Per image row, the runs of consecutive stored columns that are fixed. */
	private void runs() {
		final boolean[] in = new boolean[width];
		runStart = new int[height + 1];
		int[] from = new int[16], to = new int[16];
		int k = 0;
		for (int y = 0; y < height; y++) {
			runStart[y] = k;
			for (int x = 0; x < width; x++) in[column[x]] = fixed[y * width + x];
			for (int p = 0; p < width; p++) {
				if (!in[p]) continue;
				if (p == 0 || !in[p - 1]) {
					if (k == from.length) {
						from = Arrays.copyOf(from, 2 * k);
						to = Arrays.copyOf(to, 2 * k);
					}
					from[k++] = p;
				}
				to[k - 1] = p + 1;
			}
		}
		runStart[height] = k;
		runFrom = Arrays.copyOf(from, k);
		runTo = Arrays.copyOf(to, k);
	}

	/** One source row (src from so, fw samples) resized to width samples in stored order: lower·w0 + upper·w1. */
	private void resizeRow(final float[] src, final int so, final float[] dst) {
		final int k = phases;
		if (k > 0) {
			// per phase r, the interior columns read two neighbours with the same weights; its ends from the tables
			final int n = fw;
			for (int r = 0; r < k; r++) {
				final int base = r * n, s = so + phaseLower[r];
				final float a = phaseW0[r], b = phaseW1[r];
				for (int i = 1; i < n - 1; i++)
					dst[base + i] = src[s + i] * a + src[s + i + 1] * b;
				final int first = r, last = k * (n - 1) + r;
				dst[base] = src[so + x0[first]] * wx0[first] + src[so + x1[first]] * wx1[first];
				dst[base + n - 1] = src[so + x0[last]] * wx0[last] + src[so + x1[last]] * wx1[last];
			}
			return;
		}
		for (int x = 0; x < width; x++)
			dst[x] = src[so + x0[x]] * wx0[x] + src[so + x1[x]] * wx1[x];
	}

	/**
	 * The adjoint of {@link #resizeRow}: width stored samples of src to fw samples added, times inv, to dst from o
	 * (sum: fw floats of scratch).
	 */
	private void adjointRow(final float[] src, final float[] dst, final int o, final double inv, final float[] sum) {
		final int k = phases;
		if (k == 0 || !exactPhases) {
			for (int x = 0; x < fw; x++) gather(src, dst, o, x, inv);
			return;
		}
		final float invF = (float) inv;
		if ((k == 2 || k == 4) && invF == inv) {
			adjointRowUnrolled(src, dst, o, invF);
			return;
		}
		// phase by phase, interior column i of phase r gives w0 to source i + lower and w1 to the next one. When
		// the vertical weights are binary fractions too (×2, ×4, 1:1) every sum is exact, so it equals the
		// gathers' sum to the bit; otherwise they differ by rounding only
		final int n = fw;
		Arrays.fill(sum, 0, n, 0f);
		for (int r = 0; r < k; r++) {
			final int base = r * n, lo = phaseLower[r], s = base - lo;
			final float a = phaseW0[r], b = phaseW1[r];
			for (int x = 2 + lo; x <= n - 2 + lo; x++)
				sum[x] += src[s + x] * a + src[s + x - 1] * b;
			sum[1 + lo] += src[base + 1] * a;
			sum[n - 1 + lo] += src[base + n - 2] * b;
			final int first = r, last = k * (n - 1) + r;
			sum[x0[first]] += src[base] * wx0[first];
			sum[x1[first]] += src[base] * wx1[first];
			sum[x0[last]] += src[base + n - 1] * wx0[last];
			sum[x1[last]] += src[base + n - 1] * wx1[last];
		}
		if (invF == inv) { // a power of two: the same product as in double
			for (int x = 0; x < n; x++) dst[o + x] += sum[x] * invF;
		}
		else {
			for (int x = 0; x < n; x++) dst[o + x] += (float) (sum[x] * inv);
		}
	}

	/**
	 * {@link #adjointRow} for ×2 and ×4 with inv a float, in one pass: source columns 2 … fw − 3 take only interior
	 * columns of every phase (w0 of column x − lower, w1 of column x − lower − 1), the four others are gathered.
	 */
	private void adjointRowUnrolled(final float[] src, final float[] dst, final int o, final float inv) {
		final int n = fw;
		final int s0 = -phaseLower[0], s1 = n - phaseLower[1];
		final float a0 = phaseW0[0], b0 = phaseW1[0], a1 = phaseW0[1], b1 = phaseW1[1];
		// PyTorch's weights are mirrored (phase k − 1 − r has phase r's two weights swapped): one product per pair
		if (phases == 2 && a0 == b1 && b0 == a1) {
			for (int x = 2; x < n - 2; x++)
				dst[o + x] += ((src[s0 + x] + src[s1 + x - 1]) * a0 + (src[s0 + x - 1] + src[s1 + x]) * b0) * inv;
		}
		else if (phases == 2) {
			for (int x = 2; x < n - 2; x++)
				dst[o + x] += (src[s0 + x] * a0 + src[s0 + x - 1] * b0 + (src[s1 + x] * a1 + src[s1 + x - 1] * b1)) * inv;
		}
		else {
			final int s2 = 2 * n - phaseLower[2], s3 = 3 * n - phaseLower[3];
			final float a2 = phaseW0[2], b2 = phaseW1[2], a3 = phaseW0[3], b3 = phaseW1[3];
			if (a0 == b3 && b0 == a3 && a1 == b2 && b1 == a2) {
				for (int x = 2; x < n - 2; x++)
					dst[o + x] += ((src[s0 + x] + src[s3 + x - 1]) * a0 + (src[s0 + x - 1] + src[s3 + x]) * b0 +
						((src[s1 + x] + src[s2 + x - 1]) * a1 + (src[s1 + x - 1] + src[s2 + x]) * b1)) * inv;
			}
			else {
				for (int x = 2; x < n - 2; x++)
					dst[o + x] += (src[s0 + x] * a0 + src[s0 + x - 1] * b0 + (src[s1 + x] * a1 + src[s1 + x - 1] * b1) +
						(src[s2 + x] * a2 + src[s2 + x - 1] * b2 + (src[s3 + x] * a3 + src[s3 + x - 1] * b3))) * inv;
			}
		}
		gather(src, dst, o, 0, inv);
		gather(src, dst, o, 1, inv);
		gather(src, dst, o, n - 2, inv);
		gather(src, dst, o, n - 1, inv);
	}

	private void gather(final float[] src, final float[] dst, final int o, final int x, final double inv) {
		float t = 0;
		for (int j = ts[x], e = ts[x + 1]; j < e; j++) t += tw[j] * src[tx[j]];
		dst[o + x] += (float) (t * inv);
	}

	/** One thread's buffers and loop. */
	private final class Worker {

		int size = -1;
		/** d, d0: one channel of feat and feat0 (then d = feat − feat0); grad: its gradient. */
		float[] d, d0, grad;
		/** The horizontal adjoint's per-source-column sums of one row. */
		float[] adjoint;
		/** Per stored column, Σ over the image rows so far of |resize(d)·m| (float sums of at most H terms). */
		float[] columns;
		/** Two source rows resized horizontally (forward), two source rows of vertical adjoint sums (backward). */
		final float[][] rows = new float[2][], back = new float[2][];
		/** The source row in each slot of rows and back, −1 for none. */
		final int[] tag = new int[2], backTag = new int[2];

		void channels(final int from, final int to, final FloatBuffer feat, final FloatBuffer feat0,
			final FloatBuffer gradient, final double[] perChannel)
		{
			final int hw = fh * fw;
			if (size != hw) {
				d = new float[hw];
				d0 = new float[hw];
				columns = new float[width];
				adjoint = new float[fw];
				for (int i = 0; i < 2; i++) {
					rows[i] = new float[width];
					back[i] = new float[width];
				}
				grad = null;
				size = hw;
			}
			if (gradient != null && grad == null) grad = new float[hw];
			final FloatBuffer f = feat.duplicate(), f0 = feat0.duplicate(), g = gradient == null ? null : gradient.duplicate();
			final double inv = 1.0 / ((double) perChannel.length * height * width);
			for (int ch = from; ch < to; ch++) {
				f.position(ch * hw);
				f.get(d, 0, hw);
				f0.position(ch * hw);
				f0.get(d0, 0, hw);
				for (int i = 0; i < hw; i++) d[i] -= d0[i];
				tag[0] = tag[1] = -1;
				if (g == null) perChannel[ch] = value();
				else {
					perChannel[ch] = valueAndGradient(inv);
					g.position(ch * hw);
					g.put(grad, 0, hw);
				}
			}
		}

		/** Σ|resize(d)·m| of the channel in d. */
		private double value() {
			Arrays.fill(columns, 0f);
			for (int y = 0; y < height; y++) {
				final int k0 = runStart[y], k1 = runStart[y + 1];
				if (k0 == k1) continue;
				final float[] r0 = row(y0[y], y1[y]), r1 = row(y1[y], y0[y]);
				final float a = wy0[y], b = wy1[y];
				final float[] v = columns;
				for (int k = k0; k < k1; k++)
					for (int p = runFrom[k], p1 = runTo[k]; p < p1; p++)
						v[p] += Math.abs(r0[p] * a + r1[p] * b);
			}
			return sumColumns();
		}

		/**
		 * Σ|resize(d)·m| and grad = R_hᵀ·(m·sign(resize(d)))·R_w·inv: the signs of each image row are added,
		 * weighted, to the vertical sums of its two source rows; a source row no later image row reads is
		 * taken back horizontally into grad.
		 */
		private double valueAndGradient(final double inv) {
			Arrays.fill(grad, 0f);
			Arrays.fill(back[0], 0f);
			Arrays.fill(back[1], 0f);
			backTag[0] = backTag[1] = -1;
			Arrays.fill(columns, 0f);
			for (int y = 0; y < height; y++) {
				final int k0 = runStart[y], k1 = runStart[y + 1];
				if (k0 == k1) continue;
				final float[] r0 = row(y0[y], y1[y]), r1 = row(y1[y], y0[y]);
				final float[] c0 = backRow(y0[y], y1[y], inv), c1 = backRow(y1[y], y0[y], inv);
				final float a = wy0[y], b = wy1[y];
				final float[] v = columns;
				for (int k = k0; k < k1; k++) {
					for (int p = runFrom[k], p1 = runTo[k]; p < p1; p++) {
						final float t = r0[p] * a + r1[p] * b;
						v[p] += Math.abs(t);
						// sign: ±1 for any non-zero (even subnormal) value, ±0 for ±0, NaN for NaN
						final float s = Math.max(-1f, Math.min(1f, t * HALF_SCALE * HALF_SCALE));
						c0[p] += a * s;
						c1[p] += b * s;
					}
				}
			}
			flush(0, inv);
			flush(1, inv);
			return sumColumns();
		}

		private double sumColumns() {
			double sum = 0;
			for (final float c : columns) sum += c;
			return sum;
		}

		/** Source row r resized horizontally, made if missing without evicting row keep. */
		private float[] row(final int r, final int keep) {
			if (tag[0] == r) return rows[0];
			if (tag[1] == r) return rows[1];
			final int slot = tag[0] == keep ? 1 : 0;
			resizeRow(d, r * fw, rows[slot]);
			tag[slot] = r;
			return rows[slot];
		}

		/**
		 * The vertical sums of source row r; the slot of the other row than keep is taken back into grad first if
		 * needed (rows are read in increasing order, so a row given up is not read again).
		 */
		private float[] backRow(final int r, final int keep, final double inv) {
			if (backTag[0] == r) return back[0];
			if (backTag[1] == r) return back[1];
			final int slot = backTag[0] == keep ? 1 : 0;
			flush(slot, inv);
			backTag[slot] = r;
			return back[slot];
		}

		/** Adds the horizontal adjoint of a back slot, times inv, to its source row of grad, and clears the slot. */
		private void flush(final int slot, final double inv) {
			final int r = backTag[slot];
			if (r < 0) return;
			adjointRow(back[slot], grad, r * fw, inv, adjoint);
			Arrays.fill(back[slot], 0f);
			backTag[slot] = -1;
		}
	}
}
