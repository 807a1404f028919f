package sc.fiji.draggan.model;

import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * The skip branch of a 'resnet' SynthesisBlock (docs/algorithm.md#synthesis-blocks, #fir-filters): Conv2dLayer 1×1, no bias, linear,
 * weight_gain 1/sqrt(Cin), gain √0.5, no clamp; convolve first, then upsample2d.
 */
final class ResnetSkip {

	private final NDArray weight;
	private final NDArray upsample;

	ResnetSkip(final Map<String, NDArray> raw, final String name, final Fir fir, final NDManager m) {
		final NDArray w = raw.get(name + ".weight");
		final long in = w.getShape().get(1);
		weight = Nd.scaledInto(m, w, Math.sqrt(0.5) / Math.sqrt(in));
		upsample = fir.polyphase3x3(m, (int) w.getShape().get(0));
	}

	NDArray forward(final NDArray x) {
		return Fir.upsample2d(Nd.conv(x, weight, 0, 0, 1), upsample);
	}
}
