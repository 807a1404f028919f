package sc.fiji.draggan.model;

import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * One StyleGAN3 synthesis layer (docs/algorithm.md, "StyleGAN3", layers): modulated convolution
 * (weights and styles pre-normalised, demodulated, input scaled by 1/√magnitude_ema; the ToRGB layer
 * only modulates) followed by the filtered leaky ReLU: bias, up-sampling with the stored up filter,
 * leaky ReLU × √2, clamp, down-sampling with the stored down filter.
 * <p>
 * The modulated convolution is computed in its non-fused form, x·(s·g) → conv(W) → ·dcoef, which is
 * the same maths as the official per-sample modulated weights.
 */
final class Sg3Layer {

	private static final float SQRT2 = (float) Math.sqrt(2);

	private final Sg3Geometry.Layer geo;
	private final Dense affine;
	/** [O, I, k, k]: weight, normalised per output channel unless ToRGB */
	private final NDArray weight;
	/** [I, O]: Σ_k weight², for the demodulation (null for ToRGB) */
	private final NDArray wsqT;
	private final NDArray bias, inputGain, minusHalf, actGain;
	private final NDArray[] upKernels, downKernels;
	/** polyphase form of the 1-D up filter, or null */
	private final Resampling.Polyphase upPolyphase;
	/** the activation gain √2 is folded into the down filter (and the clamp bound divided by it) */
	private final boolean gainInDownFilter;
	private final float clamp;

	Sg3Layer(final GeneratorConfig cfg, final Sg3Geometry.Layer geo, final Map<String, NDArray> raw, final NDManager m) {
		this.geo = geo;
		final String p = geo.prefix() + ".";
		// ToRGB: styles × 1/√(I·k²), folded into the affine
		final double styleGain = geo.torgb ? 1 / Math.sqrt(geo.inChannels * (double) geo.kernel * geo.kernel) : 1;
		affine = new Dense(m, raw.get(p + "affine.weight"), raw.get(p + "affine.bias"), styleGain / Math.sqrt(cfg.wDim), styleGain);
		final NDArray w = raw.get(p + "weight");
		if (geo.torgb) {
			weight = Nd.copyInto(m, w);
			wsqT = null;
		}
		else {
			final NDArray wc = Nd.copyInto(m, w);
			final float count = geo.inChannels * geo.kernel * geo.kernel; // mean over (I, k, k) per output channel
			weight = wc.mul(wc.square().sum(new int[] { 1, 2, 3 }, true).div(Nd.constant(m, count)).pow(Nd.constant(m, -0.5f)));
			wsqT = weight.square().sum(new int[] { 2, 3 }).transpose();
		}
		bias = Nd.copyInto(m, raw.get(p + "bias")).reshape(1, geo.outChannels, 1, 1);
		inputGain = raw.get(p + "magnitude_ema").pow(Nd.constant(m, -0.5f));
		minusHalf = Nd.constant(m, -0.5f);
		actGain = Nd.constant(m, SQRT2);
		final NDArray upFilter = raw.get(p + "up_filter"), downFilter = raw.get(p + "down_filter");
		if (upFilter != null && upFilter.getShape().dimension() == 1 && upFilter.getShape().get(0) % geo.upFactor == 0) {
			upPolyphase = new Resampling.Polyphase(m, upFilter.toFloatArray(), geo.upFactor, geo.padLo, geo.padHi, geo.outChannels);
			upKernels = null;
		}
		else {
			upPolyphase = null;
			upKernels = kernels(upFilter, m, geo.upFactor * geo.upFactor);
		}
		// lrelu(x)·√2 clamped to ±c equals √2 · (lrelu(x) clamped to ±c/√2): the gain moves into the down filter
		gainInDownFilter = !geo.torgb && downFilter != null;
		downKernels = kernels(downFilter, m, gainInDownFilter ? Math.sqrt(2) : 1);
		final double bound = cfg.convClamp == null ? Double.NaN : cfg.convClamp / (gainInDownFilter ? Math.sqrt(2) : 1);
		clamp = (float) bound;
	}

	private NDArray[] kernels(final NDArray filter, final NDManager m, final double gain) {
		if (filter == null) return null;
		return Resampling.kernels(m, filter.toFloatArray(), filter.getShape().getShape(), geo.outChannels, gain);
	}

	/** x [N, I, S, S], w [N, wDim] → [N, O, S', S'], in x's manager. */
	NDArray forward(final NDArray x, final NDArray w) {
		final long n = x.getShape().get(0);
		NDArray s = affine.apply(w); // [N, I]
		NDArray dcoef = null;
		if (!geo.torgb) {
			// styles normalised by their RMS over the whole call, then the demodulation of each output channel
			s = s.mul(s.square().mean().pow(minusHalf));
			dcoef = s.square().matMul(wsqT).addi(1e-8f).pow(minusHalf); // [N, O]
		}
		final int pad = geo.kernel - 1; // "full" convolution: the output grows by k − 1
		NDArray y = Nd.conv(x.mul(s.mul(inputGain).reshape(n, geo.inChannels, 1, 1)), weight, pad, pad, 1);
		if (dcoef != null) y = y.mul(dcoef.reshape(n, geo.outChannels, 1, 1));
		// filtered leaky ReLU
		y = y.add(bias);
		if (upPolyphase != null) y = Resampling.upsample(y, upPolyphase);
		else y = Resampling.filter(Resampling.padOrCrop(Resampling.zeroInsert(y, geo.upFactor), geo.padLo, geo.padHi), upKernels, 1);
		if (!geo.torgb) {
			y = Nd.leakyRelu(y, 0.2f);
			if (!gainInDownFilter) y = y.mul(actGain);
		}
		if (!Float.isNaN(clamp)) y = y.clip(-clamp, clamp);
		return Resampling.filter(y, downKernels, geo.downFactor);
	}

	Sg3Geometry.Layer geometry() {
		return geo;
	}
}
