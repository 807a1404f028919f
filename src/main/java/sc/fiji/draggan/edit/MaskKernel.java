package sc.fiji.draggan.edit;

import java.nio.FloatBuffer;

/**
 * The mask term on the CPU in one fused pass over Java arrays (docs/algorithm.md#mask-term): per channel,
 * D = feat − feat0 is resized bilinearly (PyTorch's order: a horizontal lerp of each source row, then a
 * vertical lerp of two such rows) only where the binary mask is 1, |·| is summed, and, when asked, the
 * signs go back through the two 1-D adjoints into the gradient [C, h, w]. Channels are split into one
 * contiguous range per thread; every buffer is kept for the next call.
 * <p>
 * The weights are {@link ResizeAxis}'s; along an axis resized ×2 or kept they are quarters, so the
 * gradient (sums of ±quarters) is exact in float in any order, and the resized values are formed with the
 * same float operations as libtorch's CPU kernel (which may fuse them into FMAs: a sign can then differ
 * where a resized difference is within rounding of 0).
 */
final class MaskKernel {

	private final int height, width;
	/** Per image row y, the runs of fixed pixels: runFrom[k], runTo[k] for k in runStart[y] … runStart[y+1]. */
	private final int[] runStart, runFrom, runTo;

	/** The feature size the axes below were made for. */
	private int fh = -1, fw = -1;
	private int[] y0, y1, x0, x1;
	private float[] wy0, wy1, wx0, wx1;
	/** The horizontal adjoint as gathers: source column x takes weight tw[k] of output column tx[k], k in ts[x] … ts[x+1]. */
	private int[] ts, tx;
	private float[] tw;
	/** The horizontal axis is PyTorch's ×2 (width = 2·fw, interior weights ¼, ¾): {@link #resizeRow} and {@link #adjointRow} skip the index tables. */
	private boolean doubling;
	private Worker[] workers = new Worker[0];

	/** @param fixed 1 = fixed, 0 = free, row-major H×W, binary */
	MaskKernel(final float[] fixed, final int height, final int width) {
		this.height = height;
		this.width = width;
		runStart = new int[height + 1];
		int runs = 0;
		for (int y = 0; y < height; y++)
			for (int x = 0; x < width; x++)
				if (fixed[y * width + x] == 1 && (x == 0 || fixed[y * width + x - 1] != 1)) runs++;
		runFrom = new int[runs];
		runTo = new int[runs];
		int k = 0;
		for (int y = 0; y < height; y++) {
			runStart[y] = k;
			for (int x = 0; x < width; x++) {
				if (fixed[y * width + x] != 1) continue;
				if (x == 0 || fixed[y * width + x - 1] != 1) runFrom[k++] = x;
				runTo[k - 1] = x + 1;
			}
		}
		runStart[height] = k;
	}

	/**
	 * Σ over C·H·W of |resize(feat − feat0)·m|, divided by {@code n}; with {@code gradient} non-null also
	 * writes d/d feat of that mean into it.
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
			final Worker[] w = java.util.Arrays.copyOf(workers, t);
			for (int i = workers.length; i < t; i++) w[i] = new Worker();
			workers = w;
		}
		final double[] perChannel = new double[c];
		final Thread[] helpers = new Thread[t - 1];
		final RuntimeException[] failure = new RuntimeException[t];
		for (int i = t - 1; i >= 0; i--) {
			final int part = i, from = (int) ((long) c * i / t), to = (int) ((long) c * (i + 1) / t);
			final Runnable r = () -> {
				try {
					workers[part].channels(from, to, feat, feat0, gradient, perChannel);
				}
				catch (final RuntimeException e) {
					failure[part] = e;
				}
			};
			if (i == 0) r.run();
			else {
				helpers[i - 1] = new Thread(r, "draggan-mask-term-" + i);
				helpers[i - 1].setDaemon(true);
				helpers[i - 1].start();
			}
		}
		boolean interrupted = false;
		for (final Thread h : helpers) {
			while (true) {
				try {
					h.join();
					break;
				}
				catch (final InterruptedException e) {
					interrupted = true; // the helpers write into the caller's arrays: wait for them
				}
			}
		}
		if (interrupted) Thread.currentThread().interrupt();
		for (final RuntimeException e : failure)
			if (e != null) throw e;
		double sum = 0;
		for (final double s : perChannel) sum += s; // in channel order: the same bits for every thread count
		return sum / ((double) c * height * width);
	}

	/** The axes and the transposed horizontal adjoint for feature size fh × fw. */
	private void prepare(final int fh, final int fw) {
		if (fh == this.fh && fw == this.fw) return;
		final ResizeAxis v = new ResizeAxis(fh, height), h = new ResizeAxis(fw, width);
		y0 = new int[height];
		y1 = new int[height];
		wy0 = new float[height];
		wy1 = new float[height];
		for (int o = 0; o < height; o++) {
			y0[o] = v.lower(o);
			y1[o] = v.upper(o);
			wy0[o] = (float) v.lowerWeight(o);
			wy1[o] = (float) v.upperWeight(o);
		}
		x0 = new int[width];
		x1 = new int[width];
		wx0 = new float[width];
		wx1 = new float[width];
		ts = new int[fw + 1];
		for (int o = 0; o < width; o++) {
			x0[o] = h.lower(o);
			x1[o] = h.upper(o);
			wx0[o] = (float) h.lowerWeight(o);
			wx1[o] = (float) h.upperWeight(o);
			ts[x0[o] + 1]++;
			ts[x1[o] + 1]++;
		}
		for (int x = 0; x < fw; x++) ts[x + 1] += ts[x];
		tx = new int[2 * width];
		tw = new float[2 * width];
		final int[] fill = java.util.Arrays.copyOf(ts, fw);
		for (int o = 0; o < width; o++) {
			tx[fill[x0[o]]] = o;
			tw[fill[x0[o]]++] = wx0[o];
			tx[fill[x1[o]]] = o;
			tw[fill[x1[o]]++] = wx1[o];
		}
		doubling = width == 2 * fw && fw >= 2;
		for (int i = 1; i < fw && doubling; i++) {
			doubling = x0[2 * i] == i - 1 && x1[2 * i] == i && wx0[2 * i] == 0.25f && wx1[2 * i] == 0.75f
				&& x0[2 * i - 1] == i - 1 && x1[2 * i - 1] == i && wx0[2 * i - 1] == 0.75f && wx1[2 * i - 1] == 0.25f;
		}
		this.fh = fh;
		this.fw = fw;
		for (final Worker w : workers) w.size = -1;
	}

	/** One thread's buffers and loop. */
	private final class Worker {

		int size = -1;
		/** d, d0: one channel of feat and feat0 (then d = feat − feat0); grad: its gradient. */
		float[] d, d0, grad;
		/** Two source rows resized horizontally (forward), two source rows of vertical adjoint sums (backward). */
		float[] rows, back;
		/** The source row in each slot of rows and back, −1 for none. */
		final int[] tag = new int[2], backTag = new int[2];

		void channels(final int from, final int to, final FloatBuffer feat, final FloatBuffer feat0,
			final FloatBuffer gradient, final double[] perChannel)
		{
			final int hw = fh * fw;
			if (size != hw) {
				d = new float[hw];
				d0 = new float[hw];
				rows = new float[2 * width];
				back = new float[2 * width];
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
			double sum = 0;
			for (int y = 0; y < height; y++) {
				final int k0 = runStart[y], k1 = runStart[y + 1];
				if (k0 == k1) continue;
				final int r0 = y0[y], r1 = y1[y];
				final int b0 = row(r0, r1) * width, b1 = row(r1, r0) * width;
				for (int k = k0; k < k1; k++) sum += absSum(b0, b1, wy0[y], wy1[y], runFrom[k], runTo[k]);
			}
			return sum;
		}

		/**
		 * Σ|resize(d)·m| and grad = R_hᵀ·(m·sign(resize(d)))·R_w·inv: the signs of each image row are added,
		 * weighted, to the vertical sums of its two source rows; a source row no later image row reads is
		 * taken back horizontally into grad.
		 */
		private double valueAndGradient(final double inv) {
			java.util.Arrays.fill(grad, 0f);
			java.util.Arrays.fill(back, 0f);
			backTag[0] = backTag[1] = -1;
			double sum = 0;
			for (int y = 0; y < height; y++) {
				final int k0 = runStart[y], k1 = runStart[y + 1];
				if (k0 == k1) continue;
				final int r0 = y0[y], r1 = y1[y];
				final int b0 = row(r0, r1) * width, b1 = row(r1, r0) * width;
				final int c0 = backRow(r0, r1, inv) * width, c1 = backRow(r1, r0, inv) * width;
				for (int k = k0; k < k1; k++) sum += absSumBack(b0, b1, c0, c1, wy0[y], wy1[y], runFrom[k], runTo[k]);
			}
			flush(0, inv);
			flush(1, inv);
			return sum;
		}

		/** The slot (0 or 1) holding source row r resized horizontally, made if missing without evicting row keep. */
		private int row(final int r, final int keep) {
			if (tag[0] == r) return 0;
			if (tag[1] == r) return 1;
			final int slot = tag[0] == keep ? 1 : 0;
			resizeRow(d, r * fw, rows, slot * width);
			tag[slot] = r;
			return slot;
		}

		/** The slot of back summing source row r, the other row than keep taken back into grad first if needed. */
		private int backRow(final int r, final int keep, final double inv) {
			if (backTag[0] == r) return 0;
			if (backTag[1] == r) return 1;
			final int slot = backTag[0] == keep ? 1 : 0;
			flush(slot, inv);
			backTag[slot] = r;
			return slot;
		}

		/** Adds the horizontal adjoint of back's slot, times inv, to its source row of grad, and clears the slot. */
		private void flush(final int slot, final double inv) {
			final int r = backTag[slot];
			if (r < 0) return;
			adjointRow(back, slot * width, grad, r * fw, inv);
			java.util.Arrays.fill(back, slot * width, (slot + 1) * width, 0f);
			backTag[slot] = -1;
		}

		private double absSum(final int b0, final int b1, final float a, final float b, final int from, final int to) {
			final float[] r = rows;
			float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
			int x = from;
			for (; x + 3 < to; x += 4) {
				s0 += Math.abs(r[b0 + x] * a + r[b1 + x] * b);
				s1 += Math.abs(r[b0 + x + 1] * a + r[b1 + x + 1] * b);
				s2 += Math.abs(r[b0 + x + 2] * a + r[b1 + x + 2] * b);
				s3 += Math.abs(r[b0 + x + 3] * a + r[b1 + x + 3] * b);
			}
			for (; x < to; x++) s0 += Math.abs(r[b0 + x] * a + r[b1 + x] * b);
			return (double) s0 + s1 + s2 + s3;
		}

		private double absSumBack(final int b0, final int b1, final int c0, final int c1, final float a, final float b,
			final int from, final int to)
		{
			final float[] r = rows, v = back;
			float s0 = 0, s1 = 0;
			int x = from;
			for (; x + 1 < to; x += 2) {
				final float p = r[b0 + x] * a + r[b1 + x] * b, q = r[b0 + x + 1] * a + r[b1 + x + 1] * b;
				s0 += Math.abs(p);
				s1 += Math.abs(q);
				final float sp = sign(p), sq = sign(q);
				v[c0 + x] += a * sp;
				v[c1 + x] += b * sp;
				v[c0 + x + 1] += a * sq;
				v[c1 + x + 1] += b * sq;
			}
			for (; x < to; x++) {
				final float p = r[b0 + x] * a + r[b1 + x] * b;
				s0 += Math.abs(p);
				final float sp = sign(p);
				v[c0 + x] += a * sp;
				v[c1 + x] += b * sp;
			}
			return (double) s0 + s1;
		}
	}

	/**
	 * sign(v): ±1, or ±0 for ±0, without a branch (the signs of resized differences are unpredictable); NaN gives
	 * ±1 here, and {@link Worker#channels} makes the gradient of a channel whose sum is NaN NaN.
	 */
	static float sign(final float v) {
		final int bits = Float.floatToRawIntBits(v), magnitude = bits & 0x7fffffff;
		final int nonZero = (magnitude | -magnitude) >> 31; // −1 unless magnitude is 0
		return Float.intBitsToFloat(bits & 0x80000000 | 0x3f800000 & nonZero);
	}

	/** One source row (src from so, fw samples) resized to width samples (dst from o): per output, lower·w0 + upper·w1. */
	private void resizeRow(final float[] src, final int so, final float[] dst, final int o) {
		if (doubling) {
			// interior outputs of ×2: 2i reads i−1 (¼) and i (¾), 2i+1 reads i (¾) and i+1 (¼); the two ends below
			for (int i = 1; i < fw; i++) {
				dst[o + 2 * i] = src[so + i - 1] * 0.25f + src[so + i] * 0.75f;
				dst[o + 2 * i - 1] = src[so + i - 1] * 0.75f + src[so + i] * 0.25f;
			}
			dst[o] = src[so + x0[0]] * wx0[0] + src[so + x1[0]] * wx1[0];
			final int e = width - 1;
			dst[o + e] = src[so + x0[e]] * wx0[e] + src[so + x1[e]] * wx1[e];
			return;
		}
		for (int x = 0; x < width; x++)
			dst[o + x] = src[so + x0[x]] * wx0[x] + src[so + x1[x]] * wx1[x];
	}

	/** The adjoint of {@link #resizeRow}: width samples of src (from so) to fw samples added, times inv, to dst from o. */
	private void adjointRow(final float[] src, final int so, final float[] dst, final int o, final double inv) {
		int x = 0;
		if (doubling) {
			// interior inputs of ×2 take ¾ of outputs 2i and 2i+1 and ¼ of outputs 2i−1 and 2i+2 (exact: quarters of sums of quarters)
			for (x = 1; x < fw - 1; x++) {
				final float t = (src[so + 2 * x] + src[so + 2 * x + 1]) * 0.75f + (src[so + 2 * x - 1] + src[so + 2 * x + 2]) * 0.25f;
				dst[o + x] += (float) (t * inv);
			}
			gather(src, so, dst, o, 0, inv);
			if (fw > 1) gather(src, so, dst, o, fw - 1, inv);
			return;
		}
		for (; x < fw; x++) gather(src, so, dst, o, x, inv);
	}

	private void gather(final float[] src, final int so, final float[] dst, final int o, final int x, final double inv) {
		float t = 0;
		for (int j = ts[x], e = ts[x + 1]; j < e; j++) t += tw[j] * src[so + tx[j]];
		dst[o + x] += (float) (t * inv);
	}
}
