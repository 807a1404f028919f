package sc.fiji.draggan.edit;

/**
 * One axis of PyTorch's bilinear resize with {@code align_corners=False} from {@code n} to
 * {@code m} samples (docs/algorithm.md#resize-and-sampling): output {@code i} = λ0·in[i0] + λ1·in[i1], with
 * src = (n/m)(i + 0.5) − 0.5 clamped at 0, i0 = floor(src), i1 = min(i0 + 1, n − 1),
 * λ1 = src − i0. Composed with grid_sample ({@code align_corners=True}, zero padding) this gives the
 * sparse weights with which a real position of the resized map is read from the block-resolution
 * map, without building the resized map.
 */
final class ResizeAxis {

	final int in, out;
	private final int[] i0, i1;
	private final double[] l0, l1;

	ResizeAxis(final int in, final int out) {
		this.in = in;
		this.out = out;
		i0 = new int[out];
		i1 = new int[out];
		l0 = new double[out];
		l1 = new double[out];
		final double scale = (double) in / out; // exact for the power-of-two sizes used here
		for (int i = 0; i < out; i++) {
			double src = scale * (i + 0.5) - 0.5;
			if (src < 0) src = 0;
			final int a = (int) src;
			i0[i] = a;
			i1[i] = a < in - 1 ? a + 1 : a;
			l1[i] = src - a;
			l0[i] = 1 - l1[i];
		}
	}

	/**
	 * Adds to {@code w} (length {@code in}) the weights of the input samples that make up the
	 * resized signal read at real position {@code pos} with grid_sample's linear interpolation
	 * (corners outside [0, out−1] contribute zero).
	 */
	void addSampleWeights(final double pos, final double[] w) {
		final double f = Math.floor(pos);
		final int p0 = (int) f;
		final double w1 = pos - f, w0 = 1 - w1;
		addRow(p0, w0, w);
		addRow(p0 + 1, w1, w);
	}

	private void addRow(final int o, final double weight, final double[] w) {
		if (o < 0 || o >= out || weight == 0) return;
		w[i0[o]] += weight * l0[o];
		w[i1[o]] += weight * l1[o];
	}

	/** The lower input sample of output {@code o}. */
	int lower(final int o) {
		return i0[o];
	}

	/** The upper input sample of output {@code o} (equal to {@link #lower} at the clamped last sample). */
	int upper(final int o) {
		return i1[o];
	}

	/** The weight of {@link #lower} for output {@code o}. */
	double lowerWeight(final int o) {
		return l0[o];
	}

	/** The weight of {@link #upper} for output {@code o}. */
	double upperWeight(final int o) {
		return l1[o];
	}

	/** The resize weights of integer output sample {@code o}. */
	void addPixelWeights(final int o, final double[] w) {
		addRow(o, 1, w);
	}
}
