package sc.fiji.draggan.synth;

import java.util.Random;

/** Smooth 2-D value noise on an integer lattice (cosine-interpolated), and 3-octave fBm in [0, 1]. */
final class ValueNoise {

	private static final int SIZE = 256;
	private final double[] lattice = new double[SIZE * SIZE];

	ValueNoise(final long seed) {
		final Random r = new Random(seed);
		for (int i = 0; i < lattice.length; i++) lattice[i] = r.nextDouble();
	}

	double at(final double x, final double y) {
		final double fx = Math.floor(x), fy = Math.floor(y);
		final int ix = (int) fx & (SIZE - 1), iy = (int) fy & (SIZE - 1);
		final int jx = (ix + 1) & (SIZE - 1), jy = (iy + 1) & (SIZE - 1);
		final double tx = smooth(x - fx), ty = smooth(y - fy);
		final double a = lattice[iy * SIZE + ix], b = lattice[iy * SIZE + jx];
		final double c = lattice[jy * SIZE + ix], d = lattice[jy * SIZE + jx];
		return (a + (b - a) * tx) * (1 - ty) + (c + (d - c) * tx) * ty;
	}

	double fbm(final double x, final double y) {
		return (at(x, y) * 4 + at(2 * x + 17.3, 2 * y + 5.1) * 2 + at(4 * x + 3.7, 4 * y + 41.9)) / 7;
	}

	private static double smooth(final double t) {
		return t * t * (3 - 2 * t);
	}
}
