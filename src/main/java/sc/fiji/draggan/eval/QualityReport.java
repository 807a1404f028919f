package sc.fiji.draggan.eval;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Quality of a generator against real images without pretrained networks: multi-scale SWD of
 * generated vs real next to the real-vs-real floor (two disjoint halves of the data), and
 * nearest-neighbour distances (generated → data, and real half A → real half B for comparison).
 */
public final class QualityReport {

	public double[] swdGenVsReal, swdFloor;
	public double nnGenToData, nnRealToReal;
	public int n, levels, res;

	/** @param generated CHW images in [-1, 1]; {@code real} likewise, at least 2·n of them */
	public static QualityReport compute(final List<float[]> generated, final List<float[]> real, final int channels, final int res, final long seed) {
		final List<float[]> shuffled = new ArrayList<>(real);
		Collections.shuffle(shuffled, new Random(seed));
		final int n = Math.min(generated.size(), shuffled.size() / 2);
		if (n < 8) throw new IllegalArgumentException("need at least 16 real images for the real-vs-real floor, got " + real.size());
		final List<float[]> a = shuffled.subList(0, n), b = shuffled.subList(n, 2 * n), gen = generated.subList(0, n);
		final SlicedWasserstein swd = new SlicedWasserstein(channels, res);
		final QualityReport r = new QualityReport();
		r.n = n;
		r.res = res;
		r.levels = swd.levels();
		r.swdGenVsReal = swd.compare(gen, a, seed + 10);
		r.swdFloor = swd.compare(b, a, seed + 10);
		final int nnCount = Math.min(n, 200);
		r.nnGenToData = NearestNeighbour.mean(NearestNeighbour.distances(gen.subList(0, nnCount), shuffled)) / 2; // [-1,1] → [0,1] units
		r.nnRealToReal = NearestNeighbour.mean(NearestNeighbour.distances(a.subList(0, nnCount), b)) / 2;
		return r;
	}

	public double ratio() {
		return swdGenVsReal[levels] / swdFloor[levels];
	}

	@Override
	public String toString() {
		final StringBuilder s = new StringBuilder();
		s.append(String.format(Locale.ROOT, "images: %d generated, %d + %d real%n", n, n, n));
		s.append("SWD x1e3 per level (");
		for (int l = 0; l < levels; l++) s.append(l > 0 ? ", " : "").append(res >> l).append(" px");
		s.append("; mean)\n");
		s.append("  generated vs real: ").append(row(swdGenVsReal)).append('\n');
		s.append("  real vs real (floor): ").append(row(swdFloor)).append('\n');
		s.append(String.format(Locale.ROOT, "  ratio generated/floor: %.2f (target <= 3)%n", ratio()));
		s.append(String.format(Locale.ROOT, "nearest-neighbour RMS distance (0..1 intensity): generated -> data %.4f, real -> other real %.4f%n",
			nnGenToData, nnRealToReal));
		s.append(String.format(Locale.ROOT, "{\"swd_gen_real\": %.3f, \"swd_floor\": %.3f, \"swd_ratio\": %.3f, \"nn_gen_data\": %.4f, \"nn_real_real\": %.4f}",
			swdGenVsReal[levels], swdFloor[levels], ratio(), nnGenToData, nnRealToReal));
		return s.toString();
	}

	private String row(final double[] v) {
		final StringBuilder s = new StringBuilder();
		for (int l = 0; l < levels; l++) s.append(String.format(Locale.ROOT, "%.2f ", v[l]));
		return s.append(String.format(Locale.ROOT, "| %.2f", v[levels])).toString();
	}
}
