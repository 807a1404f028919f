package sc.fiji.draggan.model;

/**
 * NumPy's legacy {@code RandomState(seed).randn(...)}, bit for bit (docs/algorithm.md#seeds-to-z): MT19937 seeded with
 * init_genrand, 53-bit doubles, and the Marsaglia polar method with one cached value. So a seed gives
 * the same z, and the same picture, as the official tools.
 */
public final class NumpyRandom {

	private static final int N = 624, M = 397;
	private final int[] mt = new int[N];
	private int mti;
	private boolean hasGauss;
	private double gauss;

	public NumpyRandom(final long seed) {
		if (seed < 0 || seed > 0xffffffffL) throw new IllegalArgumentException("seed must be between 0 and 2^32 - 1, got " + seed);
		mt[0] = (int) seed;
		for (int i = 1; i < N; i++) {
			mt[i] = 1812433253 * (mt[i - 1] ^ (mt[i - 1] >>> 30)) + i;
		}
		mti = N;
	}

	/** z for a seed, as the official tools make it: {@code RandomState(seed).randn(1, zDim)}. */
	public static double[] z(final long seed, final int zDim) {
		return new NumpyRandom(seed).randn(zDim);
	}

	public double[] randn(final int n) {
		final double[] r = new double[n];
		for (int i = 0; i < n; i++) r[i] = nextGaussian();
		return r;
	}

	public int nextInt32() {
		if (mti >= N) twist();
		int y = mt[mti++];
		y ^= y >>> 11;
		y ^= (y << 7) & 0x9d2c5680;
		y ^= (y << 15) & 0xefc60000;
		y ^= y >>> 18;
		return y;
	}

	/** Uniform double in [0, 1) with 53 random bits. */
	public double nextDouble() {
		final long a = (nextInt32() & 0xffffffffL) >>> 5;
		final long b = (nextInt32() & 0xffffffffL) >>> 6;
		return (a * 67108864.0 + b) / 9007199254740992.0;
	}

	public double nextGaussian() {
		if (hasGauss) {
			hasGauss = false;
			return gauss;
		}
		double x1, x2, r2;
		do {
			x1 = 2.0 * nextDouble() - 1.0;
			x2 = 2.0 * nextDouble() - 1.0;
			r2 = x1 * x1 + x2 * x2;
		}
		while (r2 >= 1.0 || r2 == 0.0);
		final double f = Math.sqrt(-2.0 * Math.log(r2) / r2);
		gauss = f * x1;
		hasGauss = true;
		return f * x2;
	}

	private void twist() {
		for (int k = 0; k < N; k++) {
			final int y = (mt[k] & 0x80000000) | (mt[(k + 1) % N] & 0x7fffffff);
			mt[k] = mt[(k + M) % N] ^ (y >>> 1) ^ ((y & 1) != 0 ? 0x9908b0df : 0);
		}
		mti = 0;
	}
}
