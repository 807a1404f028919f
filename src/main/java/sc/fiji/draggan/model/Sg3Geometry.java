package sc.fiji.draggan.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The per-layer geometry of a StyleGAN3 synthesis network, derived from its configuration exactly as
 * the official constructor does (docs/algorithm.md, "StyleGAN3", geometry): cutoffs and stopbands in a
 * geometric progression, sampling rates rounded up to powers of two, margins, channel counts, up and
 * down factors, filter taps and the padding of every filtered leaky ReLU.
 */
public final class Sg3Geometry {

	/** The Fourier-feature input. */
	public final int inputChannels, inputSize;
	public final double inputSamplingRate, inputBandwidth;
	private final List<Layer> layers;

	/** One synthesis layer L{index}. */
	public static final class Layer {
		public final int index;
		public final String name;
		public final boolean torgb, critical;
		public final int inChannels, outChannels, inSize, outSize, kernel;
		public final int inSamplingRate, outSamplingRate, tmpSamplingRate;
		/** cutoff frequencies and transition half-widths of the input and output signals */
		public final double inCutoff, outCutoff, inHalfWidth, outHalfWidth;
		public final int upFactor, downFactor, upTaps, downTaps;
		public final boolean downRadial;
		/** padding before and after the up-sampled signal, the same on both axes (negative = crop) */
		public final int padLo, padHi;

		Layer(final int index, final boolean torgb, final boolean critical, final int inChannels, final int outChannels,
			final int inSize, final int outSize, final int inSr, final int outSr, final double inCutoff, final double outCutoff,
			final double inHalfWidth, final double outHalfWidth, final Sg3Config c)
		{
			this.inCutoff = inCutoff;
			this.outCutoff = outCutoff;
			this.inHalfWidth = inHalfWidth;
			this.outHalfWidth = outHalfWidth;
			this.index = index;
			this.torgb = torgb;
			this.critical = critical;
			this.inChannels = inChannels;
			this.outChannels = outChannels;
			this.inSize = inSize;
			this.outSize = outSize;
			this.inSamplingRate = inSr;
			this.outSamplingRate = outSr;
			kernel = torgb ? 1 : c.convKernel;
			final int tmp = Math.max(inSr, outSr) * (torgb ? 1 : c.lreluUpsampling);
			tmpSamplingRate = tmp;
			upFactor = tmp / inSr;
			downFactor = tmp / outSr;
			if (upFactor * inSr != tmp || downFactor * outSr != tmp)
				throw new IllegalArgumentException("stylegan3 layer " + index + ": sampling rates " + inSr + " -> " + outSr + " are not in a power-of-two ratio");
			upTaps = upFactor > 1 && !torgb ? c.filterSize * upFactor : 1;
			downTaps = downFactor > 1 && !torgb ? c.filterSize * downFactor : 1;
			downRadial = c.useRadialFilters && !critical;
			// size wanted before down-sampling, minus the up-sampled conv output, plus what the filters eat
			final int total = (outSize - 1) * downFactor + 1 - (inSize + kernel - 1) * upFactor + upTaps + downTaps - 2;
			padLo = Math.floorDiv(total + upFactor, 2);
			padHi = total - padLo;
			name = "L" + index + "_" + outSize + "_" + outChannels;
		}

		/** The up filter designed from the layer's rates (null = identity); checkpoints store their own. */
		public float[] designUpFilter() {
			return LowpassFilters.separable(upTaps, inCutoff, inHalfWidth * 2, tmpSamplingRate);
		}

		/** The down filter designed from the layer's rates (2-D row-major when radial; null = identity). */
		public float[] designDownFilter() {
			return downRadial ? LowpassFilters.radial(downTaps, outCutoff, outHalfWidth * 2, tmpSamplingRate)
				: LowpassFilters.separable(downTaps, outCutoff, outHalfWidth * 2, tmpSamplingRate);
		}

		/** State-dict prefix, e.g. {@code synthesis.L5_52_16}. */
		public String prefix() {
			return "synthesis." + name;
		}
	}

	public Sg3Geometry(final GeneratorConfig cfg) {
		final Sg3Config c = cfg.stylegan3;
		if (c == null) throw new IllegalArgumentException("not a StyleGAN3 configuration");
		final int n = c.numLayers, res = cfg.imgResolution;
		final double lastCutoff = res / 2.0;
		final double lastStopband = lastCutoff * c.lastStopbandRel;
		final double[] cutoff = new double[n + 1], stopband = new double[n + 1], halfWidth = new double[n + 1];
		final int[] rate = new int[n + 1], size = new int[n + 1], channels = new int[n + 1];
		for (int i = 0; i <= n; i++) {
			final double e = Math.min((double) i / (n - c.numCritical), 1);
			cutoff[i] = c.firstCutoff * Math.pow(lastCutoff / c.firstCutoff, e);
			stopband[i] = c.firstStopband * Math.pow(lastStopband / c.firstStopband, e);
			rate[i] = powerOfTwoAtLeast(Math.min(stopband[i] * 2, res));
			halfWidth[i] = Math.max(stopband[i], rate[i] / 2.0) - cutoff[i];
			size[i] = i >= n - 1 ? res : rate[i] + 2 * c.marginSize;
			channels[i] = i == n ? cfg.imgChannels : (int) Math.rint(Math.min(cfg.channelBase / 2.0 / cutoff[i], cfg.channelMax));
		}
		inputChannels = channels[0];
		inputSize = size[0];
		inputSamplingRate = rate[0];
		inputBandwidth = cutoff[0];
		final List<Layer> l = new ArrayList<>();
		for (int i = 0; i <= n; i++) {
			final int p = Math.max(i - 1, 0);
			l.add(new Layer(i, i == n, i >= n - c.numCritical, channels[p], channels[i], size[p], size[i], rate[p], rate[i], cutoff[p], cutoff[i],
				halfWidth[p], halfWidth[i], c));
		}
		layers = Collections.unmodifiableList(l);
	}

	/** L0 … L{num_layers} (the last is ToRGB). */
	public List<Layer> layers() {
		return layers;
	}

	public Layer layer(final int i) {
		return layers.get(i);
	}

	/** exp2(ceil(log2(v))) for v ≥ 1, exact at powers of two. */
	static int powerOfTwoAtLeast(final double v) {
		int p = 1;
		while (p < v) p *= 2;
		return p;
	}
}
