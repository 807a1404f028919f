package sc.fiji.draggan.model;

import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * StyleGAN2 ToRGBLayer (docs/algorithm.md#torgb-and-skip-image): 1×1 modulated conv without demodulation, styles × 1/sqrt(Cin),
 * bias, linear, clamp. Done as one batched matmul with per-sample weights [N, imgC, C].
 */
final class ToRgb {

	private final int in, imgChannels;
	private final float clamp;
	private final Dense affine;
	/** [imgC, C] */
	private final NDArray weight;
	/** [1, imgC, 1] */
	private final NDArray bias;

	ToRgb(final GeneratorConfig cfg, final Map<String, NDArray> raw, final String name, final NDManager m) {
		final NDArray w = raw.get(name + ".weight");
		imgChannels = (int) w.getShape().get(0);
		in = (int) w.getShape().get(1);
		clamp = cfg.convClamp == null ? Float.NaN : cfg.convClamp.floatValue();
		// styles = affine(w) · weight_gain, weight_gain = 1/sqrt(Cin): folded into the affine
		final double g = 1 / Math.sqrt(in);
		affine = new Dense(m, raw.get(name + ".affine.weight"), raw.get(name + ".affine.bias"), g / Math.sqrt(cfg.wDim), g);
		weight = Nd.copyInto(m, w).reshape(imgChannels, in);
		bias = Nd.copyInto(m, raw.get(name + ".bias")).reshape(1, imgChannels, 1);
	}

	/** x [N, C, H, W], w [N, wDim] → [N, imgC, H, W], in x's manager. */
	NDArray forward(final NDArray x, final NDArray w) {
		final long[] d = Nd.dims(x);
		final NDArray s = affine.apply(w).expandDims(1); // [N, 1, C]
		final NDArray wm = s.mul(weight); // [N, imgC, C]
		final NDArray y = wm.matMul(x.reshape(d[0], in, d[2] * d[3])).addi(bias).reshape(d[0], imgChannels, d[2], d[3]);
		return Float.isNaN(clamp) ? y : y.clip(-clamp, clamp);
	}
}
