package sc.fiji.draggan.app;

import java.util.Locale;

/** One pair of the fidelity benchmark ({@link FidelityBench}): where it was dragged and what came of it, in model pixels. */
public final class FidelityRow {

	public static final String CSV_HEADER = "pair,seed,handle_x,handle_y,target_x,target_y,initial_px,tracked_px,content_px,content_moved_px," +
		"content_ncc,blob_px,blob_moved_px,outside_psnr_db,steps,converged,content_lags,seconds";

	public final int pair;
	public final long seed;
	public final int handleX, handleY;
	public final double targetX, targetY;
	/** Tracker and content distances to the target, start distance, content movement; the lag rule. */
	public final ContentCheck check;
	/** The content match's normalised cross-correlation (1: the patch kept its look; low: it changed, not only moved). */
	public final double contentNcc;
	/**
	 * Grey models: the brightest blob's centroid displacement minus the handle's intended one (0: the
	 * blob moved exactly to the target), and the displacement's length; NaN for colour models.
	 */
	public final double blobDistance, blobMoved;
	/** PSNR of the change farther than {@link #outsideRadius} px from handle and target (NaN when the picture has no such pixel). */
	public final double outsidePsnr, outsideRadius;
	public final int steps;
	public final boolean converged;
	public final double seconds;

	public FidelityRow(final int pair, final long seed, final int handleX, final int handleY, final double targetX, final double targetY,
		final ContentCheck check, final double contentNcc, final double blobDistance, final double blobMoved, final double outsidePsnr, final double outsideRadius, final int steps, final boolean converged, final double seconds)
	{
		this.pair = pair;
		this.seed = seed;
		this.handleX = handleX;
		this.handleY = handleY;
		this.targetX = targetX;
		this.targetY = targetY;
		this.check = check;
		this.contentNcc = contentNcc;
		this.blobDistance = blobDistance;
		this.blobMoved = blobMoved;
		this.outsidePsnr = outsidePsnr;
		this.outsideRadius = outsideRadius;
		this.steps = steps;
		this.converged = converged;
		this.seconds = seconds;
	}

	/**
	 * {@code pair 3 (seed 3): 31,28 > 36.2,31.1; tracked 1.40 px, content 5.80 px (moved 0.3 px, NCC
	 * 0.62); blob 5.1 px (moved 1.0 px); outside PSNR 41.2 dB; 300 steps, step limit; 12.3 s}.
	 */
	public String line() {
		return String.format(Locale.ROOT, "pair %d (seed %d): %d,%d > %.1f,%.1f; %s (moved %.1f px, NCC %.2f); %soutside PSNR %s; %d steps, %s%s; %.1f s",
			pair, seed, handleX, handleY, targetX, targetY, check.distances(), check.moved, contentNcc, Double.isNaN(blobDistance) ? "" : String.format(Locale.ROOT,
				"blob %.2f px (moved %.1f px); ", blobDistance, blobMoved), Double.isNaN(outsidePsnr) ? "n/a" : String.format(Locale.ROOT, "%.1f dB",
					outsidePsnr), steps, converged ? "converged" : "step limit", check.lags() ? ", CONTENT LAGS" : "", seconds);
	}

	public String csv() {
		return String.format(Locale.ROOT, "%d,%d,%d,%d,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%s,%s,%s,%d,%s,%s,%.2f", pair, seed, handleX, handleY, targetX,
			targetY, check.initial, check.tracked, check.content, check.moved, contentNcc, opt(blobDistance, "%.3f"), opt(blobMoved, "%.3f"), opt(outsidePsnr,
				"%.2f"), steps, converged, check.lags(), seconds);
	}

	private static String opt(final double v, final String format) {
		return Double.isNaN(v) ? "" : String.format(Locale.ROOT, format, v);
	}
}
