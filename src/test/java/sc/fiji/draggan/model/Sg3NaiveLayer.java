package sc.fiji.draggan.model;

import sc.fiji.draggan.tensor.StateDict;

/**
 * A deliberately plain, loop-by-loop evaluation of one StyleGAN3 layer from its definition
 * (docs/algorithm.md, "StyleGAN3", synthesis layers), in double precision, batch 1: an independent
 * reference for the DJL implementation where no official output exists (config R).
 */
final class Sg3NaiveLayer {

	private Sg3NaiveLayer() {}

	/** x [I][S][S], w [wDim] → [O][S'][S']. */
	static double[][][] forward(final GeneratorConfig cfg, final Sg3Geometry.Layer l, final StateDict sd, final double[][][] x,
		final float[] w)
	{
		final String p = l.prefix() + ".";
		final int in = l.inChannels, out = l.outChannels, k = l.kernel, s = l.inSize;
		final float[] aw = sd.get(p + "affine.weight").data(), ab = sd.get(p + "affine.bias").data();
		final float[] wt = sd.get(p + "weight").data(), bias = sd.get(p + "bias").data();
		final double g = 1 / Math.sqrt(sd.get(p + "magnitude_ema").data()[0]);
		// styles
		final double[] st = new double[in];
		for (int i = 0; i < in; i++) {
			double a = 0;
			for (int j = 0; j < cfg.wDim; j++) a += aw[i * cfg.wDim + j] * (double) w[j];
			st[i] = a / Math.sqrt(cfg.wDim) + ab[i];
			if (l.torgb) st[i] /= Math.sqrt(in * k * k);
		}
		// modulated weights
		final double[][][][] wm = new double[out][in][k][k];
		if (!l.torgb) {
			double ss = 0;
			for (final double v : st) ss += v * v;
			final double sn = 1 / Math.sqrt(ss / in);
			for (int i = 0; i < in; i++) st[i] *= sn;
		}
		for (int o = 0; o < out; o++) {
			double wsq = 0;
			for (int i = 0; i < in * k * k; i++) wsq += (double) wt[o * in * k * k + i] * wt[o * in * k * k + i];
			final double wn = l.torgb ? 1 : 1 / Math.sqrt(wsq / (in * k * k));
			double dsum = 0;
			for (int i = 0; i < in; i++)
				for (int a = 0; a < k; a++)
					for (int b = 0; b < k; b++) {
						wm[o][i][a][b] = wt[((o * in + i) * k + a) * k + b] * wn * st[i];
						dsum += wm[o][i][a][b] * wm[o][i][a][b];
					}
			final double d = l.torgb ? 1 : 1 / Math.sqrt(dsum + 1e-8);
			for (int i = 0; i < in; i++) for (int a = 0; a < k; a++) for (int b = 0; b < k; b++) wm[o][i][a][b] *= d * g;
		}
		// convolution padded by k − 1 on every side, plus bias
		final int sc = s + k - 1;
		final double[][][] y = new double[out][sc][sc];
		for (int o = 0; o < out; o++)
			for (int r = 0; r < sc; r++)
				for (int c = 0; c < sc; c++) {
					double a = bias[o];
					for (int i = 0; i < in; i++)
						for (int u = 0; u < k; u++)
							for (int v = 0; v < k; v++) {
								final int rr = r + u - (k - 1), cc = c + v - (k - 1);
								if (rr >= 0 && rr < s && cc >= 0 && cc < s) a += wm[o][i][u][v] * x[i][rr][cc];
							}
					y[o][r][c] = a;
				}
		// zero insertion and padding: sample m of the padded signal is y[(m − lo) / up] when that is a whole index
		final int up = l.upFactor, lo = l.padLo, hi = l.padHi;
		final int lp = sc * up + lo + hi;
		final float[] fu = sd.contains(p + "up_filter") ? sd.get(p + "up_filter").data() : new float[] { 1 };
		final int tu = fu.length;
		final int lu = lp - tu + 1;
		final double[][][] z = new double[out][lu][lu];
		final double clamp = cfg.convClamp == null ? Double.POSITIVE_INFINITY : cfg.convClamp;
		for (int o = 0; o < out; o++)
			for (int r = 0; r < lu; r++)
				for (int c = 0; c < lu; c++) {
					double a = 0;
					for (int u = 0; u < tu; u++)
						for (int v = 0; v < tu; v++) {
							final int pr = r + u - lo, pc = c + v - lo;
							if (pr < 0 || pc < 0 || pr % up != 0 || pc % up != 0 || pr / up >= sc || pc / up >= sc) continue;
							// true convolution: flipped taps; gain up per axis
							a += y[o][pr / up][pc / up] * fu[tu - 1 - u] * up * fu[tu - 1 - v] * up;
						}
					if (!l.torgb) a = (a > 0 ? a : 0.2 * a) * Math.sqrt(2);
					z[o][r][c] = Math.max(-clamp, Math.min(clamp, a));
				}
		// down filter (separable taps as an outer product, or the 2-D radial kernel), every down-th sample
		final boolean has = sd.contains(p + "down_filter");
		final float[] fd = has ? sd.get(p + "down_filter").data() : new float[] { 1 };
		final boolean twoD = has && sd.get(p + "down_filter").shape().length == 2;
		final int td = twoD ? (int) Math.round(Math.sqrt(fd.length)) : fd.length;
		final int down = l.downFactor;
		final int lo2 = (lu - td) / down + 1;
		final double[][][] res = new double[out][lo2][lo2];
		for (int o = 0; o < out; o++)
			for (int r = 0; r < lo2; r++)
				for (int c = 0; c < lo2; c++) {
					double a = 0;
					for (int u = 0; u < td; u++)
						for (int v = 0; v < td; v++) {
							final double f = twoD ? fd[(td - 1 - u) * td + (td - 1 - v)] : (double) fd[td - 1 - u] * fd[td - 1 - v];
							a += z[o][r * down + u][c * down + v] * f;
						}
					res[o][r][c] = a;
				}
		return res;
	}
}
