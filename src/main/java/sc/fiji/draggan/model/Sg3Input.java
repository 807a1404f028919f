package sc.fiji.draggan.model;

import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import sc.fiji.draggan.engine.GraphConstants;

/**
 * StyleGAN3's synthesis input (docs/algorithm.md, "StyleGAN3", input layer): Fourier features whose
 * frequencies and phases are rotated and translated by a transform predicted from w (and the stored
 * user transform), band-limited by an amplitude ramp, then mixed across channels by a learned matrix.
 * Differentiable with respect to w.
 */
final class Sg3Input {

	private final int channels, size;
	private final Dense affine;
	/** [C, C, 1, 1]: weight / √C */
	private final NDArray mix;
	/** [3, 3] stored transform; [C, 2] freqs; [C] phases */
	private final NDArray transform, freqs, phases;
	/** sample positions along x [1,1,1,S] and y [1,1,S,1] */
	private final NDArray gridX, gridY;
	private final NDArray twoPi, invRamp, minusOne;
	private final float bandwidth;

	Sg3Input(final GeneratorConfig cfg, final Sg3Geometry g, final Map<String, NDArray> raw, final NDManager m) {
		channels = g.inputChannels;
		size = g.inputSize;
		bandwidth = (float) g.inputBandwidth;
		final String p = "synthesis.input.";
		affine = new Dense(m, raw.get(p + "affine.weight"), raw.get(p + "affine.bias"), 1 / Math.sqrt(cfg.wDim), 1);
		mix = Nd.scaledInto(m, raw.get(p + "weight"), 1 / Math.sqrt(channels)).reshape(channels, channels, 1, 1);
		transform = raw.get(p + "transform");
		freqs = raw.get(p + "freqs");
		phases = raw.get(p + "phases");
		// affine_grid with align_corners=False: sample i of S sits at (2i + 1 − S) / (2·sampling_rate)
		final float[] pos = new float[size];
		for (int i = 0; i < size; i++) pos[i] = (float) ((2.0 * i + 1 - size) / (2 * g.inputSamplingRate));
		gridX = GraphConstants.array(m, pos, new Shape(1, 1, 1, size)); // operands saved for backward: libtorch-owned
		gridY = GraphConstants.array(m, pos, new Shape(1, 1, size, 1));
		twoPi = Nd.constant(m, (float) (2 * Math.PI));
		invRamp = Nd.constant(m, (float) (1 / (g.inputSamplingRate / 2 - g.inputBandwidth)));
		minusOne = Nd.constant(m, -1f);
	}

	/** w [N, wDim] → [N, C, S, S], in w's manager. */
	NDArray forward(final NDArray w) {
		final long n = w.getShape().get(0);
		final NDArray t0 = affine.apply(w); // (r_c, r_s, t_x, t_y)
		final NDArray rs = t0.get(new NDIndex(":, :2"));
		final NDArray t = t0.div(rs.square().sum(new int[] { 1 }, true).sqrt());
		final NDArray c = t.get(new NDIndex(":, 0")), s = t.get(new NDIndex(":, 1"));
		final NDArray tx = t.get(new NDIndex(":, 2")), ty = t.get(new NDIndex(":, 3"));
		// rotation after translation, rows 0 and 1 of the 3×3 matrix: [c, −s, −c·tx + s·ty], [s, c, −s·tx − c·ty]
		final NDArray sNeg = s.mul(minusOne);
		final NDArray row0 = NDArrays.stack(new NDList(c, sNeg, c.mul(tx).mul(minusOne).add(s.mul(ty))), 1);
		final NDArray row1 = NDArrays.stack(new NDList(s, c, s.mul(tx).mul(minusOne).sub(c.mul(ty))), 1);
		final NDArray a = NDArrays.stack(new NDList(row0, row1), 1).matMul(transform); // [N, 2, 3]
		final NDArray f = freqs.expandDims(0).matMul(a.get(new NDIndex(":, :, :2"))); // [N, C, 2]
		final NDArray ph = freqs.expandDims(0).matMul(a.get(new NDIndex(":, :, 2:"))).squeeze(2).add(phases); // [N, C]
		// amplitudes fall linearly from 1 at the bandwidth to 0 at half the sampling rate
		final NDArray amp = f.square().sum(new int[] { 2 }).sqrt().sub(bandwidth).mul(invRamp).mul(minusOne).add(1f).clip(0, 1);
		final NDArray fx = f.get(new NDIndex(":, :, 0")).reshape(n, channels, 1, 1);
		final NDArray fy = f.get(new NDIndex(":, :, 1")).reshape(n, channels, 1, 1);
		final NDArray arg = fx.mul(gridX).add(fy.mul(gridY)).add(ph.reshape(n, channels, 1, 1));
		final NDArray x = arg.mul(twoPi).sin().mul(amp.reshape(n, channels, 1, 1));
		return Nd.conv(x, mix, 0, 0, 1);
	}

	int size() {
		return size;
	}
}
