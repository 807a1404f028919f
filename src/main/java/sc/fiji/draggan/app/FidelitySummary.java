package sc.fiji.draggan.app;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** The fidelity benchmark's statistics over its rows (docs/algorithm.md#fidelity-benchmark), as one JSON object. */
public final class FidelitySummary {

	private FidelitySummary() {}

	/** {@code {"mean": …, "median": …, "within_2px": …, "within_3px": …}} of the values. */
	static String stats(final List<Double> values) {
		final List<Double> v = new ArrayList<>(values);
		Collections.sort(v);
		final int n = v.size();
		double sum = 0;
		int two = 0, three = 0;
		for (final double d : v) {
			sum += d;
			if (d <= 2) two++;
			if (d <= 3) three++;
		}
		final double median = n == 0 ? Double.NaN : n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
		return String.format(Locale.ROOT, "{\"mean\": %s, \"median\": %s, \"within_2px\": %s, \"within_3px\": %s}", num(n == 0 ? Double.NaN : sum / n),
			num(median), num(n == 0 ? Double.NaN : (double) two / n), num(n == 0 ? Double.NaN : (double) three / n));
	}

	/** The summary line: distances of tracker, content (and blob, grey models), lags, outside PSNR, steps, seconds; {@code head} is prepended (e.g. {@code "bench": "fidelity", …, }). */
	public static String json(final String head, final List<FidelityRow> rows, final double seconds) {
		final List<Double> tracked = new ArrayList<>(), content = new ArrayList<>(), moved = new ArrayList<>(), ncc = new ArrayList<>(), blob = new ArrayList<>(),
			blobMoved = new ArrayList<>();
		double psnr = 0, steps = 0;
		int psnrN = 0, lags = 0, converged = 0;
		for (final FidelityRow r : rows) {
			tracked.add(r.check.tracked);
			content.add(r.check.content);
			moved.add(r.check.moved);
			ncc.add(r.contentNcc);
			if (!Double.isNaN(r.blobDistance)) {
				blob.add(r.blobDistance);
				blobMoved.add(r.blobMoved);
			}
			if (!Double.isNaN(r.outsidePsnr)) {
				psnr += r.outsidePsnr;
				psnrN++;
			}
			steps += r.steps;
			if (r.check.lags()) lags++;
			if (r.converged) converged++;
		}
		final int n = rows.size();
		final String blobs = blob.isEmpty() ? "" : String.format(Locale.ROOT, "\"blob_px\": %s, \"blob_moved_px_mean\": %s, ", stats(blob), num(mean(
			blobMoved)));
		return String.format(Locale.ROOT, "{%s\"pairs_done\": %d, \"tracked_px\": %s, \"content_px\": %s, \"content_moved_px_mean\": %s, " +
			"\"content_ncc_mean\": %s, %s" +
			"\"converged\": %d, \"content_lags\": %d, \"outside_psnr_db_mean\": %s, \"outside_radius_px\": %s, \"steps_mean\": %s, \"seconds\": %.1f}",
			head, n, stats(tracked), stats(content), num(n == 0 ? Double.NaN : mean(moved)), num(n == 0 ? Double.NaN : mean(ncc)), blobs, converged, lags, num(psnrN == 0 ? Double.NaN : psnr / psnrN), num(
				n == 0 ? Double.NaN : rows.get(0).outsideRadius), num(n == 0 ? Double.NaN : steps / n), seconds);
	}

	private static double mean(final List<Double> v) {
		double s = 0;
		for (final double d : v) s += d;
		return s / v.size();
	}

	/** A JSON number with 3 decimals, or null. */
	static String num(final double v) {
		return Double.isFinite(v) ? String.format(Locale.ROOT, "%.3f", v) : "null";
	}
}
