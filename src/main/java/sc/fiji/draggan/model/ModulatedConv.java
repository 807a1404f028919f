package sc.fiji.draggan.model;

import java.nio.FloatBuffer;
import java.util.Map;
import java.util.Random;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import sc.fiji.draggan.engine.CpuThreads;
import sc.fiji.draggan.engine.HostFloats;
import sc.fiji.draggan.engine.GraphConstants;

/**
 * StyleGAN2 SynthesisLayer (conv0 / conv1, docs/algorithm.md#modulated-convolution): modulated, demodulated 3×3 convolution
 * (optionally ×2 up-sampling, docs/algorithm.md#up-sampling-convolution), noise, bias, lrelu, clamp.
 * <p>
 * Folded constants: the activation gain √2·gain is pushed into the demodulation coefficients, the
 * noise and the bias (lrelu(a·y) = a·lrelu(y) for a &gt; 0). Demodulation uses
 * Σ_{c,k}(W s)² = Σ_c s_c² · Σ_k W², with Σ_k W² precomputed ({@link ConvWeights}).
 * <p>
 * The up-sampling conv is done polyphase: the stride-2 transposed conv (step A) is split by output
 * parity into four small convolutions at the input resolution (1×1, 1×2, 2×1, 2×2 taps = the 9
 * taps once), interleaved by two stacks (no zero fill, no transposing copy), then the 4×4 FIR (step B) runs as a
 * depthwise conv. Measured alternatives that were slower on CPU (docs/algorithm.md#up-sampling-convolution): one 2×2 conv giving all four phases (16/9 of the
 * multiply-adds), a GEMM of all 9 taps plus col2im, and the FIR as separable 1-D convs or as three
 * 2×2 average pools.
 * <p>
 * Without autograd on the CPU, step B and the epilogue (noise, lrelu, clamp) run in Java, one pass per layer:
 * {@link UpsampleKernel} for conv0, {@link EpilogueKernel} in place for conv1 (docs/algorithm.md#up-sampling-convolution).
 * A layer may run on a band of rows ({@code noiseRow}: docs/algorithm.md#row-bands).
 */
final class ModulatedConv {

	private final boolean up;
	private final int in, out, res, width;
	/** clamp bound (conv_clamp · gain) or NaN for none */
	private final float clamp;
	/** -0.5 and the activation gain as 0-d arrays for the recorded demodulation */
	private final NDArray minusHalf, actGainArray;
	/** activation gain √2·gain, folded into dcoef, noise and bias */
	private final float actGain;
	private final Dense affine;
	/** [C, O]: Σ_k W[o,c,k]², transposed */
	private final NDArray wsqT;
	/** up: the 4 polyphase kernels (EE, EO, OE, OO); else one [O, C, 3, 3] */
	private final NDArray[] parts;
	private final NDArray fir;
	/** up: step B and the epilogue in one pass on the CPU; else null */
	private final UpsampleKernel upsampleKernel;
	/** the bias and the constant noise's even and odd columns as Java arrays, for {@link #upsampleKernel}; made on first use */
	private float[] biasValues, noiseValues, noiseEven, noiseOdd;
	/** [1, O, 1, 1] and [O]: bias · √2·gain */
	private final NDArray bias, bias1d;
	/** [1, 1, r, r] noise_const · strength · √2·gain, or null without noise */
	private final NDArray constNoise;
	/** 0-d strength · √2·gain, or null */
	private final NDArray noiseGain;

	ModulatedConv(final GeneratorConfig cfg, final Map<String, NDArray> raw, final String name, final int res,
		final boolean up, final double gain, final Fir firFilter, final NDManager m)
	{
		this.up = up;
		this.res = res;
		this.width = cfg.blockWidth(res);
		final NDArray w = raw.get(name + ".weight");
		out = (int) w.getShape().get(0);
		in = (int) w.getShape().get(1);
		clamp = cfg.convClamp == null ? Float.NaN : (float) (cfg.convClamp * gain);
		actGain = (float) (Math.sqrt(2) * gain);
		affine = new Dense(m, raw.get(name + ".affine.weight"), raw.get(name + ".affine.bias"), 1 / Math.sqrt(cfg.wDim), 1);
		minusHalf = Nd.constant(m, -0.5f);
		actGainArray = Nd.constant(m, actGain);
		final ConvWeights derived = ConvWeights.of(w, up, m);
		wsqT = derived.sumsOfSquaresT;
		parts = derived.parts;
		if (up) {
			fir = firFilter.kernel4x4(m, out);
			upsampleKernel = new UpsampleKernel(firFilter.taps());
		}
		else {
			fir = null;
			upsampleKernel = null;
		}
		bias1d = Nd.scaledInto(m, raw.get(name + ".bias"), actGain);
		bias = bias1d.reshape(1, out, 1, 1);
		if (cfg.useNoise) {
			final NDArray strength = Nd.scaledInto(m, raw.get(name + ".noise_strength"), actGain);
			noiseGain = strength;
			constNoise = strength.mul(raw.get(name + ".noise_const")).reshape(1, 1, res, width);
		}
		else {
			noiseGain = null;
			constNoise = null;
		}
	}

	/** Output channels. */
	int outChannels() {
		return out;
	}

	/** Output width (columns). */
	int width() {
		return width;
	}

	/**
	 * x [N, C, H, W], w [N, wDim] → [N, O, res, width] (width = res, or res/2 for StyleGAN-Human), in x's manager. {@code tracked}: gradients are
	 * being recorded through this layer.
	 */
	NDArray forward(final NDArray x, final NDArray w, final NoiseMode noise, final Random rnd, final boolean tracked) {
		return forward(x, w, noise, rnd, tracked, 0);
	}

	/**
	 * As {@link #forward(NDArray, NDArray, NoiseMode, Random, boolean)} on a band of rows: output row 0 is row
	 * {@code noiseRow} of the picture, whose constant noise it receives (docs/design.md#native-memory).
	 */
	NDArray forward(final NDArray x, final NDArray w, final NoiseMode noise, final Random rnd, final boolean tracked,
		final int noiseRow)
	{
		final long n = x.getShape().get(0);
		final NDArray s = affine.apply(w); // [N, C]
		// demodulation (docs/algorithm.md#modulated-convolution) × activation gain
		// (the constants are libtorch-owned arrays, never op(Number): see GraphConstants)
		final NDArray d = s.square().matMul(wsqT).addi(1e-8f).pow(minusHalf).mul(actGainArray); // [N, O]
		NDArray y;
		if (n == 1 && !tracked) {
			// batch 1 without autograd: fold modulation and demodulation into the weights (one conv); the
			// bias goes into the last conv. With autograd the non-fused form is cheaper: its backward needs
			// no weight-gradient convolution (docs/algorithm.md#gradients).
			// one pass over the weights: W · (d ⊗ s), the outer product [O, C, 1, 1] being per call
			final NDArray ds = d.reshape(out, 1, 1, 1).mul(s.reshape(1, in, 1, 1));
			final NDArray[] wm = new NDArray[parts.length];
			for (int i = 0; i < parts.length; i++) wm[i] = ds.mul(parts[i]);
			if (up && noise != NoiseMode.RANDOM && HostFloats.onCpu(x)) {
				final NDArray fused = upConvFused(x, wm, noise, noiseRow);
				if (fused != null) return fused;
			}
			y = up ? upConv(x, wm, null) : Nd.conv(x, wm[0], bias1d, 1, 1, 1);
			if (!up && noise != NoiseMode.RANDOM && epilogueInPlace(y, noise, noiseRow)) return y;
		}
		else {
			// (x·s) → conv with the raw weights → ·dcoef (the non-fused form, same maths)
			final NDArray xs = x.mul(s.reshape(n, in, 1, 1));
			final NDArray dc = d.reshape(n, out, 1, 1);
			y = up ? upConv(xs, parts, dc) : Nd.conv(xs, parts[0], 1, 1, 1).mul(dc).addi(bias);
		}
		if (constNoise != null && noise == NoiseMode.CONST) y = y.addi(noiseRows(noiseRow, y.getShape().get(2)));
		else if (noiseGain != null && noise == NoiseMode.RANDOM) y = y.addi(randomNoise(y, n, rnd).mul(noiseGain));
		y = Nd.freeing(y, Nd.leakyRelu(y, 0.2f));
		// clamp (docs/algorithm.md#bias-activation-and-gains); skipped when nothing exceeds it, which changes neither values nor gradients
		if (Float.isNaN(clamp) || y.max().getFloat() <= clamp && y.min().getFloat() >= -clamp) return y;
		return Nd.freeing(y, y.clip(-clamp, clamp));
	}

	/**
	 * The ×2 up-sampling conv of docs/algorithm.md#up-sampling-convolution plus bias, polyphase; x's manager. Step A per axis: the
	 * transposed conv padded by 1, Tpad[2m] = W[1]·x[m-1] and Tpad[2m+1] = W[2]·x[m-1] + W[0]·x[m],
	 * m = 0..h (Tpad[2h+2] is zero). Each parity pair is a small conv of x with zero padding 1.
	 * {@code dcoef} [N, O, 1, 1] scales T before the FIR (non-fused path) or is null.
	 */
	private NDArray upConv(final NDArray x, final NDArray[] w, final NDArray dcoef) {
		final long[] d = Nd.dims(x);
		final long n = d[0], h = d[2], wd = d[3];
		final NDArray[] phases = new NDArray[4]; // [N, O, h+1, w+1] each
		for (int q = 0; q < 4; q++) {
			// 2 taps give h+1 outputs; 1 tap gives h+2, the last one zero
			final NDArray p = Nd.conv(x, w[q], 1, 1, 1);
			phases[q] = q == 3 ? p : Nd.freeing(p, p.get(new NDIndex(":, :, :{}, :{}", h + 1, wd + 1)));
		}
		// interleaved by stacking, with or without autograd: the x parities on a new last axis, then the y parities on a new
		// axis before the columns, [N, O, h+1, 2, w+1, 2] = Tpad[0..2h+1] in row-major order (each phase copied twice, no
		// transposing copy and no zero fill)
		final NDArray[] rows = new NDArray[2];
		for (int py = 0; py < 2; py++) rows[py] = NDArrays.stack(new NDList(phases[2 * py], phases[2 * py + 1]), 4);
		for (final NDArray p : phases) p.close();
		final NDArray t6 = NDArrays.stack(new NDList(rows), 3);
		for (final NDArray r : rows) r.close();
		NDArray t = Nd.freeing(t6, t6.reshape(n, out, 2 * h + 2, 2 * wd + 2));
		if (dcoef != null) t = Nd.freeing(t, t.mul(dcoef));
		// step B: 4×4 FIR (+ bias) padded by 1 gives z[-1..2h-1] (the padding supplies Tpad[2h+2] = 0);
		// drop the first row and column
		final NDArray z = Nd.freeing(t, Nd.conv(t, fir, bias1d, 1, 1, out));
		return Nd.freeing(z, z.get(new NDIndex(":, :, 1:, 1:")));
	}

	/** Rows [from, from + count) of the constant noise (a view). */
	private NDArray noiseRows(final long from, final long count) {
		return from == 0 && count == res ? constNoise : constNoise.get(new NDIndex(":, :, {}:{}", from, from + count));
	}

	/**
	 * {@link #upConv} and the epilogue (constant or no noise, lrelu, clamp) with step B done by {@link UpsampleKernel}
	 * on the CPU: step A's four convolutions by libtorch, then one pass writes the output. Null when an array's memory
	 * cannot be reached in place (then nothing was changed).
	 */
	private NDArray upConvFused(final NDArray x, final NDArray[] w, final NoiseMode noise, final int noiseRow) {
		final long[] d = Nd.dims(x);
		final int n = (int) d[0], h = (int) d[2], wd = (int) d[3];
		final NDArray y = x.getManager().create(new Shape(n, out, 2L * h, 2L * wd), DataType.FLOAT32);
		final FloatBuffer outBuffer = HostFloats.inPlace(y);
		if (outBuffer == null) {
			y.close();
			return null;
		}
		final NDArray[] phases = new NDArray[4];
		final FloatBuffer[] buffers = new FloatBuffer[4];
		try {
			for (int q = 0; q < 4; q++) {
				// only the padding the taps need: an even phase's first row (column) is zero and left to the kernel
				phases[q] = Nd.conv(x, w[q], q >> 1, q & 1, 1);
				buffers[q] = HostFloats.read(phases[q]);
			}
			final boolean withNoise = constNoise != null && noise == NoiseMode.CONST;
			prepareEpilogue(withNoise);
			upsampleKernel.apply(buffers, n, out, h, wd, new UpsampleKernel.Epilogue(biasValues, withNoise ? noiseEven : null,
				withNoise ? noiseOdd : null, noiseRow, clamp), outBuffer, CpuThreads.onThisThread());
		}
		finally {
			for (final NDArray p : phases) if (p != null) p.close();
		}
		return y;
	}

	/**
	 * Noise, lrelu and clamp on y (the convolution's output, bias included) in place by {@link EpilogueKernel}; false
	 * (nothing done) when y's memory cannot be reached in place.
	 */
	private boolean epilogueInPlace(final NDArray y, final NoiseMode noise, final int noiseRow) {
		final FloatBuffer yb = HostFloats.inPlace(y);
		if (yb == null) return false;
		final boolean withNoise = constNoise != null && noise == NoiseMode.CONST;
		prepareEpilogue(withNoise);
		final long[] d = Nd.dims(y);
		EpilogueKernel.inPlace(yb, (int) d[0], out, (int) d[2], (int) d[3], withNoise ? noiseValues : null, noiseRow, clamp,
			CpuThreads.onThisThread());
		return true;
	}

	private synchronized void prepareEpilogue(final boolean withNoise) {
		if (biasValues == null) biasValues = bias1d.toFloatArray();
		if (withNoise && noiseEven == null) {
			final float[] v = constNoise.toFloatArray(); // [res, width]
			noiseValues = v;
			final int half = width / 2;
			final float[] even = new float[res * half], odd = new float[res * half];
			for (int r = 0; r < res; r++) for (int j = 0; j < half; j++) {
				even[r * half + j] = v[r * width + 2 * j];
				odd[r * half + j] = v[r * width + 2 * j + 1];
			}
			noiseOdd = odd;
			noiseEven = even;
		}
	}

	private NDArray randomNoise(final NDArray like, final long n, final Random rnd) {
		final float[] v = new float[(int) (n * res * width)];
		for (int i = 0; i < v.length; i++) v[i] = (float) rnd.nextGaussian();
		// owned by libtorch: autograd keeps the noise for noise_strength's gradient, past the block's manager
		return GraphConstants.array(like.getManager(), v, new Shape(n, 1, res, width));
	}
}
