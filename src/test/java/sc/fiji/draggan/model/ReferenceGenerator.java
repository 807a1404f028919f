package sc.fiji.draggan.model;

import sc.fiji.draggan.tensor.StateDict;

/**
 * A deliberately naive double-precision StyleGAN2 generator written straight from docs/algorithm.md#generator,
 * independent of DJL: the ×2 up-sampling conv as a literal stride-2 transposed conv followed by the
 * padded 4×4 FIR (docs/algorithm.md#up-sampling-convolution), upsample2d as zero insertion + pad 2/1 + FIR (docs/algorithm.md#fir-filters). Used to
 * check the fast implementation on architectures the official fixtures do not cover (orig, resnet,
 * conditional, no noise). Arrays are [C][H][W] per sample.
 */
final class ReferenceGenerator {

	private final GeneratorConfig cfg;
	private final StateDict sd;
	/** 4×4 correlation kernel: the flipped resample filter × 4 */
	private final double[][] k = new double[4][4];

	ReferenceGenerator(final GeneratorConfig cfg, final StateDict sd) {
		this.cfg = cfg;
		this.sd = sd;
		final float[] f = sd.get("synthesis.b4.resample_filter").data();
		for (int u = 0; u < 4; u++) for (int v = 0; v < 4; v++) k[u][v] = 4.0 * f[(3 - u) * 4 + (3 - v)];
	}

	/** z [zDim], c [cDim] or null → ws [numWs][wDim] */
	double[][] mapping(final double[] z, final double[] c, final double psi, final int cutoff) {
		double[] x = cfg.zDim > 0 ? normalize(z) : new double[0];
		if (cfg.cDim > 0) {
			final double[] y = normalize(fc("mapping.embed", c, 1, false));
			final double[] cat = new double[x.length + y.length];
			System.arraycopy(x, 0, cat, 0, x.length);
			System.arraycopy(y, 0, cat, x.length, y.length);
			x = cat;
		}
		for (int i = 0; i < cfg.mappingLayers; i++) x = fc("mapping.fc" + i, x, cfg.mappingLrMultiplier, true);
		final float[] avg = sd.get("mapping.w_avg").data();
		final double[][] ws = new double[cfg.numWs()][];
		for (int i = 0; i < ws.length; i++) {
			ws[i] = x.clone();
			if (psi != 1 && (cutoff < 0 || i < cutoff)) for (int j = 0; j < x.length; j++) ws[i][j] = avg[j] + psi * (x[j] - avg[j]);
		}
		return ws;
	}

	/** ws [numWs][wDim] → image [imgC][R][R], const noise */
	double[][][] synthesis(final double[][] ws) {
		double[][][] x = null, img = null;
		final boolean skipArch = GeneratorConfig.SKIP.equals(cfg.architecture);
		final boolean resnet = GeneratorConfig.RESNET.equals(cfg.architecture);
		for (int b = 0; b < cfg.numBlocks(); b++) {
			final int res = cfg.blockResolution(b);
			final String p = "synthesis.b" + res;
			final boolean last = b == cfg.numBlocks() - 1;
			if (b == 0) {
				x = layer(p + ".conv1", tensor3(p + ".const"), ws[0], false, 1);
			}
			else {
				final double[][][] y = resnet ? skip(p + ".skip", x) : null;
				double[][][] h = layer(p + ".conv0", x, ws[2 * b - 1], true, 1);
				h = layer(p + ".conv1", h, ws[2 * b], false, resnet ? Math.sqrt(0.5) : 1);
				x = h;
				if (y != null) for (int o = 0; o < h.length; o++) for (int i = 0; i < res; i++) for (int j = 0; j < res; j++) x[o][i][j] = y[o][i][j] + h[o][i][j];
			}
			if (img != null && skipArch) img = upsample2d(img);
			if (skipArch || last) {
				final double[][][] t = torgb(p + ".torgb", x, ws[2 * b + 1]);
				if (img == null) img = t;
				else for (int o = 0; o < t.length; o++) for (int i = 0; i < res; i++) for (int j = 0; j < res; j++) img[o][i][j] += t[o][i][j];
			}
		}
		return img;
	}

	private double[] fc(final String name, final double[] x, final double lr, final boolean lrelu) {
		final float[] w = sd.get(name + ".weight").data(), b = sd.get(name + ".bias").data();
		final int out = b.length, in = x.length;
		final double g = lr / Math.sqrt(in);
		final double[] y = new double[out];
		for (int o = 0; o < out; o++) {
			double s = 0;
			for (int i = 0; i < in; i++) s += x[i] * w[o * in + i] * g;
			s += b[o] * lr;
			y[o] = lrelu ? (s > 0 ? s : 0.2 * s) * Math.sqrt(2) : s;
		}
		return y;
	}

	private static double[] normalize(final double[] x) {
		double m = 0;
		for (final double v : x) m += v * v;
		final double f = 1 / Math.sqrt(m / x.length + 1e-8);
		final double[] y = new double[x.length];
		for (int i = 0; i < x.length; i++) y[i] = x[i] * f;
		return y;
	}

	/** SynthesisLayer (docs/algorithm.md#modulated-convolution) */
	private double[][][] layer(final String name, final double[][][] x, final double[] w, final boolean up, final double gain) {
		final double[] s = fc(name + ".affine", w, 1, false);
		final float[] wt = sd.get(name + ".weight").data();
		final int cin = x.length, cout = wt.length / (cin * 9), h = x[0].length;
		final double[][][][] wm = new double[cout][cin][3][3];
		for (int o = 0; o < cout; o++) {
			double sum = 0;
			for (int c = 0; c < cin; c++) for (int a = 0; a < 3; a++) for (int bb = 0; bb < 3; bb++) {
				wm[o][c][a][bb] = wt[((o * cin + c) * 3 + a) * 3 + bb] * s[c];
				sum += wm[o][c][a][bb] * wm[o][c][a][bb];
			}
			final double dcoef = 1 / Math.sqrt(sum + 1e-8);
			for (int c = 0; c < cin; c++) for (int a = 0; a < 3; a++) for (int bb = 0; bb < 3; bb++) wm[o][c][a][bb] *= dcoef;
		}
		double[][][] y;
		if (!up) {
			y = new double[cout][h][h];
			for (int o = 0; o < cout; o++) for (int i = 0; i < h; i++) for (int j = 0; j < h; j++) {
				double v = 0;
				for (int c = 0; c < cin; c++) for (int a = 0; a < 3; a++) for (int bb = 0; bb < 3; bb++) v += wm[o][c][a][bb] * at(x[c], i + a - 1, j + bb - 1);
				y[o][i][j] = v;
			}
		}
		else {
			// step A: transposed conv, stride 2, no padding: T is (2h+1)²
			final double[][][] t = new double[cout][2 * h + 1][2 * h + 1];
			for (int o = 0; o < cout; o++) for (int c = 0; c < cin; c++) for (int i = 0; i < h; i++) for (int j = 0; j < h; j++) {
				for (int a = 0; a < 3; a++) for (int bb = 0; bb < 3; bb++) t[o][2 * i + a][2 * j + bb] += wm[o][c][a][bb] * x[c][i][j];
			}
			// step B: pad 1, 4×4 FIR → 2h
			y = new double[cout][2 * h][2 * h];
			for (int o = 0; o < cout; o++) y[o] = fir(t[o], 1, 2 * h);
		}
		final int r = y[0].length;
		final float[] bias = sd.get(name + ".bias").data();
		final boolean noise = cfg.useNoise;
		final float[] nc = noise ? sd.get(name + ".noise_const").data() : null;
		final double strength = noise ? sd.get(name + ".noise_strength").data()[0] : 0;
		for (int o = 0; o < cout; o++) for (int i = 0; i < r; i++) for (int j = 0; j < r; j++) {
			double v = y[o][i][j] + (noise ? nc[i * r + j] * strength : 0) + bias[o];
			v = (v > 0 ? v : 0.2 * v) * Math.sqrt(2) * gain;
			if (cfg.convClamp != null) v = Math.max(-cfg.convClamp * gain, Math.min(cfg.convClamp * gain, v));
			y[o][i][j] = v;
		}
		return y;
	}

	/** ToRGBLayer (docs/algorithm.md#torgb-and-skip-image) */
	private double[][][] torgb(final String name, final double[][][] x, final double[] w) {
		final double[] s = fc(name + ".affine", w, 1, false);
		final float[] wt = sd.get(name + ".weight").data(), b = sd.get(name + ".bias").data();
		final int cin = x.length, cout = b.length, r = x[0].length;
		final double g = 1 / Math.sqrt(cin);
		final double[][][] y = new double[cout][r][r];
		for (int o = 0; o < cout; o++) for (int i = 0; i < r; i++) for (int j = 0; j < r; j++) {
			double v = b[o];
			for (int c = 0; c < cin; c++) v += wt[o * cin + c] * s[c] * g * x[c][i][j];
			if (cfg.convClamp != null) v = Math.max(-cfg.convClamp, Math.min(cfg.convClamp, v));
			y[o][i][j] = v;
		}
		return y;
	}

	/** resnet skip: 1×1 conv (gain 1/sqrt(Cin)), upsample2d, ×√0.5 (docs/algorithm.md#synthesis-blocks) */
	private double[][][] skip(final String name, final double[][][] x) {
		final float[] wt = sd.get(name + ".weight").data();
		final int cin = x.length, cout = wt.length / cin, r = x[0].length;
		final double[][][] y = new double[cout][r][r];
		for (int o = 0; o < cout; o++) for (int i = 0; i < r; i++) for (int j = 0; j < r; j++) {
			double v = 0;
			for (int c = 0; c < cin; c++) v += wt[o * cin + c] / Math.sqrt(cin) * x[c][i][j];
			y[o][i][j] = v;
		}
		final double[][][] u = upsample2d(y);
		for (final double[][] plane : u) for (final double[] row : plane) for (int j = 0; j < row.length; j++) row[j] *= Math.sqrt(0.5);
		return u;
	}

	/** zero insertion, pad 2 before / 1 after, 4×4 FIR (docs/algorithm.md#fir-filters) */
	private double[][][] upsample2d(final double[][][] x) {
		final int h = x[0].length;
		final double[][][] y = new double[x.length][][];
		for (int c = 0; c < x.length; c++) {
			final double[][] z = new double[2 * h][2 * h];
			for (int i = 0; i < h; i++) for (int j = 0; j < h; j++) z[2 * i][2 * j] = x[c][i][j];
			y[c] = fir(z, 2, 2 * h);
		}
		return y;
	}

	/** out[p][q] = Σ k[u][v] · in[p+u-pad][q+v-pad], p, q &lt; n (zero outside) */
	private double[][] fir(final double[][] in, final int pad, final int n) {
		final double[][] out = new double[n][n];
		for (int p = 0; p < n; p++) for (int q = 0; q < n; q++) {
			double v = 0;
			for (int u = 0; u < 4; u++) for (int w = 0; w < 4; w++) v += k[u][w] * at(in, p + u - pad, q + w - pad);
			out[p][q] = v;
		}
		return out;
	}

	private static double at(final double[][] a, final int i, final int j) {
		return i < 0 || j < 0 || i >= a.length || j >= a[0].length ? 0 : a[i][j];
	}

	private double[][][] tensor3(final String name) {
		final long[] s = sd.get(name).shape();
		final float[] v = sd.get(name).data();
		final double[][][] t = new double[(int) s[0]][(int) s[1]][(int) s[2]];
		for (int c = 0; c < s[0]; c++) for (int i = 0; i < s[1]; i++) for (int j = 0; j < s[2]; j++) t[c][i][j] = v[(int) ((c * s[1] + i) * s[2] + j)];
		return t;
	}
}
