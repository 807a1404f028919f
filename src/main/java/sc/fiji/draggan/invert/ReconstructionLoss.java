package sc.fiji.draggan.invert;

import java.util.ArrayList;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;
import sc.fiji.draggan.engine.GraphConstants;

/**
 * The inversion objective, built only from the target image (no pretrained network,
 * docs/algorithm.md#reconstruction-loss): {@code mse·MSE + l1·L1 + laplacian·LapL1 + ssim·(1 − SSIM_ms)}, all over the mask's pixels.
 * <ul>
 * <li>LapL1: L1 of a Laplacian pyramid of the difference (2×2 average down, nearest up; each level
 * weighted 2^level so coarse structure counts as much as fine edges), plus the low-pass residual.
 * The pyramid is linear, so the pyramid of the difference is the difference of the pyramids.</li>
 * <li>SSIM_ms: mean of SSIM (Gaussian 11×11, σ 1.5, peak-to-peak 2) over up to 4 scales of 2×2
 * averaging, while the image's shorter side is at least 11 pixels.</li>
 * </ul>
 * Pictures need not be square (StyleGAN-Human's are 2:1): every scale halves both sides, and the
 * number of scales is counted on the shorter side.
 * <p>
 * Saturation: an image is a clamped view of the generator's output (the 8-bit conversion clamps to
 * [-1, 1]), so where the target is at −1 or +1 any output beyond it is as good: the output is
 * clamped only towards those pixels' own bound before the loss ({@link #effective}), which keeps
 * the gradient everywhere else.
 * <p>
 * Target statistics are computed once in the manager given at construction; {@link #compute} runs
 * every op on arrays of the step (the image's manager), so nothing accumulates.
 */
final class ReconstructionLoss {

	private static final int WINDOW = 11;
	/** Targets within this of ±1 count as saturated (half an 8-bit level). */
	private static final float SATURATED = 1f / 255;
	private static final double SIGMA = 1.5;
	private static final float C1 = 0.0004f, C2 = 0.0036f; // (0.01·2)², (0.03·2)²

	private final LossWeights w;
	private final int channels, levels;
	private final NDArray target, mask; // [1,C,H,W], [1,1,H,W] or null
	private final NDArray lowBound, highBound; // [1,C,H,W]: -1 / +1 where the target is saturated, else ∓1e30
	private final float maskSum;
	private final NDArray kernel; // [C,1,11,11] depthwise Gaussian
	private final List<NDArray> ssimTargets = new ArrayList<>(); // per scale: t, μt, σt², μt²
	private final List<NDArray> ssimMasks = new ArrayList<>(); // per scale: valid-region weights or null
	private final List<Float> ssimMaskSums = new ArrayList<>();

	/** Loss term weights. */
	static final class LossWeights {

		final double mse, l1, laplacian, ssim;

		LossWeights(final double mse, final double l1, final double laplacian, final double ssim) {
			if (mse < 0 || l1 < 0 || laplacian < 0 || ssim < 0 || mse + l1 + laplacian + ssim <= 0) {
				throw new IllegalArgumentException("loss weights must be >= 0 and not all zero");
			}
			this.mse = mse;
			this.l1 = l1;
			this.laplacian = laplacian;
			this.ssim = ssim;
		}
	}

	ReconstructionLoss(final PreparedImage img, final LossWeights weights, final NDManager manager) {
		this.w = weights;
		this.channels = img.channels;
		final int h = img.height, wd = img.width;
		this.target = manager.create(img.data, new Shape(1, channels, h, wd));
		this.mask = img.mask == null ? null : manager.create(img.mask, new Shape(1, 1, h, wd));
		final float[] lo = new float[img.data.length], hi = new float[img.data.length];
		for (int i = 0; i < lo.length; i++) {
			lo[i] = img.data[i] <= -1f + SATURATED ? -1f : -1e30f;
			hi[i] = img.data[i] >= 1f - SATURATED ? 1f : 1e30f;
		}
		this.lowBound = manager.create(lo, new Shape(1, channels, h, wd));
		this.highBound = manager.create(hi, new Shape(1, channels, h, wd));
		float s = 0;
		if (img.mask != null) for (final float m : img.mask) s += m;
		this.maskSum = img.mask == null ? h * wd : s;
		final int shorter = Math.min(h, wd);
		int lv = 0;
		for (int size = shorter; size >= 4 && lv < 6; size /= 2) lv++;
		this.levels = Math.max(1, lv - 1);
		final double[] g = ImageMetrics.gaussian(WINDOW, SIGMA);
		final float[] k2 = new float[channels * WINDOW * WINDOW];
		for (int c = 0; c < channels; c++) {
			for (int i = 0; i < WINDOW; i++) for (int j = 0; j < WINDOW; j++) k2[c * WINDOW * WINDOW + i * WINDOW + j] = (float) (g[i] * g[j]);
		}
		this.kernel = manager.create(k2, new Shape(channels, 1, WINDOW, WINDOW));
		if (weights.ssim > 0) {
			NDArray t = target, m = mask;
			for (int sh = h, sw = wd, scale = 0; Math.min(sh, sw) >= WINDOW && scale < 4; sh /= 2, sw /= 2, scale++) {
				final NDArray mu = blur(t);
				final NDArray var = blur(t.square()).sub(mu.square());
				ssimTargets.add(t);
				ssimTargets.add(mu);
				ssimTargets.add(var);
				ssimTargets.add(mu.square());
				final NDArray valid = m == null ? null : m.get(new NDIndex(":, :, {}:{}, {}:{}", WINDOW / 2, sh - WINDOW / 2, WINDOW / 2, sw - WINDOW / 2));
				ssimMasks.add(valid);
				ssimMaskSums.add(valid == null ? 0f : valid.sum().getFloat() * channels);
				t = down(t);
				if (m != null) m = down(m);
			}
		}
	}

	/** The scalar loss of a [1,C,H,W] image; every result lives in the image's manager. */
	NDArray compute(final NDArray output) {
		final NDArray image = effective(output);
		final NDArray diff = image.sub(target);
		final NDArray md = mask == null ? diff : diff.mul(mask);
		final float norm = maskSum * channels;
		NDArray loss = null;
		if (w.mse > 0) loss = add(loss, scale(md.mul(diff).sum(), w.mse / norm));
		if (w.l1 > 0) loss = add(loss, scale(md.abs().sum(), w.l1 / norm));
		if (w.laplacian > 0) loss = add(loss, scale(laplacian(md), w.laplacian));
		if (w.ssim > 0) loss = add(loss, scale(ssim(image), -w.ssim).add((float) w.ssim));
		return loss;
	}

	/** The output clamped towards the bound of saturated target pixels only. */
	NDArray effective(final NDArray output) {
		return output.maximum(lowBound).minimum(highBound);
	}

	/** Masked mean squared error of the clamped output (for PSNR in progress reports). */
	NDArray mse(final NDArray output) {
		final NDArray diff = output.clip(-1f, 1f).sub(target);
		return scale((mask == null ? diff : diff.mul(mask)).mul(diff).sum(), 1.0 / (maskSum * channels));
	}

	private NDArray laplacian(final NDArray d0) {
		NDArray d = d0, total = null;
		float weight = 1;
		for (int l = 0; l < levels; l++) {
			final NDArray low = down(d);
			final NDArray band = d.sub(low.repeat(2, 2).repeat(3, 2));
			total = add(total, scale(band.abs().mean(), weight));
			d = low;
			weight *= 2;
		}
		return add(total, scale(d.abs().mean(), weight));
	}

	private NDArray ssim(final NDArray image) {
		NDArray x = image, sum = null;
		final int scales = ssimTargets.size() / 4;
		for (int s = 0; s < scales; s++) {
			final NDArray t = ssimTargets.get(4 * s), mt = ssimTargets.get(4 * s + 1), vt = ssimTargets.get(4 * s + 2), mt2 = ssimTargets.get(4 * s + 3);
			final NDArray mx = blur(x);
			final NDArray vx = blur(x.square()).sub(mx.square());
			final NDArray cxy = blur(x.mul(t)).sub(mx.mul(mt));
			final NDArray num = scale(mx.mul(mt), 2).add(C1).mul(scale(cxy, 2).add(C2));
			final NDArray den = mx.square().add(mt2).add(C1).mul(vx.add(vt).add(C2));
			final NDArray map = num.div(den);
			final NDArray m = ssimMasks.get(s);
			sum = add(sum, m == null ? map.mean() : scale(map.mul(m).sum(), 1.0 / ssimMaskSums.get(s)));
			if (s + 1 < scales) x = down(x);
		}
		return scale(sum, 1.0 / scales);
	}

	private NDArray blur(final NDArray x) {
		return Conv2d.conv2d(x, kernel, null, new Shape(1, 1), new Shape(0, 0), new Shape(1, 1), channels).singletonOrThrow();
	}

	private static NDArray down(final NDArray x) {
		return Pool.avgPool2d(x, new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false, true);
	}

	/** {@code x · v}, safe in the recorded graph ({@link GraphConstants}). */
	private static NDArray scale(final NDArray x, final double v) {
		return GraphConstants.scale(x, v);
	}

	private static NDArray add(final NDArray a, final NDArray b) {
		return a == null ? b : a.add(b);
	}
}
