package sc.fiji.draggan.train;

/**
 * The trainer's random numbers: SplitMix64 with an explicit 64-bit state (and the cached second
 * Gaussian), so a checkpoint can store it and a resumed run draws exactly the same numbers.
 */
public final class Rng {

	private long state;
	private boolean hasSpare;
	private double spare;

	public Rng(final long seed) {
		this.state = seed * 0x9E3779B97F4A7C15L + 0x1234567L;
	}

	public long nextLong() {
		long z = (state += 0x9E3779B97F4A7C15L);
		z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
		z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
		return z ^ (z >>> 31);
	}

	/** Uniform in [0, 1). */
	public double nextDouble() {
		return (nextLong() >>> 11) * 0x1.0p-53;
	}

	public int nextInt(final int bound) {
		return (int) ((nextLong() >>> 33) % bound);
	}

	/** Standard normal (polar Box–Muller). */
	public double nextGaussian() {
		if (hasSpare) {
			hasSpare = false;
			return spare;
		}
		double u, v, s;
		do {
			u = 2 * nextDouble() - 1;
			v = 2 * nextDouble() - 1;
			s = u * u + v * v;
		}
		while (s >= 1 || s == 0);
		final double f = Math.sqrt(-2 * Math.log(s) / s);
		spare = v * f;
		hasSpare = true;
		return u * f;
	}

	public float[] gaussians(final int n) {
		final float[] a = new float[n];
		for (int i = 0; i < n; i++) a[i] = (float) nextGaussian();
		return a;
	}

	/** State as text (for the checkpoint metadata). */
	public String save() {
		return state + "," + hasSpare + "," + Double.doubleToRawLongBits(spare);
	}

	public static Rng restore(final String saved) {
		final String[] p = saved.split(",");
		final Rng r = new Rng(0);
		r.state = Long.parseLong(p[0]);
		r.hasSpare = Boolean.parseBoolean(p[1]);
		r.spare = Double.longBitsToDouble(Long.parseLong(p[2]));
		return r;
	}
}
