package sc.fiji.draggan.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import sc.fiji.draggan.engine.GraphConstants;

/**
 * The resampling FIR filter of StyleGAN2 ({@code upfirdn2d}, docs/algorithm.md#fir-filters) as depthwise
 * convolution weights: ×2 up-sampling for the generator, down-sampling for the trainer's
 * discriminator. {@code taps} is the 1-D correlation kernel: the flipped 1-D filter normalised to
 * sum 2, so that its outer product is the official 2-D filter × gain 4, flipped (upfirdn2d does a
 * true convolution). The kernels are owned by libtorch: convolutions keep them for the backward pass,
 * which may come after the manager that made them closed (docs/design.md, "DJL constants in recorded
 * graphs").
 */
public final class Fir {

	private final float[] taps;

	/** @param filter2d the 4×4 {@code resample_filter} buffer (sums to 1) */
	public Fir(final float[] filter2d) {
		if (filter2d.length != 16) throw new IllegalArgumentException("resample_filter must be 4x4, got " + filter2d.length + " values");
		// The buffer is outer(f, f)/S²; its row sums are f/S (sum 1). Flip and scale to sum 2.
		taps = new float[4];
		for (int i = 0; i < 4; i++) {
			double r = 0;
			for (int j = 0; j < 4; j++) r += filter2d[i * 4 + j];
			taps[3 - i] = (float) (2 * r);
		}
	}

	/** The 4-tap 1-D correlation kernel (a copy). */
	float[] taps() {
		return taps.clone();
	}

	/** Depthwise [C, 1, 4, 4] correlation kernel outer(taps, taps) (step B of docs/algorithm.md#up-sampling-convolution). */
	NDArray kernel4x4(final NDManager m, final int channels) {
		final float[] v = new float[channels * 16];
		for (int c = 0; c < channels; c++) {
			for (int i = 0; i < 4; i++) for (int j = 0; j < 4; j++) v[c * 16 + i * 4 + j] = taps[i] * taps[j];
		}
		return GraphConstants.array(m, v, new Shape(channels, 1, 4, 4));
	}

	/** Depthwise [C, 1, 4, 4] correlation kernel of the filter at gain 1 (sums to 1), for down-sampling. */
	public NDArray kernelGain1(final NDManager m, final int channels) {
		final float[] v = new float[channels * 16];
		for (int c = 0; c < channels; c++) {
			for (int i = 0; i < 4; i++) for (int j = 0; j < 4; j++) v[c * 16 + i * 4 + j] = taps[i] * taps[j] / 4;
		}
		return GraphConstants.array(m, v, new Shape(channels, 1, 4, 4));
	}

	/**
	 * upfirdn2d without up-sampling: zero padding {@code lo} before and {@code hi} after on both
	 * axes, the depthwise {@code kernel} [C, 1, 4, 4], every {@code stride}-th output (2 = down-sampling).
	 * Result in x's manager.
	 */
	public static NDArray filter(final NDArray x, final NDArray kernel, final int lo, final int hi, final int stride) {
		return Nd.strided(x.pad(new Shape(lo, hi, lo, hi), 0), kernel, null, stride, 0, (int) x.getShape().get(1));
	}

	/**
	 * Depthwise [4C, 1, 3, 3] polyphase kernels of {@link #upsample2d}: output channel 4c + 2py + px
	 * computes the pixels (2m+py, 2n+px) of channel c from x[m-1..m+1, n-1..n+1].
	 * <p>
	 * Zero-insert, pad 2 before / 1 after, correlate with taps (docs/algorithm.md#fir-filters) gives
	 * out[2m] = t0·x[m-1] + t2·x[m] and out[2m+1] = t1·x[m] + t3·x[m+1].
	 */
	NDArray polyphase3x3(final NDManager m, final int channels) {
		final float[][] phase = { { taps[0], taps[2], 0 }, { 0, taps[1], taps[3] } };
		final float[] v = new float[channels * 4 * 9];
		for (int c = 0; c < channels; c++) {
			for (int py = 0; py < 2; py++) for (int px = 0; px < 2; px++) {
				final int o = (c * 4 + py * 2 + px) * 9;
				for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) v[o + i * 3 + j] = phase[py][i] * phase[px][j];
			}
		}
		return GraphConstants.array(m, v, new Shape(channels * 4L, 1, 3, 3));
	}

	/** upsample2d with kernel from {@link #polyphase3x3}: [N, C, H, W] → [N, C, 2H, 2W], in x's manager. */
	static NDArray upsample2d(final NDArray x, final NDArray polyphase) {
		final long[] d = Nd.dims(x);
		final NDArray p = Nd.conv(x, polyphase, 1, 1, (int) d[1]); // [N, 4C, H, W]
		return interleave(p.reshape(d[0], d[1], 2, 2, d[2], d[3]));
	}

	/** [N, C, 2(py), 2(px), H, W] → [N, C, 2H, 2W] with out[2m+py, 2n+px] = in[py, px, m, n]. */
	static NDArray interleave(final NDArray phases) {
		final long[] d = Nd.dims(phases);
		return phases.transpose(0, 1, 4, 2, 5, 3).reshape(d[0], d[1], 2 * d[4], 2 * d[5]);
	}
}
